// Test environment of `npm run mutate` (jest.mutate.config.js): Node's, plus the in-file half of a
// bail that jest cannot do when Stryker drives it (Stryker sets jest's `bail` to false). Once a
// test fails while a mutant is active, the mutant is killed: the rest of that mutant's tests are
// skipped instead of run. scripts/jest-circus-mutate-runner.js skips the files after it. Skipped tests
// are neither passes nor failures, so a killed mutant stays killed and a surviving mutant still
// runs every test.
"use strict";
const { TestEnvironment } = require("jest-environment-node");

const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";
/** Where the id of the mutant already killed in this process is kept; Stryker runs jest in band. */
const KILLED = Symbol.for("mlops.mutate.killed");

class MutateEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env[ACTIVE_MUTANT];
    if (mutant === undefined) return;
    if (event.name === "test_start" && process[KILLED] === mutant) event.test.mode = "skip";
    else if (event.name === "test_done" && event.test.errors.length > 0) process[KILLED] = mutant;
  }
}

module.exports = MutateEnvironment;
