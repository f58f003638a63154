import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCleanupClients } from "../../cleanup/aws";
import { context, planTable, runApply, runPlan, type CleanupOptions } from "../../cleanup/run";
import { PLAN_FORMAT, type Plan } from "../../cleanup/plan-file";
import { WAITS } from "../../cleanup/types";
import { loadConfig } from "../../config/load";
import { Api } from "../../aws/api";
import { CONTEXT, cleanupHarness } from "./harness";
import { ACCOUNT } from "./world";

const harness = cleanupHarness();
const { mocks, world } = harness;

/** A fresh run of the leftovers with this `foundation` object (null: no cdktf.json context at all). */
function setup(foundation: unknown = CONTEXT.foundation) {
  const t = harness.setup();
  return { ...t, options: { ...t.options, context: foundation === null ? undefined : { foundation } } };
}
const plan = (options: CleanupOptions, environment = "dev", sharedAccount = true) => runPlan(options, environment, undefined, { allowProd: environment !== "dev", sharedAccount });

describe("what cleanup refuses before it asks AWS anything", () => {
  test("a configuration that does not validate: exit 2, the loader's lines", async () => {
    const t = setup({ accountId: "1234", environments: { dev: {} } });
    expect(await plan(t.options)).toBe(2);
    expect(t.problems).toEqual(['cleanup: Invalid configuration:\n  - accountId: must be 12 digits, got "1234"']);
    expect(mocks.sent()).toEqual([]);
  });

  test("no cdktf.json context: dev with the example account, refused", async () => {
    const t = setup(null);
    expect(await plan(t.options, "dev", false)).toBe(2);
    expect(t.problems).toEqual([expect.stringMatching(/^cleanup: dev: accountId is the documented example account 123456789012, which nobody can deploy to/)]);
  });

  test("an account shared with two environments names both", async () => {
    const t = setup({ accountId: ACCOUNT, environments: { dev: {}, qa: { audit: { retainOnDestroy: false, objectLock: { mode: "NONE" } } }, sandbox: { audit: { retainOnDestroy: false, objectLock: { mode: "NONE" } } } } });
    expect(await plan(t.options, "dev", false)).toBe(2);
    expect(t.problems[0]).toMatch(/^cleanup: dev shares account 111122223333 and region us-east-1 with qa, sandbox: the workshop's resources found there may be theirs too\./);
  });

  test("an environment that does not validate on its own still shares the account the file gives it", async () => {
    // prod keeps its evidence but names no break-glass principal: loading it alone fails.
    const t = setup({ accountId: ACCOUNT, environments: { dev: {}, prod: {}, eu: { region: "eu-west-1" }, other: { accountId: "444455556666" } } });
    expect(await plan(t.options, "dev", false)).toBe(2);
    expect(t.problems[0]).toMatch(/^cleanup: dev shares account 111122223333 and region us-east-1 with prod: the workshop's resources found there may be prod's too\./);
  });

  test("apply refuses a plan made for another account than the environment's", async () => {
    const t = setup();
    expect(await plan(t.options)).toBe(0);
    const edited: Plan = { ...JSON.parse(readFileSync(t.planFile, "utf8")), accountId: "444455556666" };
    writeFileSync(t.planFile, JSON.stringify(edited));
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(2);
    expect(t.problems).toEqual([`cleanup: ${t.planFile}: planned for account 444455556666, but dev is configured for ${ACCOUNT}`]);
    expect(mocks.sent()).toEqual([]);
  });

  test("apply refuses credentials of another account, saying it would touch it", async () => {
    const t = setup();
    expect(await plan(t.options)).toBe(0);
    world().caller = { Account: "444455556666", Arn: "arn:aws:sts::444455556666:assumed-role/ops/me" };
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(2);
    expect(t.problems[0]).toMatch(/refusing to touch another account \(sign in to the configured one\)$/);
  });
});

describe("apply", () => {
  test("needs no break-glass principal, even where evidence is kept: it never touches evidence", async () => {
    const t = setup();
    expect(await plan(t.options, "prod")).toBe(0);
    mocks.reset();
    expect(await runApply(t.options, join(t.outdir, "cleanup-plan-prod.json"), { yes: true, allowProd: true })).toBe(0);
    expect(mocks.sent().filter((s) => s.startsWith("iam.GetRole") && mocks.inputs("GetRole").some((i) => i.RoleName === "ops"))).toEqual([]);
  });

  test("the confirmation is trimmed, as typed on a terminal", async () => {
    const t = setup();
    expect(await plan(t.options)).toBe(0);
    expect(await runApply(t.options, t.planFile, { yes: false, allowProd: false, confirm: async () => " prod \n" })).toBe(2);
    expect(t.problems).toEqual(['cleanup: confirmation "prod" is not "dev"; nothing was changed']);
    expect(await runApply(t.options, t.planFile, { yes: false, allowProd: false, confirm: async () => "  dev \n" })).toBe(0);
  });

  test("a bug is not dressed as a refusal: an error that is neither AWS's nor a refusal propagates", async () => {
    const t = setup();
    expect(await plan(t.options)).toBe(0);
    const broken = { ...t.options, clients: () => { throw new TypeError("a bug"); } };
    await expect(plan(broken)).rejects.toThrow("a bug");
    await expect(runApply(broken, t.planFile, { yes: true, allowProd: false })).rejects.toThrow("a bug");
    // A mocked service that fails with a plain TypeError (not an answer of AWS) in the middle of a discovery.
    (world() as unknown as { images: unknown }).images = null;
    await expect(plan(t.options)).rejects.toThrow(TypeError);
  });

  test("goes by each item's order, not by where it is in the file", async () => {
    const t = setup();
    expect(await plan(t.options)).toBe(0);
    const written: Plan = JSON.parse(readFileSync(t.planFile, "utf8"));
    writeFileSync(t.planFile, JSON.stringify({ ...written, items: [...written.items].reverse() }));
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(0);
    const file = readdirSync(t.outdir).find((f) => f.endsWith(".jsonl"))!;
    const outcomes = readFileSync(join(t.outdir, file), "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.outcome !== undefined).map((l) => l.item);
    expect(outcomes).toEqual(written.items.map((i) => i.id));
  });

  test("what comes back after it was deleted is found again: exit 1", async () => {
    const t = setup();
    expect(await plan(t.options)).toBe(0);
    const group = world().logGroups[0];
    world().recreated = [group.name];
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(1);
    expect(t.log.slice(-2)[0]).toBe(`Found again: logs.log-group:${group.name}`);
    expect(t.log.slice(-1)[0]).toMatch(/^Gone: 19 of 20\. /);
  });
});

test("the plan table: an ARN only where it says more than the name", () => {
  const item = { id: "s3.bucket:b", kind: "s3.bucket" as const, name: "b", region: "us-east-1", rule: "r", dependsOn: [], match: {}, order: 1 };
  const table = planTable({ format: PLAN_FORMAT, environment: "dev", accountId: ACCOUNT, region: "us-east-1", project: "p", createdAt: "t", items: [item, { ...item, id: "s3.bucket:c", name: "c", arn: "c", order: 2 }], excluded: [] });
  expect(table).toEqual(["Cleanup plan for dev (account 111122223333, us-east-1), t: 2 to delete, 0 left alone", "", "  1. s3.bucket  b", "       why: r", "  2. s3.bucket  c", "       why: r"]);
});

test("a handler waits as cleanup/types.ts says unless told otherwise, as long as AWS's guides say each takes", () => {
  const [config] = loadConfig({ settings: CONTEXT.foundation }).environments;
  const c = context({ ...setup().options, waits: undefined }, new Api(createCleanupClients("us-east-1")), config, () => undefined);
  expect(c.waits("iam.settle")).toBe(WAITS["iam.settle"]);
  expect(WAITS).toEqual({
    "cloudfront.distribution": { minDelay: 30, maxDelay: 60, maxWaitTime: 2700 },
    "sagemaker.endpoint": { minDelay: 15, maxDelay: 60, maxWaitTime: 1800 },
    "eks.addon": { minDelay: 10, maxDelay: 60, maxWaitTime: 1200 },
    "dynamodb.table": { minDelay: 5, maxDelay: 30, maxWaitTime: 1200 },
    "iam.settle": { minDelay: 2, maxDelay: 10, maxWaitTime: 120 },
  });
});
