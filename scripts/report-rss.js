// Preloaded by the benchmark: on exit, writes this process's peak resident set size (KiB)
// to the file named by BENCH_RSS_FILE. Node cannot read a child's rusage, so the child reports.
"use strict";
const fs = require("node:fs");

process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
