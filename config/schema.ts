import * as v from "valibot";
import { CIS_CONTROL_KEYS } from "../constructs/cis-monitoring";
import { RULES } from "../compliance/pack";
import { DEFAULT_COST_ASSUMPTIONS } from "../facts/cost-assumptions";
import { describe, SERVICE_ACCOUNT_PATTERN } from "../facts/name-rules";
import { ENVIRONMENT_NAME_PATTERN, MAX_ENVIRONMENT_LENGTH, MAX_PROJECT_LENGTH } from "../facts/naming";
import { AWS_REGIONS } from "./regions";
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

export const got = (value: unknown): string =>
  value === undefined ? "" : `, got ${typeof value === "string" ? describe(value) : JSON.stringify(value)}`;
export const list = (values: readonly (string | number)[]): string =>
  values.map((x) => (typeof x === "string" ? `"${x}"` : String(x))).join(", ");

/** A message naming what is allowed and the value that was given. */
const says =
  (allowed: string) =>
  (issue: { input: unknown }): string =>
    `${allowed}${got(issue.input)}`;

const info = <T>(text: string) => v.description<T, string>(text);

/** An anchored pattern (`^...$`) whose first and last characters cannot be spaces, and what it allows. */
interface Format {
  readonly pattern: RegExp;
  readonly allowed: string;
}

/**
 * JSON Schema patterns of the format checks. The loader checks the trimmed value; editors see the
 * value as written, so their pattern also allows the surrounding spaces the loader trims.
 */
export const JSON_PATTERNS = new WeakMap<object, string>();

function formatCheck(format: Format, entry: boolean) {
  const action = v.regex<string, (issue: { input: unknown }) => string>(format.pattern, says(`${entry ? "each entry " : ""}must be ${format.allowed}`));
  JSON_PATTERNS.set(action, `^\\s*(?:${format.pattern.source.slice(1, -1)})\\s*$`);
  return action;
}

/** A string that is not blank, trimmed, and when `format` is given, matching it. */
function text(description: string, format?: Format) {
  const base = v.pipe(v.string(says("must be a string")), v.regex(/\S/, says("must not be empty")), v.trim());
  return format
    ? v.optional(v.pipe(base, formatCheck(format, false), info<string>(description)))
    : v.optional(v.pipe(base, info<string>(description)));
}

function flag(description: string) {
  return v.optional(v.pipe(v.boolean(says("must be true or false")), info(description)));
}

function whole(description: string, min: number, max: number) {
  const m = says(`must be a whole number from ${min} to ${max}`);
  return v.optional(v.pipe(v.number(m), v.integer(m), v.minValue(min, m), v.maxValue(max, m), info(description)));
}

function decimal(description: string, min: number, max: number) {
  const m = says(`must be a number from ${min} to ${max}`);
  return v.optional(v.pipe(v.number(m), v.finite(m), v.minValue(min, m), v.maxValue(max, m), info(description)));
}

function oneOf<const T extends readonly (string | number)[]>(description: string, allowed: T) {
  return v.optional(v.pipe(v.picklist(allowed, says(`must be one of ${list(allowed)}`)), info(description)));
}

/** A list of non-blank strings, each matching `format` when given, with at least `min.items` entries when given. */
function texts(description: string, format?: Format, min?: { items: number; message: string }) {
  const blank = v.pipe(v.string(says("each entry must be a string")), v.regex(/\S/, says("each entry must not be empty")), v.trim());
  const entry = format ? v.pipe(blank, formatCheck(format, true)) : blank;
  const entries = v.array(entry, says("must be a list of strings"));
  return min
    ? v.optional(v.pipe(entries, v.minLength(min.items, says(min.message)), info<string[]>(description)))
    : v.optional(v.pipe(entries, info<string[]>(description)));
}

/** Valibot's object schemas accept arrays; settings objects must not be lists. */
const isPlainObject = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value);

function strict<const E extends v.ObjectEntries>(description: string, entries: E) {
  const allowed = `unknown setting; allowed: ${Object.keys(entries).join(", ")}`;
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, says("must be an object")),
    // What reaches the object schema is a plain object: its issues are unknown keys, and keys that
    // must be given. Only the entries of a list (complianceSuppressions) have those, and the
    // setting the loader names is the list, so the message says which key an entry lacks.
    v.strictObject(entries, (issue) => (issue.expected === "never" ? allowed : `each entry must give ${issue.expected}`)),
    info(description),
  );
}

const ARN_KMS_KEY = /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ARN_POLICY = /^arn:aws:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;
const ARN_ROLE = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** STS AssumeRole's ExternalId and RoleSessionName. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** `https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>`, the only issuer EKS gives a cluster. */
const EKS_ISSUER = /^https:\/\/oidc\.eks\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com\/id\/[0-9A-F]{32}$/;
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

/** The settings that can be given at the top level (for every environment) and in an environment's block. */
export const SETTINGS = {
  project: text(`Project name every derived name starts with. Default "mlops-retail-prediction".`, { pattern: PROJECT_PATTERN, allowed: `2-${MAX_PROJECT_LENGTH} characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits)` }),
  accountId: text("The AWS account (12 digits). Default: the documented example account 123456789012, with a warning.", { pattern: /^\d{12}$/, allowed: "12 digits" }),
  region: v.optional(
    v.pipe(
      v.picklist(AWS_REGIONS, says("must be an AWS commercial region code such as us-east-1 or eu-west-1")),
      info("Home region of the trail and every regional resource. Default us-east-1."),
    ),
  ),
  dataBucket: v.optional(
    strict("The project's data bucket, created by the data pipeline (not by this app).", {
      name: text("Bucket name. Default <project>-<environment>-<accountId>."),
      goldPrefix: text('Key prefix of the curated data. Default "gold/".', { pattern: KEY_PREFIX, allowed: 'a key prefix like "gold/": path segments without a leading slash, ending with "/", without * or ?' }),
      artifactsPrefix: text('Key prefix of model artifacts. Default "artifacts/".', { pattern: KEY_PREFIX, allowed: 'a key prefix like "gold/": path segments without a leading slash, ending with "/", without * or ?' }),
      kmsKeyArn: text("Customer KMS key of the data bucket, when it has one; in the configured region.", { pattern: ARN_KMS_KEY, allowed: "a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key-id>" }),
    }),
  ),
  eksOidcIssuerUrl: text("The EKS cluster's OIDC issuer URL (aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text). Unset: no IRSA roles.", { pattern: EKS_ISSUER, allowed: "the cluster's OIDC issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>, without a trailing slash" }),
  alarmEmails: texts("E-mail addresses subscribed to the CIS alarm topic (each confirms by e-mail).", { pattern: EMAIL, allowed: "an e-mail address like ops@example.com" }),
  permissionsBoundaryArn: text("Permissions boundary of every role, an IAM policy of this account or AWS.", { pattern: ARN_POLICY, allowed: "an IAM policy ARN like arn:aws:iam::123456789012:policy/boundary" }),
  tags: v.optional(
    v.pipe(
      v.record(v.string(), v.string(says("each tag value must be a string")), says("must be an object of string values")),
      info("Extra default tags (Owner, CostCenter, ...); Project, Environment and ManagedBy are set by the foundation."),
    ),
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
  allowStateBucketDestroy: flag("Let cdktf destroy remove the Terraform state bucket and everything in it. Default false."),
  audit: v.optional(
    strict("Audit trail settings.", {
      logRetentionDays: oneOf("CloudWatch Logs retention of the trail's log group, in days. Default 365.", LOG_RETENTION_DAYS),
      insights: flag("CloudTrail Insights (API call and error rates). Default true."),
      excludeNoisyManagementEvents: flag("Drop KMS and RDS Data API management events. Default false."),
      glacierStorageClass: oneOf('Storage class of the 90-day transition. Default "GLACIER".', GLACIER_STORAGE_CLASSES),
      transitionMinimumObjectSize: oneOf("S3 transition_default_minimum_object_size of the log bucket.", TRANSITION_MINIMUM_SIZES),
      noncurrentVersionRetentionDays: whole("Days a noncurrent log object version is kept; 0 keeps it forever. Default 365.", 0, 36500),
      accessLogRetentionDays: whole("Days server access logs are kept. Default 365.", 1, 36500),
      extraDataEventBuckets: texts("Buckets whose object-level events are recorded, besides the data bucket and the state bucket."),
      keyDeletionWindowDays: whole("KMS key deletion window. Default 7 in dev, 30 elsewhere.", 7, 30),
      retainOnDestroy: flag("Keep the audit evidence on cdktf destroy and protect it with explicit denies. Default false in dev, true elsewhere."),
      breakGlassPrincipalArns: texts("IAM roles or users of the account exempt from the evidence protection; must include the principal that runs Terraform."),
      objectLock: v.optional(
        strict("S3 Object Lock default retention of the log bucket.", {
          mode: oneOf('"GOVERNANCE" (default where evidence is retained), "COMPLIANCE" or "NONE".', OBJECT_LOCK_MODES),
          retentionDays: whole("Default retention of each log file version, in days. Default 365.", 1, 36500),
        }),
      ),
      stateBucketDataEvents: flag("Record object-level reads and writes of the Terraform state bucket. Default true."),
    }),
  ),
  alarms: v.optional(
    strict("CIS monitoring alarms.", {
      metricNamespace: text("CloudWatch namespace of the CIS metrics. Default CISBenchmark/<project>-<environment>.", { pattern: CLOUDWATCH_NAMESPACE, allowed: "a CloudWatch namespace: 1-255 letters, digits and .-_/#: or spaces, not starting with AWS/" }),
      disabledControls: texts("CIS monitoring controls turned off, by key.", { pattern: new RegExp(`^(${CIS_CONTROL_KEYS.join("|")})$`), allowed: `one of ${CIS_CONTROL_KEYS.join(", ")}` }),
      unauthorizedApiCallsThreshold: whole("Unauthorized API calls per 5 minutes that raise the alarm. Default 1.", 1, 100000),
      consoleAuthFailuresThreshold: whole("Console authentication failures per 5 minutes that raise the alarm. Default 1.", 1, 100000),
    }),
  ),
  iam: v.optional(
    strict("Service role settings.", {
      sagemakerAccess: oneOf('"least-privilege" (default) or the seed guide\'s managed policies.', SAGEMAKER_ACCESS),
      cniPolicy: oneOf('Where AmazonEKS_CNI_Policy goes: "node-role" (default) or an IRSA role.', CNI_POLICY_PLACEMENT),
      ecrAccess: oneOf('"pull-only" (default) or "read-only".', ECR_ACCESS),
      inferenceTableName: text('DynamoDB table of the inference Lambda. Default "InferenceMetadata".', { pattern: DYNAMODB_TABLE, allowed: "a DynamoDB table name: 3-255 letters, digits and _.-" }),
      lambdaFunctionNames: texts("Lambda functions that use the inference role.", { pattern: LAMBDA_FUNCTION, allowed: "a Lambda function name: 1-64 letters, digits, hyphens and underscores" }, { items: 1, message: "must name at least one Lambda function (the role's log permissions are scoped to them)" }),
      retailApiServiceAccount: text('namespace:serviceaccount of the retail API pods. Default "retail:retail-api".', { pattern: SERVICE_ACCOUNT_PATTERN, allowed: '"namespace:serviceaccount" in Kubernetes naming (lowercase letters, digits, hyphens)' }),
      maxSessionDurationSeconds: whole("Maximum session of every role, in seconds. Default 3600.", 3600, 43200),
      oidcProvider: oneOf('"create" (default) the IAM OIDC provider, or look up an "existing" one.', OIDC_PROVIDER_MODES),
      sagemakerResourcePrefixes: texts("Name prefixes of the SageMaker resources the roles may use.", { pattern: SAGEMAKER_PREFIX, allowed: "the start of a SageMaker resource name: 1-63 letters, digits and hyphens, starting with a letter or digit" }, { items: 1, message: "must name at least one SageMaker resource name prefix" }),
    }),
  ),
  costAssumptions: v.optional(
    strict("The workload npm run review prices.", {
      managementEventsPerMonth: decimal(`Default ${d.managementEventsPerMonth}.`, 0, 1e12),
      writeEventShare: decimal(`Share of management events that are writes. Default ${d.writeEventShare}.`, 0, 1),
      dataEventsPerMonth: decimal(`S3 object events on the data buckets. Default ${d.dataEventsPerMonth}.`, 0, 1e12),
      stateBucketDataEventsPerMonth: decimal(`S3 object events on the Terraform state bucket. Default ${d.stateBucketDataEventsPerMonth}.`, 0, 1e12),
      logGbPerMonth: decimal(`Default ${d.logGbPerMonth}.`, 0, 1e9),
      cloudWatchLogsGbPerMonth: decimal(`Default ${d.cloudWatchLogsGbPerMonth}.`, 0, 1e9),
      kmsRequestsPerMonth: decimal(`Default ${d.kmsRequestsPerMonth}.`, 0, 1e12),
      month: whole(`Months after deployment the storage is priced at. Default ${d.month}.`, 1, 120),
    }),
  ),
  cleanup: v.optional(
    strict("What npm run cleanup looks for: the workshop's resources that Terraform does not own (docs/cleanup.md).", {
      eksClusterPattern: text('EKS clusters whose Container Insights log groups and observability add-on are cleaned up: a name, or a prefix ending in "*". Default "mlops-retail-*".', {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*\*?$/,
        allowed: 'an EKS cluster name, or a prefix followed by one "*"',
      }),
      ecrRepository: text('ECR repository of the retail API. Default "mlops/retail-api".', {
        pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
        allowed: "an ECR repository name (lowercase letters, digits, ._- and /)",
      }),
      ecrTags: texts("Image tags removed from the repository. Default: the environment's own name (dev for dev).", { pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, allowed: "an image tag" }),
      ecrUntagged: flag("Also delete untagged images. Default true."),
      sagemakerPrefix: text('Name prefix of the training jobs and endpoints cleaned up. Default "retail-".', { pattern: SAGEMAKER_PREFIX, allowed: "the start of a SageMaker resource name: 1-63 letters, digits and hyphens" }),
      modelPackageGroup: text('Model package group whose PendingManualApproval packages are deleted. Default "retail-forecast-models".', { pattern: SAGEMAKER_PREFIX, allowed: "a model package group name" }),
      restApiName: text('API Gateway REST API of the pipeline. Default "InferenceAPI".', { pattern: /^[A-Za-z0-9 _.-]{1,128}$/, allowed: "a REST API name" }),
      lambdaFunctions: texts('Lambda functions of the pipeline. Default ["preprocessing-function", "inference-function"].', { pattern: LAMBDA_FUNCTION, allowed: "a Lambda function name: 1-64 letters, digits, hyphens and underscores" }),
      dynamoDbTable: text('DynamoDB table of the pipeline. Default "InferenceMetadata".', { pattern: DYNAMODB_TABLE, allowed: "a DynamoDB table name: 3-255 letters, digits and _.-" }),
      workshopBucket: text("The workshop's data bucket, emptied and deleted. Default ml-workshop-data-<accountId>."),
      iamPolicy: text('Customer managed policy of the workshop Lambda role. Default "lambda-inference-policy".'),
      iamRole: text('IAM role of the workshop Lambda functions. Default "lambda-inference-role".'),
    }),
  ),
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
      info("Compliance rules accepted for this environment; settings those rules would reject are then allowed."),
    ),
  ),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export const ENVIRONMENT_BLOCK = strict("Settings of one environment; they override the top-level ones.", {
  ...SETTINGS,
  allowVariableOverrides: flag("Let MLOPS_* variables replace values this block sets. Default false."),
});

/** The whole `foundation` object. */
export const FOUNDATION = v.pipe(
  v.strictObject(
    {
      ...SETTINGS,
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
        ? `unknown setting; allowed: ${[...SETTING_KEYS, "synthesize", "environments"].join(", ")}`
        : `must be an object${got(issue.input)}`,
  ),
  info("Configuration of the MLOps audit & IAM foundation (docs/settings.md)."),
);

export type FoundationInput = v.InferOutput<typeof FOUNDATION>;
export type SettingsInput = v.InferOutput<v.ObjectSchema<typeof SETTINGS, undefined>>;
