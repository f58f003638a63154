#!/usr/bin/env node
// `npm run bench [-- RUNS]`: times the synthesis of every configured stack in fresh processes
// (the same command cdktf.json runs), against `node -e 0` as the floor, then `npm test` once.
// Prints medians, min, max and peak RSS, and the machine they were measured on.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.join(__dirname, "..");
const { parseArgs } = require("node:util");
let parsed;
try {
  parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { environments: { type: "string" }, help: { type: "boolean" } } });
} catch (error) {
  console.error(`bench: ${error.message}; usage: npm run bench [-- RUNS] [--environments N]`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(
    "usage: npm run bench [-- RUNS] [--environments N]\n" +
      "  Times the synthesis (median of RUNS fresh processes, default 10) against node -e 0, then npm test once.\n" +
      "  --environments N: N generated environments in N accounts, and one of them alone, in the same run: the ratio and peak memory.",
  );
  process.exit(0);
}
if (parsed.positionals.length > 1) {
  console.error(`bench: one RUNS at most, got ${parsed.positionals.join(" ")}`);
  process.exit(2);
}
const runs = Number(parsed.positionals[0] ?? process.env.BENCH_RUNS ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench: RUNS must be a whole number of at least 1, got "${parsed.positionals[0] ?? process.env.BENCH_RUNS}"`);
  process.exit(2);
}
const generated = parsed.values.environments === undefined ? undefined : Number(parsed.values.environments);
if (generated !== undefined && (!Number.isInteger(generated) || generated < 2 || generated > 200)) {
  console.error(`bench: --environments must be a whole number from 2 to 200, got "${parsed.values.environments}"`);
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "foundation-bench-"));
const rssFile = path.join(work, "rss");
const baseEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };

function measure(label, args, env = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const outdir = path.join(work, `out-${label}-${i}`);
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["-r", "./scripts/report-rss.js", ...args], {
      cwd: root,
      env: { ...baseEnv, ...env, BENCH_RSS_FILE: rssFile, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) {
      console.error(`bench: ${label} failed (exit ${result.status}):\n${result.stderr}`);
      process.exit(1);
    }
    samples.push({ seconds, rssMb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 });
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return summarize(label, samples);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarize(label, samples) {
  const t = samples.map((s) => s.seconds);
  const m = samples.map((s) => s.rssMb);
  return { label, median: median(t), min: Math.min(...t), max: Math.max(...t), rssMedian: median(m), rssMax: Math.max(...m) };
}

/**
 * `n` environments named team-01... in accounts 100000000001..., each protected (break-glass in its
 * own account), as a platform team would give each team or stage its own account.
 */
function generatedContext(n) {
  const environments = {};
  for (let i = 1; i <= n; i++) {
    const accountId = String(100000000000 + i);
    environments[`team-${String(i).padStart(2, "0")}`] = { accountId, audit: { breakGlassPrincipalArns: [`arn:aws:iam::${accountId}:role/terraform-deployer`] } };
  }
  return { foundation: { project: "mlops-retail-prediction", region: "us-east-1", environments, synthesize: Object.keys(environments) } };
}

const app = ["-r", "./scripts/register.js", "main.ts"];
let environments;
let selectedBy;
let synth;
let single;
if (generated !== undefined) {
  const context = generatedContext(generated);
  environments = context.foundation.synthesize.join(",");
  selectedBy = `--environments ${generated}`;
  single = measure("synth (team-01 alone)", app, { CDKTF_CONTEXT_JSON: JSON.stringify(context), MLOPS_ENVIRONMENTS: "team-01" });
  synth = measure(`synth (${generated} environments)`, app, { CDKTF_CONTEXT_JSON: JSON.stringify(context) });
} else {
  // What `npm run synth` would build: MLOPS_ENVIRONMENTS when set, else cdktf.json's `synthesize`.
  const foundation = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).context?.foundation ?? {};
  selectedBy = process.env.MLOPS_ENVIRONMENTS !== undefined ? "MLOPS_ENVIRONMENTS" : "cdktf.json synthesize";
  environments = [...new Set((process.env.MLOPS_ENVIRONMENTS ?? (foundation.synthesize ?? ["dev"]).join(",")).split(",").map((e) => e.trim()).filter(Boolean))].join(",");
  synth = measure(`synth (${environments})`, app);
}
const floor = measure("node -e 0", ["-e", "0"]);
fs.rmSync(work, { recursive: true, force: true });

const stacks = environments.split(",").length * 2;
const cpu = os.cpus();
console.log(`Machine: ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);
console.log(`Runs: ${runs} fresh processes each; synthesis of ${stacks} stacks: ${generated !== undefined ? `team-01 ... team-${String(generated).padStart(2, "0")}` : environments} (from ${selectedBy})\n`);
const row = (cells) => `| ${cells.join(" | ")} |`;
console.log(row(["command", "median s", "min s", "max s", "peak RSS MB (median)", "peak RSS MB (max)"]));
console.log(row(["---", "---:", "---:", "---:", "---:", "---:"]));
for (const r of [synth, ...(single ? [single] : []), floor]) {
  console.log(row([r.label, r.median.toFixed(3), r.min.toFixed(3), r.max.toFixed(3), r.rssMedian.toFixed(0), r.rssMax.toFixed(0)]));
}
console.log(`\nsynth / floor: ${(synth.median / floor.median).toFixed(1)}x time, ${(synth.rssMax / floor.rssMax).toFixed(1)}x peak memory`);
if (single) {
  const ratio = synth.median / single.median;
  console.log(`${generated} environments / one: ${ratio.toFixed(2)}x time (${((synth.median - single.median) / (generated - 1) * 1000).toFixed(0)} ms per extra environment), ${(synth.rssMax / single.rssMax).toFixed(2)}x peak memory`);
  console.log(`budget (${generated} environments): at most 3x one environment's time and 400 MB peak: ${ratio <= 3 && synth.rssMax <= 400 ? "within" : "OVER"}`);
} else {
  console.log(`budget (full app): median <= 0.5 s and peak <= 150 MB: ${synth.median <= 0.5 && synth.rssMax <= 150 ? "within" : "OVER"}`);
}

if (process.env.BENCH_SKIP_TESTS !== "1") {
  const start = process.hrtime.bigint();
  const test = spawnSync("npm", ["test", "--silent"], { cwd: root, env: { ...baseEnv, CI: "true" }, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const summary = `${test.stdout}\n${test.stderr}`.split("\n").filter((l) => /^Tests:/.test(l)).join(" ");
  console.log(`npm test (typecheck + jest, once): ${seconds.toFixed(1)} s, exit ${test.status}${summary ? `, ${summary}` : ""}`);
  if (test.status !== 0) process.exit(1);
}
