import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCleanupClients } from "../../cleanup/aws";
import { FAST_WAITS } from "./world";
import { runApply, runPlan, type CleanupOptions } from "../../cleanup/run";
import type { Plan } from "../../cleanup/plan-file";
import { ACCOUNT, POLICY_ARN, WORKSHOP_BUCKET, leftovers, mockCleanupAws, type CleanupWorld } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CONTEXT = { foundation: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/terraform-deployer`] }, environments: { dev: {}, prod: {} } } };
const NOW = new Date("2026-11-27T12:00:00Z");

function setup(w: CleanupWorld = leftovers()) {
  world = w;
  mocks.reset();
  const outdir = mkdtempSync(join(tmpdir(), "cleanup-"));
  dirs.push(outdir);
  const log: string[] = [];
  const problems: string[] = [];
  const progress: string[] = [];
  const options: CleanupOptions = {
    context: CONTEXT,
    env: {},
    clients: createCleanupClients,
    outdir,
    log: (l) => log.push(l),
    problem: (l) => problems.push(l),
    now: () => NOW,
    waits: FAST_WAITS,
    progress: (l) => progress.push(l),
  };
  return { options, outdir, log, problems, progress, planFile: join(outdir, "cleanup-plan-dev.json") };
}

const readPlan = (file: string): Plan => JSON.parse(readFileSync(file, "utf8"));
const logLines = (outdir: string): { item: string; action?: string; outcome?: string; target?: string; detail?: unknown }[] => {
  const file = readdirSync(outdir).find((f) => f.startsWith("cleanup-dev-") && f.endsWith(".jsonl"))!;
  return readFileSync(join(outdir, file), "utf8").trim().split("\n").map((l) => JSON.parse(l));
};

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
      "12. eks.addon:mlops-retail-cluster/amazon-cloudwatch-observability",
      "13. logs.log-group:/aws/containerinsights/mlops-retail-cluster/application",
      "14. logs.log-group:/aws/containerinsights/mlops-retail-cluster/dataplane",
      "15. logs.log-group:/aws/containerinsights/mlops-retail-cluster/performance",
      "16. dynamodb.table:InferenceMetadata",
      `17. s3.bucket:${WORKSHOP_BUCKET}`,
      "18. iam.policy:lambda-inference-policy",
      "19. iam.role:lambda-inference-role",
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
  });

  test("prints a table with the kind, name, why, order, dependencies and cost", async () => {
    const t = setup();
    await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true });
    expect(t.log.slice(0, 3)).toEqual([
      "Cleanup plan for dev (account 111122223333, us-east-1), 2026-11-27T12:00:00.000Z: 19 to delete, 4 left alone",
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
    expect(readPlan(join(t.outdir, "prod.json")).items.length).toBe(19);
  });
});

/** A plan of dev written, and the calls it sent forgotten. */
async function planned(t: ReturnType<typeof setup>): Promise<void> {
  expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
  mocks.reset();
}

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
    expect(t.log.slice(-2)).toEqual(["Found again: none", expect.stringMatching(/^Gone: 19 of 19\. Log: .*cleanup-dev-2026-11-27T12-00-00-000Z\.jsonl \(\d+ API calls\)$/)]);
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
    const edited = { ...plan, items: [{ ...plan.items[16], id: `s3.bucket:${evidence}`, name: evidence, arn: `arn:aws:s3:::${evidence}`, dependsOn: [], order: 1 }] };
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
    expect(asked).toEqual(["Type the environment name (dev) to delete the 19 items above: "]);
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

describe("ECR: images a kept tag needs are never planned", () => {
  const INDEX = "application/vnd.oci.image.index.v1+json";
  /** A multi-arch image as `docker buildx` pushes it: one tagged index, untagged per-platform and attestation manifests. */
  const multiArch = (indexDigest: string, tag: string, children: string[]) => [
    { digest: indexDigest, tags: [tag], manifest: { schemaVersion: 2, mediaType: INDEX, manifests: children.map((digest) => ({ mediaType: "application/vnd.oci.image.manifest.v1+json", digest })) } },
    ...children.map((digest) => ({ digest, tags: [] as string[] })),
  ];

  test("the platform and attestation manifests of a tagged index, and a signature of it, stay; an orphan goes", async () => {
    const w = leftovers();
    w.images = [
      ...multiArch("sha256:index-prod", "prod", ["sha256:amd64", "sha256:arm64", "sha256:attestation"]),
      { digest: "sha256:signature", tags: [], manifest: { schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", subject: { digest: "sha256:index-prod" } } },
      { digest: "sha256:orphan", tags: [] },
      { digest: "sha256:devimage", tags: ["dev"] },
    ];
    const t = setup(w);
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    const plan = readPlan(t.planFile);
    const ecr = plan.items.find((i) => i.kind === "ecr.images")!;
    expect(ecr.match.targets).toEqual(["digest:sha256:orphan", "tag:dev"]);
    expect(plan.excluded.filter((e) => e.kind === "ecr.images")).toEqual([
      {
        kind: "ecr.images",
        name: "mlops/retail-api (4 untagged digests)",
        why: "listed by a tagged multi-arch image index, or a signature or attestation of a kept image: deleting it would break a kept tag",
      },
    ]);
  });

  test("an index pushed between plan and apply keeps the digests it lists", async () => {
    const w = leftovers();
    w.images = [{ digest: "sha256:platform", tags: [] }, { digest: "sha256:orphan", tags: [] }];
    const t = setup(w);
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    expect(readPlan(t.planFile).items.find((i) => i.kind === "ecr.images")!.match.targets).toEqual(["digest:sha256:orphan", "digest:sha256:platform"]);
    // Someone pushes :v2 as a multi-arch index over the platform manifest that the plan lists.
    w.images.push(multiArch("sha256:index-v2", "v2", ["sha256:platform"])[0]);
    await runApply(t.options, t.planFile, { yes: true, allowProd: false });
    const deleted = mocks.destructive().filter((d) => d.command === "BatchDeleteImage").flatMap((d) => d.input.imageIds);
    expect(deleted).toEqual([{ imageDigest: "sha256:orphan" }]);
    expect(w.images.map((i) => i.digest)).toEqual(["sha256:platform", "sha256:index-v2"]);
  });
});

describe("waits that end before AWS is done", () => {
  test("a table still DELETING when its wait ends is a failed item with the reason, and the next apply finds it gone", async () => {
    const t = setup();
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    const impatient = { ...t.options, waits: (kind: string) => (kind === "dynamodb.table" ? { minDelay: 0.001, maxDelay: 0.001, maxWaitTime: 0.002 } : FAST_WAITS()) };
    expect(await runApply(impatient, t.planFile, { yes: true, allowProd: false })).toBe(1);
    expect(t.log.find((l) => l.includes("dynamodb.table") && l.includes("failed"))).toMatch(
      /failed\s+dynamodb\.table  InferenceMetadata \(Error: DynamoDB table InferenceMetadata to be deleted: the wait ended after 0\.002 s; run apply again later\)$/,
    );
    t.log.length = 0;
    await runApply(t.options, t.planFile, { yes: true, allowProd: false });
    expect(t.log.find((l) => l.includes("dynamodb.table") && l.includes("already gone"))).toMatch(/already gone\s+dynamodb\.table  InferenceMetadata$/);
  });
});

describe("the mocked account refuses what AWS refuses", () => {
  test("UpdateDistribution with only Enabled is refused: CloudFront replaces the whole configuration", async () => {
    const { CloudFrontClient, UpdateDistributionCommand } = await import("@aws-sdk/client-cloudfront");
    setup();
    const cloudfront = new CloudFrontClient({ region: "us-east-1" });
    await expect(cloudfront.send(new UpdateDistributionCommand({ Id: "E1WORKSHOP", IfMatch: "E1-1", DistributionConfig: { Enabled: false } as never }))).rejects.toThrow(
      "The parameter DistributionConfig is missing or does not match the distribution's configuration.",
    );
  });

  test("DeleteTable of a table already being deleted is refused, as DynamoDB does", async () => {
    const { DynamoDBClient, DeleteTableCommand } = await import("@aws-sdk/client-dynamodb");
    setup();
    const dynamodb = new DynamoDBClient({ region: "us-east-1" });
    await dynamodb.send(new DeleteTableCommand({ TableName: "InferenceMetadata" }));
    await expect(dynamodb.send(new DeleteTableCommand({ TableName: "InferenceMetadata" }))).rejects.toThrow("Table is being deleted");
  });
});

describe("the mocked account answers only the names it has, as each service does", () => {
  // One wrong input per mocked service (STS's GetCallerIdentity takes none): a mock that answered
  // any input would let a wrong name in cleanup's calls pass unnoticed.
  const cases: [string, () => Promise<unknown>, string][] = [
    ["logs: tags of a log group ARN with the trailing :* DescribeLogGroups gives", async () => {
      const { CloudWatchLogsClient, ListTagsForResourceCommand } = await import("@aws-sdk/client-cloudwatch-logs");
      return new CloudWatchLogsClient({ region: "us-east-1" }).send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/containerinsights/mlops-retail-cluster/application:*` }));
    }, "The specified log group does not exist."],
    ["eks: another add-on of an existing cluster", async () => {
      const { EKSClient, DescribeAddonCommand } = await import("@aws-sdk/client-eks");
      return new EKSClient({ region: "us-east-1" }).send(new DescribeAddonCommand({ clusterName: "mlops-retail-cluster", addonName: "vpc-cni" }));
    }, "No addon: vpc-cni found in cluster: mlops-retail-cluster"],
    ["ecr: images of another repository", async () => {
      const { ECRClient, ListImagesCommand } = await import("@aws-sdk/client-ecr");
      return new ECRClient({ region: "us-east-1" }).send(new ListImagesCommand({ repositoryName: "mlops/other" }));
    }, "The repository with name 'mlops/other' does not exist"],
    ["sagemaker: tags of an endpoint that does not exist", async () => {
      const { SageMakerClient, ListTagsCommand } = await import("@aws-sdk/client-sagemaker");
      return new SageMakerClient({ region: "us-east-1" }).send(new ListTagsCommand({ ResourceArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/retail-nothing` }));
    }, "not found"],
    ["sagemaker: stopping a training job that is not in progress", async () => {
      const { SageMakerClient, StopTrainingJobCommand } = await import("@aws-sdk/client-sagemaker");
      return new SageMakerClient({ region: "us-east-1" }).send(new StopTrainingJobCommand({ TrainingJobName: "retail-forecast-2026-11-20" }));
    }, "is not in progress"],
    ["cloudfront: tags of a distribution ARN of another account", async () => {
      const { CloudFrontClient, ListTagsForResourceCommand } = await import("@aws-sdk/client-cloudfront");
      return new CloudFrontClient({ region: "us-east-1" }).send(new ListTagsForResourceCommand({ Resource: "arn:aws:cloudfront::999999999999:distribution/E1WORKSHOP" }));
    }, "The specified resource does not exist."],
    ["apigateway: deleting an API by its name instead of its id", async () => {
      const { APIGatewayClient, DeleteRestApiCommand } = await import("@aws-sdk/client-api-gateway");
      return new APIGatewayClient({ region: "us-east-1" }).send(new DeleteRestApiCommand({ restApiId: "InferenceAPI" }));
    }, "Invalid API identifier specified"],
    ["lambda: a function by another name", async () => {
      const { LambdaClient, GetFunctionCommand } = await import("@aws-sdk/client-lambda");
      return new LambdaClient({ region: "us-east-1" }).send(new GetFunctionCommand({ FunctionName: "inference" }));
    }, "Function not found"],
    ["dynamodb: tags of a table ARN in another region", async () => {
      const { DynamoDBClient, ListTagsOfResourceCommand } = await import("@aws-sdk/client-dynamodb");
      return new DynamoDBClient({ region: "us-east-1" }).send(new ListTagsOfResourceCommand({ ResourceArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/InferenceMetadata` }));
    }, "not found"],
    ["s3: a call that expects another owner of the bucket", async () => {
      const { S3Client, HeadBucketCommand } = await import("@aws-sdk/client-s3");
      return new S3Client({ region: "us-east-1" }).send(new HeadBucketCommand({ Bucket: WORKSHOP_BUCKET, ExpectedBucketOwner: "999999999999" }));
    }, "Access Denied"],
    ["iam: detaching a policy the role does not have", async () => {
      const { IAMClient, DetachRolePolicyCommand } = await import("@aws-sdk/client-iam");
      return new IAMClient({ region: "us-east-1" }).send(new DetachRolePolicyCommand({ RoleName: "lambda-inference-role", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
    }, "was not found"],
    ["iam: deleting a role right after its last policy is detached (eventual consistency)", async () => {
      const { IAMClient, DeleteRoleCommand, DetachRolePolicyCommand, DeleteRolePolicyCommand, RemoveRoleFromInstanceProfileCommand } = await import("@aws-sdk/client-iam");
      const iam = new IAMClient({ region: "us-east-1" });
      const RoleName = "lambda-inference-role";
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ RoleName, InstanceProfileName: "lambda-inference-profile" }));
      await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: "inline-logs" }));
      for (const PolicyArn of world.roles[0].attached) await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
      return iam.send(new DeleteRoleCommand({ RoleName }));
    }, "Cannot delete entity, must detach all policies first."],
  ];
  test.each(cases)("%s is refused", async (_, call, message) => {
    setup();
    await expect(call()).rejects.toThrow(message);
  });
});

describe("IAM's eventual consistency", () => {
  test("a role IAM keeps reporting in use past the wait is a failed item that names it; the next apply deletes it", async () => {
    const t = setup();
    await planned(t);
    world.roles[0].settlingPolls = 1000;
    const impatient = { ...t.options, waits: (kind: string) => (kind === "iam.settle" ? { minDelay: 0.001, maxDelay: 0.001, maxWaitTime: 0.01 } : FAST_WAITS()) };
    expect(await runApply(impatient, t.planFile, { yes: true, allowProd: false })).toBe(1);
    expect(t.log.find((l) => l.includes("iam.role") && l.includes("failed"))).toMatch(
      /failed\s+iam\.role  lambda-inference-role \(Error: role lambda-inference-role: IAM still reports it in use after 0\.01 s \(Cannot delete entity, must detach all policies first\.\); run apply again later\)$/,
    );
    world.roles[0].settlingPolls = 1;
    rmSync(join(t.outdir, readdirSync(t.outdir).find((f) => f.endsWith(".jsonl"))!));
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(0);
    expect(mocks.destructive().filter((c) => c.command === "DeleteRole")).toHaveLength(2);
    expect(world.roles).toEqual([]);
  });
});

describe("cleanup plan is scoped to one environment", () => {
  const shared = { foundation: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/terraform-deployer`] }, environments: { dev: {}, staging: { audit: { retainOnDestroy: false, objectLock: { mode: "NONE" } } }, prod: { accountId: "444455556666", audit: { breakGlassPrincipalArns: ["arn:aws:iam::444455556666:role/terraform-deployer"] } } } } };

  test("dev and staging in one account and region: refused without --shared-account, before anything is asked of AWS", async () => {
    const t = setup();
    const code = await runPlan({ ...t.options, context: shared }, "dev", undefined, { allowProd: false, sharedAccount: false });
    expect({ code, problems: t.problems, sent: mocks.destructive().length }).toEqual({
      code: 2,
      problems: [
        `cleanup: dev shares account ${ACCOUNT} and region us-east-1 with staging: the workshop's resources found there may be staging's too. ` +
          "Give each environment its own names under cleanup (ecrTags, eksClusterPattern, ...), then pass --shared-account, and read the plan before applying it",
      ],
      sent: 0,
    });
    expect(await runPlan({ ...t.options, context: shared }, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
  });

  test("another region of the same account is not shared", async () => {
    const t = setup();
    const otherRegion = { foundation: { ...shared.foundation, environments: { dev: {}, staging: { region: "eu-west-1", audit: { retainOnDestroy: false, objectLock: { mode: "NONE" } } } } } };
    expect(await runPlan({ ...t.options, context: otherRegion }, "dev", undefined, { allowProd: false, sharedAccount: false })).toBe(0);
  });

  test("staging, which keeps its evidence, needs --allow-prod like prod", async () => {
    const t = setup();
    const context = { foundation: { ...CONTEXT.foundation, environments: { staging: {} } } };
    expect(await runPlan({ ...t.options, context }, "staging", undefined, { allowProd: false, sharedAccount: false })).toBe(2);
    expect(t.problems[0]).toMatch(/^cleanup: staging keeps its audit evidence \(audit\.retainOnDestroy\): refusing without --allow-prod/);
  });
});

/** What a command printed, as a file: the temporary directory named <outdir>, the log file's timestamp kept (the clock is fixed). */
const console = (lines: readonly string[], outdir: string): string => lines.map((l) => l.split(outdir).join("<outdir>")).join("\n") + "\n";

describe("the plan and the apply log of the leftovers, written out", () => {
  // Every field of every planned and excluded item, and every line of the apply log, pinned: a
  // kind that plans a wrong name, rule, ARN or match, or logs a wrong action, fails here. Read the
  // files when they change (UPDATE_GOLDEN=1).
  test("the plan file and the JSONL log of its apply", async () => {
    const t = setup();
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    const plan = readFileSync(t.planFile, "utf8").replace(t.outdir, "<outdir>");
    const planned = console(t.log.splice(0), t.outdir);
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(0);
    const log = logLines(t.outdir).map((l) => JSON.stringify(l)).join("\n") + "\n";
    const applied = console(t.log, t.outdir);
    for (const [text, name] of [[plan, "plan-dev.json"], [planned, "plan-dev.txt"], [log, "apply-dev.jsonl"], [applied, "apply-dev.txt"]]) {
      const golden = join(__dirname, "golden", name);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, "utf8"));
    }
  });

  // Every kind's re-check at apply time: everything re-tagged for another project is skipped with
  // the reason; everything deleted meanwhile is "already gone". Nothing is deleted in either.
  test.each([
    [
      "retagged",
      (w: CleanupWorld) => {
        const other = { Project: "fraud-detection" };
        for (const list of [w.logGroups, w.trainingJobs, w.endpoints, w.modelPackages, w.distributions, w.restApis, w.functions, w.tables, w.buckets, w.policies, w.roles]) for (const r of list as { tags: Record<string, string> }[]) r.tags = other;
        for (const c of w.clusters) if (c.addon) c.addon.tags = other;
        if (w.repository) w.repository.tags = other;
      },
    ],
    [
      "gone",
      (w: CleanupWorld) => {
        Object.assign(w, { logGroups: [], trainingJobs: [], endpoints: [], endpointConfigs: [], modelPackages: [], distributions: [], restApis: [], functions: [], tables: [], buckets: [], policies: [], roles: [], images: [] });
        for (const c of w.clusters) c.addon = undefined;
      },
    ],
  ] as const)("the apply log when everything planned was %s", async (name, change) => {
    const t = setup();
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    change(world);
    mocks.reset();
    t.log.splice(0);
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(name === "gone" ? 0 : 1);
    expect(mocks.destructive()).toEqual([]);
    const log = logLines(t.outdir).map((l) => JSON.stringify(l)).join("\n") + "\n";
    for (const [text, file] of [[log, `apply-dev-${name}.jsonl`], [console(t.log, t.outdir), `apply-dev-${name}.txt`]]) {
      const golden = join(__dirname, "golden", file);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, "utf8"));
    }
  });
});
