import { tables } from "../../cleanup/kinds/dynamodb-table";
import { eksAddons } from "../../cleanup/kinds/eks-addon";
import { policies } from "../../cleanup/kinds/iam-policy";
import { roles } from "../../cleanup/kinds/iam-role";
import { logGroups } from "../../cleanup/kinds/logs-log-group";
import { buckets } from "../../cleanup/kinds/s3-bucket";
import type { PlanItem } from "../../cleanup/types";
import { ANOTHER_PROJECT, OTHER, emptyWorld, kindContext, renamed } from "./kind-harness";
import { ACCOUNT, POLICY_ARN, REGION, WORKSHOP_BUCKET, mockCleanupAws, type CleanupWorld } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);
function given(w: Partial<CleanupWorld>): void {
  world = { ...emptyWorld(), ...w };
  mocks.reset();
}
const plain = (found: { items: PlanItem[]; excluded: unknown[] }) => ({ items: found.items, excluded: found.excluded });

describe("dynamodb.table", () => {
  const table = (extra = {}) => ({ name: "InferenceMetadata", protection: false, tags: {}, ...extra });

  test("prices an on-demand and a provisioned table", async () => {
    given({ tables: [table()] });
    expect((await tables.discover(kindContext().c)).items[0]).toMatchObject({ id: "dynamodb.table:InferenceMetadata", rule: "the pipeline's table InferenceMetadata", match: { tags: {}, protection: false }, cost: "PAY_PER_REQUEST, 2048 bytes" });
    given({ tables: [table({ provisioned: { read: 5, write: 3 } })] });
    expect((await tables.discover(kindContext().c)).items[0].cost).toBe("PROVISIONED 5 RCU / 3 WCU, 2048 bytes");
  });

  test("no table, nothing planned; its removal waits as a table's deletion does", async () => {
    given({});
    expect(await tables.discover(kindContext().c)).toEqual({ items: [], excluded: [] });
    given({ tables: [table()] });
    const { c, waited } = kindContext();
    const [planned] = (await tables.discover(c)).items;
    await tables.remove(c, planned);
    expect([waited, world.tables]).toEqual([["dynamodb.table"], []]);
  });

  test("leaves a protected table and another project's alone", async () => {
    given({ tables: [table({ protection: true })] });
    expect(await tables.discover(kindContext().c)).toEqual({
      items: [],
      excluded: [{ kind: "dynamodb.table", name: "InferenceMetadata", why: "deletion protection is on: turn it off (aws dynamodb update-table --no-deletion-protection-enabled) if the table really goes" }],
    });
    given({ tables: [table({ tags: OTHER })] });
    expect(await tables.discover(kindContext().c)).toEqual({ items: [], excluded: [{ kind: "dynamodb.table", name: "InferenceMetadata", why: ANOTHER_PROJECT }] });
  });

  test("re-check: the name, protection turned on since, the tags", async () => {
    given({ tables: [table()] });
    const { c } = kindContext();
    const [planned] = (await tables.discover(c)).items;
    expect(await tables.recheck(c, planned)).toEqual({ state: "match" });
    expect(await tables.recheck(c, renamed(planned, "Other"))).toEqual({ state: "changed", why: "not the configured table" });
    world.tables[0].protection = true;
    expect(await tables.recheck(c, planned)).toEqual({ state: "changed", why: "protection is now true (planned: false)" });
    world.tables = [];
    expect(await tables.recheck(c, planned)).toEqual({ state: "gone" });
  });
});

describe("s3.bucket", () => {
  const versions = (n: number, prefix = "raw") => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}/${i}.csv`, VersionId: `v${i}` }));
  const bucket = (extra = {}) => ({ name: WORKSHOP_BUCKET, tags: {}, versions: versions(3), markers: [], ...extra });

  test("counts the first page of versions and delete markers, with + when there are more", async () => {
    given({ buckets: [bucket({ markers: [{ Key: "raw/0.csv", VersionId: "m0" }] })] });
    expect((await buckets.discover(kindContext().c)).items[0]).toMatchObject({ arn: `arn:aws:s3:::${WORKSHOP_BUCKET}`, cost: "4 object versions and delete markers, emptied first", match: { tags: {} } });
    given({ buckets: [bucket({ versions: [], markers: [{ Key: "a", VersionId: "m0" }] })] });
    expect((await buckets.discover(kindContext().c)).items[0].cost).toBe("1 object versions and delete markers, emptied first");
    given({ buckets: [bucket({ versions: versions(1200) })] });
    expect((await buckets.discover(kindContext().c)).items[0].cost).toBe("1000+ object versions and delete markers, emptied first");
    given({ buckets: [bucket({ versions: [] })] });
    expect((await buckets.discover(kindContext().c)).items[0].cost).toBe("0 object versions and delete markers, emptied first");
  });

  test("no bucket, nothing planned; tags that cannot be read stop the discovery instead of reading as none", async () => {
    given({});
    expect(await buckets.discover(kindContext().c)).toEqual({ items: [], excluded: [] });
    given({ buckets: [bucket({ taggingDenied: true })] });
    await expect(buckets.discover(kindContext().c)).rejects.toThrow("Access Denied");
  });

  test("reads tags when the bucket has some, and leaves another project's alone", async () => {
    given({ buckets: [bucket({ tags: OTHER })] });
    expect(await buckets.discover(kindContext().c)).toEqual({ items: [], excluded: [{ kind: "s3.bucket", name: WORKSHOP_BUCKET, why: ANOTHER_PROJECT }] });
    given({ buckets: [bucket({ tags: { Owner: "ws" } })] });
    expect((await buckets.discover(kindContext().c)).items[0].match).toEqual({ tags: { Owner: "ws" } });
  });

  test("re-check: the name, the tags, gone", async () => {
    given({ buckets: [bucket()] });
    const { c } = kindContext();
    const [planned] = (await buckets.discover(c)).items;
    expect(await buckets.recheck(c, planned)).toEqual({ state: "match" });
    expect(await buckets.recheck(c, renamed(planned, "other-bucket"))).toEqual({ state: "changed", why: "not the configured workshop bucket" });
    world.buckets[0].tags = { Owner: "ws" };
    expect(await buckets.recheck(c, planned)).toEqual({ state: "changed", why: "its tags changed since the plan" });
    world.buckets = [];
    expect(await buckets.recheck(c, planned)).toEqual({ state: "gone" });
  });

  test("remove empties the bucket in quiet batches, with progress, then deletes it", async () => {
    given({ buckets: [bucket({ versions: versions(1500) })] });
    const { c, progress } = kindContext();
    const [planned] = (await buckets.discover(c)).items;
    await buckets.remove(c, planned);
    expect(progress).toEqual([`cleanup: emptied 1000 versions from ${WORKSHOP_BUCKET}`, `cleanup: emptied 1500 versions from ${WORKSHOP_BUCKET}`]);
    expect(mocks.inputs("DeleteObjects").map((i) => [i.Delete.Objects.length, i.Delete.Quiet])).toEqual([[1000, true], [500, true]]);
    expect(world.buckets).toEqual([]);
  });

  test("remove stops at versions Object Lock keeps, naming the first three", async () => {
    given({ buckets: [bucket({ versions: versions(5), locked: ["raw/0.csv", "raw/1.csv", "raw/2.csv", "raw/3.csv"] })] });
    const { c } = kindContext();
    const [planned] = (await buckets.discover(c)).items;
    await expect(buckets.remove(c, planned)).rejects.toThrow(new Error("DeleteObjects: raw/0.csv: AccessDenied, raw/1.csv: AccessDenied, raw/2.csv: AccessDenied"));
    expect(mocks.destructive().map((d) => d.command)).toEqual(["DeleteObjects"]);
  });
});

describe("iam.policy and iam.role", () => {
  const policy = (extra = {}) => ({ arn: POLICY_ARN, tags: {}, entities: [], versions: [{ id: "v1", isDefault: true }], ...extra });
  const role = (extra = {}) => ({ name: "lambda-inference-role", tags: {}, profiles: [], inline: [], attached: [], ...extra });

  test("the policy: every tag page read, its attachments counted, another project's left alone", async () => {
    given({ policies: [policy({ tags: { Owner: "ws", Team: "ml", Stage: "lab" }, entities: [{ type: "User", name: "u" }, { type: "Group", name: "g" }, { type: "Role", name: "lambda-inference-role" }] })], roles: [role({ attached: [POLICY_ARN] })] });
    expect(plain(await policies.discover(kindContext().c))).toEqual({
      items: [
        {
          id: "iam.policy:lambda-inference-policy",
          kind: "iam.policy",
          name: "lambda-inference-policy",
          region: "global",
          rule: "the workshop's policy lambda-inference-policy",
          dependsOn: [],
          match: { tags: { Owner: "ws", Team: "ml", Stage: "lab" } },
          arn: POLICY_ARN,
          cost: "attached to 3 role(s), user(s) or group(s): detached first",
        },
      ],
      excluded: [],
    });
    given({ policies: [policy({ tags: OTHER })] });
    expect(await policies.discover(kindContext().c)).toEqual({ items: [], excluded: [{ kind: "iam.policy", name: "lambda-inference-policy", why: ANOTHER_PROJECT }] });
    given({});
    expect(await policies.discover(kindContext().c)).toEqual({ items: [], excluded: [] });
  });

  test("the policy's re-check: the ARN, the tags on any page, gone", async () => {
    given({ policies: [policy({ tags: { Owner: "ws", Team: "ml", Stage: "lab" } })] });
    const { c } = kindContext();
    const [planned] = (await policies.discover(c)).items;
    expect(await policies.recheck(c, planned)).toEqual({ state: "match" });
    expect(await policies.recheck(c, renamed(planned, "other", `arn:aws:iam::${ACCOUNT}:policy/other`))).toEqual({ state: "changed", why: "not the configured policy" });
    world.policies[0].tags = { Owner: "ws", Team: "ml", Stage: "prod" };
    expect(await policies.recheck(c, planned)).toEqual({ state: "changed", why: "its tags changed since the plan" });
    world.policies = [];
    expect(await policies.recheck(c, planned)).toEqual({ state: "gone" });
  });

  test("the policy's and the role's deletions are retried while IAM settles", async () => {
    given({ policies: [policy({ entities: [{ type: "Role", name: "lambda-inference-role" }] })], roles: [role({ attached: [POLICY_ARN] })] });
    const { c, waited } = kindContext();
    const [plannedPolicy] = (await policies.discover(c)).items;
    const [plannedRole] = (await roles.discover(c)).items;
    await policies.remove(c, plannedPolicy);
    await roles.remove(c, plannedRole);
    expect([waited, world.policies, world.roles]).toEqual([["iam.settle", "iam.settle"], [], []]);
  });

  test.each(["mlops-retail-prediction-dev-irsa-retail-api", "mlops-retail-prediction-dev-irsa-aws-node"])("a role named as this app names its IRSA role (%s) is never planned", async (name) => {
    given({ roles: [role({ name })] });
    expect(await roles.discover(kindContext({ iamRole: name }).c)).toEqual({ items: [], excluded: [{ kind: "iam.role", name, why: "created by this app's stacks: cdktf destroy removes it" }] });
  });

  test("the role: planned with its ARN, another project's left alone, re-checked by name and tags", async () => {
    given({ roles: [role()] });
    const { c } = kindContext();
    const found = await roles.discover(c);
    expect(found.items).toEqual([
      { id: "iam.role:lambda-inference-role", kind: "iam.role", name: "lambda-inference-role", region: "global", rule: "the workshop's role lambda-inference-role", dependsOn: [], match: { tags: {} }, arn: `arn:aws:iam::${ACCOUNT}:role/lambda-inference-role` },
    ]);
    expect(await roles.recheck(c, found.items[0])).toEqual({ state: "match" });
    expect(await roles.recheck(c, renamed(found.items[0], "other-role"))).toEqual({ state: "changed", why: "not the configured role" });
    world.roles[0].tags = OTHER;
    expect(await roles.recheck(c, found.items[0])).toEqual({ state: "changed", why: ANOTHER_PROJECT });
    expect(await roles.discover(c)).toEqual({ items: [], excluded: [{ kind: "iam.role", name: "lambda-inference-role", why: ANOTHER_PROJECT }] });
    world.roles = [];
    expect(await roles.recheck(c, found.items[0])).toEqual({ state: "gone" });
    expect(await roles.discover(c)).toEqual({ items: [], excluded: [] });
  });
});

describe("logs.log-group and eks.addon", () => {
  const group = (cluster: string, name = "application", tags = {}) => ({ name: `/aws/containerinsights/${cluster}/${name}`, tags, storedBytes: 3e6 });

  test("log groups: only Container Insights groups of matching clusters, asked for by prefix", async () => {
    given({ logGroups: [group("mlops-retail-a"), group("fraud"), group("mlops-retail-b", "performance", OTHER), { name: "/aws/lambda/mlops-retail-a", tags: {}, storedBytes: 1 }] });
    const found = plain(await logGroups.discover(kindContext().c));
    expect(found.items).toEqual([
      {
        id: "logs.log-group:/aws/containerinsights/mlops-retail-a/application",
        kind: "logs.log-group",
        name: "/aws/containerinsights/mlops-retail-a/application",
        region: REGION,
        rule: "Container Insights log group of a cluster matching mlops-retail-*",
        dependsOn: [],
        match: { tags: {} },
        arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/containerinsights/mlops-retail-a/application`,
        cost: "3 MB stored",
      },
    ]);
    expect(found.excluded).toEqual([{ kind: "logs.log-group", name: "/aws/containerinsights/mlops-retail-b/performance", why: ANOTHER_PROJECT }]);
    expect(mocks.inputs("DescribeLogGroups").every((i) => i.logGroupNamePrefix === "/aws/containerinsights/")).toBe(true);
  });

  test("log groups' re-check: the path, the cluster, the exact name, the tags", async () => {
    given({ logGroups: [group("mlops-retail-a", "app")] });
    const { c } = kindContext();
    const [planned] = (await logGroups.discover(c)).items;
    expect(await logGroups.recheck(c, planned)).toEqual({ state: "match" });
    const why = "not a Container Insights log group of a cluster matching mlops-retail-*";
    for (const name of ["/aws/lambda/mlops-retail-a/app", "/other/containerinsights/mlops-retail-a/app", "/aws/containerinsights/fraud/app", "/aws/containerinsights"]) {
      expect([name, await logGroups.recheck(c, renamed(planned, name))]).toEqual([name, { state: "changed", why }]);
    }
    world.logGroups = [group("mlops-retail-a", "app", { Owner: "ws" })];
    expect(await logGroups.recheck(c, planned)).toEqual({ state: "changed", why: "its tags changed since the plan" });
    world.logGroups = [group("mlops-retail-a", "application")];
    expect(await logGroups.recheck(c, planned)).toEqual({ state: "gone" });
  });

  test("add-ons: the observability add-on of matching clusters, re-checked by cluster, add-on and tags", async () => {
    given({ clusters: [{ name: "mlops-retail-a", addon: { tags: {} } }, { name: "fraud", addon: { tags: {} } }, { name: "mlops-retail-b", addon: { tags: OTHER } }, { name: "mlops-retail-c" }] });
    const { c } = kindContext();
    const found = plain(await eksAddons.discover(c));
    expect(found.items.map((i) => [i.id, i.rule, i.arn])).toEqual([
      ["eks.addon:mlops-retail-a/amazon-cloudwatch-observability", "the amazon-cloudwatch-observability add-on of a cluster matching mlops-retail-*", `arn:aws:eks:${REGION}:${ACCOUNT}:addon/mlops-retail-a/amazon-cloudwatch-observability/x`],
    ]);
    expect(found.excluded).toEqual([{ kind: "eks.addon", name: "mlops-retail-b/amazon-cloudwatch-observability", why: ANOTHER_PROJECT }]);
    const planned = found.items[0];
    expect(await eksAddons.recheck(c, planned)).toEqual({ state: "match" });
    for (const name of ["fraud/amazon-cloudwatch-observability", "mlops-retail-a/vpc-cni"]) {
      expect([name, await eksAddons.recheck(c, renamed(planned, name))]).toEqual([name, { state: "changed", why: "no longer matches the cluster pattern" }]);
    }
    world.clusters[0].addon = { tags: OTHER };
    expect(await eksAddons.recheck(c, planned)).toEqual({ state: "changed", why: ANOTHER_PROJECT });
    world.clusters[0].addon = { tags: {} };
    const removal = kindContext();
    await eksAddons.remove(removal.c, planned);
    expect([removal.waited, world.clusters[0].addon]).toEqual([["eks.addon"], undefined]);
    world.clusters[0].addon = { tags: {} };
    world.clusters[0].addon = undefined;
    expect(await eksAddons.recheck(c, planned)).toEqual({ state: "gone" });
  });
});
