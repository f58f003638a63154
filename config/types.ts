import type { CostAssumptions } from "../facts/cost-assumptions";
import type { PodAccess, PodTrust } from "../facts/pod-identity";
import type { MlPreset } from "../facts/ml-events";

/**
 * An environment's name, as the user chose it (facts/naming.ts ENVIRONMENT_NAME_PATTERN): a key of
 * `environments` in cdktf.json. dev, staging and prod are the ones a fresh cdktf.json declares.
 */
export type Environment = string;

export type { Names } from "../facts/naming";
import type { Names } from "../facts/naming";

/** An IAM role assumed in the environment's account (STS AssumeRole), by Terraform and by the commands. */
export interface DeployRole {
  readonly arn: string;
  readonly externalId?: string;
  readonly sessionName: string;
}

export const GLACIER_STORAGE_CLASSES = ["GLACIER", "GLACIER_IR"] as const;
export const TRANSITION_MINIMUM_SIZES = ["all_storage_classes_128K", "varies_by_storage_class"] as const;
export const OBJECT_LOCK_MODES = ["NONE", "GOVERNANCE", "COMPLIANCE"] as const;

/** S3 Object Lock default retention of the log bucket. */
export interface ObjectLockSettings {
  /**
   * `GOVERNANCE`: only principals allowed `s3:BypassGovernanceRetention` (the break-glass ones)
   * can delete a locked version early. `COMPLIANCE`: nobody can, not even the root user, and the
   * lock can never be turned off again. `NONE`: no lock.
   */
  readonly mode: (typeof OBJECT_LOCK_MODES)[number];
  /** Default retention of every new log file version, in days. */
  readonly retentionDays: number;
}

/** Audit trail settings (see docs/settings.md). */
export interface AuditSettings {
  /** CloudWatch Logs retention of the trail's log group, in days. */
  readonly logRetentionDays: number;
  /** CloudTrail Insights (ApiCallRateInsight, ApiErrorRateInsight); $0.35 per 100k analysed events. */
  readonly insights: boolean;
  /** Drop the high-volume KMS and RDS Data API management events from the trail. */
  readonly excludeNoisyManagementEvents: boolean;
  /** Storage class of the 90-day transition. */
  readonly glacierStorageClass: (typeof GLACIER_STORAGE_CLASSES)[number];
  /** S3's `transition_default_minimum_object_size` for the log bucket. */
  readonly transitionMinimumObjectSize: (typeof TRANSITION_MINIMUM_SIZES)[number];
  /** Days a noncurrent (overwritten or deleted) log object is kept; 0 keeps it forever. */
  readonly noncurrentVersionRetentionDays: number;
  /** Days server access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** Buckets whose object-level (data) events are recorded, besides the data bucket. */
  readonly extraDataEventBuckets: readonly string[];
  /** KMS key deletion window in days (7-30). */
  readonly keyDeletionWindowDays: number;
  /**
   * Refuse `cdktf destroy` of the key and buckets (prevent_destroy), never force-delete log
   * objects, and protect the evidence with explicit denies (break-glass principals excepted).
   */
  readonly retainOnDestroy: boolean;
  /**
   * IAM roles or users (ARNs in this account) exempt from the evidence protection: they alone may
   * delete log objects, change the log buckets' settings, or disable, delete or re-key the keys.
   * Must include the principal that runs Terraform.
   */
  readonly breakGlassPrincipalArns: readonly string[];
  readonly objectLock: ObjectLockSettings;
  /** Record object-level reads and writes of the Terraform state bucket (state files hold secrets). */
  readonly stateBucketDataEvents: boolean;
  /**
   * The environment's own trail, log buckets, key and CIS alarms. False for a member of an
   * organization (by default): the organization trail records its account.
   */
  readonly localTrail: boolean;
  /** Data events of the pipeline's SageMaker and Bedrock resources, by preset (facts/ml-events.ts). */
  readonly mlDataEvents: readonly MlPreset[];
  /** Network activity events of VPC endpoints: the services recorded, and whether only refused requests are. */
  readonly networkActivity: { readonly eventSources: readonly string[]; readonly errorsOnly: boolean };
}

/** CIS monitoring alarms (see docs/settings.md). */
export interface AlarmSettings {
  /** CloudWatch namespace of the CIS metrics. */
  readonly metricNamespace: string;
  /** CIS monitoring controls turned off, by key (`rootAccountUsage`, ...). */
  readonly disabledControls: readonly string[];
  /** Unauthorized API calls per 5 minutes that raise the alarm. */
  readonly unauthorizedApiCallsThreshold: number;
  /** Console authentication failures per 5 minutes that raise the alarm. */
  readonly consoleAuthFailuresThreshold: number;
}

export const SAGEMAKER_ACCESS = ["least-privilege", "seed-managed-policies"] as const;
export const CNI_POLICY_PLACEMENT = ["node-role", "pod-role", "irsa"] as const;
export const ECR_ACCESS = ["pull-only", "read-only"] as const;
export const OIDC_PROVIDER_MODES = ["create", "existing"] as const;

/** Service role settings (see docs/settings.md). */
export interface IamSettings {
  readonly sagemakerAccess: (typeof SAGEMAKER_ACCESS)[number];
  /** Where AmazonEKS_CNI_Policy is attached: the node role, or a pod role for kube-system:aws-node ("irsa" is the former name of "pod-role"). */
  readonly cniPolicy: (typeof CNI_POLICY_PLACEMENT)[number];
  /** AmazonEC2ContainerRegistryPullOnly, or the broader ReadOnly policy. */
  readonly ecrAccess: (typeof ECR_ACCESS)[number];
  readonly inferenceTableName: string;
  readonly lambdaFunctionNames: readonly string[];
  /** `namespace:serviceaccount` of the retail API pods. */
  readonly retailApiServiceAccount: string;
  readonly maxSessionDurationSeconds: number;
  /**
   * `create` makes the cluster's IAM OIDC provider; `existing` looks up the one eksctl, the EKS
   * module or another environment already made for the same issuer URL.
   */
  readonly oidcProvider: (typeof OIDC_PROVIDER_MODES)[number];
  /** Name prefixes of the SageMaker resources (jobs, models, endpoints, model package groups) the roles may use. */
  readonly sagemakerResourcePrefixes: readonly string[];
}

/** One pod role, resolved: its trust form decided, its name derived. */
export interface PodRoleSettings {
  /** `namespace:serviceaccount`. */
  readonly serviceAccount: string;
  readonly roleName: string;
  readonly trust: PodTrust;
  readonly access: readonly PodAccess[];
  readonly abac: boolean;
  readonly targetRoleArn?: string;
}

/** Pod-level identity in the EKS cluster (docs/pod-identity.md). */
export interface EksSettings {
  readonly clusterName?: string;
  /** The pod roles' default trust is Pod Identity (with IRSA too while eksOidcIssuerUrl is set). */
  readonly podIdentity: boolean;
  readonly manageAgentAddon: boolean;
  /** None until a cluster name or an issuer is set. */
  readonly podRoles: readonly PodRoleSettings[];
}

/** The project's data bucket (created by the data pipeline, not by this app). */
export interface DataBucket {
  readonly name: string;
  readonly goldPrefix: string;
  readonly artifactsPrefix: string;
  /** Customer KMS key of the data bucket, when it has one. */
  readonly kmsKeyArn?: string;
}

/** One environment's fully resolved and validated configuration. */
export interface EnvironmentConfig {
  readonly project: string;
  readonly environment: Environment;
  readonly accountId: string;
  /** True when no account id was configured and the documented example account is used. */
  readonly accountIdIsExample: boolean;
  readonly region: string;
  readonly dataBucket: DataBucket;
  readonly eksOidcIssuerUrl?: string;
  readonly eks: EksSettings;
  readonly alarmEmails: readonly string[];
  readonly permissionsBoundaryArn?: string;
  /** Extra default tags (Owner, CostCenter, ...), added to Project, Environment and ManagedBy. */
  readonly tags: Readonly<Record<string, string>>;
  readonly names: Names;
  /**
   * Let `cdktf destroy` remove the Terraform state bucket and everything in it. Off by default:
   * losing the bucket loses every stack's state. Turn on only to tear an environment down.
   */
  readonly allowStateBucketDestroy: boolean;
  /** The role Terraform and the commands assume in the account; undefined: the caller's own credentials. */
  readonly deployRole?: DeployRole;
  readonly audit: AuditSettings;
  readonly alarms: AlarmSettings;
  readonly iam: IamSettings;
  /** The workload `npm run review` prices. */
  readonly costAssumptions: CostAssumptions;
  /** Compliance rules accepted for this environment's stacks, each with its reason. */
  readonly complianceSuppressions: readonly ComplianceSuppression[];
  readonly cleanup: CleanupSettings;
}

/** What `npm run cleanup` looks for (resources of the workshop that Terraform does not own). */
export interface CleanupSettings {
  /** A cluster name, or a prefix ending in "*". */
  readonly eksClusterPattern: string;
  readonly ecrRepository: string;
  readonly ecrTags: readonly string[];
  readonly ecrUntagged: boolean;
  readonly sagemakerPrefix: string;
  readonly modelPackageGroup: string;
  readonly restApiName: string;
  readonly lambdaFunctions: readonly string[];
  readonly dynamoDbTable: string;
  readonly workshopBucket: string;
  readonly iamPolicy: string;
  readonly iamRole: string;
}

/** A compliance rule accepted in the configuration; the review shows the reason. */
export interface ComplianceSuppression {
  readonly rule: string;
  readonly reason: string;
}

/** One organization account's placement: where a stack of the organization deploys. */
export interface OrganizationAccount {
  readonly accountId: string;
  /** The role Terraform and the commands assume there; undefined: the caller's own credentials. */
  readonly deployRole?: DeployRole;
}

/** Organization mode, resolved (docs/organization.md). */
export interface OrganizationConfig {
  readonly project: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly id: string;
  readonly management: OrganizationAccount;
  /** The account that creates the trail: the management account, or the CloudTrail delegated administrator. */
  readonly trail: OrganizationAccount;
  /** The trail account is a delegated administrator (not the management account). */
  readonly delegated: boolean;
  readonly logArchive: OrganizationAccount;
  /** The member environments and their accounts, in the order configured. */
  readonly members: readonly { readonly environment: Environment; readonly accountId: string; readonly localTrail: boolean }[];
  readonly breakGlassPrincipalArns: readonly string[];
  readonly decryptForOrganization: boolean;
  readonly guardrails: { readonly attachTo: readonly string[]; readonly resourceControlPolicy: boolean };
  /** The archive and trail settings, from the top level of the configuration. */
  readonly audit: AuditSettings;
  readonly alarms: AlarmSettings;
  readonly alarmEmails: readonly string[];
  /** Buckets whose object events the organization trail records: the members' data and state buckets, and its own state bucket. */
  readonly dataEventBuckets: readonly string[];
  readonly names: import("../facts/organization").OrganizationNames;
  /** The workload of one account; the review scales it by the organization's accounts. */
  readonly costAssumptions: CostAssumptions;
}
