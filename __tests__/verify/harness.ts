/** One mocked verify run: the world of a fixture, runVerify's exit code, its rows, calls and log. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClients } from "../../verify/aws";
import type { Row } from "../../verify/checks";
import { runVerify, type VerifyOptions } from "../../verify/run";
import { NOW, mockAws, synthesizeOnce, type Fixture } from "./world";

let current: Fixture;
export const mocks = mockAws(() => current.world);

/** Makes `f` the mocked account, for a test that sends calls itself. */
export function use(f: Fixture): Fixture {
  current = f;
  return f;
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

export interface Outcome {
  readonly code: number;
  readonly rows: Row[];
  readonly calls: number;
  readonly log: string[];
  readonly problems: string[];
  readonly outdir: string;
}

export async function verify(f: Fixture, extra: Partial<VerifyOptions> = {}): Promise<Outcome> {
  current = f;
  mocks.reset();
  const outdir = mkdtempSync(join(tmpdir(), "verify-out-"));
  dirs.push(outdir);
  const log: string[] = [];
  const problems: string[] = [];
  const code = await runVerify({
    context: f.context,
    env: {},
    environments: [],
    outdir,
    clients: createClients,
    log: (l) => log.push(l),
    problem: (l) => problems.push(l),
    now: () => NOW,
    synthesize: synthesizeOnce,
    ...extra,
  });
  let report: { rows: Row[]; calls: number } = { rows: [], calls: 0 };
  try {
    report = JSON.parse(readFileSync(join(outdir, `verify-${f.config.environment}.json`), "utf8"));
  } catch {
    // Nothing written when verify could not run.
  }
  return { code, rows: report.rows, calls: report.calls, log, problems, outdir };
}

