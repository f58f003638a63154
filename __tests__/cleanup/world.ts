/**
 * A mocked AWS account for `npm run cleanup`: the workshop's leftovers, other projects'
 * resources and this app's own, behind aws-sdk-client-mock, one file per service group under
 * __tests__/cleanup/aws/. State is keyed by the names and ARNs sent; anything else gets the
 * service's not-found error. Lists page two items at a time, so every discovery crosses pages;
 * deletions that take time in AWS take several polls here.
 */
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { ACCOUNT, error, REGION, type Json, type ServiceMock, type Stub, type Tags } from "./aws/common";
import { dataMock } from "./aws/data";
import { iamMock } from "./aws/iam";
import { logsEksEcrMock } from "./aws/logs-eks-ecr";
import { sageMakerMock } from "./aws/sagemaker";
import { servingMock } from "./aws/serving";

export { ACCOUNT, REGION };
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
  /** Someone enables it again in the console while the disabled state deploys. */
  enabledWhileDeploying?: boolean;
}

/** A Pod Identity association in a cluster: `id` is EKS's association id. */
export interface PodIdentityAssociation {
  id: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  tags: Tags;
}

export interface CleanupWorld {
  caller: { Account: string; Arn: string } | "no credentials";
  logGroups: { name: string; tags: Tags; storedBytes: number }[];
  /** `deletingPolls`: after DeleteAddon the add-on stays DELETING for that many DescribeAddon calls, as EKS keeps it for minutes. */
  clusters: { name: string; addon?: { tags: Tags; deletingPolls?: number }; associations?: PodIdentityAssociation[] }[];
  repository?: { name: string; tags: Tags };
  /** Images by digest; `manifest` is what BatchGetImage returns (default: a single-platform image manifest); `refuseDelete`: BatchDeleteImage reports it referenced by an index. */
  images: { digest: string; tags: string[]; manifest?: Json; refuseDelete?: boolean }[];
  /** `instanceGroups`: a heterogeneous cluster (ResourceConfig lists instance groups, no single type or count). */
  trainingJobs: { name: string; status: string; tags: Tags; instanceGroups?: boolean }[];
  /** After DeleteEndpoint an endpoint is "Deleting" for `deletingPolls` DescribeEndpoint calls (default 3). */
  endpoints: { name: string; status: string; config: string; tags: Tags; deletingPolls?: number }[];
  endpointConfigs: string[];
  /** Endpoint configurations whose variant is serverless (no instance type or count). */
  serverlessConfigs?: string[];
  /** Endpoint configurations with two variants: instances and serverless (a traffic split). */
  splitConfigs?: string[];
  /** Endpoint configurations the caller may not describe (AccessDeniedException). */
  deniedReads?: Set<string>;
  modelPackages: { arn: string; status: string; tags: Tags }[];
  distributions: Distribution[];
  restApis: { id: string; name: string; tags: Tags }[];
  functions: { name: string; tags: Tags }[];
  /** After DeleteTable a table is DELETING for `deletingPolls` DescribeTable calls (default 3). */
  /** `provisioned`: a table in provisioned capacity mode (default on-demand). */
  /** `deleteTakesPolls`: how many DescribeTable calls a deletion lasts (default 3). */
  tables: { name: string; protection: boolean; tags: Tags; deletingPolls?: number; deleteTakesPolls?: number; provisioned?: { read: number; write: number } }[];
  /** `locked`: keys whose versions Object Lock keeps (DeleteObjects reports AccessDenied for each); `taggingDenied`: GetBucketTagging answers AccessDenied. */
  buckets: { name: string; tags: Tags; versions: { Key: string; VersionId: string }[]; markers: { Key: string; VersionId: string }[]; locked?: string[]; taggingDenied?: boolean }[];
  /** `settlingPolls`: DeletePolicy calls still refused after a detach (IAM's eventual consistency). */
  policies: { arn: string; tags: Tags; entities: { type: "Role" | "User" | "Group"; name: string }[]; versions: { id: string; isDefault: boolean }[]; settlingPolls?: number }[];
  /** `settlingPolls`: DeleteRole calls still refused after a policy or profile is removed. */
  roles: { name: string; tags: Tags; profiles: string[]; inline: string[]; attached: string[]; settlingPolls?: number }[];
  /** Log groups that come back after they are deleted (an agent still running writes to them). */
  recreated?: string[];
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
    clusters: [
      { name: "fraud-cluster", addon: { tags: {} }, associations: [{ id: "a-fraud000000000001", namespace: "retail", serviceAccount: "retail-api", roleArn: `arn:aws:iam::${ACCOUNT}:role/fraud-api`, tags: {} }] },
      {
        name: "mlops-retail-cluster",
        addon: { tags: {} },
        // The workshop's eksctl association of the retail API (blocks the stack's own), and the CNI's, which is not the pipeline's.
        associations: [
          { id: "a-workshop00000001", namespace: "retail", serviceAccount: "retail-api", roleArn: `arn:aws:iam::${ACCOUNT}:role/retail-api-pod-role`, tags: {} },
          { id: "a-workshop00000002", namespace: "kube-system", serviceAccount: "aws-node", roleArn: `arn:aws:iam::${ACCOUNT}:role/cni-role`, tags: {} },
        ],
      },
      { name: "mlops-retail-sandbox", associations: [{ id: "a-sandbox000000001", namespace: "retail", serviceAccount: "retail-api", roleArn: `arn:aws:iam::${ACCOUNT}:role/x`, tags: OURS }] },
    ],
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

export interface CleanupMocks {
  readonly reset: () => void;
  /** The destructive calls sent since the last reset, in the order sent, across services. */
  readonly destructive: () => Destructive[];
  /** The S3 calls sent since the last reset: command name and input. */
  readonly s3Calls: () => Destructive[];
  /** Every SDK command sent since the last reset, in the order sent, as `<service>.<command>` (`ecr.ListImages`, ...). */
  readonly sent: () => string[];
  /** The inputs of every call of one command (`GetRestApis`), in the order sent. */
  readonly inputs: (command: string) => Json[];
}

const DESTRUCTIVE = /^(Delete|Stop|Detach|Remove|BatchDelete|Update)/;

/** SDK waiters polling every few milliseconds: a test waits for the world's deleting states, not for minutes. */
export const FAST_WAITS = (): { minDelay: number; maxDelay: number; maxWaitTime: number } => ({ minDelay: 0.001, maxDelay: 0.002, maxWaitTime: 5 });

function stsMock(world: () => CleanupWorld): ServiceMock {
  const sts = mockClient(STSClient);
  const install = (): void => {
    sts.on(GetCallerIdentityCommand).callsFake(() => {
      const caller = world().caller;
      if (caller === "no credentials") throw error("CredentialsProviderError", "Could not load credentials from any providers");
      return caller;
    });
  };
  return { stubs: { sts }, install };
}

export function mockCleanupAws(world: () => CleanupWorld): CleanupMocks {
  const failing = (name: string): void => {
    if (world().failOnce.delete(name)) throw error("ServiceUnavailableException", `transient failure deleting ${name}`);
  };
  const parts = [stsMock(world), logsEksEcrMock(world, failing), sageMakerMock(world), servingMock(world, failing), dataMock(world), iamMock(world)];
  const stubs: [string, Stub][] = parts.flatMap((p) => Object.entries(p.stubs));
  const install = (): void => parts.forEach((p) => p.install());
  install();
  /** Every call, in the order sent: sinon numbers the calls of all its spies with one counter. */
  const calls = (): { service: string; command: string; input: Json }[] =>
    stubs
      .flatMap(([service, stub]) => stub.calls().map((c) => ({ service, callId: (c as unknown as { callId: number }).callId, command: (c.args[0] as object).constructor.name.replace(/Command$/, ""), input: (c.args[0] as { input: Json }).input })))
      .sort((a, b) => a.callId - b.callId)
      .map(({ service, command, input }) => ({ service, command, input }));
  return {
    reset: () => {
      for (const [, stub] of stubs) stub.reset();
      install();
    },
    destructive: () => calls().filter((c) => DESTRUCTIVE.test(c.command)).map(({ command, input }) => ({ command, input })),
    sent: () => calls().map((c) => `${c.service}.${c.command}`),
    s3Calls: () => calls().filter((c) => c.service === "s3").map(({ command, input }) => ({ command, input })),
    inputs: (command) => calls().filter((c) => c.command === command).map((c) => c.input),
  };
}
