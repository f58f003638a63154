import { Api } from "../../aws/api";
import { compare, exclusion, ifExists, item, matchesPattern, reread, sameTags, tagRecord, untilSettled, waitUntil, waiterState } from "../../cleanup/kinds/common";
import type { CleanupClients } from "../../cleanup/aws";
import type { CleanupContext, PlanItem } from "../../cleanup/types";
import type { EnvironmentConfig } from "../../config/types";

/** A context whose clock moves 5 s each time it is read, with the progress lines kept. */
function context(ownNames: string[] = []): { c: CleanupContext; progress: string[] } {
  const progress: string[] = [];
  let t = Date.parse("2026-12-04T00:00:00Z");
  const c: CleanupContext = {
    api: new Api({} as CleanupClients),
    config: { project: "mlops-retail-prediction" } as EnvironmentConfig,
    ownNames: new Set(ownNames),
    record: () => undefined,
    progress: (line) => progress.push(line),
    waits: () => ({ minDelay: 0.001, maxDelay: 0.002, maxWaitTime: 0.05 }),
    now: () => new Date((t += 5000)),
  };
  return { c, progress };
}

const error = (name: string, message = name): Error => Object.assign(new Error(message), { name });

describe("waitUntil", () => {
  const client = { send: async (_command: unknown) => ({}) };
  test("gives a progress line with the seconds waited after each poll", async () => {
    const { c, progress } = context();
    await waitUntil(c, "eks.addon", "the add-on", client, async ({ client: polled, maxWaitTime }) => {
      expect(maxWaitTime).toBe(0.05);
      await polled.send({});
      await polled.send({});
    });
    expect(progress).toEqual(["cleanup: waiting for the add-on (5 s)", "cleanup: waiting for the add-on (10 s)"]);
  });

  test.each([
    ["TIMEOUT", "the table: the wait ended after 0.05 s; run apply again later"],
    ["FAILURE", "the table: the wait ended with FAILURE; run apply again later"],
    ["ABORTED", "the table: the wait ended with ABORTED; run apply again later"],
  ])("a waiter that ends in %s names what and how", async (state, message) => {
    const { c } = context();
    await expect(waitUntil(c, "dynamodb.table", "the table", client, async () => Promise.reject(new Error(JSON.stringify({ state, reason: "x" }))))).rejects.toThrow(new Error(message));
  });

  test("any other error is passed on as it is", async () => {
    const { c } = context();
    const denied = error("AccessDeniedException", "not allowed");
    await expect(waitUntil(c, "dynamodb.table", "the table", client, async () => Promise.reject(denied))).rejects.toBe(denied);
  });
});

describe("waiterState", () => {
  test.each([
    ['{"state":"TIMEOUT"}', "TIMEOUT"],
    ['{"state":5}', undefined],
    ["{}", undefined],
    ["null", undefined],
    ["not JSON", undefined],
  ])("of an error saying %s is %s", (message, state) => {
    expect(waiterState(new Error(message))).toBe(state);
  });
});

describe("untilSettled", () => {
  test("sends again while IAM answers DeleteConflictException, with a progress line each time", async () => {
    const { c, progress } = context();
    let calls = 0;
    await untilSettled(c, "role r", async () => {
      if (++calls < 3) throw error("DeleteConflictException", "must detach all policies first");
    });
    expect(calls).toBe(3);
    expect(progress).toEqual(["cleanup: waiting for IAM to see role r emptied (5 s)", "cleanup: waiting for IAM to see role r emptied (10 s)"]);
  });

  test("any other error ends it at once", async () => {
    const { c } = context();
    let calls = 0;
    const gone = error("NoSuchEntityException", "no role");
    await expect(untilSettled(c, "role r", async () => Promise.reject(++calls && gone))).rejects.toBe(gone);
    expect(calls).toBe(1);
  });

  test("past the time limit it fails with IAM's last message", async () => {
    const { c } = context();
    await expect(untilSettled(c, "policy p", async () => Promise.reject(error("DeleteConflictException", "still attached")))).rejects.toThrow(
      new Error("policy p: IAM still reports it in use after 0.05 s (still attached); run apply again later"),
    );
  });
});

describe("tags and ownership", () => {
  test("tagRecord reads every shape the SDK answers", () => {
    expect(tagRecord(undefined)).toEqual({});
    expect(tagRecord(null)).toEqual({});
    expect(tagRecord({ a: "1" })).toEqual({ a: "1" });
    expect(tagRecord([{ Key: "a", Value: "1" }, { key: "b", value: "2" }])).toEqual({ a: "1", b: "2" });
  });

  test.each([
    [{}, undefined],
    [{ Project: "mlops-retail-prediction" }, undefined],
    [{ ManagedBy: "cdktf" }, undefined],
    [{ ManagedBy: "terraform", Project: "mlops-retail-prediction" }, undefined],
    [{ ManagedBy: "cdktf", Project: "mlops-retail-prediction" }, "tagged ManagedBy=cdktf, Project=mlops-retail-prediction: in this app's Terraform state, cdktf destroy removes it"],
    [{ ManagedBy: "cdktf", Project: "fraud" }, "tagged for another project (Project=fraud)"],
    [{ Project: "fraud" }, "tagged for another project (Project=fraud)"],
  ])("exclusion of a resource tagged %j: %s", (tags, why) => {
    expect(exclusion(context().c, "x", tags)).toBe(why);
  });

  test("a name this app creates is excluded whatever its tags", () => {
    expect(exclusion(context(["mine"]).c, "mine", {})).toBe("created by this app's stacks: cdktf destroy removes it");
  });

  test("sameTags ignores order and sees any difference", () => {
    expect(sameTags({ a: "1", b: "2" }, { b: "2", a: "1" })).toBe(true);
    expect(sameTags({ a: "1" }, { a: "2" })).toBe(false);
    expect(sameTags({ a: "1" }, { a: "1", b: "2" })).toBe(false);
    expect(sameTags({}, {})).toBe(true);
  });

  test.each([
    ["mlops-retail-cluster", "mlops-retail-*", true],
    ["mlops-retail-", "mlops-retail-*", true],
    ["fraud-cluster", "mlops-retail-*", false],
    ["mlops-retail-cluster", "mlops-retail-cluster", true],
    ["mlops-retail-cluster-2", "mlops-retail-cluster", false],
    ["mlops-retail-*", "mlops-retail-cluster", false],
    ["mlflow", "mlops-retail-*", false],
  ])("matchesPattern(%s, %s) is %s", (name, pattern, matches) => {
    expect(matchesPattern(name, pattern)).toBe(matches);
  });
});

describe("plan items and re-checks", () => {
  test("item gives an id, no dependencies and the match", () => {
    expect(item("iam.role", "r", "us-east-1", "the rule", { tags: {} }, { arn: "arn:r" })).toEqual({
      id: "iam.role:r",
      kind: "iam.role",
      name: "r",
      region: "us-east-1",
      rule: "the rule",
      dependsOn: [],
      match: { tags: {} },
      arn: "arn:r",
    });
  });

  const planned = { match: { tags: { Owner: "ws" }, id: "abc", status: "Failed" } } as unknown as PlanItem;
  test.each([
    ["the same", { Owner: "ws" }, { id: "abc" }, { state: "match" }],
    ["retagged for another project", { Project: "fraud" }, {}, { state: "changed", why: "tagged for another project (Project=fraud)" }],
    ["with other tags", { Owner: "someone" }, {}, { state: "changed", why: "its tags changed since the plan" }],
    ["with a new id", { Owner: "ws" }, { id: "def" }, { state: "changed", why: 'id is now "def" (planned: "abc")' }],
    ["with a new status", { Owner: "ws" }, { id: "abc", status: "InService" }, { state: "changed", why: 'status is now "InService" (planned: "Failed")' }],
  ])("compare: a resource %s", (_, tags, current, result) => {
    expect(compare(context().c, planned, "x", tags, current)).toEqual(result);
  });

  test("compare: a plan without tags expects none", () => {
    const bare = { match: {} } as unknown as PlanItem;
    expect(compare(context().c, bare, "x", {})).toEqual({ state: "match" });
    expect(compare(context().c, bare, "x", { Owner: "ws" })).toEqual({ state: "changed", why: "its tags changed since the plan" });
  });

  test("reread and ifExists: not found means gone, any other error is passed on", async () => {
    const denied = error("AccessDeniedException");
    expect(await reread(async () => ({ state: "match" }))).toEqual({ state: "match" });
    expect(await reread(async () => Promise.reject(error("NoSuchEntityException")))).toEqual({ state: "gone" });
    await expect(reread(async () => Promise.reject(denied))).rejects.toBe(denied);
    expect(await ifExists(async () => 5)).toBe(5);
    expect(await ifExists(async () => Promise.reject(error("ResourceNotFoundException")))).toBeUndefined();
    await expect(ifExists(async () => Promise.reject(denied))).rejects.toBe(denied);
  });
});
