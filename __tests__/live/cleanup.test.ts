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

const hasCredentials = ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"].some((v) => process.env[v]);
const missing = [!hasCredentials && "AWS credentials", !process.env.MLOPS_ACCOUNT_ID && "MLOPS_ACCOUNT_ID"].filter(Boolean);
const live = missing.length === 0 ? test : test.skip;
if (missing.length > 0) {
  console.log(`Live cleanup plan skipped: ${missing.join(" and ")} not set. Nothing here counts as passing.`);
}

jest.setTimeout(5 * 60 * 1000);

live("npm run cleanup -- plan dev runs read-only against the account", async () => {
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
      false,
    );
    expect({ code, problems }).toEqual({ code: 0, problems: [] });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
