// Test runner of `npm run mutate` (jest.mutate.config.js): jest-circus, with two changes that only
// apply while Stryker has a mutant active (never in the initial run, never in npm test).
// - A test file whose loading throws (a mutant that breaks a synthesis at the top of a test file)
//   is reported as one failed test, "loading <file>", instead of as a suite that failed to run.
//   npm test goes red on it either way; Stryker would otherwise call the mutant a runtime error
//   and leave it out of the score.
// - Once a mutant is killed, the test files after the failing one are not loaded at all (the
//   other half of the bail in scripts/jest-mutate-environment.js).
"use strict";
const circus = require("jest-circus/runner").default;
const { createEmptyTestResult } = require("@jest/test-result");

const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";
const KILLED = Symbol.for("mlops.mutate.killed");

module.exports = async function mutateRunner(globalConfig, config, environment, runtime, testPath, sendMessageToJest) {
  const mutant = process.env[ACTIVE_MUTANT];
  if (mutant === undefined) return circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest);
  const title = (what) => `${what} ${require("node:path").relative(config.rootDir, testPath)}`;
  if (process[KILLED] === mutant) {
    // One skipped test: jest calls a file without any test a failure to run.
    const skipped = title("skipped: the mutant was already killed before");
    return {
      ...createEmptyTestResult(),
      testFilePath: testPath,
      numPendingTests: 1,
      testResults: [{ ancestorTitles: [], title: skipped, fullName: skipped, status: "pending", failureMessages: [], failureDetails: [], duration: 0, location: null, numPassingAsserts: 0 }],
    };
  }
  try {
    return await circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest);
  } catch (error) {
    process[KILLED] = mutant;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const loading = title("loading");
    return {
      ...createEmptyTestResult(),
      testFilePath: testPath,
      numFailingTests: 1,
      failureMessage: message,
      testResults: [
        { ancestorTitles: [], title: loading, fullName: loading, status: "failed", failureMessages: [message], failureDetails: [error], duration: 0, location: null, numPassingAsserts: 0 },
      ],
    };
  }
};
