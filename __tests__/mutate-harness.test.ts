/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The jest runner and environment of `npm run mutate` decide whether a mutant counts as killed;
 * a bug in them would make every score wrong. They change nothing unless Stryker has a mutant active.
 */
jest.mock("jest-circus/runner", () => ({ default: jest.fn() }));

type Runner = (globalConfig: unknown, config: { rootDir: string }, environment: unknown, runtime: unknown, testPath: string, send: unknown) => Promise<Record<string, unknown>>;
const circus = (require("jest-circus/runner") as { default: jest.Mock }).default;
const runner = require("../scripts/jest-circus-mutate-runner") as Runner;
const Environment = require("../scripts/jest-mutate-environment") as { prototype: { handleTestEvent(event: unknown): Promise<void> } };

const ACTIVE = "__STRYKER_ACTIVE_MUTANT__";
const KILLED = Symbol.for("mlops.mutate.killed");
const CONFIG = { rootDir: "/repo" };
const run = (file: string): Promise<Record<string, unknown>> => runner({}, CONFIG, {}, {}, `/repo/__tests__/${file}`, undefined);
const PASSED = { testFilePath: "/repo/__tests__/a.test.ts", numFailingTests: 0, testResults: [{ status: "passed" }] };
const event = (name: string, errors: unknown[] = []): { name: string; test: { mode?: string; errors: unknown[] } } => ({ name, test: { errors } });

let saved: string | undefined;
beforeEach(() => {
  saved = process.env[ACTIVE];
  delete process.env[ACTIVE];
  delete (process as unknown as Record<symbol, unknown>)[KILLED];
  circus.mockReset();
});
afterEach(() => {
  if (saved === undefined) delete process.env[ACTIVE];
  else process.env[ACTIVE] = saved;
  delete (process as unknown as Record<symbol, unknown>)[KILLED];
});

describe("the mutate runner", () => {
  test("without an active mutant it is jest-circus: results as they are, and a file that fails to load still fails to run", async () => {
    circus.mockResolvedValueOnce(PASSED);
    await expect(run("a.test.ts")).resolves.toBe(PASSED);
    circus.mockRejectedValueOnce(new Error("synthesis failed"));
    await expect(run("b.test.ts")).rejects.toThrow("synthesis failed");
  });

  test("under a mutant, a file that fails to load is one failed test naming the file and the error, and the mutant counts as killed", async () => {
    process.env[ACTIVE] = "7";
    circus.mockRejectedValueOnce(new Error("synthesis failed"));
    const result = await run("constructs/a.test.ts");
    expect(result).toMatchObject({
      testFilePath: "/repo/__tests__/constructs/a.test.ts",
      numFailingTests: 1,
      testResults: [{ fullName: "loading __tests__/constructs/a.test.ts", status: "failed", failureMessages: [expect.stringContaining("Error: synthesis failed")] }],
    });
    expect((process as unknown as Record<symbol, unknown>)[KILLED]).toBe("7");
  });

  test("after a kill, the mutant's later files are not loaded: one skipped test each; another mutant runs them again", async () => {
    process.env[ACTIVE] = "7";
    (process as unknown as Record<symbol, unknown>)[KILLED] = "7";
    const skipped = await run("b.test.ts");
    expect(circus).not.toHaveBeenCalled();
    expect(skipped).toMatchObject({ numFailingTests: 0, numPassingTests: 0, numPendingTests: 1, testResults: [{ status: "pending", failureMessages: [] }] });
    process.env[ACTIVE] = "8";
    circus.mockResolvedValueOnce(PASSED);
    await expect(run("b.test.ts")).resolves.toBe(PASSED);
  });
});

describe("the mutate environment", () => {
  const handle = (e: unknown): Promise<void> => Environment.prototype.handleTestEvent.call({}, e);

  test("a failing test kills the active mutant, and that mutant's later tests are skipped", async () => {
    process.env[ACTIVE] = "3";
    const before = event("test_start");
    await handle(before);
    expect(before.test.mode).toBeUndefined();
    await handle(event("test_done", []));
    expect((process as unknown as Record<symbol, unknown>)[KILLED]).toBeUndefined();
    await handle(event("test_done", [new Error("expected")]));
    const after = event("test_start");
    await handle(after);
    expect(after.test.mode).toBe("skip");
    process.env[ACTIVE] = "4";
    const other = event("test_start");
    await handle(other);
    expect(other.test.mode).toBeUndefined();
  });

  test("without an active mutant (the initial run, npm test) a failure skips nothing", async () => {
    await handle(event("test_done", [new Error("expected")]));
    const next = event("test_start");
    await handle(next);
    expect(next.test.mode).toBeUndefined();
    expect((process as unknown as Record<symbol, unknown>)[KILLED]).toBeUndefined();
  });
});

describe("npm run mutate's arguments", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const { join } = require("node:path") as typeof import("node:path");
  const mutate = (...args: string[]) => {
    const run = spawnSync(process.execPath, [join(__dirname, "..", "scripts", "mutate.js"), ...args], { encoding: "utf8" });
    return { status: run.status, stderr: run.stderr, stdout: run.stdout };
  };

  test("refuses an --only that is not a .ts file of a mutated folder, and an unknown folder, before running anything", () => {
    const allowed = "compliance, constructs, config, facts, review, aws, lifecycle, verify, cleanup";
    expect(mutate("--only", "stacks/foundation-app.ts")).toEqual({ status: 2, stdout: "", stderr: `mutate: --only stacks/foundation-app.ts is not a .ts file of ${allowed}; give it as <folder>/<file>.ts\n` });
    expect(mutate("--only", "config/missing.ts").stderr).toBe(`mutate: --only config/missing.ts is not a .ts file of ${allowed}; give it as <folder>/<file>.ts\n`);
    expect(mutate("--only", "config/cdktf.schema.json").status).toBe(2);
    expect(mutate("--only").stderr).toBe(`mutate: --only (nothing) is not a .ts file of ${allowed}; give it as <folder>/<file>.ts\n`);
    expect(mutate("tests")).toEqual({ status: 2, stdout: "", stderr: `mutate: unknown folder tests; allowed: ${allowed}\n` });
  });

  test("--only keeps the folder's other files from its last report when they have no report of their own", () => {
    const { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } = require("node:fs") as typeof import("node:fs");
    const { tmpdir } = require("node:os") as typeof import("node:os");
    const root = mkdtempSync(join(tmpdir(), "mutate-"));
    try {
      for (const f of ["mutate.js", "mutation-survivors.js"]) cpSync(join(__dirname, "..", "scripts", f), join(root, "scripts", f));
      mkdirSync(join(root, "compliance"));
      mkdirSync(join(root, "reports", "mutation", "compliance"), { recursive: true });
      writeFileSync(join(root, "compliance", "a.ts"), "export const a = 1;\n");
      writeFileSync(join(root, "compliance", "b.ts"), "export const b = 2;\n");
      const mutant = (status: string) => ({ id: "1", mutatorName: "NumericLiteral", replacement: "0", status, location: { start: { line: 1, column: 18 }, end: { line: 1, column: 19 } } });
      const file = (source: string, status: string) => ({ language: "typescript", source, mutants: [mutant(status)] });
      // The folder's last whole run: both files survived; then a's own report: killed.
      writeFileSync(
        join(root, "reports", "mutation", "compliance.json"),
        JSON.stringify({ files: { "compliance/a.ts": file("export const a = 1;\n", "Survived"), "compliance/b.ts": file("export const b = 2;\n", "Survived") } }),
      );
      writeFileSync(join(root, "reports", "mutation", "compliance", "a.json"), JSON.stringify({ files: { "compliance/a.ts": file("export const a = 1;\n", "Killed") } }));
      const run = spawnSync(process.execPath, [join(root, "scripts", "mutate.js"), "--only", "compliance/a.ts", "--report"], { encoding: "utf8" });
      expect([run.status, run.stdout.split("\n").find((l) => l.startsWith("| compliance |"))]).toEqual([0, "| compliance | 50.0 | 1 | 0 | 1 | 0 | 0 | - |"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
