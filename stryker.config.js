// @ts-check
/**
 * `npm run mutate`: mutation testing of the code that decides what is secure. Not part of npm test
 * or CI. scripts/mutate.js runs one folder at a time and names that folder's JSON report in
 * STRYKER_JSON_REPORT, so two folders can run at once without overwriting each other's report.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
module.exports = {
  packageManager: "npm",
  testRunner: "jest",
  jest: {
    projectType: "custom",
    configFile: "jest.mutate.config.js",
    enableFindRelatedTests: true,
  },
  mutate: ["constructs/**/*.ts", "compliance/**/*.ts", "config/**/*.ts", "facts/**/*.ts", "review/**/*.ts", "aws/**/*.ts", "lifecycle/**/*.ts", "verify/**/*.ts", "cleanup/**/*.ts"],
  coverageAnalysis: "perTest",
  ignoreStatic: false,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: process.env.STRYKER_JSON_REPORT ?? "reports/mutation/mutation.json" },
  concurrency: 2,
  // Added to 1.5 x the covering tests' time in the dry run. A mutant that never ends (one that stops
  // parseFile's retry loop from removing a rejected value) counts as detected once this runs out;
  // 60 s made each of those cost a minute.
  timeoutMS: 20000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
