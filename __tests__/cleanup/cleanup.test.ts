import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runApply, runPlan } from "../../cleanup/run";
import { cleanupHarness, logLines, readPlan } from "./harness";
import { ACCOUNT, POLICY_ARN, WORKSHOP_BUCKET, type CleanupWorld } from "./world";

const harness = cleanupHarness();
const { mocks, planned } = harness;
let world: CleanupWorld;
function setup(w?: CleanupWorld) {
  const t = harness.setup(w);
  world = t.world;
  return t;
}

describe("cleanup plan", () => {
  test("finds every kind across pages, in deletion order, and changes nothing", async () => {
    const t = setup();
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    expect(mocks.destructive()).toEqual([]);
    const plan = readPlan(t.planFile);
    expect(plan.items.map((i) => `${i.order}. ${i.id}`)).toEqual([
      "1. cloudfront.distribution:E1WORKSHOP",
      "2. cloudfront.distribution:E2API",
      "3. apigateway.rest-api:InferenceAPI",
      "4. lambda.function:inference-function",
      "5. lambda.function:preprocessing-function",
      "6. sagemaker.training-job:retail-forecast-2026-11-27",
      "7. sagemaker.endpoint:retail-forecast-endpoint",
      "8. sagemaker.endpoint:retail-shadow",
      "9. sagemaker.endpoint-config:retail-forecast-config",
      "10. sagemaker.model-package:retail-forecast-models/2",
      "11. ecr.images:mlops/retail-api",
      "12. eks.pod-identity-association:mlops-retail-cluster/retail:retail-api",
      "13. eks.addon:mlops-retail-cluster/amazon-cloudwatch-observability",
      "14. logs.log-group:/aws/containerinsights/mlops-retail-cluster/application",
      "15. logs.log-group:/aws/containerinsights/mlops-retail-cluster/dataplane",
      "16. logs.log-group:/aws/containerinsights/mlops-retail-cluster/performance",
      "17. dynamodb.table:InferenceMetadata",
      `18. s3.bucket:${WORKSHOP_BUCKET}`,
      "19. iam.policy:lambda-inference-policy",
      "20. iam.role:lambda-inference-role",
    ]);
    const byId = Object.fromEntries(plan.items.map((i) => [i.id, i]));
    expect(byId["apigateway.rest-api:InferenceAPI"].dependsOn).toEqual(["cloudfront.distribution:E1WORKSHOP", "cloudfront.distribution:E2API"]);
    expect(byId[`s3.bucket:${WORKSHOP_BUCKET}`].dependsOn).toEqual(["cloudfront.distribution:E1WORKSHOP", "cloudfront.distribution:E2API"]);
    expect(byId["lambda.function:inference-function"].dependsOn).toEqual(["apigateway.rest-api:InferenceAPI"]);
    expect(byId["iam.role:lambda-inference-role"].dependsOn).toEqual(["lambda.function:inference-function", "lambda.function:preprocessing-function"]);
    expect(byId["sagemaker.endpoint-config:retail-forecast-config"].dependsOn).toEqual(["sagemaker.endpoint:retail-forecast-endpoint"]);
    // Only dev's own tag: staging's image is staging's.
    expect(byId["ecr.images:mlops/retail-api"].match.targets).toEqual(["digest:sha256:ddd", "digest:sha256:eee", "tag:dev"]);
    expect(byId["sagemaker.training-job:retail-forecast-2026-11-27"].cost).toBe("2 x ml.m5.xlarge billed while it runs");
    expect(byId["iam.policy:lambda-inference-policy"].cost).toBe("attached to 3 role(s), user(s) or group(s): detached first");
    // Everything points only at items ordered before it.
    for (const i of plan.items) for (const d of i.dependsOn) expect(byId[d].order).toBeLessThan(i.order);
  });

  test("leaves alone other projects' resources, this app's own, approved packages and shared configs, saying why", async () => {
    const t = setup();
    world.tables[0].protection = true;
    world.functions[1].tags = { Project: "mlops-retail-prediction", ManagedBy: "cdktf" };
    await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true });
    const plan = readPlan(t.planFile);
    expect(plan.excluded).toEqual([
      { kind: "lambda.function", name: "inference-function", why: "tagged ManagedBy=cdktf, Project=mlops-retail-prediction: in this app's Terraform state, cdktf destroy removes it" },
      { kind: "sagemaker.training-job", name: "retail-other-team", why: "tagged for another project (Project=fraud-detection)" },
      { kind: "sagemaker.endpoint-config", name: "shared-config", why: "also used by retail-live" },
      { kind: "sagemaker.model-package", name: "retail-forecast-models/4", why: "tagged ManagedBy=cdktf, Project=mlops-retail-prediction: in this app's Terraform state, cdktf destroy removes it" },
      {
        kind: "eks.pod-identity-association",
        name: "mlops-retail-sandbox/retail:retail-api",
        why: "tagged ManagedBy=cdktf, Project=mlops-retail-prediction: in this app's Terraform state, cdktf destroy removes it",
      },
      { kind: "logs.log-group", name: "/aws/containerinsights/mlops-retail-shared/application", why: "tagged for another project (Project=fraud-detection)" },
      {
        kind: "dynamodb.table",
        name: "InferenceMetadata",
        why: "deletion protection is on: turn it off (aws dynamodb update-table --no-deletion-protection-enabled) if the table really goes",
      },
    ]);
    const ids = plan.items.map((i) => i.id);
    expect(ids).not.toContain("sagemaker.model-package:retail-forecast-models/1");
    expect(ids.filter((i) => i.startsWith("cloudfront"))).not.toContain("cloudfront.distribution:E3OTHER");
    expect(ids).not.toContain("logs.log-group:/aws/containerinsights/fraud-cluster/application");
    expect(ids).not.toContain("sagemaker.training-job:fraud-train-1");
    // Another cluster's association of the same service account, and the CNI's (not the pipeline's), are not looked at.
    expect(ids.filter((i) => i.startsWith("eks.pod-identity-association"))).toEqual(["eks.pod-identity-association:mlops-retail-cluster/retail:retail-api"]);
  });

  test("prints a table with the kind, name, why, order, dependencies and cost", async () => {
    const t = setup();
    await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true });
    expect(t.log.slice(0, 3)).toEqual([
      "Cleanup plan for dev (account 111122223333, us-east-1), 2026-11-27T12:00:00.000Z: 20 to delete, 5 left alone",
      "",
      `  1. cloudfront.distribution  E1WORKSHOP  (arn:aws:cloudfront::${ACCOUNT}:distribution/E1WORKSHOP)`,
    ]);
    expect(t.log).toContain(`       why: distribution with the workshop origin ${WORKSHOP_BUCKET}.s3.us-east-1.amazonaws.com; while it stays: enabled, e1workshop.cloudfront.net: billed per request and transfer while it serves`);
    expect(t.log[t.log.length - 1]).toMatch(/^Plan written to .*cleanup-plan-dev\.json \(\d+ read-only API calls\)\. Nothing was changed\./);
  });

  test("refuses prod without --allow-prod, another account, and missing credentials (exit 2)", async () => {
    const t = setup();
    expect(await runPlan(t.options, "prod", undefined, { allowProd: false, sharedAccount: true })).toBe(2);
    expect(t.problems).toEqual(["cleanup: prod keeps its audit evidence (audit.retainOnDestroy): refusing without --allow-prod (and even then, nothing this app created, audit evidence included, is ever planned)"]);
    world.caller = { Account: "444455556666", Arn: "arn:aws:sts::444455556666:assumed-role/admin/x" };
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(2);
    expect(t.problems[1]).toBe(
      "cleanup: dev: the credentials are for account 444455556666 (arn:aws:sts::444455556666:assumed-role/admin/x), but dev is configured for 111122223333; refusing to touch another account (sign in to the configured one)",
    );
    world.caller = "no credentials";
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(2);
    expect(t.problems[2]).toMatch(/^cleanup: no AWS credentials: the default chain found none/);
    expect(mocks.destructive()).toEqual([]);
  });

  test("refuses an environment the configuration does not declare (exit 2)", async () => {
    const t = setup();
    expect(await runPlan(t.options, "qa", undefined, { allowProd: false, sharedAccount: true })).toBe(2);
    expect(t.problems).toEqual(["cleanup: qa is not configured in cdktf.json; configured: dev, prod"]);
  });

  test("plans prod with --allow-prod", async () => {
    const t = setup();
    expect(await runPlan(t.options, "prod", join(t.outdir, "prod.json"), { allowProd: true, sharedAccount: true })).toBe(0);
    expect(readPlan(join(t.outdir, "prod.json")).items.length).toBe(20);
  });
});

describe("cleanup apply", () => {

  test("deletes exactly the plan, in order: CloudFront disabled, deployed and deleted with its ETag, the bucket emptied, the policy detached", async () => {
    const t = setup();
    await planned(t);
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(0);
    // The calls sent, in the order sent, with their inputs: what AWS saw, not what cleanup logged.
    const calls = mocks.destructive().map((c) => `${c.command} ${JSON.stringify(c.input)}`);
    const at = (command: string, input: object = {}): number => {
      const wanted = JSON.stringify(input).slice(1, -1);
      return calls.findIndex((c) => c.startsWith(`${command} `) && c.includes(wanted));
    };
    for (const [before, after] of [
      [at("UpdateDistribution", { Id: "E1WORKSHOP", IfMatch: "E1-1" }), at("DeleteDistribution", { Id: "E1WORKSHOP", IfMatch: "E1WORKSHOP-2" })],
      [at("DeleteDistribution", { Id: "E2API", IfMatch: "E2-1" }), at("DeleteRestApi", { restApiId: "abc123" })],
      [at("DeleteDistribution", { Id: "E1WORKSHOP" }), at("DeleteBucket", { Bucket: WORKSHOP_BUCKET })],
      [at("DeleteRestApi", { restApiId: "abc123" }), at("DeleteFunction", { FunctionName: "inference-function" })],
      [at("DeleteFunction", { FunctionName: "preprocessing-function" }), at("DeleteRole", { RoleName: "lambda-inference-role" })],
      [at("DeleteEndpoint", { EndpointName: "retail-forecast-endpoint" }), at("DeleteEndpointConfig", { EndpointConfigName: "retail-forecast-config" })],
    ]) {
      expect(before).toBeGreaterThanOrEqual(0);
      expect(after).toBeGreaterThan(before);
    }
    // The disabling update carries the whole configuration CloudFront gave, with Enabled false.
    expect(mocks.destructive().find((c) => c.command === "UpdateDistribution")?.input.DistributionConfig).toEqual({
      CallerReference: "E1WORKSHOP",
      Enabled: false,
      Origins: { Quantity: 1, Items: [{ Id: "o0", DomainName: `${WORKSHOP_BUCKET}.s3.us-east-1.amazonaws.com` }] },
    });
    // One progress line per poll of each SDK waiter: the world keeps each in its transitional state for three polls.
    expect(t.progress.filter((p) => p.includes("E1WORKSHOP"))).toHaveLength(3);
    expect(t.progress.filter((p) => /^cleanup: waiting for (SageMaker endpoint|EKS add-on|DynamoDB table|IAM) /.test(p)).map((p) => p.replace(/ \(\d+ s\)$/, ""))).toEqual([
      ...Array(4).fill("cleanup: waiting for SageMaker endpoint retail-forecast-endpoint to be deleted"),
      ...Array(4).fill("cleanup: waiting for SageMaker endpoint retail-shadow to be deleted"),
      ...Array(4).fill("cleanup: waiting for EKS add-on mlops-retail-cluster/amazon-cloudwatch-observability to be deleted"),
      ...Array(4).fill("cleanup: waiting for DynamoDB table InferenceMetadata to be deleted"),
      // IAM's eventual consistency: the world refuses the delete twice after the last detach.
      ...Array(2).fill("cleanup: waiting for IAM to see policy lambda-inference-policy emptied"),
      ...Array(2).fill("cleanup: waiting for IAM to see role lambda-inference-role emptied"),
    ]);
    // 1,500 versions and 200 delete markers: two batches of at most 1,000, each to the account's bucket.
    expect(mocks.destructive().filter((c) => c.command === "DeleteObjects").map((c) => [c.input.Bucket, c.input.ExpectedBucketOwner, c.input.Delete.Objects.length])).toEqual([
      [WORKSHOP_BUCKET, ACCOUNT, 1000],
      [WORKSHOP_BUCKET, ACCOUNT, 700],
    ]);
    expect(
      mocks
        .destructive()
        .filter((c) => c.input.PolicyArn === POLICY_ARN)
        .map((c) => `${c.command} ${JSON.stringify(c.input)}`),
    ).toEqual([
      `DetachRolePolicy {"RoleName":"lambda-inference-role","PolicyArn":"${POLICY_ARN}"}`,
      `DetachUserPolicy {"UserName":"workshop-admin","PolicyArn":"${POLICY_ARN}"}`,
      `DetachGroupPolicy {"GroupName":"workshop-students","PolicyArn":"${POLICY_ARN}"}`,
      `DeletePolicyVersion {"PolicyArn":"${POLICY_ARN}","VersionId":"v1"}`,
      `DeletePolicyVersion {"PolicyArn":"${POLICY_ARN}","VersionId":"v2"}`,
      ...Array(3).fill(`DeletePolicy {"PolicyArn":"${POLICY_ARN}"}`),
    ]);
    expect(world.images.map((i) => [i.digest, i.tags])).toEqual([
      ["sha256:bbb", ["staging", "v1.2"]],
      ["sha256:ccc", ["prod"]],
    ]);
    expect(world.modelPackages.map((m) => m.status)).toEqual(["Approved", "Rejected", "PendingManualApproval"]);
    expect(world.trainingJobs.find((j) => j.name === "retail-forecast-2026-11-27")?.status).toBe("Stopping");
    expect(world.endpointConfigs).toEqual(["shared-config"]);
    expect(t.log.slice(-2)).toEqual(["Found again: none", expect.stringMatching(/^Gone: 20 of 20\. Log: .*cleanup-dev-2026-11-27T12-00-00-000Z\.jsonl \(\d+ API calls\)$/)]);
  });

  test("skips what changed since the plan and reports what is already gone; exit 1", async () => {
    const t = setup();
    await planned(t);
    world.functions = world.functions.filter((f) => f.name !== "preprocessing-function");
    world.buckets[0].tags = { Project: "fraud-detection" };
    world.modelPackages[1].status = "Approved";
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(1);
    const outcomes = Object.fromEntries(logLines(t.outdir).filter((l) => l.outcome).map((l) => [l.item, [l.outcome, l.detail]]));
    expect(outcomes["lambda.function:preprocessing-function"]).toEqual(["already gone", undefined]);
    expect(outcomes[`s3.bucket:${WORKSHOP_BUCKET}`]).toEqual(["skipped: changed", "tagged for another project (Project=fraud-detection)"]);
    expect(outcomes["sagemaker.model-package:retail-forecast-models/2"]).toEqual(["skipped: changed", "now Approved: only packages pending approval are deleted"]);
    expect(world.buckets).toHaveLength(1);
    expect(world.modelPackages.some((m) => m.arn.endsWith("/2"))).toBe(true);
  });

  test("a failure stops what depends on it, not the rest; running apply again picks up where it stopped", async () => {
    const t = setup();
    await planned(t);
    world.failOnce.add("inference-function");
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(1);
    const first = Object.fromEntries(logLines(t.outdir).filter((l) => l.outcome).map((l) => [l.item, l.outcome]));
    expect(first["lambda.function:inference-function"]).toBe("failed");
    expect(first["iam.role:lambda-inference-role"]).toBe("skipped: dependency failed");
    expect(first[`s3.bucket:${WORKSHOP_BUCKET}`]).toBe("deleted");
    expect(t.log).toContain("Found again: lambda.function:inference-function, iam.role:lambda-inference-role");
    // Again, with the same plan.
    rmSync(join(t.outdir, readdirSync(t.outdir).find((f) => f.endsWith(".jsonl"))!));
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(0);
    const second = Object.fromEntries(logLines(t.outdir).filter((l) => l.outcome).map((l) => [l.item, l.outcome]));
    expect(second["lambda.function:inference-function"]).toBe("deleted");
    expect(second["iam.role:lambda-inference-role"]).toBe("deleted");
    expect(second[`s3.bucket:${WORKSHOP_BUCKET}`]).toBe("already gone");
  });

  test("a plan edited to reach this app's own resources deletes nothing of them", async () => {
    const t = setup();
    await planned(t);
    const plan = readPlan(t.planFile);
    const evidence = "mlops-cloudtrail-logs-us-east-1-111122223333";
    world.buckets.push({ name: evidence, tags: {}, versions: [{ Key: "AWSLogs/x", VersionId: "1" }], markers: [] });
    const edited = { ...plan, items: [{ ...plan.items[17], id: `s3.bucket:${evidence}`, name: evidence, arn: `arn:aws:s3:::${evidence}`, dependsOn: [], order: 1 }] };
    writeFileSync(t.planFile, JSON.stringify(edited));
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(1);
    expect(mocks.destructive()).toEqual([]);
    expect(logLines(t.outdir).find((l) => l.outcome)).toMatchObject({ outcome: "skipped: changed", detail: "not the configured workshop bucket" });
  });

  test("asks for the environment name on a terminal, refuses without one unless --yes, and refuses prod plans without --allow-prod", async () => {
    const t = setup();
    await planned(t);
    expect(await runApply(t.options, t.planFile, { yes: false, allowProd: false })).toBe(2);
    expect(t.problems).toEqual(["cleanup: apply deletes resources: confirm on a terminal, or pass --yes for non-interactive use"]);
    const asked: string[] = [];
    expect(await runApply(t.options, t.planFile, { yes: false, allowProd: false, confirm: async (q) => (asked.push(q), "prod") })).toBe(2);
    expect(asked).toEqual(["Type the environment name (dev) to delete the 20 items above: "]);
    expect(t.problems[1]).toBe('cleanup: confirmation "prod" is not "dev"; nothing was changed');
    expect(mocks.destructive()).toEqual([]);
    expect(await runApply(t.options, t.planFile, { yes: false, allowProd: false, confirm: async () => "dev" })).toBe(0);
    const prodPlan = { ...readPlan(t.planFile), environment: "prod" };
    writeFileSync(join(t.outdir, "prod.json"), JSON.stringify(prodPlan));
    expect(await runApply(t.options, join(t.outdir, "prod.json"), { yes: true, allowProd: false })).toBe(2);
  });

  test("refuses another account and missing credentials before anything is deleted", async () => {
    const t = setup();
    await planned(t);
    world.caller = "no credentials";
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(2);
    world.caller = { Account: "444455556666", Arn: "arn:aws:sts::444455556666:assumed-role/admin/x" };
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(2);
    expect(mocks.destructive()).toEqual([]);
  });
});

describe("S3 calls name the bucket's owner", () => {
  test("every S3 call of a plan and an apply carries the configured account as ExpectedBucketOwner", async () => {
    const t = setup();
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    await runApply(t.options, t.planFile, { yes: true, allowProd: false });
    const calls = mocks.s3Calls();
    expect(calls.map((c) => c.command)).toEqual(expect.arrayContaining(["HeadBucket", "GetBucketTagging", "ListObjectVersions", "DeleteObjects", "DeleteBucket"]));
    expect(calls.filter((c) => c.input.ExpectedBucketOwner !== ACCOUNT)).toEqual([]);
  });
});
