/**
 * Opt-in live suite: the README's `npm run diff -- dev` against the real account (the preflight,
 * the state bucket check and a real plan; nothing changes). Needs AWS credentials, network,
 * Terraform >= 1.10 on PATH and MLOPS_ACCOUNT_ID; skipped with the reason otherwise.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { liveMissing, skipReason } from "./credentials";

const missing = liveMissing("Live lifecycle suite");
const live = missing.length === 0 ? describe : describe.skip;

jest.setTimeout(15 * 60 * 1000);

live(`npm run diff -- dev against the account${skipReason(missing)}`, () => {
  test("passes the preflight and plans, exit 0", () => {
    const run = spawnSync("npm", ["run", "--silent", "diff", "--", "dev"], { cwd: join(__dirname, "..", ".."), encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    expect({ code: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ code: 0, stderr: "" });
  });
});
