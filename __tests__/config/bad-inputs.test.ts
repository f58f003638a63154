import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeFoundation } from "../../stacks/foundation-app";

const ACCOUNT = "111122223333";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
const ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

type Settings = Record<string, unknown>;
type Env = Record<string, string>;

/** Dev in a real account, with `settings` in its block. */
const dev = (settings: Settings): Settings => ({ accountId: ACCOUNT, environments: { dev: settings } });
/** Prod alone in a real account, with the deployer as break-glass principal. */
const prod = (settings: Settings): Settings => ({
  accountId: ACCOUNT,
  audit: { breakGlassPrincipalArns: [DEPLOYER] },
  environments: { prod: settings },
  synthesize: ["prod"],
});

/** Runs the app entry with a configuration and variables into a fresh folder. */
function run(settings: Settings, env: Env = {}): { code: number; log: string[]; wrote: boolean } {
  const dir = mkdtempSync(join(tmpdir(), "bad-input-"));
  const outdir = join(dir, "out");
  const log: string[] = [];
  try {
    const code = synthesizeFoundation({ context: { foundation: settings }, env, outdir, log: (l) => log.push(...l.split("\n")) });
    return { code, log, wrote: existsSync(outdir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BUCKET_RULE =
  "an S3 bucket name must be 3-63 characters of lowercase letters, digits, hyphens and periods, start and end with a letter or digit, " +
  "not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, .mrap or --x-s3";
const LAMBDA_NAME = "each entry must be a Lambda function name: 1-64 letters, digits, hyphens and underscores";

/** [what is wrong, file settings, variables, the one problem reported]. */
const CASES: [string, Settings, Env, string][] = [
  // Types and shapes, where they are written.
  ["the foundation is a list", [] as unknown as Settings, {}, "foundation (cdktf.json context): must be an object, got []"],
  ["a top-level setting is misspelt", { projet: "x" }, {}, "projet: unknown setting; allowed: project, accountId, region, dataBucket, eksOidcIssuerUrl, eks, alarmEmails, permissionsBoundaryArn, tags, names, deployRole, allowStateBucketDestroy, audit, alarms, iam, costAssumptions, cleanup, complianceSuppressions, organization, synthesize, environments"],
  ["an audit setting is misspelt", dev({ audit: { logRetentionDay: 365 } }), {}, "environments.dev.audit.logRetentionDay: unknown setting; allowed: logRetentionDays, insights, excludeNoisyManagementEvents, glacierStorageClass, transitionMinimumObjectSize, noncurrentVersionRetentionDays, accessLogRetentionDays, extraDataEventBuckets, keyDeletionWindowDays, retainOnDestroy, breakGlassPrincipalArns, objectLock, stateBucketDataEvents, localTrail, mlDataEvents, networkActivity"],
  ["a name key is misspelt", dev({ names: { trial: "x" } }), {}, "environments.dev.names.trial: unknown setting; allowed: stateStack, foundationStack, stateBucket, trail, logBucket, accessLogBucket, kmsAlias, logGroup, cloudTrailLogsRole, eksClusterRole, eksNodeGroupRole, eksNodeInstanceProfile, sagemakerExecutionRole, lambdaInferenceRole, lambdaInferencePolicy, alarmTopic, alarmKmsAlias"],
  ["an environment name is not a name we can derive from", { environments: { QA: {} } }, {}, 'environments.QA: environment names must be 1-40 lowercase letters and digits in words joined by single hyphens, starting with a letter (dev, team-a, prod-eu), got "QA"'],
  ["an environment block is a string", { environments: { dev: "yes" } }, {}, 'environments.dev: must be an object, got "yes"'],
  ["audit is a list", dev({ audit: [] }), {}, "environments.dev.audit: must be an object, got []"],
  ["the project is empty", { project: "" }, {}, 'project: must not be empty, got ""'],
  ["the project is blank", { project: "   " }, {}, 'project: must not be empty, got "   "'],
  ["the region is empty", { region: "" }, {}, 'region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got ""'],
  ["the account id is a number", { accountId: 111122223333 }, {}, "accountId: must be a string, got 111122223333"],
  ["the account id has 13 digits", { accountId: "1111222233334" }, {}, 'accountId: must be 12 digits, got "1111222233334"'],
  ["the account id has 11 digits", { accountId: "11112222333" }, {}, 'accountId: must be 12 digits, got "11112222333"'],
  ["the region is in China", { region: "cn-north-1" }, {}, 'region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "cn-north-1"'],
  ["the region is in GovCloud", { region: "us-gov-west-1" }, {}, 'region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "us-gov-west-1"'],
  ["the region is in an ISO partition", { region: "us-iso-east-1" }, {}, 'region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "us-iso-east-1"'],
  ["the region is in upper case", { region: "US-EAST-1" }, {}, 'region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "US-EAST-1"'],
  ["the account id is written with dashes", { accountId: "1111-2222-3333" }, {}, 'accountId: must be 12 digits, got "1111-2222-3333"'],
  ["the account id has a letter", { accountId: "11112222333O" }, {}, 'accountId: must be 12 digits, got "11112222333O"'],
  ["the project has two hyphens in a row", { project: "ml--ops" }, {}, 'project: must be 2-34 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits), got "ml--ops"'],
  ["the project ends with a hyphen", { project: "mlops-" }, {}, 'project: must be 2-34 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits), got "mlops-"'],
  ["the project is 35 characters", { project: `p${"x".repeat(34)}` }, {}, `project: must be 2-34 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits), got "p${"x".repeat(34)}" (35 characters)`],
  ["synthesize is empty", { synthesize: [] }, {}, "synthesize: must be a non-empty list of environment names, got []"],
  ["synthesize is a string", { synthesize: "dev" }, {}, 'synthesize: must be a non-empty list of environment names, got "dev"'],
  ["synthesize names a missing environment", { environments: { dev: {} }, synthesize: ["prod"] }, {}, 'synthesize: each entry must be a configured environment ("dev"), got "prod"'],
  ["a boolean is a string", dev({ allowStateBucketDestroy: "true" }), {}, 'environments.dev.allowStateBucketDestroy: must be true or false, got "true"'],
  ["a whole number has a fraction", dev({ audit: { accessLogRetentionDays: 1.5 } }), {}, "environments.dev.audit.accessLogRetentionDays: must be a whole number from 1 to 36500, got 1.5"],
  ["noncurrent retention is negative", dev({ audit: { noncurrentVersionRetentionDays: -1 } }), {}, "environments.dev.audit.noncurrentVersionRetentionDays: must be a whole number from 0 to 36500, got -1"],
  ["the key deletion window is too long", dev({ audit: { keyDeletionWindowDays: 31 } }), {}, "environments.dev.audit.keyDeletionWindowDays: must be a whole number from 7 to 30, got 31"],
  ["the glacier class is unknown", dev({ audit: { glacierStorageClass: "DEEP_ARCHIVE" } }), {}, 'environments.dev.audit.glacierStorageClass: must be one of "GLACIER", "GLACIER_IR", got "DEEP_ARCHIVE"'],
  ["the session duration is below an hour", dev({ iam: { maxSessionDurationSeconds: 900 } }), {}, "environments.dev.iam.maxSessionDurationSeconds: must be a whole number from 3600 to 43200, got 900"],
  ["a cost assumption is a string", dev({ costAssumptions: { managementEventsPerMonth: "1e6" } }), {}, 'environments.dev.costAssumptions.managementEventsPerMonth: must be a number from 0 to 1000000000000, got "1e6"'],
  ["the e-mail list is a string", dev({ alarmEmails: "ops@example.com" }), {}, 'environments.dev.alarmEmails: must be a list of strings, got "ops@example.com"'],
  ["an e-mail entry is empty", dev({ alarmEmails: [""] }), {}, 'environments.dev.alarmEmails: each entry must not be empty, got ""'],
  ["an e-mail address is listed twice", dev({ alarmEmails: ["ops@example.com", "OPS@example.com"] }), {}, 'environments.dev.alarmEmails: must list each e-mail address once, got "OPS@example.com"'],
  ["a tag value is a number", dev({ tags: { CostCenter: 42 } }), {}, "environments.dev.tags: each tag value must be a string, got 42"],
  ["a tag key starts with aws:", dev({ tags: { "aws:owner": "x" } }), {}, 'environments.dev.tags: keys must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:, got "aws:owner"'],
  ["there are more tags than AWS allows", dev({ tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`Tag${i}`, "x"])) }), {},
    "environments.dev.tags: must have at most 47 tags (AWS allows 50 per resource; the foundation sets Project, Environment, ManagedBy), got 48"],
  // Wildcards and prefixes that would widen IAM scopes.
  ["a data prefix has a wildcard", dev({ dataBucket: { goldPrefix: "gold*/" } }), {}, 'environments.dev.dataBucket.goldPrefix: must be a key prefix like "gold/": path segments without a leading slash, ending with "/", without * or ?, got "gold*/"'],
  ["a data prefix is empty", dev({ dataBucket: { artifactsPrefix: "" } }), {}, 'environments.dev.dataBucket.artifactsPrefix: must not be empty, got ""'],
  ["a data prefix starts with a slash", dev({ dataBucket: { goldPrefix: "/gold/" } }), {}, 'environments.dev.dataBucket.goldPrefix: must be a key prefix like "gold/": path segments without a leading slash, ending with "/", without * or ?, got "/gold/"'],
  ["a SageMaker prefix has a question mark", dev({ iam: { sagemakerResourcePrefixes: ["retail?"] } }), {}, 'environments.dev.iam.sagemakerResourcePrefixes: each entry must be the start of a SageMaker resource name: 1-63 letters, digits and hyphens, starting with a letter or digit, got "retail?"'],
  ["a SageMaker prefix is empty", dev({ iam: { sagemakerResourcePrefixes: [""] } }), {}, 'environments.dev.iam.sagemakerResourcePrefixes: each entry must not be empty, got ""'],
  ["the Lambda function list is empty", dev({ iam: { lambdaFunctionNames: [] } }), {}, "environments.dev.iam.lambdaFunctionNames: must name at least one Lambda function (the role's log permissions are scoped to them), got []"],
  ["a Lambda function name has a wildcard", dev({ iam: { lambdaFunctionNames: ["inference-*"] } }), {}, `environments.dev.iam.lambdaFunctionNames: ${LAMBDA_NAME}, got "inference-*"`],
  ["the table name is too short", dev({ iam: { inferenceTableName: "ab" } }), {}, 'environments.dev.iam.inferenceTableName: must be a DynamoDB table name: 3-255 letters, digits and _.-, got "ab"'],
  ["a name override is empty", dev({ names: { trail: "" } }), {}, 'environments.dev.names.trail: must not be empty, got ""'],
  ["a bucket name has a wildcard", dev({ names: { stateBucket: "state-*" } }), {}, `environments.dev.names.stateBucket: ${BUCKET_RULE}, got "state-*"`],
  ["an extra data-event bucket has a wildcard", dev({ audit: { extraDataEventBuckets: ["raw-*"] } }), {}, `environments.dev.audit.extraDataEventBuckets: ${BUCKET_RULE}, got "raw-*"`],
  // ARNs and URLs.
  ["the issuer is not an EKS issuer", dev({ eksOidcIssuerUrl: "https://token.actions.githubusercontent.com" }), {}, 'environments.dev.eksOidcIssuerUrl: must be the cluster\'s OIDC issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>, without a trailing slash, got "https://token.actions.githubusercontent.com" (43 characters)'],
  ["the issuer id is too short", dev({ eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC" }), {}, 'environments.dev.eksOidcIssuerUrl: must be the cluster\'s OIDC issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>, without a trailing slash, got "https://oidc.eks.us-east-1.amazonaws.com/id/ABC" (47 characters)'],
  ["the permissions boundary is in another account", dev({ permissionsBoundaryArn: "arn:aws:iam::444455556666:policy/boundary" }), {}, 'environments.dev.permissionsBoundaryArn: must be a policy of dev\'s account 111122223333 or an AWS managed policy, got "arn:aws:iam::444455556666:policy/boundary" (41 characters)'],
  ["the data key is in another region", dev({ dataBucket: { kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } }), {},
    `environments.dev.dataBucket.kmsKeyArn: must be a key in us-east-1, the region of the data bucket that the roles' kms:ViaService condition names (s3.us-east-1.amazonaws.com), got "arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab" (75 characters)`],
  ["the data key is an alias", dev({ dataBucket: { kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/data` } }), {}, `environments.dev.dataBucket.kmsKeyArn: must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key-id>, got "arn:aws:kms:us-east-1:${ACCOUNT}:alias/data" (45 characters)`],
  // Collisions within one environment.
  ["two roles share a name", dev({ names: { eksClusterRole: "pipeline-role", eksNodeGroupRole: "pipeline-role" } }), {},
    'environments.dev.names.eksNodeGroupRole: must differ from environments.dev.names.eksClusterRole: both would be the IAM role, got "pipeline-role"'],
  ["the two KMS aliases are equal", dev({ names: { alarmKmsAlias: "alias/mlops-retail-prediction-dev-cloudtrail-key" } }), {},
    'environments.dev.names.alarmKmsAlias: must differ from dev\'s names.kmsAlias (derived from project, environment, accountId and region): both would be the KMS alias, got "alias/mlops-retail-prediction-dev-cloudtrail-key" (48 characters)'],
  ["the state bucket is the log bucket", dev({ names: { stateBucket: `mlops-cloudtrail-logs-us-east-1-${ACCOUNT}` } }), {},
    `environments.dev.names.stateBucket: must differ from dev's names.logBucket (derived from project, environment, accountId and region): both would be the S3 bucket, got "mlops-cloudtrail-logs-us-east-1-${ACCOUNT}" (44 characters)`],
  ["the log bucket is the access-log bucket", dev({ names: { logBucket: "audit-logs-111122223333", accessLogBucket: "audit-logs-111122223333" } }), {},
    'environments.dev.names.accessLogBucket: must differ from environments.dev.names.logBucket: both would be the S3 bucket, got "audit-logs-111122223333" (23 characters)'],
  ["the data bucket is the state bucket", dev({ dataBucket: { name: "mlops-retail-prediction-dev-tfstate-111122223333" } }), {},
    'environments.dev.dataBucket.name: must not be the Terraform state bucket: the data pipeline\'s roles would be granted the state files, got "mlops-retail-prediction-dev-tfstate-111122223333" (48 characters)'],
  ["the two stacks share a name", dev({ names: { stateStack: "foundation", foundationStack: "foundation" } }), {},
    'environments.dev.names.foundationStack: must differ from environments.dev.names.stateStack: both would be the stack, got "foundation"'],
  ["the retail API's IRSA role is the cluster role", dev({ eksOidcIssuerUrl: ISSUER, names: { eksClusterRole: "mlops-retail-prediction-dev-irsa-retail-api" } }), {},
    'environments.dev.names.eksClusterRole: must differ from iam.retailApiServiceAccount (its IRSA role name): both would be the IAM role, got "mlops-retail-prediction-dev-irsa-retail-api" (43 characters)'],
  ["an extra data-event bucket repeats the data bucket", dev({ audit: { extraDataEventBuckets: ["mlops-retail-prediction-dev-111122223333"] } }), {},
    'environments.dev.audit.extraDataEventBuckets: must not repeat a bucket already recorded (dataBucket.name), got "mlops-retail-prediction-dev-111122223333" (40 characters)'],
  // Collisions across environments.
  ["a top-level trail name is shared by two environments of one account", { accountId: ACCOUNT, names: { trail: "org-audit" }, environments: { dev: {}, staging: {} }, audit: { breakGlassPrincipalArns: [DEPLOYER] } }, {},
    'names.trail: is set at the top level, so dev and staging would both create the trail (trail names are unique within account 111122223333 and region us-east-1); set it for each environment under environments.<environment>.names.trail, got "org-audit"'],
  ["two environments name the same stack", { environments: { dev: { names: { stateStack: "state" } }, staging: { names: { stateStack: "state" } } } }, {},
    'environments.staging.names.stateStack: must differ from the dev environment\'s stateStack (stack names are unique within the app), got "state"'],
  // Settings the compliance pack would reject.
  ["log retention is below a year", dev({ audit: { logRetentionDays: 90 } }), {},
    'environments.dev.audit.logRetentionDays: must be at least 365 (compliance rule LOG-1: The log group keeps events for at least 365 days); to accept it, add { "rule": "LOG-1", "reason": "<why>" } to complianceSuppressions, got 90'],
  ["log retention is below a year and only another rule is suppressed", dev({ audit: { logRetentionDays: 90 }, complianceSuppressions: [{ rule: "CT-6", reason: "object events are recorded by the org trail" }] }), {},
    'environments.dev.audit.logRetentionDays: must be at least 365 (compliance rule LOG-1: The log group keeps events for at least 365 days); to accept it, add { "rule": "LOG-1", "reason": "<why>" } to complianceSuppressions, got 90'],
  ["the state bucket's object events are turned off", dev({ audit: { stateBucketDataEvents: false } }), {},
    'environments.dev.audit.stateBucketDataEvents: must be true (compliance rule CT-6: The trail records object-level reads and writes of the stack\'s Terraform state bucket); to accept it, add { "rule": "CT-6", "reason": "<why>" } to complianceSuppressions, got false'],
  ["prod keeps its evidence without Object Lock", prod({ audit: { objectLock: { mode: "NONE" } } }), {},
    'environments.prod.audit.objectLock.mode: must be "GOVERNANCE" or "COMPLIANCE" where audit.retainOnDestroy is true (compliance rule EVI-1: Where audit evidence is retained, the trail\'s log bucket locks and denies deleting log files, and its key denies deletion); to accept it, add { "rule": "EVI-1", "reason": "<why>" } to complianceSuppressions, got "NONE"'],
  ["a suppression has no reason", dev({ complianceSuppressions: [{ rule: "LOG-1", reason: "short" }] }), {}, 'environments.dev.complianceSuppressions: must be a reason of at least 10 characters, got "short"'],
  ["a suppression leaves out its reason", dev({ complianceSuppressions: [{ rule: "LOG-1" }] }), {},
    'environments.dev.complianceSuppressions: each entry must give "reason"'],
  ["a settings object is null", dev({ audit: null }), {}, "environments.dev.audit: must be an object, got null"],
  ["an e-mail address is a number", dev({ alarmEmails: [5] }), {}, "environments.dev.alarmEmails: each entry must be a string, got 5"],
  ["synthesize lists a number", { environments: { dev: {} }, synthesize: [5] }, {}, "synthesize: each entry must be a string, got 5"],
  ["a suppression names an unknown rule", dev({ complianceSuppressions: [{ rule: "LOG-9", reason: "a perfectly good reason" }] }), {},
    'environments.dev.complianceSuppressions: must be one of CT-1, CT-2, CT-3, CT-4, CT-5, CT-6, CT-7, EVI-1, S3-1, S3-2, S3-3, S3-4, S3-5, S3-6, S3-7, S3-8, KMS-1, KMS-2, LOG-1, LOG-2, IAM-1, IAM-2, IAM-3, IAM-4, IAM-5, IAM-6, MON-1, MON-2, MON-3, TAG-1, got "LOG-9"'],
  // Clean-up settings.
  ["the clean-up role is one this app creates", dev({ cleanup: { iamRole: "mlops-retail-prediction-dev-lambda-inference-role" } }), {},
    'environments.dev.cleanup.iamRole: must not be a name this app creates (names.lambdaInferenceRole): cdktf destroy removes it, got "mlops-retail-prediction-dev-lambda-inference-role" (49 characters)'],
  ["the cluster pattern has a wildcard inside", dev({ cleanup: { eksClusterPattern: "mlops-*-cluster" } }), {},
    'environments.dev.cleanup.eksClusterPattern: must be an EKS cluster name, or a prefix followed by one "*", got "mlops-*-cluster"'],
  // Variables.
  ["a variable is misspelt", {}, { MLOPS_REGOIN: "eu-west-1" }, "MLOPS_REGOIN: unknown variable; allowed: MLOPS_PROJECT, MLOPS_ACCOUNT_ID, MLOPS_REGION, MLOPS_DATA_BUCKET, MLOPS_EKS_OIDC_ISSUER_URL, MLOPS_ALARM_EMAILS, MLOPS_PERMISSIONS_BOUNDARY_ARN, MLOPS_ALLOW_STATE_BUCKET_DESTROY, MLOPS_ENVIRONMENTS"],
  ["MLOPS_PROJECT is empty", {}, { MLOPS_PROJECT: "" }, 'MLOPS_PROJECT: must not be empty; unset it to use the value from cdktf.json, got ""'],
  ["MLOPS_PROJECT has upper case", {}, { MLOPS_PROJECT: "MLOps" }, 'MLOPS_PROJECT: must be 2-34 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits), got "MLOps"'],
  ["MLOPS_REGION is not a region", {}, { MLOPS_REGION: "us-east" }, 'MLOPS_REGION: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "us-east"'],
  ["MLOPS_ACCOUNT_ID has a space inside", {}, { MLOPS_ACCOUNT_ID: "1111 2222 3333" }, 'MLOPS_ACCOUNT_ID: must be 12 digits, got "1111 2222 3333"'],
  ["MLOPS_DATA_BUCKET is not a bucket name", {}, { MLOPS_DATA_BUCKET: "My_Bucket" }, `MLOPS_DATA_BUCKET: ${BUCKET_RULE}, got "My_Bucket"`],
  ["MLOPS_EKS_OIDC_ISSUER_URL is http", {}, { MLOPS_EKS_OIDC_ISSUER_URL: "http://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789" }, 'MLOPS_EKS_OIDC_ISSUER_URL: must be the cluster\'s OIDC issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>, without a trailing slash, got "http://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789" (75 characters)'],
  ["MLOPS_ALARM_EMAILS has a bad address", {}, { MLOPS_ALARM_EMAILS: "ops@example.com,ops" }, 'MLOPS_ALARM_EMAILS: each entry must be an e-mail address like ops@example.com, got "ops"'],
  ["MLOPS_ALARM_EMAILS repeats an address", {}, { MLOPS_ALARM_EMAILS: "ops@example.com,ops@example.com" }, 'MLOPS_ALARM_EMAILS: must list each e-mail address once, got "ops@example.com"'],
  ["MLOPS_PERMISSIONS_BOUNDARY_ARN is a role", {}, { MLOPS_PERMISSIONS_BOUNDARY_ARN: `arn:aws:iam::${ACCOUNT}:role/boundary` }, `MLOPS_PERMISSIONS_BOUNDARY_ARN: must be an IAM policy ARN like arn:aws:iam::123456789012:policy/boundary, got "arn:aws:iam::${ACCOUNT}:role/boundary" (39 characters)`],
  ["MLOPS_ALLOW_STATE_BUCKET_DESTROY is 1", {}, { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "1" }, 'MLOPS_ALLOW_STATE_BUCKET_DESTROY: must be true or false, got "1"'],
  ["MLOPS_ENVIRONMENTS names an unknown environment", {}, { MLOPS_ENVIRONMENTS: "dev,qa" }, 'MLOPS_ENVIRONMENTS: each entry must be a configured environment ("dev"), got "qa"'],
  ["MLOPS_ENVIRONMENTS is only commas", {}, { MLOPS_ENVIRONMENTS: ",," }, "MLOPS_ENVIRONMENTS: must be a non-empty list of environment names, got []"],
  ["MLOPS_ACCOUNT_ID would replace prod's own account", prod({ accountId: "999999999999", audit: { breakGlassPrincipalArns: ["arn:aws:iam::999999999999:role/terraform-deployer"] } }), { MLOPS_ACCOUNT_ID: ACCOUNT },
    'MLOPS_ACCOUNT_ID: would replace environments.prod.accountId ("999999999999"), which cdktf.json sets for prod; unset the variable, or set environments.prod.allowVariableOverrides to true'],
  ["MLOPS_ALLOW_STATE_BUCKET_DESTROY would strip prod's state bucket protection", prod({}), { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "true" },
    "MLOPS_ALLOW_STATE_BUCKET_DESTROY: does not apply to prod, which keeps its audit evidence (audit.retainOnDestroy); to tear prod down, set environments.prod.allowStateBucketDestroy to true in cdktf.json"],
  ["prod keeps evidence with nobody to break the glass", { accountId: ACCOUNT, environments: { prod: {} }, synthesize: ["prod"] }, {},
    "audit.breakGlassPrincipalArns: must name at least one IAM role or user of the account, including the principal that runs Terraform, because prod keeps its audit evidence (audit.retainOnDestroy); without it nobody could change or remove the protected logs, keys and alarm topic. Got none"],
];

describe("bad input through the app entry", () => {
  test("covers at least 60 inputs, through the file and through the variables", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(CASES.filter(([, , env]) => Object.keys(env).length > 0).length).toBeGreaterThanOrEqual(15);
  });

  test.each(CASES)("%s: exit 1, one exact message, nothing written", (_name, settings, env, message) => {
    const result = run(settings, env);
    expect(result).toEqual({ code: 1, log: ["Invalid configuration:", `  - ${message}`], wrote: false });
  });
});

/** [what is wrong, file settings, every problem reported, in order]: independent mistakes are all reported in one run. */
const SEVERAL: [string, Settings, string[]][] = [
  ["a tag value is a number beside a reserved tag key", dev({ tags: { CostCenter: 42, "aws:owner": "x" } }), [
    "environments.dev.tags: each tag value must be a string, got 42",
    'environments.dev.tags: keys must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:, got "aws:owner"',
  ]],
  ["a malformed e-mail address beside a repeated one", dev({ alarmEmails: ["not-an-email", "ops@example.com", "OPS@example.com"] }), [
    'environments.dev.alarmEmails: each entry must be an e-mail address like ops@example.com, got "not-an-email"',
    'environments.dev.alarmEmails: must list each e-mail address once, got "OPS@example.com"',
  ]],
  ["two malformed e-mail addresses", dev({ alarmEmails: ["a", "ops@example.com", "b"] }), [
    'environments.dev.alarmEmails: each entry must be an e-mail address like ops@example.com, got "a"',
    'environments.dev.alarmEmails: each entry must be an e-mail address like ops@example.com, got "b"',
  ]],
  // The list left empty is the same mistake: not also "must name at least one".
  ["prod's only break-glass entry is a number", prod({ audit: { breakGlassPrincipalArns: [5] } }), ["environments.prod.audit.breakGlassPrincipalArns: each entry must be a string, got 5"]],
];

const SSO_ROLE = "AWSReservedSSO_AdministratorAccess_0123456789abcdef";

describe("independent mistakes", () => {
  test.each(SEVERAL)("%s: every one is reported", (_name, settings, messages) => {
    expect(run(settings)).toEqual({ code: 1, log: ["Invalid configuration:", ...messages.map((m) => `  - ${m}`)], wrote: false });
  });
});

describe("break-glass principals as IAM Identity Center and assumed roles show them", () => {
  test("an Identity Center role without its path is refused with the command that prints the right ARN", () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/${SSO_ROLE}`;
    expect(run(prod({ audit: { breakGlassPrincipalArns: [arn] } })).log).toEqual([
      "Invalid configuration:",
      "  - environments.prod.audit.breakGlassPrincipalArns: an IAM Identity Center role must be written with its path, " +
        `arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/<region>/${SSO_ROLE}, as aws:PrincipalArn carries it; ` +
        `without the path the denies would lock that role out (print it with: aws iam get-role --role-name ${SSO_ROLE} --query Role.Arn --output text), ` +
        `got "${arn}" (82 characters)`,
    ]);
  });

  test("an assumed-role session ARN is refused with the command that prints the role's ARN", () => {
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_ROLE}/alice@example.com`;
    expect(run(prod({ audit: { breakGlassPrincipalArns: [arn] } })).log[1]).toBe(
      "  - environments.prod.audit.breakGlassPrincipalArns: each entry must be the role's ARN with its path, as aws:PrincipalArn carries it, " +
        `not an assumed-role session ARN (print it with: aws iam get-role --role-name ${SSO_ROLE} --query Role.Arn --output text), got "${arn}" (108 characters)`,
    );
  });

  test.each([
    ["with a region in its path", `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${SSO_ROLE}`],
    ["with the older path without a region", `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/${SSO_ROLE}`],
    ["a role with a path of its own", `arn:aws:iam::${ACCOUNT}:role/platform/ci/terraform-deployer`],
  ])("an Identity Center role %s is accepted", (_name, arn) => {
    expect(run(prod({ audit: { breakGlassPrincipalArns: [arn] } }))).toEqual({ code: 0, log: [], wrote: true });
  });
});

describe("valid edge cases", () => {
  const accepted = (settings: Settings, env: Env = {}): void => {
    const result = run(settings, env);
    expect(result).toEqual({ code: 0, log: [], wrote: true });
  };

  test("a project at the 34-character limit in three environments of one account", () => {
    accepted({
      project: `p${"x".repeat(33)}`,
      accountId: ACCOUNT,
      audit: { breakGlassPrincipalArns: [DEPLOYER] },
      environments: { dev: {}, staging: {}, prod: {} },
      synthesize: ["dev", "staging", "prod"],
    });
  });

  test("duplicate synthesize entries", () => accepted({ environments: { dev: {} }, synthesize: ["dev", "dev"] }));
  test("noncurrent versions kept forever", () => accepted(dev({ audit: { noncurrentVersionRetentionDays: 0 } })));
  test("every CIS alarm turned off", () => accepted(dev({ alarms: { disabledControls: ["unauthorizedApiCalls", "consoleSignInWithoutMfa", "rootAccountUsage", "iamPolicyChanges", "cloudTrailChanges", "consoleAuthFailures", "kmsKeyDisableOrDeletion", "s3BucketPolicyChanges", "awsConfigChanges", "securityGroupChanges", "naclChanges", "networkGatewayChanges", "routeTableChanges", "vpcChanges", "organizationsChanges"] } })));
  test("padded values that trim cleanly, in the file and in the variables", () => {
    accepted({ project: " mlops-retail-prediction ", accountId: ` ${ACCOUNT}`, environments: { dev: { alarmEmails: [" ops@example.com "] } } }, { MLOPS_REGION: " eu-west-1 " });
  });
  test.each(["il-central-1", "mx-central-1", "ap-southeast-7", "ca-west-1"])("a newer commercial region, %s", (region) => accepted({ region, environments: { dev: {} } }));
  test("an account id that starts with zeros", () => accepted({ accountId: "000011112222", environments: { dev: {} } }));
  test("log retention below a year with a suppression that gives the reason", () => {
    accepted(dev({ audit: { logRetentionDays: 90 }, complianceSuppressions: [{ rule: "LOG-1", reason: "dev logs are copied to the org archive" }] }));
  });
});
