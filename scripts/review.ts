// `npm run review [-- <environment> ...]`: checks that cdktf.out matches the current configuration
// (of the environments given, as `npm run synth -- <environment> ...` synthesized them), then
// writes review.md, review.json and compliance.sarif next to the stacks (see review/run.ts).
import { parseArgs } from "node:util";
import { readContextOrExit } from "./project-context";
import { runReview } from "../review/run";

// npm runs scripts in the project folder.
const root = process.cwd();
const context = readContextOrExit("review", 1);
let environments: string[] = [];
try {
  const { positionals, values } = parseArgs({ allowPositionals: true, strict: true, options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log("usage: npm run review [-- <environment> ...]\n  Review cdktf.out as npm run synth [-- <environment> ...] wrote it (default: synthesize, or MLOPS_ENVIRONMENTS).");
    process.exit(0);
  }
  environments = positionals;
} catch (error) {
  console.error(`review: ${(error as Error).message}`);
  process.exit(2);
}
process.exitCode = runReview({
  root,
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  context,
  env: environments.length > 0 ? { ...process.env, MLOPS_ENVIRONMENTS: environments.join(",") } : process.env,
  log: (line) => console.log(line),
  problem: (line) => console.error(line),
});
