/**
 * The cleanup commands against the mocked account with the workshop's leftovers: the options a test
 * runs them with, and what they wrote (plan, JSONL log) read back.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCleanupClients } from "../../cleanup/aws";
import type { Plan } from "../../cleanup/plan-file";
import { runPlan, type CleanupOptions } from "../../cleanup/run";
import { ACCOUNT, FAST_WAITS, leftovers, mockCleanupAws, type CleanupMocks, type CleanupWorld } from "./world";

export const CONTEXT = { foundation: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/terraform-deployer`] }, environments: { dev: {}, prod: {} } } };
export const NOW = new Date("2026-11-27T12:00:00Z");

export interface CleanupRun {
  readonly world: CleanupWorld;
  readonly options: CleanupOptions;
  readonly outdir: string;
  readonly log: string[];
  readonly problems: string[];
  readonly progress: string[];
  readonly planFile: string;
}

/** The mocks of one test file, and `setup`, which gives each test a fresh world and output directory. */
export function cleanupHarness(): { mocks: CleanupMocks; setup: (w?: CleanupWorld) => CleanupRun; planned: (t: CleanupRun) => Promise<void>; world: () => CleanupWorld } {
  let world: CleanupWorld = leftovers();
  const mocks = mockCleanupAws(() => world);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const setup = (w: CleanupWorld = leftovers()): CleanupRun => {
    world = w;
    mocks.reset();
    const outdir = mkdtempSync(join(tmpdir(), "cleanup-"));
    dirs.push(outdir);
    const log: string[] = [];
    const problems: string[] = [];
    const progress: string[] = [];
    const options: CleanupOptions = {
      context: CONTEXT,
      env: {},
      clients: createCleanupClients,
      outdir,
      log: (l) => log.push(l),
      problem: (l) => problems.push(l),
      now: () => NOW,
      waits: FAST_WAITS,
      progress: (l) => progress.push(l),
    };
    return { world: w, options, outdir, log, problems, progress, planFile: join(outdir, "cleanup-plan-dev.json") };
  };
  /** A plan of dev written, and the calls it sent forgotten. */
  const planned = async (t: CleanupRun): Promise<void> => {
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    mocks.reset();
  };
  return { mocks, setup, planned, world: () => world };
}

export const readPlan = (file: string): Plan => JSON.parse(readFileSync(file, "utf8"));
export const logLines = (outdir: string): { item: string; action?: string; outcome?: string; target?: string; detail?: unknown }[] => {
  const file = readdirSync(outdir).find((f) => f.startsWith("cleanup-dev-") && f.endsWith(".jsonl"))!;
  return readFileSync(join(outdir, file), "utf8").trim().split("\n").map((l) => JSON.parse(l));
};
