/**
 * Opt-in live suite: `npm run verify` against a deployed environment. Needs AWS credentials and
 * MLOPS_ACCOUNT_ID set to their account, and the environments of cdktf.json deployed there.
 * Without them the test is skipped with the reason, and nothing is counted as passing.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClients } from "../../verify/aws";
import { runVerify } from "../../verify/run";
import { liveMissing, skipReason } from "./credentials";

const missing = liveMissing("Live verify");
const live = missing.length === 0 ? test : test.skip;

jest.setTimeout(5 * 60 * 1000);

live(`npm run verify passes on the deployed environments${skipReason(missing)}`, async () => {
  const outdir = mkdtempSync(join(tmpdir(), "live-verify-"));
  try {
    const lines: string[] = [];
    const code = await runVerify({
      context: JSON.parse(readFileSync(join(__dirname, "../../cdktf.json"), "utf8")).context,
      env: process.env,
      environments: [],
      outdir,
      clients: createClients,
      log: (l) => lines.push(l),
      problem: (l) => lines.push(l),
    });
    expect({ code, failed: lines.filter((l) => l.startsWith("FAIL")) }).toEqual({ code: 0, failed: [] });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
