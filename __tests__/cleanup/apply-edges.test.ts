import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runApply, runPlan } from "../../cleanup/run";
import { CONTEXT, cleanupHarness, readPlan } from "./harness";
import { ACCOUNT, FAST_WAITS, WORKSHOP_BUCKET, leftovers } from "./world";

const { mocks, planned, setup, world } = cleanupHarness();

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
    // A deletion that outlasts any number of polls the wait can make, however fast the machine.
    world().tables[0].deleteTakesPolls = 1_000_000;
    const impatient = { ...t.options, waits: (kind: string) => (kind === "dynamodb.table" ? { minDelay: 0.001, maxDelay: 0.001, maxWaitTime: 0.002 } : FAST_WAITS()) };
    expect(await runApply(impatient, t.planFile, { yes: true, allowProd: false })).toBe(1);
    expect(t.log.find((l) => l.includes("dynamodb.table") && l.includes("failed"))).toMatch(
      /failed\s+dynamodb\.table  InferenceMetadata \(Error: DynamoDB table InferenceMetadata to be deleted: the wait ended after 0\.002 s; run apply again later\)$/,
    );
    t.log.length = 0;
    world().tables[0].deletingPolls = 0;
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
      for (const PolicyArn of world().roles[0].attached) await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
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
    world().roles[0].settlingPolls = 1000;
    const impatient = { ...t.options, waits: (kind: string) => (kind === "iam.settle" ? { minDelay: 0.001, maxDelay: 0.001, maxWaitTime: 0.01 } : FAST_WAITS()) };
    expect(await runApply(impatient, t.planFile, { yes: true, allowProd: false })).toBe(1);
    expect(t.log.find((l) => l.includes("iam.role") && l.includes("failed"))).toMatch(
      /failed\s+iam\.role  lambda-inference-role \(Error: role lambda-inference-role: IAM still reports it in use after 0\.01 s \(Cannot delete entity, must detach all policies first\.\); run apply again later\)$/,
    );
    world().roles[0].settlingPolls = 1;
    rmSync(join(t.outdir, readdirSync(t.outdir).find((f) => f.endsWith(".jsonl"))!));
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(0);
    expect(mocks.destructive().filter((c) => c.command === "DeleteRole")).toHaveLength(2);
    expect(world().roles).toEqual([]);
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

