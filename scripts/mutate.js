#!/usr/bin/env node
// `npm run mutate [-- <folder> ...] [--report] [--per-file] [--only <folder>/<file>.ts ...] [--<stryker option> <value>]`: StrykerJS on constructs/, compliance/, config/, facts/, review/, aws/, lifecycle/, verify/ and cleanup/,
// one folder at a time, each judged by its own test suites, with incremental results so a rerun
// only tests what changed. Prints the mutation score per folder and overall. Not part of npm test.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { keyOf, originalOf, parseReasons, survivorRow } = require("./mutation-survivors");

const root = path.join(__dirname, "..");
const FOLDERS = {
  // __tests__/organization holds organization mode's tests of every folder (config, rules, proofs, review).
  compliance: "compliance,organization",
  constructs: "constructs,stacks,organization",
  config: "config,organization",
  facts: "facts,review,organization",
  review: "review,organization",
  aws: "aws,lifecycle",
  lifecycle: "lifecycle",
  verify: "verify",
  cleanup: "cleanup",
};
// --report: no new run; the scores and survivors of the last run of each folder. Other options
// (`--concurrency 1`) go to Stryker.
const args = process.argv.slice(2);
const reportOnly = args.includes("--report");
// --per-file: one Stryker run per source file, each with its own report and incremental file
// under reports/mutation/<folder>/, merged into the folder's report; a long run that is stopped
// keeps the files it finished.
// --only <folder>/<file>.ts (repeatable): per-file, but runs Stryker on the files named only; the
// folder's report still merges the last report of each of its other files.
const perFile = args.includes("--per-file") || args.includes("--only");
const only = [];
const passed = [];
const wanted = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--report" || args[i] === "--per-file") continue;
  if (args[i] === "--only") {
    const file = (args[++i] ?? "").replace(/\\/g, "/").replace(/^\.\//, "");
    const folder = file.split("/")[0];
    if (!(folder in FOLDERS) || !file.endsWith(".ts") || !fs.existsSync(path.join(root, file))) {
      console.error(`mutate: --only ${file === "" ? "(nothing)" : file} is not a .ts file of ${Object.keys(FOLDERS).join(", ")}; give it as <folder>/<file>.ts`);
      process.exit(2);
    }
    only.push(file);
    if (!wanted.includes(folder)) wanted.push(folder);
    continue;
  }
  if (args[i].startsWith("--")) passed.push(args[i], ...(args[i + 1] !== undefined && !args[i + 1].startsWith("--") && !(args[i + 1] in FOLDERS) ? [args[++i]] : []));
  else wanted.push(args[i]);
}
for (const w of wanted) {
  if (!(w in FOLDERS)) {
    console.error(`mutate: unknown folder ${w}; allowed: ${Object.keys(FOLDERS).join(", ")}`);
    process.exit(2);
  }
}
const folders = wanted.length > 0 ? wanted : Object.keys(FOLDERS);
/** How many kept survivors each key has (identical mutants of one file share a key). */
const REASONS_FILE = path.join(root, "mutation-survivors.md");
const reasons = new Map();
if (fs.existsSync(REASONS_FILE)) {
  for (const row of parseReasons(fs.readFileSync(REASONS_FILE, "utf8"))) {
    if (row.reason === "" || row.reason.endsWith("<reason>")) continue;
    reasons.set(row.key, (reasons.get(row.key) ?? 0) + 1);
  }
}

/**
 * Keeps only the killed and timed-out mutants of an incremental file, so that every run tests the
 * others again. Stryker reuses a survivor's result when it sees no new test covering it, and for a
 * static mutant (covered by every test) it missed new tests that kill it: a survivor could stay
 * "survived" after the test that kills it was written. Runtime errors are retested too: they
 * depend on the test harness (scripts/jest-circus-mutate-runner.js now turns a test file that
 * throws under a mutant into a failed test), and one from an older run would stay out of the score.
 */
function keepOnlyDetected(file) {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const entry of Object.values(report.files ?? {})) {
    entry.mutants = entry.mutants.filter((m) => m.status === "Killed" || m.status === "Timeout");
  }
  fs.writeFileSync(file, JSON.stringify(report));
}

// verify's tests synthesize the environments they check; the synthesis does not depend on verify/
// or cleanup/, so their runs share it on disk (see __tests__/verify/world.ts). Fresh for each run.
const SYNTH_CACHED = new Set(["verify", "cleanup"]);
const synthCache = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "mutate-synth-"));
process.on("exit", () => fs.rmSync(synthCache, { recursive: true, force: true }));

const totals = [];
for (const folder of folders) {
  const report = path.join("reports", "mutation", `${folder}.json`);
  const started = Date.now();
  const stryker = (mutate, incremental, jsonReport) => {
    keepOnlyDetected(path.join(root, incremental));
    return spawnSync("npx", ["stryker", "run", "--mutate", mutate, "--incrementalFile", incremental, ...passed], {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        MUTATE_SUITES: FOLDERS[folder],
        CHECKPOINT_DISABLE: "1",
        STRYKER_JSON_REPORT: jsonReport,
        ...(SYNTH_CACHED.has(folder) ? { MUTATE_SYNTH_CACHE: synthCache } : {}),
      },
    });
  };
  if (!reportOnly && !perFile) {
    const run = stryker(`${folder}/**/*.ts`, path.join("reports", "mutation", `${folder}-incremental.json`), report);
    if (run.status !== 0) process.exit(run.status ?? 1);
    // The whole run supersedes the reports of earlier --per-file or --only runs of this folder.
    const dir = path.join(root, "reports", "mutation", folder);
    if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith(".json") && !f.endsWith("-incremental.json")) fs.rmSync(path.join(dir, f));
  }
  if (perFile) {
    const dir = path.join("reports", "mutation", folder);
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    const sources = fs
      .readdirSync(path.join(root, folder), { recursive: true })
      .filter((f) => f.endsWith(".ts"))
      .sort();
    // A file without a report of its own (a folder last run whole, then with --only) keeps its
    // entry of the folder's last report.
    const previous = fs.existsSync(path.join(root, report)) ? JSON.parse(fs.readFileSync(path.join(root, report), "utf8")) : { files: {} };
    const merged = { files: {} };
    for (const source of sources) {
      const name = source.replace(/[\\/]/g, "__").replace(/\.ts$/, "");
      const fileReport = path.join(dir, `${name}.json`);
      const key = `${folder}/${source.replace(/\\/g, "/")}`;
      if (!reportOnly && (only.length === 0 || only.includes(key))) {
        const run = stryker(`${folder}/${source}`, path.join(dir, `${name}-incremental.json`), fileReport);
        if (run.status !== 0) process.exit(run.status ?? 1);
      }
      if (!fs.existsSync(path.join(root, fileReport))) {
        if (previous.files[key]) merged.files[key] = previous.files[key];
        continue;
      }
      const part = JSON.parse(fs.readFileSync(path.join(root, fileReport), "utf8"));
      Object.assign(merged, { ...part, files: { ...merged.files, ...part.files } });
    }
    fs.writeFileSync(path.join(root, report), JSON.stringify(merged));
  }
  if (!fs.existsSync(path.join(root, report))) {
    console.error(`mutate: no report for ${folder} yet (${report}); run npm run mutate -- ${folder}`);
    process.exit(2);
  }
  const result = JSON.parse(fs.readFileSync(path.join(root, report), "utf8"));
  const counts = {};
  const unexplained = [];
  const surviving = new Map();
  let explained = 0;
  for (const [file, { mutants, source }] of Object.entries(result.files)) {
    for (const m of mutants) {
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      if (m.status !== "Survived" && m.status !== "NoCoverage") continue;
      const key = keyOf(file, m.mutatorName, originalOf(source, m.location), m.replacement);
      surviving.set(key, (surviving.get(key) ?? 0) + 1);
      if (surviving.get(key) <= (reasons.get(key) ?? 0)) explained += 1;
      else unexplained.push(survivorRow(file, m, source));
    }
  }
  const stale = [...reasons.entries()]
    .filter(([k, n]) => k.startsWith(`${folder}/`) && n > (surviving.get(k) ?? 0))
    .map(([k]) => k.split("\u0000").join(" | "));
  totals.push({ folder, counts, seconds: (Date.now() - started) / 1000, explained, unexplained, stale });
}

const score = (c) => {
  const detected = (c.Killed ?? 0) + (c.Timeout ?? 0);
  const valid = detected + (c.Survived ?? 0) + (c.NoCoverage ?? 0);
  return valid === 0 ? 100 : (100 * detected) / valid;
};
const all = {};
// Runtime and compile errors and ignored mutants are not in the score (Stryker's definition); the
// table shows them so that nothing leaves the count unseen.
const excluded = (c) => (c.RuntimeError ?? 0) + (c.CompileError ?? 0) + (c.Ignored ?? 0);
console.log("\n| folder | score % | killed | timeout | survived | no coverage | not in the score (errors, ignored) | wall time |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const t of totals) {
  for (const [k, v] of Object.entries(t.counts)) all[k] = (all[k] ?? 0) + v;
  console.log(`| ${t.folder} | ${score(t.counts).toFixed(1)} | ${t.counts.Killed ?? 0} | ${t.counts.Timeout ?? 0} | ${t.counts.Survived ?? 0} | ${t.counts.NoCoverage ?? 0} | ${excluded(t.counts)} | ${reportOnly ? "-" : `${Math.round(t.seconds)} s`} |`);
}
console.log(`| all | ${score(all).toFixed(1)} | ${all.Killed ?? 0} | ${all.Timeout ?? 0} | ${all.Survived ?? 0} | ${all.NoCoverage ?? 0} | ${excluded(all)} | |`);
for (const t of totals) {
  console.log(`\n${t.folder}: ${t.explained} surviving mutants have a reason in mutation-survivors.md, ${t.unexplained.length} have none${t.unexplained.length > 0 ? ":" : "."}`);
  for (const r of t.unexplained) console.log(r);
  if (t.stale.length > 0) console.log(`${t.folder}: ${t.stale.length} reasons in mutation-survivors.md name mutants that no longer survive:\n${t.stale.join("\n")}`);
}
