import { Testing, TerraformStack } from "cdktf";
import { AuditTrail } from "../../constructs/audit-trail";
import { bucketEvidenceStatements, keyEvidenceStatement, topicEvidenceStatements } from "../../constructs/evidence-protection";
import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, DEPLOYER, OTHER_ACCOUNT, configFor, resourceAt, resourcesOf, synthesize, testApp, type Json } from "../helpers";
import { ALLOW_ALL, decide, type Decision, type Policies, type Request } from "../support/iam";
import { unprovenConditions } from "../support/necessity";

const REGION = "us-east-1";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const OTHER_ADMIN = `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`;
/** AdministratorAccess: only a resource policy's explicit deny can stop this principal. */

const prod = synthesize(new FoundationStack(testApp(), configFor("prod")));
const dev = synthesize(new FoundationStack(testApp(), configFor("dev")));

const policyOf = (json: Json, type: string, path: string, attribute = "policy"): Json => JSON.parse(resourceAt(json, type, path)[attribute]);
const resourcePolicies = (json: Json) => ({
  "log bucket": policyOf(json, "aws_s3_bucket_policy", "Audit/LogBucket/Policy"),
  "access-log bucket": policyOf(json, "aws_s3_bucket_policy", "Audit/AccessLogBucket/Policy"),
  "trail key": policyOf(json, "aws_kms_key", "Audit/Key"),
  "alarm key": policyOf(json, "aws_kms_key", "SecurityAlarms/Key"),
  topic: policyOf(json, "aws_sns_topic_policy", "SecurityAlarms/TopicPolicy"),
});
type Target = keyof ReturnType<typeof resourcePolicies>;

const LOG_BUCKET = `mlops-cloudtrail-logs-prod-${REGION}-${ACCOUNT}`;
const ACCESS_LOG_BUCKET = `mlops-cloudtrail-s3access-prod-${REGION}-${ACCOUNT}`;
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/mlops-retail-prediction-prod-audit-trail`;
const LOG_OBJECT = `arn:aws:s3:::${LOG_BUCKET}/mlops-logs/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/22/file.json.gz`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:mlops-retail-prediction-prod-security-alarms`;
const OUR_ALARM = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:mlops-retail-prediction-prod-cis-4.3-RootAccountUsage`;

interface Row {
  readonly description: string;
  readonly target: Target;
  /** Whose identity policy is AdministratorAccess; services and unlisted principals have none. */
  readonly admin?: boolean;
  readonly request: Request;
  readonly expected: Decision;
  readonly mode?: "unsafe";
}

const tls = { "aws:SecureTransport": "true" };
const s3 = (principal: string, action: string, resource: string, context: Record<string, string> = {}): Request => ({
  principal,
  action,
  resource,
  resourceAccount: ACCOUNT,
  context: { ...tls, ...context },
});
const OBJECT_ACTIONS = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectRetention"];
const onBucket = (action: string): string => (OBJECT_ACTIONS.includes(action) ? LOG_OBJECT : `arn:aws:s3:::${LOG_BUCKET}`);
const kms = (principal: string, action: string, context: Record<string, string> = {}): Request => ({ principal, action, resource: KEY_ARN, resourceAccount: ACCOUNT, context });
const sns = (principal: string, action: string, context: Record<string, string> = {}): Request => ({
  principal,
  action,
  resource: TOPIC_ARN,
  resourceAccount: ACCOUNT,
  context: { ...tls, ...context },
});
const cloudTrailWrite = { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" };
const ctContext = { "kms:EncryptionContext:aws:cloudtrail:arn": TRAIL_ARN };
const fromOurAlarm = { "aws:SourceArn": OUR_ALARM, "aws:SourceAccount": ACCOUNT };

const TAMPERING_ACTIONS = [
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:BypassGovernanceRetention",
  "s3:PutObjectRetention",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketObjectLockConfiguration",
  "s3:DeleteBucket",
];
const KEY_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy", "kms:RevokeGrant"];

/** Prod: each tampering request by an administrator is denied, and its twin by the break-glass principal is allowed. */
const prodRows: Row[] = [
  ...TAMPERING_ACTIONS.flatMap((action): Row[] => [
    { description: `an administrator ${action} on the log bucket`, target: "log bucket", admin: true, request: s3(ADMIN, action, onBucket(action)), expected: "ExplicitlyDenied" },
    { description: `the break-glass principal ${action} on the log bucket`, target: "log bucket", admin: true, request: s3(DEPLOYER, action, onBucket(action)), expected: "Allowed" },
  ]),
  { description: "an administrator overwrites or forges a log file", target: "log bucket", admin: true, request: s3(ADMIN, "s3:PutObject", LOG_OBJECT, cloudTrailWrite), expected: "ExplicitlyDenied" },
  { description: "the break-glass principal forges a log file", target: "log bucket", admin: true, request: s3(DEPLOYER, "s3:PutObject", LOG_OBJECT, cloudTrailWrite), expected: "ExplicitlyDenied" },
  { description: "CloudTrail delivers a log file for this trail", target: "log bucket", request: s3("cloudtrail.amazonaws.com", "s3:PutObject", LOG_OBJECT, cloudTrailWrite), expected: "Allowed" },
  { description: "an administrator reads a log file", target: "log bucket", admin: true, request: s3(ADMIN, "s3:GetObject", LOG_OBJECT), expected: "Allowed" },
  { description: "an administrator lists the log bucket", target: "log bucket", admin: true, request: s3(ADMIN, "s3:ListBucket", `arn:aws:s3:::${LOG_BUCKET}`), expected: "Allowed" },
  { description: "another account's administrator reads a log file", target: "log bucket", admin: true, request: s3(OTHER_ADMIN, "s3:GetObject", LOG_OBJECT), expected: "ImplicitlyDenied" },
  { description: "another account's administrator deletes a log file", target: "log bucket", admin: true, request: s3(OTHER_ADMIN, "s3:DeleteObject", LOG_OBJECT), expected: "ExplicitlyDenied" },

  { description: "S3 log delivery writes an access log for the log bucket", target: "access-log bucket",
    request: s3("logging.s3.amazonaws.com", "s3:PutObject", `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`, { "aws:SourceArn": `arn:aws:s3:::${LOG_BUCKET}`, "aws:SourceAccount": ACCOUNT }),
    expected: "Allowed" },
  { description: "an administrator writes an access log", target: "access-log bucket", admin: true,
    request: s3(ADMIN, "s3:PutObject", `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`, { "aws:SourceArn": `arn:aws:s3:::${LOG_BUCKET}`, "aws:SourceAccount": ACCOUNT }),
    expected: "ExplicitlyDenied" },
  { description: "an administrator deletes an access log version", target: "access-log bucket", admin: true,
    request: s3(ADMIN, "s3:DeleteObjectVersion", `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`), expected: "ExplicitlyDenied" },
  { description: "the break-glass principal deletes an access log version", target: "access-log bucket", admin: true,
    request: s3(DEPLOYER, "s3:DeleteObjectVersion", `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`), expected: "Allowed" },
  { description: "an administrator changes the access-log bucket's lifecycle", target: "access-log bucket", admin: true,
    request: s3(ADMIN, "s3:PutLifecycleConfiguration", `arn:aws:s3:::${ACCESS_LOG_BUCKET}`), expected: "ExplicitlyDenied" },
  { description: "an administrator reads an access log", target: "access-log bucket", admin: true,
    request: s3(ADMIN, "s3:GetObject", `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`), expected: "Allowed" },

  ...(["trail key", "alarm key"] as const).flatMap((target) =>
    KEY_ACTIONS.flatMap((action): Row[] => [
      { description: `an administrator ${action} on the ${target}`, target, admin: true, request: kms(ADMIN, action), expected: "ExplicitlyDenied" },
      { description: `the break-glass principal ${action} on the ${target}`, target, admin: true, request: kms(DEPLOYER, action), expected: "Allowed" },
    ]),
  ),
  { description: "CloudTrail generates a data key for this trail", target: "trail key",
    request: kms("cloudtrail.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceArn": TRAIL_ARN, ...ctContext }), expected: "Allowed", mode: "unsafe" },
  { description: "an administrator decrypts a log file (reading stays possible)", target: "trail key", admin: true,
    request: kms(ADMIN, "kms:Decrypt", { "kms:CallerAccount": ACCOUNT, ...ctContext }), expected: "Allowed", mode: "unsafe" },
  { description: "CloudWatch uses the alarm key for an alarm of this account", target: "alarm key",
    request: kms("cloudwatch.amazonaws.com", "kms:GenerateDataKey", fromOurAlarm), expected: "Allowed" },

  { description: "CloudWatch publishes for an alarm of this account", target: "topic", request: sns("cloudwatch.amazonaws.com", "sns:Publish", fromOurAlarm), expected: "Allowed" },
  { description: "an administrator publishes to the topic", target: "topic", admin: true, request: sns(ADMIN, "sns:Publish"), expected: "ExplicitlyDenied" },
  { description: "the break-glass principal publishes to the topic", target: "topic", admin: true, request: sns(DEPLOYER, "sns:Publish"), expected: "Allowed" },
  { description: "another AWS service publishes to the topic with an alarm's context", target: "topic",
    request: sns("events.amazonaws.com", "sns:Publish", fromOurAlarm), expected: "ExplicitlyDenied" },
  ...["sns:SetTopicAttributes", "sns:DeleteTopic", "sns:RemovePermission"].flatMap((action): Row[] => [
    { description: `an administrator ${action} on the topic`, target: "topic", admin: true, request: sns(ADMIN, action), expected: "ExplicitlyDenied" },
    { description: `the break-glass principal ${action} on the topic`, target: "topic", admin: true, request: sns(DEPLOYER, action), expected: "Allowed" },
  ]),
];

const DEV_LOG_BUCKET = `mlops-cloudtrail-logs-${REGION}-${ACCOUNT}`;
const DEV_LOG_OBJECT = `arn:aws:s3:::${DEV_LOG_BUCKET}/mlops-logs/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/22/file.json.gz`;
/** Dev: the destroy path is open to whoever runs Terraform, and no deny stands in the way. */
const devRows: Row[] = [
  { description: "the deploying principal deletes a log object version (dev destroy)", target: "log bucket", admin: true,
    request: s3(DEPLOYER, "s3:DeleteObjectVersion", DEV_LOG_OBJECT), expected: "Allowed" },
  { description: "the deploying principal deletes the log bucket (dev destroy)", target: "log bucket", admin: true,
    request: s3(DEPLOYER, "s3:DeleteBucket", `arn:aws:s3:::${DEV_LOG_BUCKET}`), expected: "Allowed" },
  { description: "the deploying principal schedules deletion of the trail key (dev destroy)", target: "trail key", admin: true,
    request: kms(DEPLOYER, "kms:ScheduleKeyDeletion"), expected: "Allowed" },
  { description: "the deploying principal schedules deletion of the alarm key (dev destroy)", target: "alarm key", admin: true,
    request: kms(DEPLOYER, "kms:ScheduleKeyDeletion"), expected: "Allowed" },
  { description: "the deploying principal deletes the topic (dev destroy)", target: "topic", admin: true,
    request: sns(DEPLOYER, "sns:DeleteTopic"), expected: "Allowed" },
];

const inputsOf = (policies: ReturnType<typeof resourcePolicies>, { target, admin }: Row): Policies => ({ resource: policies[target], ...(admin ? { identity: [ALLOW_ALL] } : {}) });
const evaluate = (json: Json) => {
  const policies = resourcePolicies(json);
  return async (row: Row): Promise<Decision> => decide(inputsOf(policies, row), row.request, row.mode);
};

// The grants (Allow statements) are the dev statements, proven in audit-trail and security-alarms tests.
describe("every condition of a prod deny is necessary: without any one of them, a row below gets another decision", () => {
  const policies = resourcePolicies(prod);
  test.each(Object.keys(policies) as Target[])("%s", async (target) => {
    const proofs = prodRows.map((row) => ({ policies: inputsOf(policies, row), request: row.request, expected: row.expected, mode: row.mode }));
    expect(await unprovenConditions(policies[target], proofs, (statement) => statement.Effect === "Deny")).toEqual([]);
  });
});

describe("evidence protection in prod (iam-simulate, administrators hold AdministratorAccess)", () => {
  const run = evaluate(prod);
  test.each(prodRows)("$description ($target) -> $expected", async (row) => {
    expect(await run(row)).toBe(row.expected);
  });
});

describe("no evidence protection in dev: the destroy path stays open", () => {
  const run = evaluate(dev);
  test.each(devRows)("$description ($target) -> $expected", async (row) => {
    expect(await run(row)).toBe(row.expected);
  });

  test("no deny statement names the break-glass principals, and no Object Lock is configured", () => {
    for (const [target, policy] of Object.entries(resourcePolicies(dev))) {
      const denies = policy.Statement.filter((s: Json) => s.Effect === "Deny").map((s: Json) => s.Sid);
      expect([target, denies]).toEqual([target, target === "topic" || target.endsWith("bucket") ? ["DenyInsecureTransport"] : []]);
    }
    expect(resourcesOf(dev, "aws_s3_bucket_object_lock_configuration")).toEqual({});
  });
});

describe("the prod denies' statement names", () => {
  // The names are what the plan and verify's policy differences show, and how a reviewer finds the
  // deny that matters when a break-glass request is refused.
  test.each([
    ["log bucket", ["DenyInsecureTransport", "AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyWritesExceptLogDelivery", "DenyEvidenceTamperingExceptBreakGlass"]],
    ["access-log bucket", ["DenyInsecureTransport", "S3ServerAccessLogsWrite", "DenyWritesExceptLogDelivery", "DenyEvidenceTamperingExceptBreakGlass"]],
    ["trail key", ["AccountAdministersKey", "CloudTrailEncryptsThisTrailsLogs", "CloudTrailDescribesKey", "AccountPrincipalsDecryptTrailLogs", "CloudWatchLogsUsesKeyForTrailLogGroup", "DenyKeyTamperingExceptBreakGlass"]],
    ["alarm key", ["AccountAdministersKey", "CloudWatchAlarmsPublishEncrypted", "AccountPrincipalsUseThroughSns", "DenyKeyTamperingExceptBreakGlass"]],
    ["topic", ["CloudWatchAlarmsPublish", "DenyInsecureTransport", "DenyPublishExceptAlarmsAndBreakGlass", "DenyTopicChangesExceptBreakGlass"]],
  ] as const)("%s", (target, sids) => {
    expect(resourcePolicies(prod)[target].Statement.map((st: Json) => st.Sid)).toEqual(sids);
  });
});

describe("S3 Object Lock", () => {
  test("prod locks every new log file version in GOVERNANCE mode for 365 days, and the trail waits for it", () => {
    const lock = resourceAt(prod, "aws_s3_bucket_object_lock_configuration", "Audit/LogBucket/ObjectLock");
    expect(lock).toMatchObject({
      bucket: "${aws_s3_bucket.Audit_LogBucket_4B62AAEA.id}",
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "GOVERNANCE", days: 365 } },
      depends_on: ["aws_s3_bucket_versioning.Audit_LogBucket_Versioning_D53C44DB"],
    });
    expect(resourceAt(prod, "aws_cloudtrail", "Audit/Trail").depends_on).toContain("aws_s3_bucket_object_lock_configuration.Audit_LogBucket_ObjectLock_697CA4B7");
    // S3 cannot deliver server access logs to a bucket with Object Lock.
    expect(Object.keys(resourcesOf(prod, "aws_s3_bucket_object_lock_configuration"))).toHaveLength(1);
    // Enabled through the configuration resource: object_lock_enabled on the bucket would force a new bucket.
    expect(resourceAt(prod, "aws_s3_bucket", "Audit/LogBucket/Bucket").object_lock_enabled).toBeUndefined();
  });

  test("COMPLIANCE mode and another retention are used only when configured", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("prod", { audit: { objectLock: { mode: "COMPLIANCE", retentionDays: 2557 } } })));
    expect(resourceAt(json, "aws_s3_bucket_object_lock_configuration", "Audit/LogBucket/ObjectLock").rule).toEqual({
      default_retention: { mode: "COMPLIANCE", days: 2557 },
    });
  });

  test("staging retains its evidence by default, like prod", () => {
    const staging = configFor("staging");
    expect([staging.audit.retainOnDestroy, staging.audit.objectLock]).toEqual([true, { mode: "GOVERNANCE", retentionDays: 365 }]);
    expect(configFor("dev").audit.objectLock).toEqual({ mode: "NONE", retentionDays: 365 });
  });
});

describe("evidence protection building blocks", () => {
  test("refuse to build a protection nobody could lift", () => {
    const message = (fn: string): string => `${fn}: evidence protection needs at least one break-glass principal (the one that runs Terraform), got none`;
    expect(() => bucketEvidenceStatements("b", "cloudtrail.amazonaws.com", [])).toThrow(message("bucketEvidenceStatements"));
    expect(() => keyEvidenceStatement([])).toThrow(message("keyEvidenceStatement"));
    expect(() => topicEvidenceStatements(TOPIC_ARN, [])).toThrow(message("topicEvidenceStatements"));
  });

  test("AuditTrail refuses Object Lock on a bucket a destroy must empty", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      () =>
        new AuditTrail(stack, "Audit", {
          accountId: ACCOUNT,
          region: REGION,
          trailName: "t",
          logBucketName: "l",
          accessLogBucketName: "a",
          kmsAlias: "alias/k",
          logGroupName: "g",
          deliveryRoleName: "r",
          dataEventBuckets: [],
          retainOnDestroy: false,
          objectLock: { mode: "GOVERNANCE", retentionDays: 1 },
        }),
    ).toThrow("AuditTrail: objectLock needs retainOnDestroy (a destroy could not empty a locked bucket), got retainOnDestroy false");
  });
});
