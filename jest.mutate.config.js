/**
 * Jest for `npm run mutate` (StrykerJS). Each mutated folder is judged by its own suites
 * (MUTATE_SUITES, set by scripts/mutate.js): the integration suites load every module, so a
 * mutant anywhere would rerun hundreds of slow tests and a full run would take hours on two cores.
 */
const base = require("./jest.config.js");

const suites = (process.env.MUTATE_SUITES ?? "compliance,constructs,stacks,config,review").split(",");

module.exports = {
  ...base,
  // The source folders are roots too: Stryker's findRelatedTests only sees files jest has indexed,
  // and with __tests__ alone every mutant would run no test at all.
  roots: ["__tests__", "compliance", "constructs", "config", "review", "stacks", "verify", "cleanup"].map((r) => `<rootDir>/${r}`),
  testMatch: suites.map((s) => `<rootDir>/__tests__/${s}/**/*.test.ts`),
};
