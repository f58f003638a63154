// `npm run review`: checks that cdktf.out matches the current configuration, then writes
// review.md, review.json and compliance.sarif next to the stacks (see review/run.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runReview } from "../review/run";

const root = join(__dirname, "..");
const context = process.env.CDKTF_CONTEXT_JSON
  ? JSON.parse(process.env.CDKTF_CONTEXT_JSON)
  : JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).context;
process.exitCode = runReview({
  root,
  outdir: process.env.CDKTF_OUTDIR ?? join(root, "cdktf.out"),
  context,
  env: process.env,
  log: (line) => console.log(line),
  problem: (line) => console.error(line),
});
