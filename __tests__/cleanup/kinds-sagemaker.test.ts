import { endpointConfigs } from "../../cleanup/kinds/sagemaker-endpoint-config";
import { failedEndpoints } from "../../cleanup/kinds/sagemaker-endpoint";
import { modelPackages } from "../../cleanup/kinds/sagemaker-model-package";
import { trainingJobs } from "../../cleanup/kinds/sagemaker-training-job";
import { ANOTHER_PROJECT, OTHER, emptyWorld, kindContext, renamed } from "./kind-harness";
import { ACCOUNT, REGION, mockCleanupAws, type CleanupWorld } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);
function given(w: Partial<CleanupWorld>): void {
  world = { ...emptyWorld(), ...w };
  mocks.reset();
}
const arn = (kind: string, name: string): string => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${kind}/${name}`;
const endpoint = (name: string, status: string, config: string, tags = {}) => ({ name, status, config, tags });

describe("sagemaker.endpoint and its configuration", () => {
  test("plans a Failed endpoint named with the prefix, and its configuration where no other endpoint uses it", async () => {
    given({
      endpoints: [endpoint("retail-a", "Failed", "config-a"), endpoint("retail-live", "InService", "config-b"), endpoint("fraud-x", "Failed", "config-c"), endpoint("x-retail-y", "Failed", "config-c")],
      endpointConfigs: ["config-a", "config-b", "config-c"],
    });
    const found = await failedEndpoints.discover(kindContext().c);
    expect(found).toEqual({
      items: [
        {
          id: "sagemaker.endpoint:retail-a",
          kind: "sagemaker.endpoint",
          name: "retail-a",
          region: REGION,
          rule: "Failed endpoint named retail-*",
          dependsOn: [],
          match: { tags: {}, status: "Failed", config: "config-a" },
          arn: arn("endpoint", "retail-a"),
          cost: "config config-a: 1 x ml.m5.large (a Failed endpoint runs no instances)",
        },
        {
          id: "sagemaker.endpoint-config:config-a",
          kind: "sagemaker.endpoint-config",
          name: "config-a",
          region: REGION,
          rule: "endpoint config used only by retail-a",
          dependsOn: ["sagemaker.endpoint:retail-a"],
          match: { users: ["retail-a"] },
          arn: arn("endpoint-config", "config-a"),
        },
      ],
      excluded: [],
    });
    expect(mocks.inputs("ListEndpoints").every((i) => i.MaxResults === 100)).toBe(true);
  });

  test("a configuration another endpoint uses, or that is gone, is not planned; serverless variants are priced as such", async () => {
    given({
      endpoints: [endpoint("retail-a", "Failed", "shared"), endpoint("retail-b", "InService", "shared"), endpoint("other", "InService", "shared"), endpoint("retail-c", "Failed", "deleted"), endpoint("retail-d", "Failed", "small")],
      endpointConfigs: ["shared", "small", "split"],
      serverlessConfigs: ["small"],
      splitConfigs: ["split"],
    });
    world.endpoints.push(endpoint("retail-e", "Failed", "split"));
    const found = await failedEndpoints.discover(kindContext().c);
    expect(found.items.map((i) => [i.id, i.cost])).toEqual([
      ["sagemaker.endpoint:retail-a", "config shared: 1 x ml.m5.large (a Failed endpoint runs no instances)"],
      ["sagemaker.endpoint:retail-c", "config deleted: no longer exists (a Failed endpoint runs no instances)"],
      ["sagemaker.endpoint:retail-d", "config small: serverless x serverless (a Failed endpoint runs no instances)"],
      ["sagemaker.endpoint-config:small", undefined],
      ["sagemaker.endpoint:retail-e", "config split: 1 x ml.m5.large, serverless x serverless (a Failed endpoint runs no instances)"],
      ["sagemaker.endpoint-config:split", undefined],
    ]);
    expect(found.excluded).toEqual([{ kind: "sagemaker.endpoint-config", name: "shared", why: "also used by retail-b, other" }]);
  });

  test("a configuration that cannot be read stops the discovery: an endpoint is not planned from a partial picture", async () => {
    given({ endpoints: [endpoint("retail-a", "Failed", "config-a")], endpointConfigs: ["config-a"], deniedReads: new Set(["config-a"]) });
    await expect(failedEndpoints.discover(kindContext().c)).rejects.toThrow("User is not authorized to perform: sagemaker:DescribeEndpointConfig on config-a");
  });

  test("leaves another project's endpoint, and its configuration, alone", async () => {
    given({ endpoints: [endpoint("retail-a", "Failed", "config-a", OTHER)], endpointConfigs: ["config-a"] });
    expect(await failedEndpoints.discover(kindContext().c)).toEqual({ items: [], excluded: [{ kind: "sagemaker.endpoint", name: "retail-a", why: ANOTHER_PROJECT }] });
  });

  test("the endpoint's re-check: the prefix, the status, the configuration, the tags", async () => {
    given({ endpoints: [endpoint("retail-a", "Failed", "config-a")], endpointConfigs: ["config-a", "config-z"] });
    const { c } = kindContext();
    const [planned] = (await failedEndpoints.discover(c)).items;
    expect(await failedEndpoints.recheck(c, planned)).toEqual({ state: "match" });
    expect(await failedEndpoints.recheck(c, renamed(planned, "fraud-a"))).toEqual({ state: "changed", why: "not named with the configured prefix" });
    world.endpoints[0].status = "InService";
    expect(await failedEndpoints.recheck(c, planned)).toEqual({ state: "changed", why: 'status is now "InService" (planned: "Failed")' });
    world.endpoints[0] = endpoint("retail-a", "Failed", "config-z");
    expect(await failedEndpoints.recheck(c, planned)).toEqual({ state: "changed", why: 'config is now "config-z" (planned: "config-a")' });
    world.endpoints[0] = endpoint("retail-a", "Failed", "config-a", OTHER);
    expect(await failedEndpoints.recheck(c, planned)).toEqual({ state: "changed", why: ANOTHER_PROJECT });
    world.endpoints = [];
    expect(await failedEndpoints.recheck(c, planned)).toEqual({ state: "gone" });
  });

  test("removal deletes the endpoint and waits, as an endpoint's deletion, until it is gone", async () => {
    given({ endpoints: [endpoint("retail-a", "Failed", "config-a")], endpointConfigs: ["config-a"] });
    const { c, waited, records } = kindContext();
    const [planned] = (await failedEndpoints.discover(c)).items;
    await failedEndpoints.remove(c, planned);
    expect([waited, records, world.endpoints]).toEqual([["sagemaker.endpoint"], [{ action: "DeleteEndpoint", target: "retail-a" }], []]);
  });

  test("the configuration's re-check: unused is a match; an endpoint using it since keeps it", async () => {
    given({ endpoints: [endpoint("retail-a", "Failed", "config-a")], endpointConfigs: ["config-a"] });
    const { c } = kindContext();
    const config = (await failedEndpoints.discover(c)).items[1];
    world.endpoints = [endpoint("fraud-x", "InService", "other")];
    expect(await endpointConfigs.recheck(c, config)).toEqual({ state: "match" });
    world.endpoints.push(endpoint("retail-b", "InService", "config-a"), endpoint("retail-c", "Creating", "config-a"));
    expect(await endpointConfigs.recheck(c, config)).toEqual({ state: "changed", why: "still used by retail-b, retail-c" });
    world.endpointConfigs = [];
    expect(await endpointConfigs.recheck(c, config)).toEqual({ state: "gone" });
    expect(await endpointConfigs.discover(c)).toEqual({ items: [], excluded: [] });
  });
});

describe("sagemaker.model-package", () => {
  const pkg = (n: number, status: string, tags = {}) => ({ arn: arn("model-package", `retail-forecast-models/${n}`), status, tags });

  test("plans the group's packages pending approval, named group/version, and leaves another project's alone", async () => {
    given({ modelPackages: [pkg(1, "Approved"), pkg(2, "PendingManualApproval"), pkg(3, "PendingManualApproval", OTHER), { ...pkg(4, "PendingManualApproval"), arn: arn("model-package", "other-group/4") }] });
    const found = await modelPackages.discover(kindContext().c);
    expect(found.items).toEqual([
      {
        id: "sagemaker.model-package:retail-forecast-models/2",
        kind: "sagemaker.model-package",
        name: "retail-forecast-models/2",
        region: REGION,
        rule: "PendingManualApproval package of retail-forecast-models",
        dependsOn: [],
        match: { tags: {}, status: "PendingManualApproval" },
        arn: pkg(2, "").arn,
      },
    ]);
    expect(found.excluded).toEqual([{ kind: "sagemaker.model-package", name: "retail-forecast-models/3", why: ANOTHER_PROJECT }]);
    expect(mocks.inputs("ListModelPackages").every((i) => i.MaxResults === 100 && i.ModelApprovalStatus === "PendingManualApproval" && i.ModelPackageGroupName === "retail-forecast-models")).toBe(true);
  });

  test("re-check: the group, the approval, the tags", async () => {
    given({ modelPackages: [pkg(2, "PendingManualApproval")] });
    const { c } = kindContext();
    const [planned] = (await modelPackages.discover(c)).items;
    expect(await modelPackages.recheck(c, planned)).toEqual({ state: "match" });
    expect(await modelPackages.recheck(c, renamed(planned, "other-group/2", arn("model-package", "other-group/2")))).toEqual({ state: "changed", why: "not in the configured model package group" });
    expect(await modelPackages.recheck(c, { ...planned, arn: undefined })).toEqual({ state: "changed", why: "not in the configured model package group" });
    world.modelPackages[0].status = "Approved";
    expect(await modelPackages.recheck(c, planned)).toEqual({ state: "changed", why: "now Approved: only packages pending approval are deleted" });
    world.modelPackages[0] = pkg(2, "PendingManualApproval", { Owner: "someone" });
    expect(await modelPackages.recheck(c, planned)).toEqual({ state: "changed", why: "its tags changed since the plan" });
    world.modelPackages = [];
    expect(await modelPackages.recheck(c, planned)).toEqual({ state: "gone" });
  });
});

describe("sagemaker.training-job", () => {
  const job = (name: string, status = "InProgress", tags = {}) => ({ name, status, tags });

  test("plans the jobs in progress whose name starts with the prefix, with what they run on", async () => {
    given({ trainingJobs: [job("retail-1"), job("retail-2", "Completed"), job("x-retail-3"), job("retail-4", "InProgress", OTHER)] });
    const found = await trainingJobs.discover(kindContext().c);
    expect(found.items).toEqual([
      {
        id: "sagemaker.training-job:retail-1",
        kind: "sagemaker.training-job",
        name: "retail-1",
        region: REGION,
        rule: "InProgress training job named retail-*",
        dependsOn: [],
        match: { tags: {}, status: "InProgress" },
        arn: arn("training-job", "retail-1"),
        cost: "2 x ml.m5.xlarge billed while it runs",
      },
    ]);
    expect(found.excluded).toEqual([{ kind: "sagemaker.training-job", name: "retail-4", why: ANOTHER_PROJECT }]);
    expect(mocks.inputs("ListTrainingJobs").every((i) => i.StatusEquals === "InProgress" && i.NameContains === "retail-" && i.MaxResults === 100)).toBe(true);
  });

  test("a job on a heterogeneous cluster is priced as unknown instances", async () => {
    given({ trainingJobs: [{ ...job("retail-1"), instanceGroups: true }] });
    expect((await trainingJobs.discover(kindContext().c)).items[0].cost).toBe("? x ? billed while it runs");
  });

  test("re-check: the prefix, still in progress, the tags", async () => {
    given({ trainingJobs: [job("retail-1")] });
    const { c } = kindContext();
    const [planned] = (await trainingJobs.discover(c)).items;
    expect(await trainingJobs.recheck(c, planned)).toEqual({ state: "match" });
    expect(await trainingJobs.recheck(c, renamed(planned, "fraud-1"))).toEqual({ state: "changed", why: "not named with the configured prefix" });
    world.trainingJobs[0].tags = OTHER;
    expect(await trainingJobs.recheck(c, planned)).toEqual({ state: "changed", why: ANOTHER_PROJECT });
    world.trainingJobs[0].status = "Completed";
    expect(await trainingJobs.recheck(c, planned)).toEqual({ state: "gone" });
    world.trainingJobs = [];
    expect(await trainingJobs.recheck(c, planned)).toEqual({ state: "gone" });
  });
});
