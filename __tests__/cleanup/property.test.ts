import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { createCleanupClients } from "../../cleanup/aws";
import { FAST_WAITS } from "./world";
import { runApply, runPlan } from "../../cleanup/run";
import type { Plan } from "../../cleanup/plan-file";
import { ACCOUNT, leftovers, mockCleanupAws, type CleanupWorld, type Destructive } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);
const CONTEXT = { foundation: { accountId: ACCOUNT, environments: { dev: {} } } };
const OURS = { Project: "mlops-retail-prediction", ManagedBy: "cdktf" };
const OTHER = { Project: "fraud-detection" };

type Tags = Record<string, string>;
const tagChoice = fc.constantFrom<Tags>({}, {}, {}, OURS, OTHER);

/** The resource a destructive call acts on, as a plan item id would name it. */
function targetsOf(call: Destructive, plan: Plan): string[] {
  const i = call.input;
  const arnToId = (arn: string): string | undefined => plan.items.find((p) => p.arn === arn)?.id;
  switch (call.command) {
    case "DeleteLogGroup":
      return [`logs.log-group:${i.logGroupName}`];
    case "DeleteAddon":
      return [`eks.addon:${i.clusterName}/${i.addonName}`];
    case "DeletePodIdentityAssociation":
      return [
        plan.items.find((p) => p.kind === "eks.pod-identity-association" && p.name.startsWith(`${i.clusterName}/`) && p.match.associationId === i.associationId)?.id ??
          `unplanned association ${i.clusterName}/${i.associationId}`,
      ];
    case "BatchDeleteImage":
      return [`ecr.images:${i.repositoryName}`];
    case "StopTrainingJob":
      return [`sagemaker.training-job:${i.TrainingJobName}`];
    case "DeleteEndpoint":
      return [`sagemaker.endpoint:${i.EndpointName}`];
    case "DeleteEndpointConfig":
      return [`sagemaker.endpoint-config:${i.EndpointConfigName}`];
    case "DeleteModelPackage":
      return [arnToId(i.ModelPackageName) ?? `unplanned model package ${i.ModelPackageName}`];
    case "UpdateDistribution":
    case "DeleteDistribution":
      return [`cloudfront.distribution:${i.Id}`];
    case "DeleteRestApi":
      return [plan.items.find((p) => p.kind === "apigateway.rest-api" && p.match.id === i.restApiId)?.id ?? `unplanned REST API ${i.restApiId}`];
    case "DeleteFunction":
      return [`lambda.function:${i.FunctionName}`];
    case "DeleteTable":
      return [`dynamodb.table:${i.TableName}`];
    case "DeleteObjects":
    case "DeleteBucket":
      return [`s3.bucket:${i.Bucket}`];
    case "DetachRolePolicy":
      // Detaching the planned policy from any role, or any policy from the planned role.
      return [arnToId(i.PolicyArn) ?? `iam.role:${i.RoleName}`];
    case "DetachUserPolicy":
    case "DetachGroupPolicy":
    case "DeletePolicyVersion":
    case "DeletePolicy":
      return [arnToId(i.PolicyArn) ?? `unplanned policy ${i.PolicyArn}`];
    case "RemoveRoleFromInstanceProfile":
    case "DeleteRolePolicy":
    case "DeleteRole":
      return [`iam.role:${i.RoleName}`];
    default:
      return [`an unknown destructive call ${call.command}`];
  }
}

/** A random account: any subset of the leftovers, each with random tags, plus random state. */
const worlds = fc
  .record({
    keep: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    tags: fc.array(tagChoice, { minLength: 40, maxLength: 40 }),
    protection: fc.boolean(),
  })
  .map(({ keep, tags, protection }) => {
    const w = leftovers();
    let n = 0;
    const pick = <T extends { tags?: Tags }>(items: T[]): T[] =>
      items.filter(() => keep[n++ % 40]).map((item) => ("tags" in item ? { ...item, tags: tags[n % 40] } : item));
    w.logGroups = pick(w.logGroups);
    w.trainingJobs = pick(w.trainingJobs);
    w.endpoints = pick(w.endpoints);
    w.modelPackages = pick(w.modelPackages);
    w.distributions = pick(w.distributions);
    w.restApis = pick(w.restApis);
    w.functions = pick(w.functions);
    w.tables = pick(w.tables).map((t) => ({ ...t, protection }));
    w.buckets = pick(w.buckets).map((b) => ({ ...b, versions: b.versions.slice(0, 30), markers: b.markers.slice(0, 5) }));
    w.policies = pick(w.policies);
    w.roles = pick(w.roles);
    w.images = w.images.filter(() => keep[n++ % 40]);
    w.clusters = w.clusters.map((c) => ({ ...c, associations: c.associations && pick(c.associations) }));
    return w;
  });

/** Edits a reviewer might make to the plan file, and changes in the account before apply. */
const edits = fc.record({
  drop: fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
  bogus: fc.subarray([
    { kind: "cloudfront.distribution", name: "E3OTHER" },
    { kind: "sagemaker.training-job", name: "fraud-train-1" },
    { kind: "sagemaker.endpoint", name: "retail-live" },
    { kind: "s3.bucket", name: "mlops-cloudtrail-logs-us-east-1-111122223333" },
    { kind: "logs.log-group", name: "/aws/containerinsights/fraud-cluster/application" },
    { kind: "iam.role", name: "mlops-retail-prediction-dev-lambda-inference-role" },
    { kind: "lambda.function", name: "fraud-scorer" },
    { kind: "eks.pod-identity-association", name: "mlops-retail-cluster/kube-system:aws-node" },
    { kind: "eks.pod-identity-association", name: "fraud-cluster/retail:retail-api" },
  ] as const),
  retag: fc.array(tagChoice, { minLength: 5, maxLength: 5 }),
});

test("apply never deletes, stops, detaches or changes anything the plan file does not list", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cleanup-property-"));
  try {
    await fc.assert(
      fc.asyncProperty(worlds, edits, async (w, e) => {
        // fast-check replays a value while shrinking: each run gets its own copy to change.
        world = structuredClone(w);
        mocks.reset();
        const options = { context: CONTEXT, env: {}, clients: createCleanupClients, outdir: dir, log: () => undefined, problem: () => undefined, waits: FAST_WAITS };
        const file = join(dir, "plan.json");
        expect(await runPlan(options, "dev", file, { allowProd: false, sharedAccount: true })).toBe(0);
        const discovered: Plan = JSON.parse(readFileSync(file, "utf8"));
        const items = [
          ...discovered.items.filter((_, i) => !e.drop[i % 25]),
          ...e.bogus.map((b, i) => ({ ...b, id: `${b.kind}:${b.name}`, region: "us-east-1", rule: "added by hand", dependsOn: [], match: { tags: {} }, order: 100 + i })),
        ].map((item) => ({ ...item, dependsOn: item.dependsOn.filter((d) => !e.drop[discovered.items.findIndex((x) => x.id === d) % 25]) }));
        const reviewed: Plan = { ...discovered, items };
        writeFileSync(file, JSON.stringify(reviewed));
        // The account changes between plan and apply.
        world.functions.forEach((f, i) => (f.tags = e.retag[i % 5]));
        world.logGroups.forEach((g, i) => (g.tags = e.retag[(i + 1) % 5]));
        world.clusters.forEach((c, i) => c.associations?.forEach((a, j) => (a.tags = e.retag[(i + j + 2) % 5])));
        mocks.reset();
        await runApply(options, file, { yes: true, allowProd: false });
        const listed = new Set(reviewed.items.map((i) => i.id));
        const unlisted = mocks.destructive().flatMap((call) => targetsOf(call, reviewed).filter((t) => !listed.has(t)).map((t) => `${call.command} -> ${t}`));
        expect(unlisted).toEqual([]);
        // Items added by hand that the configuration does not describe are never touched.
        const touched = new Set(mocks.destructive().flatMap((call) => targetsOf(call, reviewed)));
        expect(e.bogus.map((b) => `${b.kind}:${b.name}`).filter((id) => touched.has(id))).toEqual([]);
      }),
      // npm run mutate runs this for each surviving mutant: fewer accounts there, 60 in npm test.
      { numRuns: process.env.MUTATE_SUITES === undefined ? 60 : 15 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000); // 60 random accounts, each planned and applied with the waiters polling: seconds on a loaded machine.
