/**
 * A mocked AWS account for `npm run cleanup`: the workshop's leftovers, other projects'
 * resources and this app's own, behind aws-sdk-client-mock. Lists page two items at a time, so
 * every discovery crosses pages. Destructive calls change the world and are recorded.
 */
import { APIGatewayClient, DeleteRestApiCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import {
  CloudFrontClient,
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand as ListCloudFrontTagsCommand,
  UpdateDistributionCommand,
} from "@aws-sdk/client-cloudfront";
import { CloudWatchLogsClient, DeleteLogGroupCommand, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from "@aws-sdk/client-dynamodb";
import { BatchDeleteImageCommand, BatchGetImageCommand, DescribeRepositoriesCommand, ECRClient, ListImagesCommand, ListTagsForResourceCommand as ListEcrTagsCommand } from "@aws-sdk/client-ecr";
import { DeleteAddonCommand, DescribeAddonCommand, EKSClient, ListClustersCommand } from "@aws-sdk/client-eks";
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from "@aws-sdk/client-iam";
import { DeleteFunctionCommand, GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, HeadBucketCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelPackageCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelPackageCommand,
  DescribeTrainingJobCommand,
  ListEndpointsCommand,
  ListModelPackagesCommand,
  ListTagsCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";

// Mocked AWS state is plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Tags = Record<string, string>;

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
const OURS: Tags = { Project: "mlops-retail-prediction", ManagedBy: "cdktf", Environment: "dev" };
const OTHER: Tags = { Project: "fraud-detection" };

export interface Distribution {
  id: string;
  origins: string[];
  enabled: boolean;
  status: "Deployed" | "InProgress";
  etag: string;
  tags: Tags;
  /** GetDistribution calls left before an InProgress change is Deployed. */
  pollsToDeploy: number;
}

export interface CleanupWorld {
  caller: { Account: string; Arn: string } | "no credentials";
  logGroups: { name: string; tags: Tags; storedBytes: number }[];
  /** `deletingPolls`: after DeleteAddon the add-on stays DELETING for that many DescribeAddon calls, as EKS keeps it for minutes. */
  clusters: { name: string; addon?: { tags: Tags; deletingPolls?: number } }[];
  repository?: { name: string; tags: Tags };
  /** Images by digest; `manifest` is what BatchGetImage returns (default: a single-platform image manifest). */
  images: { digest: string; tags: string[]; manifest?: Json }[];
  trainingJobs: { name: string; status: string; tags: Tags }[];
  /** After DeleteEndpoint an endpoint is "Deleting" for `deletingPolls` DescribeEndpoint calls (default 3). */
  endpoints: { name: string; status: string; config: string; tags: Tags; deletingPolls?: number }[];
  endpointConfigs: string[];
  modelPackages: { arn: string; status: string; tags: Tags }[];
  distributions: Distribution[];
  restApis: { id: string; name: string; tags: Tags }[];
  functions: { name: string; tags: Tags }[];
  /** After DeleteTable a table is DELETING for `deletingPolls` DescribeTable calls (default 3). */
  tables: { name: string; protection: boolean; tags: Tags; deletingPolls?: number }[];
  buckets: { name: string; tags: Tags; versions: { Key: string; VersionId: string }[]; markers: { Key: string; VersionId: string }[] }[];
  policies: { arn: string; tags: Tags; entities: { type: "Role" | "User" | "Group"; name: string }[]; versions: { id: string; isDefault: boolean }[] }[];
  roles: { name: string; tags: Tags; profiles: string[]; inline: string[]; attached: string[] }[];
  /** Names whose delete calls fail once (a transient error mid-apply). */
  failOnce: Set<string>;
}

/** Every destructive call made, with what it targeted. */
export interface Destructive {
  readonly command: string;
  readonly input: Json;
}

export const WORKSHOP_BUCKET = `ml-workshop-data-${ACCOUNT}`;
export const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/lambda-inference-policy`;

/** The workshop's leftovers across every kind, with neighbours that must be left alone. */
export function leftovers(): CleanupWorld {
  const versions = Array.from({ length: 1500 }, (_, i) => ({ Key: `raw/${i}.csv`, VersionId: `v${i}` }));
  const markers = Array.from({ length: 200 }, (_, i) => ({ Key: `raw/${i}.csv`, VersionId: `m${i}` }));
  return {
    caller: { Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/me` },
    logGroups: [
      { name: "/aws/containerinsights/mlops-retail-cluster/application", tags: {}, storedBytes: 5e6 },
      { name: "/aws/containerinsights/mlops-retail-cluster/performance", tags: {}, storedBytes: 9e6 },
      { name: "/aws/containerinsights/mlops-retail-cluster/dataplane", tags: {}, storedBytes: 1e6 },
      { name: "/aws/containerinsights/fraud-cluster/application", tags: {}, storedBytes: 1e6 },
      { name: "/aws/containerinsights/mlops-retail-shared/application", tags: OTHER, storedBytes: 1e6 },
    ],
    clusters: [{ name: "fraud-cluster", addon: { tags: {} } }, { name: "mlops-retail-cluster", addon: { tags: {} } }, { name: "mlops-retail-sandbox" }],
    repository: { name: "mlops/retail-api", tags: {} },
    images: [
      { digest: "sha256:aaa", tags: ["dev"] },
      { digest: "sha256:bbb", tags: ["staging", "v1.2"] },
      { digest: "sha256:ccc", tags: ["prod"] },
      { digest: "sha256:ddd", tags: [] },
      { digest: "sha256:eee", tags: [] },
    ],
    trainingJobs: [
      { name: "retail-forecast-2026-11-27", status: "InProgress", tags: {} },
      { name: "retail-forecast-2026-11-20", status: "Completed", tags: {} },
      { name: "fraud-train-1", status: "InProgress", tags: {} },
      { name: "retail-other-team", status: "InProgress", tags: OTHER },
    ],
    endpoints: [
      { name: "retail-forecast-endpoint", status: "Failed", config: "retail-forecast-config", tags: {} },
      { name: "retail-shadow", status: "Failed", config: "shared-config", tags: {} },
      { name: "retail-live", status: "InService", config: "shared-config", tags: {} },
    ],
    endpointConfigs: ["retail-forecast-config", "shared-config"],
    modelPackages: [
      { arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/retail-forecast-models/1`, status: "Approved", tags: {} },
      { arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/retail-forecast-models/2`, status: "PendingManualApproval", tags: {} },
      { arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/retail-forecast-models/3`, status: "Rejected", tags: {} },
      { arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/retail-forecast-models/4`, status: "PendingManualApproval", tags: OURS },
    ],
    distributions: [
      { id: "E1WORKSHOP", origins: [`${WORKSHOP_BUCKET}.s3.${REGION}.amazonaws.com`], enabled: true, status: "Deployed", etag: "E1-1", tags: {}, pollsToDeploy: 3 },
      { id: "E2API", origins: [`abc123.execute-api.${REGION}.amazonaws.com`], enabled: false, status: "Deployed", etag: "E2-1", tags: {}, pollsToDeploy: 0 },
      { id: "E3OTHER", origins: ["fraud-site.s3.amazonaws.com"], enabled: true, status: "Deployed", etag: "E3-1", tags: {}, pollsToDeploy: 0 },
    ],
    restApis: [
      { id: "zzz999", name: "FraudAPI", tags: {} },
      { id: "abc123", name: "InferenceAPI", tags: {} },
    ],
    functions: [
      { name: "preprocessing-function", tags: {} },
      { name: "inference-function", tags: {} },
    ],
    tables: [{ name: "InferenceMetadata", protection: false, tags: {} }],
    buckets: [{ name: WORKSHOP_BUCKET, tags: {}, versions, markers }],
    policies: [
      {
        arn: POLICY_ARN,
        tags: {},
        entities: [
          { type: "Role", name: "lambda-inference-role" },
          { type: "User", name: "workshop-admin" },
          { type: "Group", name: "workshop-students" },
        ],
        versions: [
          { id: "v1", isDefault: false },
          { id: "v2", isDefault: false },
          { id: "v3", isDefault: true },
        ],
      },
    ],
    roles: [{ name: "lambda-inference-role", tags: {}, profiles: ["lambda-inference-profile"], inline: ["inline-logs"], attached: [POLICY_ARN, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"] }],
    failOnce: new Set(),
  };
}

const error = (name: string, message: string): Error => Object.assign(new Error(message), { name });
const tagList = (tags: Tags): { Key: string; Value: string }[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const PAGE = 2;
/** Two items per page, the token being the next offset. */
function page<T>(items: readonly T[], token: string | undefined): { slice: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  return { slice: items.slice(start, start + PAGE), next: start + PAGE < items.length ? String(start + PAGE) : undefined };
}

export interface CleanupMocks {
  readonly reset: () => void;
  readonly destructive: () => Destructive[];
  /** The S3 calls sent since the last reset: command name and input. */
  readonly s3Calls: () => Destructive[];
  /** Every SDK command sent since the last reset, as `<service>.<command>` (`ecr.ListImages`, ...). */
  readonly sent: () => string[];
}

/** The services of `clients` below, in the same order. */
const SERVICES = ["sts", "logs", "eks", "ecr", "sagemaker", "cloudfront", "apigateway", "lambda", "dynamodb", "s3", "iam"];

const DESTRUCTIVE = /^(Delete|Stop|Detach|Remove|BatchDelete|Update)/;

/** SDK waiters polling every few milliseconds: a test waits for the world's deleting states, not for minutes. */
export const FAST_WAITS = (): { minDelay: number; maxDelay: number; maxWaitTime: number } => ({ minDelay: 0.001, maxDelay: 0.002, maxWaitTime: 5 });

export function mockCleanupAws(world: () => CleanupWorld): CleanupMocks {
  const sts = mockClient(STSClient);
  const logs = mockClient(CloudWatchLogsClient);
  const eks = mockClient(EKSClient);
  const ecr = mockClient(ECRClient);
  const sagemaker = mockClient(SageMakerClient);
  const cloudfront = mockClient(CloudFrontClient);
  const apigateway = mockClient(APIGatewayClient);
  const lambda = mockClient(LambdaClient);
  const dynamodb = mockClient(DynamoDBClient);
  const s3 = mockClient(S3Client);
  const iam = mockClient(IAMClient);
  const clients = [sts, logs, eks, ecr, sagemaker, cloudfront, apigateway, lambda, dynamodb, s3, iam] as { reset(): void; calls(): { args: unknown[] }[] }[];
  const failing = (name: string): void => {
    if (world().failOnce.delete(name)) throw error("ServiceUnavailableException", `transient failure deleting ${name}`);
  };
  const install = (): void => {
    sts.on(GetCallerIdentityCommand).callsFake(() => {
      const caller = world().caller;
      if (caller === "no credentials") throw error("CredentialsProviderError", "Could not load credentials from any providers");
      return caller;
    });
    // CloudWatch Logs
    logs.on(DescribeLogGroupsCommand).callsFake(({ logGroupNamePrefix, nextToken }) => {
      const p = page(world().logGroups.filter((g) => g.name.startsWith(logGroupNamePrefix ?? "")), nextToken);
      return { logGroups: p.slice.map((g) => ({ logGroupName: g.name, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${g.name}:*`, storedBytes: g.storedBytes })), nextToken: p.next };
    });
    logs.on(ListLogTagsCommand).callsFake(({ resourceArn }) => ({ tags: world().logGroups.find((g) => resourceArn.endsWith(`:log-group:${g.name}`))?.tags ?? {} }));
    logs.on(DeleteLogGroupCommand).callsFake(({ logGroupName }) => {
      failing(logGroupName);
      const w = world();
      if (!w.logGroups.some((g) => g.name === logGroupName)) throw error("ResourceNotFoundException", "The specified log group does not exist.");
      w.logGroups = w.logGroups.filter((g) => g.name !== logGroupName);
      return {};
    });
    // EKS
    eks.on(ListClustersCommand).callsFake(({ nextToken }) => {
      const p = page(world().clusters.map((c) => c.name), nextToken);
      return { clusters: p.slice, nextToken: p.next };
    });
    eks.on(DescribeAddonCommand).callsFake(({ clusterName, addonName }) => {
      const cluster = world().clusters.find((c) => c.name === clusterName);
      const addon = cluster?.addon;
      if (!cluster || !addon) throw error("ResourceNotFoundException", `No addon: ${addonName} found in cluster: ${clusterName}`);
      if (addon.deletingPolls !== undefined && addon.deletingPolls-- <= 0) {
        cluster.addon = undefined;
        throw error("ResourceNotFoundException", `No addon: ${addonName} found in cluster: ${clusterName}`);
      }
      const status = addon.deletingPolls !== undefined ? "DELETING" : "ACTIVE";
      return { addon: { addonName, clusterName, addonArn: `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${clusterName}/${addonName}/x`, status, tags: addon.tags } };
    });
    eks.on(DeleteAddonCommand).callsFake(({ clusterName }) => {
      const cluster = world().clusters.find((c) => c.name === clusterName);
      if (!cluster?.addon) throw error("ResourceNotFoundException", "No addon");
      cluster.addon.deletingPolls ??= 3;
      return { addon: { status: "DELETING" } };
    });
    // ECR
    ecr.on(DescribeRepositoriesCommand).callsFake(({ repositoryNames }) => {
      const repo = world().repository;
      if (!repo || repo.name !== repositoryNames[0]) throw error("RepositoryNotFoundException", `The repository with name '${repositoryNames[0]}' does not exist`);
      return { repositories: [{ repositoryName: repo.name, repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${repo.name}` }] };
    });
    ecr.on(ListEcrTagsCommand).callsFake(() => ({ tags: tagList(world().repository?.tags ?? {}) }));
    ecr.on(ListImagesCommand).callsFake(({ filter, nextToken }) => {
      const ids =
        filter?.tagStatus === "UNTAGGED"
          ? world().images.filter((i) => i.tags.length === 0).map((i) => ({ imageDigest: i.digest }))
          : world().images.flatMap((i) => i.tags.map((imageTag) => ({ imageDigest: i.digest, imageTag })));
      const p = page(ids, nextToken);
      return { imageIds: p.slice, nextToken: p.next };
    });
    // BatchGetImage: the manifests asked for by digest, at most 100 a call; unknown ids are failures, as ECR reports them.
    ecr.on(BatchGetImageCommand).callsFake(({ repositoryName, imageIds }) => {
      if (world().repository?.name !== repositoryName) throw error("RepositoryNotFoundException", `The repository with name '${repositoryName}' does not exist`);
      if (imageIds.length > 100) throw error("InvalidParameterException", "imageIds must contain at most 100 items");
      const images = [];
      const failures = [];
      for (const id of imageIds) {
        const image = world().images.find((i) => i.digest === id.imageDigest);
        if (!image) failures.push({ imageId: id, failureCode: "ImageNotFound", failureReason: "Requested image not found" });
        else {
          const manifest = image.manifest ?? { schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: { digest: `${image.digest}-config` }, layers: [] };
          images.push({ imageId: { imageDigest: image.digest }, imageManifest: JSON.stringify(manifest), imageManifestMediaType: manifest.mediaType });
        }
      }
      return { images, failures };
    });
    ecr.on(BatchDeleteImageCommand).callsFake(({ imageIds }) => {
      failing("mlops/retail-api");
      const w = world();
      for (const id of imageIds) {
        if (id.imageTag) {
          // Removing an image's last tag deletes the image, as ECR does.
          const tagged = w.images.filter((i) => i.tags.includes(id.imageTag));
          for (const image of tagged) image.tags = image.tags.filter((t) => t !== id.imageTag);
          w.images = w.images.filter((i) => !(tagged.includes(i) && i.tags.length === 0));
        }
        if (id.imageDigest) w.images = w.images.filter((i) => i.digest !== id.imageDigest);
      }
      return { imageIds, failures: [] };
    });
    // SageMaker
    const arnOf = (kind: string, name: string): string => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${kind}/${name}`;
    sagemaker.on(ListTrainingJobsCommand).callsFake(({ StatusEquals, NameContains, NextToken }) => {
      const p = page(world().trainingJobs.filter((j) => j.status === StatusEquals && j.name.includes(NameContains ?? "")), NextToken);
      return { TrainingJobSummaries: p.slice.map((j) => ({ TrainingJobName: j.name, TrainingJobArn: arnOf("training-job", j.name), TrainingJobStatus: j.status })), NextToken: p.next };
    });
    sagemaker.on(DescribeTrainingJobCommand).callsFake(({ TrainingJobName }) => {
      const job = world().trainingJobs.find((j) => j.name === TrainingJobName);
      if (!job) throw error("ResourceNotFound", `Requested resource not found: ${TrainingJobName}`);
      return { TrainingJobName, TrainingJobArn: arnOf("training-job", job.name), TrainingJobStatus: job.status, ResourceConfig: { InstanceType: "ml.m5.xlarge", InstanceCount: 2 } };
    });
    sagemaker.on(StopTrainingJobCommand).callsFake(({ TrainingJobName }) => {
      const job = world().trainingJobs.find((j) => j.name === TrainingJobName);
      if (!job) throw error("ResourceNotFound", "not found");
      job.status = "Stopping";
      return {};
    });
    sagemaker.on(ListEndpointsCommand).callsFake(({ NextToken }) => {
      const p = page(world().endpoints, NextToken);
      return { Endpoints: p.slice.map((e) => ({ EndpointName: e.name, EndpointArn: arnOf("endpoint", e.name), EndpointStatus: e.status })), NextToken: p.next };
    });
    sagemaker.on(DescribeEndpointCommand).callsFake(({ EndpointName }) => {
      const w = world();
      const e = w.endpoints.find((x) => x.name === EndpointName);
      if (!e) throw error("ValidationException", `Could not find endpoint "${EndpointName}".`);
      if (e.status === "Deleting" && (e.deletingPolls ?? 3) <= 0) {
        w.endpoints = w.endpoints.filter((x) => x !== e);
        throw error("ValidationException", `Could not find endpoint "${EndpointName}".`);
      }
      if (e.status === "Deleting") e.deletingPolls = (e.deletingPolls ?? 3) - 1;
      return { EndpointName, EndpointArn: arnOf("endpoint", e.name), EndpointStatus: e.status, EndpointConfigName: e.config };
    });
    sagemaker.on(DescribeEndpointConfigCommand).callsFake(({ EndpointConfigName }) => {
      if (!world().endpointConfigs.includes(EndpointConfigName)) throw error("ValidationException", `Could not find endpoint configuration "${EndpointConfigName}".`);
      return { EndpointConfigName, EndpointConfigArn: arnOf("endpoint-config", EndpointConfigName), ProductionVariants: [{ VariantName: "AllTraffic", InstanceType: "ml.m5.large", InitialInstanceCount: 1 }] };
    });
    sagemaker.on(DeleteEndpointCommand).callsFake(({ EndpointName }) => {
      const w = world();
      const e = w.endpoints.find((x) => x.name === EndpointName);
      if (!e) throw error("ValidationException", "Could not find endpoint");
      e.status = "Deleting";
      return {};
    });
    sagemaker.on(DeleteEndpointConfigCommand).callsFake(({ EndpointConfigName }) => {
      const w = world();
      w.endpointConfigs = w.endpointConfigs.filter((c) => c !== EndpointConfigName);
      return {};
    });
    sagemaker.on(ListModelPackagesCommand).callsFake(({ ModelPackageGroupName, ModelApprovalStatus, NextToken }) => {
      const matching = world().modelPackages.filter((m) => m.arn.includes(`/${ModelPackageGroupName}/`) && m.status === ModelApprovalStatus);
      const p = page(matching, NextToken);
      return { ModelPackageSummaryList: p.slice.map((m) => ({ ModelPackageArn: m.arn, ModelApprovalStatus: m.status, ModelPackageGroupName })), NextToken: p.next };
    });
    sagemaker.on(DescribeModelPackageCommand).callsFake(({ ModelPackageName }) => {
      const m = world().modelPackages.find((x) => x.arn === ModelPackageName);
      if (!m) throw error("ValidationException", "Model package not found");
      return { ModelPackageArn: m.arn, ModelApprovalStatus: m.status };
    });
    sagemaker.on(DeleteModelPackageCommand).callsFake(({ ModelPackageName }) => {
      const w = world();
      w.modelPackages = w.modelPackages.filter((m) => m.arn !== ModelPackageName);
      return {};
    });
    sagemaker.on(ListTagsCommand).callsFake(({ ResourceArn }) => {
      const w = world();
      const tags = [...w.trainingJobs.map((j) => [arnOf("training-job", j.name), j.tags] as const), ...w.endpoints.map((e) => [arnOf("endpoint", e.name), e.tags] as const), ...w.modelPackages.map((m) => [m.arn, m.tags] as const)].find(
        ([arn]) => arn === ResourceArn,
      )?.[1];
      return { Tags: tagList(tags ?? {}) };
    });
    // CloudFront
    const distribution = (id: string): Distribution => {
      const d = world().distributions.find((x) => x.id === id);
      if (!d) throw error("NoSuchDistribution", "The specified distribution does not exist.");
      return d;
    };
    const configOf = (d: Distribution): Json => ({ CallerReference: d.id, Enabled: d.enabled, Origins: { Quantity: d.origins.length, Items: d.origins.map((o, i) => ({ Id: `o${i}`, DomainName: o })) } });
    cloudfront.on(ListDistributionsCommand).callsFake(({ Marker }) => {
      const p = page(world().distributions, Marker);
      return {
        DistributionList: {
          Items: p.slice.map((d) => ({ Id: d.id, ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/${d.id}`, DomainName: `${d.id.toLowerCase()}.cloudfront.net`, Enabled: d.enabled, Status: d.status, Origins: configOf(d).Origins })),
          IsTruncated: p.next !== undefined,
          NextMarker: p.next,
        },
      };
    });
    cloudfront.on(ListCloudFrontTagsCommand).callsFake(({ Resource }) => ({ Tags: { Items: tagList(distribution(String(Resource).split("/").pop()!).tags) } }));
    cloudfront.on(GetDistributionConfigCommand).callsFake(({ Id }) => ({ ETag: distribution(Id).etag, DistributionConfig: configOf(distribution(Id)) }));
    cloudfront.on(GetDistributionCommand).callsFake(({ Id }) => {
      const d = distribution(Id);
      if (d.status === "InProgress" && --d.pollsToDeploy <= 0) d.status = "Deployed";
      return { ETag: d.etag, Distribution: { Id: d.id, ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/${d.id}`, Status: d.status, DistributionConfig: configOf(d) } };
    });
    cloudfront.on(UpdateDistributionCommand).callsFake(({ Id, IfMatch, DistributionConfig }) => {
      const d = distribution(Id);
      if (IfMatch !== d.etag) throw error("PreconditionFailed", "The If-Match version is missing or not valid for the resource.");
      // UpdateDistribution replaces the whole configuration: one that lacks what the distribution has is refused.
      const { Enabled, ...rest } = DistributionConfig;
      const { Enabled: _current, ...kept } = configOf(d);
      if (JSON.stringify(rest) !== JSON.stringify(kept)) throw error("InvalidArgument", "The parameter DistributionConfig is missing or does not match the distribution's configuration.");
      d.enabled = Enabled;
      d.status = "InProgress";
      d.etag = `${d.id}-${Number(d.etag.split("-")[1]) + 1}`;
      return { ETag: d.etag, Distribution: { Id, Status: d.status } };
    });
    cloudfront.on(DeleteDistributionCommand).callsFake(({ Id, IfMatch }) => {
      const d = distribution(Id);
      if (IfMatch !== d.etag) throw error("PreconditionFailed", "The If-Match version is missing or not valid for the resource.");
      if (d.enabled || d.status !== "Deployed") throw error("DistributionNotDisabled", "The distribution you are trying to delete has not been disabled.");
      world().distributions = world().distributions.filter((x) => x.id !== Id);
      return {};
    });
    // API Gateway
    apigateway.on(GetRestApisCommand).callsFake(({ position }) => {
      const p = page(world().restApis, position);
      return { items: p.slice.map((a) => ({ id: a.id, name: a.name, tags: a.tags })), position: p.next };
    });
    apigateway.on(DeleteRestApiCommand).callsFake(({ restApiId }) => {
      const w = world();
      if (!w.restApis.some((a) => a.id === restApiId)) throw error("NotFoundException", "Invalid API identifier specified");
      w.restApis = w.restApis.filter((a) => a.id !== restApiId);
      return {};
    });
    // Lambda
    lambda.on(GetFunctionCommand).callsFake(({ FunctionName }) => {
      const f = world().functions.find((x) => x.name === FunctionName);
      if (!f) throw error("ResourceNotFoundException", `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FunctionName}`);
      return { Configuration: { FunctionName, FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FunctionName}` }, Tags: f.tags };
    });
    lambda.on(DeleteFunctionCommand).callsFake(({ FunctionName }) => {
      failing(FunctionName);
      const w = world();
      if (!w.functions.some((f) => f.name === FunctionName)) throw error("ResourceNotFoundException", "Function not found");
      w.functions = w.functions.filter((f) => f.name !== FunctionName);
      return {};
    });
    // DynamoDB
    dynamodb.on(DescribeTableCommand).callsFake(({ TableName }) => {
      const w = world();
      const t = w.tables.find((x) => x.name === TableName);
      if (!t) throw error("ResourceNotFoundException", `Requested resource not found: Table: ${TableName} not found`);
      if (t.deletingPolls !== undefined && t.deletingPolls-- <= 0) {
        w.tables = w.tables.filter((x) => x !== t);
        throw error("ResourceNotFoundException", `Requested resource not found: Table: ${TableName} not found`);
      }
      return { Table: { TableName, TableStatus: t.deletingPolls !== undefined ? "DELETING" : "ACTIVE", TableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TableName}`, DeletionProtectionEnabled: t.protection, BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" }, TableSizeBytes: 2048 } };
    });
    dynamodb.on(ListTagsOfResourceCommand).callsFake(({ ResourceArn }) => ({ Tags: tagList(world().tables.find((t) => ResourceArn.endsWith(`/${t.name}`))?.tags ?? {}) }));
    dynamodb.on(DeleteTableCommand).callsFake(({ TableName }) => {
      const w = world();
      const t = w.tables.find((x) => x.name === TableName);
      if (!t) throw error("ResourceNotFoundException", "not found");
      if (t.protection) throw error("ValidationException", "Resource cannot be deleted as it is currently protected against deletion.");
      if (t.deletingPolls !== undefined) throw error("ResourceInUseException", `Attempt to change a resource which is still in use: Table is being deleted: ${TableName}`);
      t.deletingPolls = 3;
      return { TableDescription: { TableName, TableStatus: "DELETING" } };
    });
    // S3
    // Every bucket of this world is the account's: a call that expects another owner gets S3's 403.
    const bucket = (name: string, expectedOwner?: string) => {
      const b = world().buckets.find((x) => x.name === name);
      if (!b) throw error("NotFound", "Not Found");
      if (expectedOwner !== undefined && expectedOwner !== ACCOUNT) throw error("AccessDenied", "Access Denied");
      return b;
    };
    s3.on(HeadBucketCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => (bucket(Bucket, ExpectedBucketOwner), {}));
    s3.on(GetBucketTaggingCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => {
      const tags = bucket(Bucket, ExpectedBucketOwner).tags;
      if (Object.keys(tags).length === 0) throw error("NoSuchTagSet", "The TagSet does not exist");
      return { TagSet: tagList(tags) };
    });
    s3.on(ListObjectVersionsCommand).callsFake(({ Bucket, MaxKeys, ExpectedBucketOwner }) => {
      const b = bucket(Bucket, ExpectedBucketOwner);
      const max = MaxKeys ?? 1000;
      const versions = b.versions.slice(0, max);
      const markers = b.markers.slice(0, max - versions.length);
      return { Versions: versions, DeleteMarkers: markers, IsTruncated: b.versions.length + b.markers.length > max };
    });
    s3.on(DeleteObjectsCommand).callsFake(({ Bucket, Delete, ExpectedBucketOwner }) => {
      if (Delete.Objects.length > 1000) throw error("MalformedXML", "The XML you provided was not well-formed");
      const b = bucket(Bucket, ExpectedBucketOwner);
      const gone = new Set(Delete.Objects.map((o: Json) => `${o.Key}#${o.VersionId}`));
      b.versions = b.versions.filter((v) => !gone.has(`${v.Key}#${v.VersionId}`));
      b.markers = b.markers.filter((v) => !gone.has(`${v.Key}#${v.VersionId}`));
      return { Deleted: Delete.Objects, Errors: [] };
    });
    s3.on(DeleteBucketCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => {
      const b = bucket(Bucket, ExpectedBucketOwner);
      if (b.versions.length + b.markers.length > 0) throw error("BucketNotEmpty", "The bucket you tried to delete is not empty");
      world().buckets = world().buckets.filter((x) => x.name !== Bucket);
      return {};
    });
    // IAM
    const policy = (arn: string) => {
      const p = world().policies.find((x) => x.arn === arn);
      if (!p) throw error("NoSuchEntityException", `Policy ${arn} does not exist or is not attachable.`);
      return p;
    };
    const role = (name: string) => {
      const r = world().roles.find((x) => x.name === name);
      if (!r) throw error("NoSuchEntityException", `The role with name ${name} cannot be found.`);
      return r;
    };
    iam.on(GetPolicyCommand).callsFake(({ PolicyArn }) => ({ Policy: { Arn: policy(PolicyArn).arn, DefaultVersionId: policy(PolicyArn).versions.find((v) => v.isDefault)?.id } }));
    iam.on(ListPolicyTagsCommand).callsFake(({ PolicyArn }) => ({ Tags: tagList(policy(PolicyArn).tags) }));
    iam.on(ListEntitiesForPolicyCommand).callsFake(({ PolicyArn, Marker }) => {
      const p = page(policy(PolicyArn).entities, Marker);
      return {
        PolicyRoles: p.slice.filter((e) => e.type === "Role").map((e) => ({ RoleName: e.name })),
        PolicyUsers: p.slice.filter((e) => e.type === "User").map((e) => ({ UserName: e.name })),
        PolicyGroups: p.slice.filter((e) => e.type === "Group").map((e) => ({ GroupName: e.name })),
        IsTruncated: p.next !== undefined,
        Marker: p.next,
      };
    });
    const detach = (type: "Role" | "User" | "Group", name: string, arn: string): Json => {
      const p = policy(arn);
      p.entities = p.entities.filter((e) => !(e.type === type && e.name === name));
      if (type === "Role") {
        const r = world().roles.find((x) => x.name === name);
        if (r) r.attached = r.attached.filter((a) => a !== arn);
      }
      return {};
    };
    iam.on(DetachRolePolicyCommand).callsFake(({ RoleName, PolicyArn }) => {
      const r = role(RoleName);
      r.attached = r.attached.filter((a) => a !== PolicyArn);
      const p = world().policies.find((x) => x.arn === PolicyArn);
      if (p) p.entities = p.entities.filter((e) => !(e.type === "Role" && e.name === RoleName));
      return {};
    });
    iam.on(DetachUserPolicyCommand).callsFake(({ UserName, PolicyArn }) => detach("User", UserName, PolicyArn));
    iam.on(DetachGroupPolicyCommand).callsFake(({ GroupName, PolicyArn }) => detach("Group", GroupName, PolicyArn));
    iam.on(ListPolicyVersionsCommand).callsFake(({ PolicyArn, Marker }) => {
      const p = page(policy(PolicyArn).versions, Marker);
      return { Versions: p.slice.map((v) => ({ VersionId: v.id, IsDefaultVersion: v.isDefault })), IsTruncated: p.next !== undefined, Marker: p.next };
    });
    iam.on(DeletePolicyVersionCommand).callsFake(({ PolicyArn, VersionId }) => {
      const p = policy(PolicyArn);
      if (p.versions.find((v) => v.id === VersionId)?.isDefault) throw error("DeleteConflictException", "Cannot delete the default version of a policy.");
      p.versions = p.versions.filter((v) => v.id !== VersionId);
      return {};
    });
    iam.on(DeletePolicyCommand).callsFake(({ PolicyArn }) => {
      const p = policy(PolicyArn);
      if (p.entities.length > 0) throw error("DeleteConflictException", "Cannot delete a policy attached to entities.");
      if (p.versions.length > 1) throw error("DeleteConflictException", "This policy has more than one version.");
      world().policies = world().policies.filter((x) => x.arn !== PolicyArn);
      return {};
    });
    iam.on(GetRoleCommand).callsFake(({ RoleName }) => ({ Role: { RoleName, Arn: `arn:aws:iam::${ACCOUNT}:role/${RoleName}`, Tags: tagList(role(RoleName).tags) } }));
    iam.on(ListInstanceProfilesForRoleCommand).callsFake(({ RoleName }) => ({ InstanceProfiles: role(RoleName).profiles.map((InstanceProfileName) => ({ InstanceProfileName })) }));
    iam.on(RemoveRoleFromInstanceProfileCommand).callsFake(({ RoleName, InstanceProfileName }) => {
      const r = role(RoleName);
      r.profiles = r.profiles.filter((p) => p !== InstanceProfileName);
      return {};
    });
    iam.on(ListRolePoliciesCommand).callsFake(({ RoleName }) => ({ PolicyNames: role(RoleName).inline }));
    iam.on(DeleteRolePolicyCommand).callsFake(({ RoleName, PolicyName }) => {
      const r = role(RoleName);
      r.inline = r.inline.filter((p) => p !== PolicyName);
      return {};
    });
    iam.on(ListAttachedRolePoliciesCommand).callsFake(({ RoleName }) => ({ AttachedPolicies: role(RoleName).attached.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split("/").pop() })) }));
    iam.on(DeleteRoleCommand).callsFake(({ RoleName }) => {
      const r = role(RoleName);
      if (r.profiles.length + r.inline.length + r.attached.length > 0) throw error("DeleteConflictException", "Cannot delete entity, must remove policies and instance profiles first.");
      world().roles = world().roles.filter((x) => x.name !== RoleName);
      return {};
    });
  };
  install();
  return {
    reset: () => {
      for (const m of clients) m.reset();
      install();
    },
    destructive: () =>
      clients
        .flatMap((m) => m.calls())
        .map((c) => ({ command: (c.args[0] as object).constructor.name.replace(/Command$/, ""), input: (c.args[0] as { input: Json }).input }))
        .filter((c) => DESTRUCTIVE.test(c.command)),
    sent: () =>
      SERVICES.flatMap((service, i) => clients[i].calls().map((c) => `${service}.${(c.args[0] as object).constructor.name.replace(/Command$/, "")}`)),
    s3Calls: () => s3.calls().map((c) => ({ command: (c.args[0] as object).constructor.name.replace(/Command$/, ""), input: (c.args[0] as { input: Json }).input })),
  };
}
