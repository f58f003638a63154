/**
 * Opt-in live suite: `npm run cleanup -- plan` (read-only) against the real account. Needs AWS
 * credentials and MLOPS_ACCOUNT_ID set to their account; skipped with the reason otherwise, and
 * nothing here counts as passing. Apply is never run by a test.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCleanupClients } from "../../cleanup/aws";
import { runPlan } from "../../cleanup/run";
import { liveMissing, skipReason } from "./credentials";

const missing = liveMissing("Live cleanup plan");
const live = missing.length === 0 ? test : test.skip;

jest.setTimeout(5 * 60 * 1000);

live(`npm run cleanup -- plan dev runs read-only against the account${skipReason(missing)}`, async () => {
  const outdir = mkdtempSync(join(tmpdir(), "live-cleanup-"));
  try {
    const problems: string[] = [];
    const code = await runPlan(
      {
        context: JSON.parse(readFileSync(join(__dirname, "../../cdktf.json"), "utf8")).context,
        env: process.env,
        clients: createCleanupClients,
        outdir,
        log: () => undefined,
        problem: (l) => problems.push(l),
      },
      "dev",
      undefined,
      { allowProd: false, sharedAccount: false },
    );
    expect({ code, problems }).toEqual({ code: 0, problems: [] });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
