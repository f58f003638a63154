// `npm run review`: reads the synthesized stacks in cdktf.out (run `npm run synth` first), writes
// cdktf.out/review.md for the engineer approving the plan, and prints a short summary.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../config/load";
import { renderReview, type StackInput } from "../review/report";

const root = join(__dirname, "..");
const outdir = process.env.CDKTF_OUTDIR ?? join(root, "cdktf.out");
const manifestFile = join(outdir, "manifest.json");
if (!existsSync(manifestFile)) {
  console.error(`review: ${manifestFile} not found; run \`npm run synth\` first.`);
  process.exit(1);
}

let environments;
try {
  const context = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).context;
  environments = loadConfig({ settings: context?.foundation, env: process.env }).environments;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
const stacks: StackInput[] = Object.values(manifest.stacks as Record<string, { name: string; synthesizedStackPath: string }>)
  .sort((a, b) => a.name.localeCompare(b.name))
  .map((s) => ({
    name: s.name,
    json: JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")),
    costAssumptions: environments.find((e) => e.names.foundationStack === s.name)?.costAssumptions,
  }));

const review = renderReview(stacks);
const file = join(outdir, "review.md");
writeFileSync(file, review.markdown);
console.log(review.summary.join("\n"));
console.log(`Report: ${file}`);
