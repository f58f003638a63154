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
const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench: RUNS must be a whole number of at least 1, got "${process.argv[2] ?? process.env.BENCH_RUNS}"`);
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

// What `npm run synth` would build: MLOPS_ENVIRONMENTS when set, else cdktf.json's `synthesize`.
const foundation = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).context?.foundation ?? {};
const selectedBy = process.env.MLOPS_ENVIRONMENTS !== undefined ? "MLOPS_ENVIRONMENTS" : "cdktf.json synthesize";
const environments = [...new Set((process.env.MLOPS_ENVIRONMENTS ?? (foundation.synthesize ?? ["dev"]).join(",")).split(",").map((e) => e.trim()).filter(Boolean))].join(",");
const synth = measure(`synth (${environments})`, ["-r", "./scripts/register.js", "main.ts"]);
const floor = measure("node -e 0", ["-e", "0"]);
fs.rmSync(work, { recursive: true, force: true });

const stacks = environments.split(",").length * 2;
const cpu = os.cpus();
console.log(`Machine: ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);
console.log(`Runs: ${runs} fresh processes each; synthesis of ${stacks} stacks: ${environments} (from ${selectedBy})\n`);
const row = (cells) => `| ${cells.join(" | ")} |`;
console.log(row(["command", "median s", "min s", "max s", "peak RSS MB (median)", "peak RSS MB (max)"]));
console.log(row(["---", "---:", "---:", "---:", "---:", "---:"]));
for (const r of [synth, floor]) {
  console.log(row([r.label, r.median.toFixed(3), r.min.toFixed(3), r.max.toFixed(3), r.rssMedian.toFixed(0), r.rssMax.toFixed(0)]));
}
console.log(`\nsynth / floor: ${(synth.median / floor.median).toFixed(1)}x time, ${(synth.rssMax / floor.rssMax).toFixed(1)}x peak memory`);
console.log(`budget (full app): median <= 0.5 s and peak <= 150 MB: ${synth.median <= 0.5 && synth.rssMax <= 150 ? "within" : "OVER"}`);

if (process.env.BENCH_SKIP_TESTS !== "1") {
  const start = process.hrtime.bigint();
  const test = spawnSync("npm", ["test", "--silent"], { cwd: root, env: { ...baseEnv, CI: "true" }, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const summary = `${test.stdout}\n${test.stderr}`.split("\n").filter((l) => /^Tests:/.test(l)).join(" ");
  console.log(`npm test (typecheck + jest, once): ${seconds.toFixed(1)} s, exit ${test.status}${summary ? `, ${summary}` : ""}`);
  if (test.status !== 0) process.exit(1);
}
