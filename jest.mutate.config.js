/**
 * Jest for `npm run mutate` (StrykerJS). Each mutated folder is judged by its own suites
 * (MUTATE_SUITES, set by scripts/mutate.js): the integration suites load every module, so a
 * mutant anywhere would rerun hundreds of slow tests and a full run would take hours on two cores.
 */
const path = require("node:path");
const base = require("./jest.config.js");

const suites = (process.env.MUTATE_SUITES ?? "compliance,constructs,stacks,config,review").split(",");

module.exports = {
  ...base,
  // The source folders are roots too: Stryker's findRelatedTests only sees files jest has indexed,
  // and with __tests__ alone every mutant would run no test at all.
  roots: ["__tests__", "compliance", "constructs", "config", "facts", "review", "stacks", "verify", "cleanup", "aws", "lifecycle"].map((r) => `<rootDir>/${r}`),
  testMatch: suites.map((s) => `<rootDir>/__tests__/${s}/**/*.test.ts`),
  // A mutant's run stops at its first failing test, and a test file that fails to load under a
  // mutant counts as a failing test (see both files). Absolute paths: Stryker resolves the
  // environment itself and does not expand <rootDir>.
  testEnvironment: path.join(__dirname, "scripts", "jest-mutate-environment.js"),
  // Stryker accepts per-test coverage only from a runner whose path names jest-circus.
  testRunner: path.join(__dirname, "scripts", "jest-circus-mutate-runner.js"),
};
