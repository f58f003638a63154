/** The defaults of settings whose value depends on others (the project, the environment, retention). */
import type { IamSettings } from "./types";
import type { Environment } from "./types";

export const DEFAULT_AUDIT = {
  logRetentionDays: 365,
  insights: true,
  excludeNoisyManagementEvents: false,
  glacierStorageClass: "GLACIER",
  transitionMinimumObjectSize: "all_storage_classes_128K",
  noncurrentVersionRetentionDays: 365,
  accessLogRetentionDays: 365,
  extraDataEventBuckets: [],
  breakGlassPrincipalArns: [],
  stateBucketDataEvents: true,
  objectLockRetentionDays: 365,
} as const;

/** Every environment but dev keeps its audit evidence unless told otherwise. */
export const retainsByDefault = (environment: Environment): boolean => environment !== "dev";

export const DEFAULT_IAM: Omit<IamSettings, "sagemakerResourcePrefixes"> = {
  sagemakerAccess: "least-privilege",
  cniPolicy: "node-role",
  ecrAccess: "pull-only",
  inferenceTableName: "InferenceMetadata",
  lambdaFunctionNames: ["preprocessing-function", "inference-function"],
  retailApiServiceAccount: "retail:retail-api",
  maxSessionDurationSeconds: 3600,
  oidcProvider: "create",
};

/** Name prefixes the seed's pipeline uses besides the project's: `retail-*` jobs and endpoints, the
 * `retail-forecast-models` package group, and the `pipelines-*` jobs SageMaker Pipelines names. */
export const SEED_SAGEMAKER_PREFIXES = ["retail-", "pipelines-"];

/** The service account the VPC CNI runs as, when its policy goes to an IRSA role. */
export const CNI_SERVICE_ACCOUNT = "kube-system:aws-node";
