#!/usr/bin/env node
// `npm run mutate [-- <folder> ...]`: StrykerJS on constructs/, compliance/, config/ and review/,
// one folder at a time, each judged by its own test suites, with incremental results so a rerun
// only tests what changed. Prints the mutation score per folder and overall. Not part of npm test.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const FOLDERS = {
  compliance: "compliance",
  constructs: "constructs,stacks",
  config: "config",
  review: "review",
};
const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!(w in FOLDERS)) {
    console.error(`mutate: unknown folder ${w}; allowed: ${Object.keys(FOLDERS).join(", ")}`);
    process.exit(2);
  }
}
const folders = wanted.length > 0 ? wanted : Object.keys(FOLDERS);
const totals = [];
for (const folder of folders) {
  const report = path.join("reports", "mutation", `${folder}.json`);
  const started = Date.now();
  const run = spawnSync(
    "npx",
    [
      "stryker",
      "run",
      "--mutate",
      `${folder}/**/*.ts`,
      "--incrementalFile",
      path.join("reports", "mutation", `${folder}-incremental.json`),
    ],
    { cwd: root, stdio: "inherit", env: { ...process.env, MUTATE_SUITES: FOLDERS[folder], CHECKPOINT_DISABLE: "1", STRYKER_JSON_REPORT: report } },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
  fs.copyFileSync(path.join(root, "reports", "mutation", "mutation.json"), path.join(root, report));
  const result = JSON.parse(fs.readFileSync(path.join(root, report), "utf8"));
  const counts = {};
  for (const file of Object.values(result.files)) for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  totals.push({ folder, counts, seconds: (Date.now() - started) / 1000 });
}

const score = (c) => {
  const detected = (c.Killed ?? 0) + (c.Timeout ?? 0);
  const valid = detected + (c.Survived ?? 0) + (c.NoCoverage ?? 0);
  return valid === 0 ? 100 : (100 * detected) / valid;
};
const all = {};
console.log("\n| folder | score % | killed | timeout | survived | no coverage | wall time |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const t of totals) {
  for (const [k, v] of Object.entries(t.counts)) all[k] = (all[k] ?? 0) + v;
  console.log(`| ${t.folder} | ${score(t.counts).toFixed(1)} | ${t.counts.Killed ?? 0} | ${t.counts.Timeout ?? 0} | ${t.counts.Survived ?? 0} | ${t.counts.NoCoverage ?? 0} | ${Math.round(t.seconds)} s |`);
}
console.log(`| all | ${score(all).toFixed(1)} | ${all.Killed ?? 0} | ${all.Timeout ?? 0} | ${all.Survived ?? 0} | ${all.NoCoverage ?? 0} | |`);
