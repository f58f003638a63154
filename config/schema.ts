import * as v from "valibot";
import { CIS_CONTROL_KEYS } from "../constructs/cis-monitoring";
import { RULES } from "../compliance/pack";
import { DEFAULT_COST_ASSUMPTIONS } from "../facts/cost-assumptions";
import { SERVICE_ACCOUNT_PATTERN } from "../facts/name-rules";
import { EKS_CLUSTER_NAME, POD_ACCESS, POD_TRUST_FORMS } from "../facts/pod-identity";
import { ML_PRESET_NAMES, NETWORK_ACTIVITY_SOURCES } from "../facts/ml-events";
import { ENVIRONMENT_NAME_PATTERN, MAX_ENVIRONMENT_LENGTH, MAX_PROJECT_LENGTH } from "../facts/naming";
import { AWS_REGIONS } from "./regions";
import { decimal, described, flag, formatCheck, got, info, oneOf, says, section, strict, text, texts, whole } from "./setting-builders";
import {
  CNI_POLICY_PLACEMENT,
  ECR_ACCESS,
  GLACIER_STORAGE_CLASSES,
  OBJECT_LOCK_MODES,
  OIDC_PROVIDER_MODES,
  SAGEMAKER_ACCESS,
  TRANSITION_MINIMUM_SIZES,
} from "./types";

/**
 * The shape of the `foundation` object in cdktf.json's `context`: types, emptiness, allowed
 * values, ranges and the formats that need no other setting to check. The loader validates the
 * file with it, the JSON Schema editors use is generated from it, and what depends on several
 * settings (derived names, collisions, accounts of ARNs, AWS limits on names) stays in load.ts.
 * How each setting is built (and its default declared) is in setting-builders.ts.
 *
 * Every message is `<what is allowed>, got <value>`; the loader puts the setting in front.
 */

/** Valid `retention_in_days` values of a CloudWatch Logs group. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Lowercase words joined by single hyphens: every derived name (trail names forbid "--") stays valid. */
const PROJECT_PATTERN = new RegExp(`^(?=\\S{2,${MAX_PROJECT_LENGTH}}\\s*$)[a-z][a-z0-9]*(-[a-z0-9]+)*$`);
const RULE_IDS = RULES.map((r) => r.id);

const ARN_KMS_KEY = /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ARN_POLICY = /^arn:aws:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;
const ARN_ROLE = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** STS AssumeRole's ExternalId and RoleSessionName. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** `https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>`, the only issuer EKS gives a cluster. */
const EKS_ISSUER = /^https:\/\/oidc\.eks\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com\/id\/[0-9A-F]{32}$/;
const SERVICE_ACCOUNT = { pattern: SERVICE_ACCOUNT_PATTERN, allowed: '"namespace:serviceaccount" in Kubernetes naming (lowercase letters, digits, hyphens)' };
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[A-Za-z]{2,}$/;
/** Key prefixes end with "/"; `*` and `?` are excluded because the prefix becomes part of IAM resource ARNs. */
const KEY_PREFIX = /^[A-Za-z0-9!_.'()-]+(\/[A-Za-z0-9!_.'()-]+)*\/$/;
const CLOUDWATCH_NAMESPACE = /^(?!AWS\/)[A-Za-z0-9.\-_/#:]([A-Za-z0-9 .\-_/#:]{0,253}[A-Za-z0-9.\-_/#:])?$/;
const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const LAMBDA_FUNCTION = /^[A-Za-z0-9_-]{1,64}$/;
const SAGEMAKER_PREFIX = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

const NAME_KEYS = [
  "stateStack",
  "foundationStack",
  "stateBucket",
  "trail",
  "logBucket",
  "accessLogBucket",
  "kmsAlias",
  "logGroup",
  "cloudTrailLogsRole",
  "eksClusterRole",
  "eksNodeGroupRole",
  "eksNodeInstanceProfile",
  "sagemakerExecutionRole",
  "lambdaInferenceRole",
  "lambdaInferencePolicy",
  "alarmTopic",
  "alarmKmsAlias",
] as const;

const d = DEFAULT_COST_ASSUMPTIONS;
const DEFAULT_REGION = "us-east-1";
/** The pipeline's Lambda functions and table as the seed guides name them: the inference role is scoped to them, and cleanup looks for them. */
const PIPELINE_FUNCTIONS = ["preprocessing-function", "inference-function"];
const PIPELINE_TABLE = "InferenceMetadata";

/** The settings that can be given at the top level (for every environment) and in an environment's block. */
export const SETTINGS = {
  project: text("Project name every derived name starts with.", { pattern: PROJECT_PATTERN, allowed: `2-${MAX_PROJECT_LENGTH} characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits)` }, "mlops-retail-prediction"),
  accountId: text("The AWS account (12 digits). Default: the documented example account 123456789012, with a warning.", { pattern: /^\d{12}$/, allowed: "12 digits" }),
  region: v.optional(
    v.pipe(
      v.picklist(AWS_REGIONS, says("must be an AWS commercial region code such as us-east-1 or eu-west-1")),
      info<string>(described("Home region of the trail and every regional resource.", DEFAULT_REGION)),
    ),
    DEFAULT_REGION,
  ),
  dataBucket: section("The project's data bucket, created by the data pipeline (not by this app).", {
      name: text("Bucket name. Default <project>-<environment>-<accountId>."),
      goldPrefix: text("Key prefix of the curated data.", { pattern: KEY_PREFIX, allowed: 'a key prefix like "gold/": path segments without a leading slash, ending with "/", without * or ?' }, "gold/"),
      artifactsPrefix: text("Key prefix of model artifacts.", { pattern: KEY_PREFIX, allowed: 'a key prefix like "gold/": path segments without a leading slash, ending with "/", without * or ?' }, "artifacts/"),
      kmsKeyArn: text("Customer KMS key of the data bucket, when it has one; in the configured region.", { pattern: ARN_KMS_KEY, allowed: "a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key-id>" }),
  }),
  eksOidcIssuerUrl: text("The EKS cluster's OIDC issuer URL (aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text). Unset: no IRSA roles.", { pattern: EKS_ISSUER, allowed: "the cluster's OIDC issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>, without a trailing slash" }),
  eks: section("Pod-level identity in the EKS cluster: EKS Pod Identity, IRSA as the fallback (docs/pod-identity.md).", {
      clusterName: text("The EKS cluster's name. Set: the pod roles are trusted by EKS Pod Identity and associated in this cluster, without an OIDC provider.", { pattern: EKS_CLUSTER_NAME, allowed: "an EKS cluster name: 1-100 letters, digits, hyphens and underscores, starting with a letter or digit" }),
      podIdentity: flag("Trust the pod roles through EKS Pod Identity. Default true once clusterName is set, false (IRSA) with only eksOidcIssuerUrl; with both set, the roles trust both while service accounts move."),
      manageAgentAddon: flag("Create the eks-pod-identity-agent add-on in the cluster; leave false where the cluster's own code manages its add-ons.", false),
      podRoles: v.optional(
        v.pipe(
          v.array(
            strict("One pod role: a Kubernetes service account and what its pods may do.", {
              serviceAccount: v.pipe(v.string(says("must be a string")), v.trim(), formatCheck(SERVICE_ACCOUNT, false), info<string>("namespace:serviceaccount of the pods.")),
              access: texts(`What the pods may do: ${POD_ACCESS.join(", ")}.`, { pattern: new RegExp(`^(${POD_ACCESS.join("|")})$`), allowed: `one of ${POD_ACCESS.join(", ")}` }, undefined, []),
              trust: oneOf('"pod-identity", "irsa" or "both" (while moving). Default: as eks.podIdentity says.', POD_TRUST_FORMS),
              abac: flag("Condition the role's permissions on the session tags Pod Identity sets (cluster ARN, namespace, service account).", false),
              targetRoleArn: text("A role in another account the association chains to: the pods get its credentials (Pod Identity only).", { pattern: ARN_ROLE, allowed: "an IAM role ARN like arn:aws:iam::444455556666:role/data-reader" }),
            }),
            says("must be a list of { serviceAccount, access, ... }"),
          ),
          info("The pod roles to create. Default: the retail API's (iam.retailApiServiceAccount, read-model-artifacts), and kube-system:aws-node's (vpc-cni) when iam.cniPolicy is not node-role."),
        ),
      ),
  }),
  alarmEmails: texts("E-mail addresses subscribed to the CIS alarm topic (each confirms by e-mail).", { pattern: EMAIL, allowed: "an e-mail address like ops@example.com" }, undefined, []),
  permissionsBoundaryArn: text("Permissions boundary of every role, an IAM policy of this account or AWS.", { pattern: ARN_POLICY, allowed: "an IAM policy ARN like arn:aws:iam::123456789012:policy/boundary" }),
  tags: v.optional(
    v.pipe(
      v.record(v.string(), v.string(says("each tag value must be a string")), says("must be an object of string values")),
      info<Record<string, string>>(described("Extra default tags (Owner, CostCenter, ...); Project, Environment and ManagedBy are set by the foundation.", {})),
    ),
    {},
  ),
  names: v.optional(
    strict(
      "Overrides of derived names (see docs/settings.md).",
      Object.fromEntries(NAME_KEYS.map((k) => [k, text(`Overrides the derived ${k} name.`)])) as Record<(typeof NAME_KEYS)[number], ReturnType<typeof text>>,
    ),
  ),
  deployRole: v.optional(
    strict("The role Terraform and every command assume in the environment's account, from the caller's credentials. Default: none, the caller works in the account itself.", {
      arn: text("The role's ARN, with its path. Required in a deployRole block.", { pattern: ARN_ROLE, allowed: "an IAM role ARN like arn:aws:iam::123456789012:role/terraform-deployer" }),
      externalId: text("The external id the role's trust policy asks for, if any.", { pattern: EXTERNAL_ID, allowed: "2-1224 letters, digits and +=,.@:/-_" }),
      sessionName: text("The session name CloudTrail records for what is done as the role. Default cdktf-<environment>.", { pattern: SESSION_NAME, allowed: "2-64 letters, digits and +=,.@-_" }),
    }),
  ),
  allowStateBucketDestroy: flag("Let cdktf destroy remove the Terraform state bucket and everything in it.", false),
  audit: section("Audit trail settings.", {
      logRetentionDays: oneOf("CloudWatch Logs retention of the trail's log group, in days.", LOG_RETENTION_DAYS, 365),
      insights: flag("CloudTrail Insights (API call and error rates).", true),
      excludeNoisyManagementEvents: flag("Drop KMS and RDS Data API management events.", false),
      glacierStorageClass: oneOf("Storage class of the 90-day transition.", GLACIER_STORAGE_CLASSES, "GLACIER"),
      transitionMinimumObjectSize: oneOf("S3 transition_default_minimum_object_size of the log bucket.", TRANSITION_MINIMUM_SIZES, "all_storage_classes_128K"),
      noncurrentVersionRetentionDays: whole("Days a noncurrent log object version is kept; 0 keeps it forever.", 0, 36500, 365),
      accessLogRetentionDays: whole("Days server access logs are kept.", 1, 36500, 365),
      extraDataEventBuckets: texts("Buckets whose object-level events are recorded, besides the data bucket and the state bucket.", undefined, undefined, []),
      keyDeletionWindowDays: whole("KMS key deletion window. Default 7 in dev, 30 elsewhere.", 7, 30),
      retainOnDestroy: flag("Keep the audit evidence on cdktf destroy and protect it with explicit denies. Default false in dev, true elsewhere."),
      breakGlassPrincipalArns: texts("IAM roles or users of the account exempt from the evidence protection; must include the principal that runs Terraform.", undefined, undefined, []),
      objectLock: section("S3 Object Lock default retention of the log bucket.", {
        mode: oneOf('"GOVERNANCE" (default where evidence is retained, else "NONE"), "COMPLIANCE" or "NONE".', OBJECT_LOCK_MODES),
        retentionDays: whole("Default retention of each log file version, in days.", 1, 36500, 365),
      }),
      stateBucketDataEvents: flag("Record object-level reads and writes of the Terraform state bucket.", true),
      localTrail: flag("The environment's own trail, log buckets, key and CIS alarms. Default true; false for a member of organization.members, which the organization trail records (a local trail there is a paid second copy)."),
      mlDataEvents: texts(
        `Data events of the pipeline's SageMaker and Bedrock resources, by workload (docs/settings.md): ${ML_PRESET_NAMES.join(", ")}. SageMaker ones are limited to iam.sagemakerResourcePrefixes.`,
        { pattern: new RegExp(`^(${ML_PRESET_NAMES.join("|")})$`), allowed: `one of ${ML_PRESET_NAMES.join(", ")}` },
        undefined,
        [],
      ),
      networkActivity: section("Network activity events of the VPC endpoints the pipeline uses.", {
        eventSources: texts(
          `Services whose VPC endpoint activity is recorded: ${NETWORK_ACTIVITY_SOURCES.join(", ")}.`,
          { pattern: new RegExp(`^(${NETWORK_ACTIVITY_SOURCES.join("|").replace(/\./g, "\\.")})$`), allowed: `one of ${NETWORK_ACTIVITY_SOURCES.join(", ")}` },
          undefined,
          [],
        ),
        errorsOnly: flag("Record only requests a VPC endpoint policy refused (errorCode VpceAccessDenied): the cheap default.", true),
      }),
  }),
  alarms: section("CIS monitoring alarms.", {
      metricNamespace: text("CloudWatch namespace of the CIS metrics. Default CISBenchmark/<project>-<environment>.", { pattern: CLOUDWATCH_NAMESPACE, allowed: "a CloudWatch namespace: 1-255 letters, digits and .-_/#: or spaces, not starting with AWS/" }),
      disabledControls: texts("CIS monitoring controls turned off, by key.", { pattern: new RegExp(`^(${CIS_CONTROL_KEYS.join("|")})$`), allowed: `one of ${CIS_CONTROL_KEYS.join(", ")}` }, undefined, []),
      unauthorizedApiCallsThreshold: whole("Unauthorized API calls per 5 minutes that raise the alarm.", 1, 100000, 1),
      consoleAuthFailuresThreshold: whole("Console authentication failures per 5 minutes that raise the alarm.", 1, 100000, 1),
  }),
  iam: section("Service role settings.", {
      sagemakerAccess: oneOf('"least-privilege" or the seed guide\'s managed policies.', SAGEMAKER_ACCESS, "least-privilege"),
      cniPolicy: oneOf('Where AmazonEKS_CNI_Policy goes: "node-role", or "pod-role" (a pod role for kube-system:aws-node, trusted as eks.podIdentity says; "irsa" is its former name).', CNI_POLICY_PLACEMENT, "node-role"),
      ecrAccess: oneOf('"pull-only" or "read-only".', ECR_ACCESS, "pull-only"),
      inferenceTableName: text("DynamoDB table of the inference Lambda.", { pattern: DYNAMODB_TABLE, allowed: "a DynamoDB table name: 3-255 letters, digits and _.-" }, PIPELINE_TABLE),
      lambdaFunctionNames: texts("Lambda functions that use the inference role.", { pattern: LAMBDA_FUNCTION, allowed: "a Lambda function name: 1-64 letters, digits, hyphens and underscores" }, { items: 1, message: "must name at least one Lambda function (the role's log permissions are scoped to them)" }, PIPELINE_FUNCTIONS),
      retailApiServiceAccount: text("namespace:serviceaccount of the retail API pods (the first default entry of eks.podRoles).", SERVICE_ACCOUNT, "retail:retail-api"),
      maxSessionDurationSeconds: whole("Maximum session of every role, in seconds.", 3600, 43200, 3600),
      oidcProvider: oneOf('"create" the IAM OIDC provider, or look up an "existing" one.', OIDC_PROVIDER_MODES, "create"),
      sagemakerResourcePrefixes: texts("Name prefixes of the SageMaker resources the roles may use. Default: the project's name, \"retail-\" and \"pipelines-\".", { pattern: SAGEMAKER_PREFIX, allowed: "the start of a SageMaker resource name: 1-63 letters, digits and hyphens, starting with a letter or digit" }, { items: 1, message: "must name at least one SageMaker resource name prefix" }),
  }),
  costAssumptions: section("The workload npm run review prices.", {
      managementEventsPerMonth: decimal("Management events per month.", 0, 1e12, d.managementEventsPerMonth),
      writeEventShare: decimal("Share of management events that are writes.", 0, 1, d.writeEventShare),
      dataEventsPerMonth: decimal("S3 object events on the data buckets.", 0, 1e12, d.dataEventsPerMonth),
      stateBucketDataEventsPerMonth: decimal("S3 object events on the Terraform state bucket.", 0, 1e12, d.stateBucketDataEventsPerMonth),
      logGbPerMonth: decimal("GB of log files delivered to S3 per month.", 0, 1e9, d.logGbPerMonth),
      cloudWatchLogsGbPerMonth: decimal("GB of events delivered to CloudWatch Logs per month.", 0, 1e9, d.cloudWatchLogsGbPerMonth),
      kmsRequestsPerMonth: decimal("KMS requests per month.", 0, 1e12, d.kmsRequestsPerMonth),
      mlDataEventsPerMonth: decimal("Data events per month of each ML resource type recorded (audit.mlDataEvents).", 0, 1e12, d.mlDataEventsPerMonth),
      networkActivityEventsPerMonth: decimal("Requests per month through the VPC endpoints of each recorded event source.", 0, 1e12, d.networkActivityEventsPerMonth),
      vpceDeniedShare: decimal("Share of those requests a VPC endpoint policy refuses (what errorsOnly records).", 0, 1, d.vpceDeniedShare),
      month: whole("Months after deployment the storage is priced at.", 1, 120, d.month),
  }),
  cleanup: section("What npm run cleanup looks for: the workshop's resources that Terraform does not own (docs/cleanup.md).", {
      eksClusterPattern: text(
        'EKS clusters whose Container Insights log groups and observability add-on are cleaned up: a name, or a prefix ending in "*".',
        { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*\*?$/, allowed: 'an EKS cluster name, or a prefix followed by one "*"' },
        "mlops-retail-*",
      ),
      ecrRepository: text(
        "ECR repository of the retail API.",
        { pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, allowed: "an ECR repository name (lowercase letters, digits, ._- and /)" },
        "mlops/retail-api",
      ),
      ecrTags: texts("Image tags removed from the repository. Default: the environment's own name (dev for dev).", { pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, allowed: "an image tag" }),
      ecrUntagged: flag("Also delete untagged images.", true),
      sagemakerPrefix: text("Name prefix of the training jobs and endpoints cleaned up.", { pattern: SAGEMAKER_PREFIX, allowed: "the start of a SageMaker resource name: 1-63 letters, digits and hyphens" }, "retail-"),
      modelPackageGroup: text("Model package group whose PendingManualApproval packages are deleted.", { pattern: SAGEMAKER_PREFIX, allowed: "a model package group name" }, "retail-forecast-models"),
      restApiName: text("API Gateway REST API of the pipeline.", { pattern: /^[A-Za-z0-9 _.-]{1,128}$/, allowed: "a REST API name" }, "InferenceAPI"),
      lambdaFunctions: texts("Lambda functions of the pipeline.", { pattern: LAMBDA_FUNCTION, allowed: "a Lambda function name: 1-64 letters, digits, hyphens and underscores" }, undefined, PIPELINE_FUNCTIONS),
      dynamoDbTable: text("DynamoDB table of the pipeline.", { pattern: DYNAMODB_TABLE, allowed: "a DynamoDB table name: 3-255 letters, digits and _.-" }, PIPELINE_TABLE),
      workshopBucket: text("The workshop's data bucket, emptied and deleted. Default ml-workshop-data-<accountId>."),
      iamPolicy: text("Customer managed policy of the workshop Lambda role.", undefined, "lambda-inference-policy"),
      iamRole: text("IAM role of the workshop Lambda functions.", undefined, "lambda-inference-role"),
  }),
  complianceSuppressions: v.optional(
    v.pipe(
      v.array(
        strict("A compliance rule accepted for this environment, with the reason shown in the review.", {
          rule: v.pipe(v.picklist(RULE_IDS, says(`must be one of ${RULE_IDS.join(", ")}`)), info("The rule's ID.")),
          reason: v.pipe(
            v.string(says("must be a string")),
            v.trim(),
            formatCheck({ pattern: /^\S[\s\S]{8,}\S$/, allowed: "a reason of at least 10 characters" }, false),
            info<string>("Why the finding is acceptable here; shown in npm run review's report."),
          ),
        }),
        says("must be a list of { rule, reason }"),
      ),
      info(described("Compliance rules accepted for this environment; settings those rules would reject are then allowed.", [])),
    ),
    [],
  ),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export const ENVIRONMENT_BLOCK = strict("Settings of one environment; they override the top-level ones.", {
  ...SETTINGS,
  allowVariableOverrides: flag("Let MLOPS_* variables replace values this block sets.", false),
});

/** Where an organization's guardrails attach: the root, an OU or an account. */
const POLICY_TARGET = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
const ACCOUNT = { pattern: /^\d{12}$/, allowed: "12 digits" };
const DEPLOY_ROLE = (where: string) =>
  v.optional(
    strict(`The role Terraform and the commands assume in the ${where} account.`, {
      arn: text("The role's ARN, with its path. Required in the block.", { pattern: ARN_ROLE, allowed: "an IAM role ARN like arn:aws:iam::123456789012:role/terraform-deployer" }),
      externalId: text("The external id the role's trust policy asks for, if any.", { pattern: EXTERNAL_ID, allowed: "2-1224 letters, digits and +=,.@:/-_" }),
      sessionName: text("The session name CloudTrail records. Default cdktf-organization.", { pattern: SESSION_NAME, allowed: "2-64 letters, digits and +=,.@-_" }),
    }),
  );

/**
 * Organization mode (docs/organization.md): one organization trail delivered to a log-archive
 * account, guardrails attached by the management account. Absent: the single-account foundation.
 */
export const ORGANIZATION = v.optional(
  strict("Organization mode: an organization trail, a log-archive account and guardrails (docs/organization.md).", {
    id: text("The organization's id (aws organizations describe-organization --query Organization.Id).", { pattern: /^o-[a-z0-9]{10,32}$/, allowed: "an organization id like o-a1b2c3d4e5" }),
    managementAccountId: text("The management account: it owns the organization trail and attaches the guardrails.", ACCOUNT),
    trailAccountId: text("The CloudTrail delegated administrator that creates and manages the trail. Default: the management account (which SCPs never restrict: see docs/organization.md).", ACCOUNT),
    logArchiveAccountId: text("The log-archive account: the trail's buckets and key live there.", ACCOUNT),
    members: texts("The environments (keys of environments) whose accounts are members recorded by the organization trail.", undefined, undefined, []),
    breakGlassPrincipalArns: texts(
      "Roles exempt from the guardrails and the archive's denies: one of the log-archive account (it applies the archive) and one of the trail account at least.",
      { pattern: /^arn:aws:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, allowed: "an IAM role or user ARN like arn:aws:iam::123456789012:role/break-glass" },
      undefined,
      [],
    ),
    decryptForOrganization: flag("Let principals of the organization (aws:PrincipalOrgID) decrypt the trail's log files, besides the log-archive account's.", false),
    deployRoles: section("The roles Terraform and the commands assume in each organization account.", {
      management: DEPLOY_ROLE("management"),
      trail: DEPLOY_ROLE("trail (delegated administrator)"),
      logArchive: DEPLOY_ROLE("log-archive"),
    }),
    guardrails: section("Service and resource control policies that protect the trail and the archive.", {
      attachTo: texts("Where the policies attach: the root (r-...), OUs (ou-...-...) or accounts.", { pattern: POLICY_TARGET, allowed: "a root id (r-ab12), an OU id (ou-ab12-cdef3456) or a 12-digit account id" }, undefined, []),
      resourceControlPolicy: flag("Also a resource control policy that keeps the archive's buckets and key inside the organization.", true),
    }),
  }),
);

/** The whole `foundation` object. */
export const FOUNDATION = v.pipe(
  v.strictObject(
    {
      ...SETTINGS,
      organization: ORGANIZATION,
      synthesize: v.optional(
        v.pipe(
          v.array(v.string(says("each entry must be a string")), says("must be a non-empty list of environment names")),
          v.minLength(1, says("must be a non-empty list of environment names")),
          info('Environments cdktf synth builds, unless MLOPS_ENVIRONMENTS says otherwise. Default ["dev"].'),
        ),
      ),
      environments: v.optional(
        v.pipe(
          v.record(
            v.pipe(
              v.string(),
              v.regex(
                ENVIRONMENT_NAME_PATTERN,
                says(`environment names must be 1-${MAX_ENVIRONMENT_LENGTH} lowercase letters and digits in words joined by single hyphens, starting with a letter (dev, team-a, prod-eu)`),
              ),
            ),
            ENVIRONMENT_BLOCK,
            says("must be an object of environments, each with its settings"),
          ),
          info(
            'The environments that can be synthesized, by the names you choose, each with its own settings. Default { "dev": {} }. ' +
              "Settings at the top level apply to every environment; an environment's block overrides them.",
          ),
        ),
      ),
    },
    (issue) =>
      issue.expected === "never"
        ? `unknown setting; allowed: ${[...SETTING_KEYS, "organization", "synthesize", "environments"].join(", ")}`
        : `must be an object${got(issue.input)}`,
  ),
  info("Configuration of the MLOps audit & IAM foundation (docs/settings.md)."),
);

/** The settings of one environment with their defaults filled in (config/complete-settings.ts). */
export const COMPLETE_SETTINGS = v.strictObject(SETTINGS);
export type Settings = v.InferOutput<typeof COMPLETE_SETTINGS>;

/**
 * What one level of the configuration gives (the top level, an environment's block, the MLOPS_*
 * variables, or all three merged): any setting may be left out, at any depth; a list is given whole.
 */
export type Given<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Given<T[K]> } : T;
/** The `foundation` object as the file gives it, without defaults. */
export type FoundationInput = Given<v.InferOutput<typeof FOUNDATION>>;
/** The settings the file and the variables give one environment, merged, without defaults. */
export type SettingsInput = Given<Settings>;
