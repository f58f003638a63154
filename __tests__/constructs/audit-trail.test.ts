import { Testing, TerraformStack } from "cdktf";
import { AuditTrail } from "../../constructs/audit-trail";
import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, OTHER_ACCOUNT, configFor, resourceAt, resourcesOf, synthesize, testApp, type Json } from "../helpers";
import { ALLOW_ALL, decide, type Decision, type Policies, type Request } from "../support/iam";
import { unprovenConditions } from "../support/necessity";

const REGION = "us-east-1";
const TRAIL = "mlops-retail-prediction-audit-trail";
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL}`;
const LOG_BUCKET = `mlops-cloudtrail-logs-${REGION}-${ACCOUNT}`;
const ACCESS_LOG_BUCKET = `mlops-cloudtrail-s3access-${REGION}-${ACCOUNT}`;
const DATA_BUCKET = `mlops-retail-prediction-dev-${ACCOUNT}`;
const STATE_BUCKET = `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`;
const LOG_GROUP = "mlops-cloudtrail-log-group";
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
/** What the trail waits for when there is no Object Lock: bucket policy, bucket, public access block, encryption, log group, delivery role policy. */
const TRAIL_DEPENDS_ON = [
  "aws_s3_bucket_policy.Audit_LogBucket_Policy_3091E7F4",
  "aws_s3_bucket.Audit_LogBucket_4B62AAEA",
  "aws_s3_bucket_public_access_block.Audit_LogBucket_PublicAccessBlock_FFFBFCCD",
  "aws_s3_bucket_server_side_encryption_configuration.Audit_LogBucket_Encryption_3754008A",
  "aws_cloudwatch_log_group.Audit_LogGroup_B448BA69",
  "aws_iam_role_policy.Audit_DeliveryRole_cloudtrail-to-cloudwatch-logs_B4D27972",
];

const dev = synthesize(new FoundationStack(testApp(), configFor("dev")));
const prod = synthesize(new FoundationStack(testApp(), configFor("prod")));

const policyOf = (json: Json, type: string, path: string, attribute = "policy"): Json => JSON.parse(resourceAt(json, type, path)[attribute]);
const bucketPolicy = (json: Json, bucket: "LogBucket" | "AccessLogBucket"): Json => policyOf(json, "aws_s3_bucket_policy", `Audit/${bucket}/Policy`);
const keyPolicy = policyOf(dev, "aws_kms_key", "Audit/Key");
const trail = resourceAt(dev, "aws_cloudtrail", "Audit/Trail");

describe("AuditTrail in the dev foundation stack", () => {
  describe("KMS key", () => {
    test("rotates, and has the dev deletion window and alias", () => {
      expect(resourceAt(dev, "aws_kms_key", "Audit/Key")).toMatchObject({
        enable_key_rotation: true,
        deletion_window_in_days: 7,
        lifecycle: { prevent_destroy: false },
      });
      expect(resourceAt(dev, "aws_kms_alias", "Audit/KeyAlias").name).toBe("alias/mlops-retail-prediction-dev-cloudtrail-key");
    });

    test("lets the account's administrators administer but not use the key (evaluated, holding Allow *)", async () => {
      const root = keyPolicy.Statement.find((s: Json) => s.Sid === "AccountAdministersKey");
      const onlyRoot = { Version: "2012-10-17", Statement: [root] };
      const admin = (action: string): Request => ({ principal: `arn:aws:iam::${ACCOUNT}:role/admin`, action, resource: KEY_ARN, resourceAccount: ACCOUNT });
      // KMS needs the key policy: the root statement delegates these to IAM, and not decryption.
      expect(await decide({ resource: onlyRoot, identity: [ALLOW_ALL] }, admin("kms:ScheduleKeyDeletion"))).toBe("Allowed");
      expect(await decide({ resource: onlyRoot, identity: [ALLOW_ALL] }, admin("kms:PutKeyPolicy"))).toBe("Allowed");
      expect(await decide({ resource: onlyRoot, identity: [ALLOW_ALL] }, admin("kms:Decrypt"))).toBe("ImplicitlyDenied");
      expect(await decide({ resource: onlyRoot, identity: [ALLOW_ALL] }, admin("kms:GenerateDataKey"))).toBe("ImplicitlyDenied");
    });
  });

  describe("log bucket", () => {
    test("is named for the region and account, versioned, KMS-encrypted without an S3 Bucket Key", () => {
      expect(resourceAt(dev, "aws_s3_bucket", "Audit/LogBucket/Bucket")).toMatchObject({ bucket: LOG_BUCKET, force_destroy: true });
      expect(resourceAt(dev, "aws_s3_bucket_versioning", "Audit/LogBucket/Versioning").versioning_configuration).toEqual({ status: "Enabled" });
      expect(resourceAt(dev, "aws_s3_bucket_server_side_encryption_configuration", "Audit/LogBucket/Encryption").rule).toEqual([
        {
          apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.Audit_Key_AD418882.arn}" },
          bucket_key_enabled: false,
        },
      ]);
    });

    test.each(["LogBucket", "AccessLogBucket"])("%s blocks all public access and disables ACLs", (bucket) => {
      expect(resourceAt(dev, "aws_s3_bucket_public_access_block", `Audit/${bucket}/PublicAccessBlock`)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(resourceAt(dev, "aws_s3_bucket_ownership_controls", `Audit/${bucket}/OwnershipControls`).rule).toEqual({
        object_ownership: "BucketOwnerEnforced",
      });
    });

    test("archives after 30/90/365 days, never expires current versions, cleans up uploads and markers", () => {
      const lifecycle = resourceAt(dev, "aws_s3_bucket_lifecycle_configuration", "Audit/LogBucket/Lifecycle");
      expect(lifecycle.transition_default_minimum_object_size).toBe("all_storage_classes_128K");
      const [archive, markers] = lifecycle.rule;
      expect(archive).toMatchObject({
        id: "archive-audit-logs",
        status: "Enabled",
        transition: [
          { days: 30, storage_class: "STANDARD_IA" },
          { days: 90, storage_class: "GLACIER" },
          { days: 365, storage_class: "DEEP_ARCHIVE" },
        ],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
      expect(archive.expiration).toBeUndefined();
      expect(markers).toMatchObject({ id: "remove-expired-delete-markers", expiration: [{ expired_object_delete_marker: true }] });
      expect(markers.expiration[0].days).toBeUndefined();
    });

    test("keeps old log file versions forever when noncurrentVersionRetentionDays is 0, and access logs as long as configured", () => {
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { audit: { noncurrentVersionRetentionDays: 0, accessLogRetentionDays: 90 } })));
      expect(resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "Audit/LogBucket/Lifecycle").rule[0].noncurrent_version_expiration).toBeUndefined();
      expect(resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "Audit/AccessLogBucket/Lifecycle").rule[0].expiration).toEqual([{ days: 90 }]);
    });

    test("can use Glacier Instant Retrieval and archive small files when configured", () => {
      const json = synthesize(
        new FoundationStack(testApp(), configFor("dev", { audit: { glacierStorageClass: "GLACIER_IR", transitionMinimumObjectSize: "varies_by_storage_class" } })),
      );
      const lifecycle = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "Audit/LogBucket/Lifecycle");
      expect(lifecycle.transition_default_minimum_object_size).toBe("varies_by_storage_class");
      expect(lifecycle.rule[0].transition[1]).toEqual({ days: 90, storage_class: "GLACIER_IR" });
    });

    test("sends server access logs to the access-log bucket, after that bucket's policy exists", () => {
      const logging = resourceAt(dev, "aws_s3_bucket_logging", "Audit/LogBucket/AccessLogging");
      expect(logging).toMatchObject({ target_bucket: ACCESS_LOG_BUCKET, target_prefix: `${LOG_BUCKET}/` });
      expect(logging.depends_on).toEqual(["aws_s3_bucket_policy.Audit_AccessLogBucket_Policy_C80C5E07"]);
    });
  });

  describe("access-log bucket", () => {
    test("uses SSE-S3, which S3 log delivery can write, and expires logs", () => {
      expect(resourceAt(dev, "aws_s3_bucket_server_side_encryption_configuration", "Audit/AccessLogBucket/Encryption").rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
      expect(resourceAt(dev, "aws_s3_bucket_lifecycle_configuration", "Audit/AccessLogBucket/Lifecycle").rule).toEqual([
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: 365 }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
        { id: "remove-expired-delete-markers", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ expired_object_delete_marker: true }] },
      ]);
    });
  });

  describe("trail", () => {
    test("is multi-region with global events, log file validation, the key and CloudWatch Logs", () => {
      expect(trail).toMatchObject({
        name: TRAIL,
        s3_bucket_name: LOG_BUCKET,
        s3_key_prefix: "mlops-logs",
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        kms_key_id: "${aws_kms_key.Audit_Key_AD418882.arn}",
        cloud_watch_logs_group_arn: `${LOG_GROUP_ARN}:*`,
        cloud_watch_logs_role_arn: "${aws_iam_role.Audit_DeliveryRole_CC829BB6.arn}",
      });
    });

    test("records management events, read and write, with no readOnly filter", () => {
      expect(trail.advanced_event_selector[0]).toEqual({ name: "Management events", field_selector: [{ field: "eventCategory", equals: ["Management"] }] });
    });

    test("can exclude the KMS and RDS Data API event sources", () => {
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { audit: { excludeNoisyManagementEvents: true }, alarms: { disabledControls: ["kmsKeyDisableOrDeletion"] } })));
      expect(resourceAt(json, "aws_cloudtrail", "Audit/Trail").advanced_event_selector[0].field_selector).toEqual([
        { field: "eventCategory", equals: ["Management"] },
        { field: "eventSource", not_equals: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] },
      ]);
      // The name says so in the CloudTrail console.
      expect(resourceAt(json, "aws_cloudtrail", "Audit/Trail").advanced_event_selector[0].name).toBe("Management events except KMS and RDS Data API");
    });

    test("records S3 data events for the data bucket and the state bucket, never for its own buckets", () => {
      const data = trail.advanced_event_selector[1];
      expect(data.field_selector).toEqual([
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", starts_with: [`arn:aws:s3:::${DATA_BUCKET}/`, `arn:aws:s3:::${STATE_BUCKET}/`] },
      ]);
      expect(covered(STATE_BUCKET)).toBe(true);
      function covered(bucket: string): boolean {
        return data.field_selector.some((f: Json) => (f.starts_with ?? []).some((p: string) => `arn:aws:s3:::${bucket}/x`.startsWith(p)));
      }
      expect(covered(DATA_BUCKET)).toBe(true);
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { audit: { stateBucketDataEvents: false }, complianceSuppressions: [{ rule: "CT-6", reason: "state reads audited by the org trail" }] })));
      expect(resourceAt(json, "aws_cloudtrail", "Audit/Trail").advanced_event_selector[1].field_selector[2].starts_with).toEqual([`arn:aws:s3:::${DATA_BUCKET}/`]);
      expect(covered(LOG_BUCKET)).toBe(false);
      expect(covered(ACCESS_LOG_BUCKET)).toBe(false);
    });

    test("records data events of extra buckets too", () => {
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { audit: { extraDataEventBuckets: ["mlops-feature-store"] } })));
      expect(resourceAt(json, "aws_cloudtrail", "Audit/Trail").advanced_event_selector[1].field_selector[2].starts_with).toEqual([
        `arn:aws:s3:::${DATA_BUCKET}/`,
        `arn:aws:s3:::${STATE_BUCKET}/`,
        "arn:aws:s3:::mlops-feature-store/",
      ]);
    });

    test("enables both Insights types, and none when turned off", () => {
      expect(trail.insight_selector).toEqual([{ insight_type: "ApiCallRateInsight" }, { insight_type: "ApiErrorRateInsight" }]);
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { audit: { insights: false } })));
      expect(resourceAt(json, "aws_cloudtrail", "Audit/Trail").insight_selector).toBeUndefined();
    });

    test("is created after the bucket's policy, public access block and encryption, the log group and the delivery role's policy", () => {
      expect(trail.depends_on).toEqual(TRAIL_DEPENDS_ON);
    });
  });

  describe("CloudWatch Logs", () => {
    test("the log group keeps a year and is encrypted with the key", () => {
      expect(resourceAt(dev, "aws_cloudwatch_log_group", "Audit/LogGroup")).toMatchObject({
        name: LOG_GROUP,
        retention_in_days: 365,
        kms_key_id: "${aws_kms_key.Audit_Key_AD418882.arn}",
      });
    });

    test("the delivery role trusts CloudTrail only", () => {
      const role = resourceAt(dev, "aws_iam_role", "Audit/DeliveryRole/Role");
      expect(role.name).toBe("mlops-retail-prediction-dev-cloudtrail-logs-role");
      expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
        { Sid: "TrustService", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    });
  });

  test("outputs what later stages need", () => {
    expect(Object.keys(dev.output)).toEqual(expect.arrayContaining([
      "access_log_bucket_name",
      "kms_key_alias",
      "kms_key_arn",
      "log_bucket_arn",
      "log_bucket_name",
      "log_group_arn",
      "log_group_name",
      "trail_arn",
    ]));
    expect(dev.output.trail_arn.value).toBe(TRAIL_ARN);
  });
});

describe("dev and prod differ where destroy matters", () => {
  test.each([
    ["aws_s3_bucket", "Audit/LogBucket/Bucket"],
    ["aws_s3_bucket", "Audit/AccessLogBucket/Bucket"],
  ])("%s %s: force_destroy in dev, prevent_destroy in prod", (type, path) => {
    expect(resourceAt(dev, type, path)).toMatchObject({ force_destroy: true, lifecycle: { prevent_destroy: false } });
    expect(resourceAt(prod, type, path)).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test("the prod key has a 30-day deletion window and prevent_destroy, as does its log group", () => {
    expect(resourceAt(prod, "aws_kms_key", "Audit/Key")).toMatchObject({ deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resourceAt(prod, "aws_cloudwatch_log_group", "Audit/LogGroup").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("prod names carry the environment", () => {
    expect(resourceAt(prod, "aws_cloudtrail", "Audit/Trail").name).toBe("mlops-retail-prediction-prod-audit-trail");
    expect(resourceAt(prod, "aws_s3_bucket", "Audit/LogBucket/Bucket").bucket).toBe(`mlops-cloudtrail-logs-prod-${REGION}-${ACCOUNT}`);
    expect(resourceAt(prod, "aws_cloudwatch_log_group", "Audit/LogGroup").name).toBe("mlops-cloudtrail-prod-log-group");
  });
});

describe("AuditTrail validation", () => {
  const props = {
    accountId: ACCOUNT,
    region: REGION,
    trailName: TRAIL,
    logBucketName: LOG_BUCKET,
    accessLogBucketName: ACCESS_LOG_BUCKET,
    kmsAlias: "alias/k",
    logGroupName: LOG_GROUP,
    deliveryRoleName: "r",
  };
  test("fails when the data-event buckets include its own log bucket", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new AuditTrail(stack, "Audit", { ...props, dataEventBuckets: [DATA_BUCKET, LOG_BUCKET] })).toThrow(
      `AuditTrail: dataEventBuckets must not include the trail's own buckets (their data events would log themselves), got "${LOG_BUCKET}"`,
    );
  });
  test("fails when the data-event buckets include its access-log bucket", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new AuditTrail(stack, "Audit", { ...props, dataEventBuckets: [ACCESS_LOG_BUCKET, DATA_BUCKET] })).toThrow(
      `AuditTrail: dataEventBuckets must not include the trail's own buckets (their data events would log themselves), got "${ACCESS_LOG_BUCKET}"`,
    );
  });
  test("preconditions guard the denies only: without break-glass principals there are none to guard", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AuditTrail(stack, "Audit", { ...props, dataEventBuckets: [DATA_BUCKET], evidencePreconditions: [{ condition: true, errorMessage: "never" }] });
    expect(JSON.stringify(synthesize(stack))).not.toContain("precondition");
  });

  test("built with only its required settings: Insights, the archive tiers for every object, old versions kept a year, no denies, no lock", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AuditTrail(stack, "Audit", { ...props, dataEventBuckets: [DATA_BUCKET] });
    const json = synthesize(stack);
    const built = resourceAt(json, "aws_cloudtrail", "Audit/Trail");
    expect(built.insight_selector).toEqual([{ insight_type: "ApiCallRateInsight" }, { insight_type: "ApiErrorRateInsight" }]);
    // Every management event source, under the name the CloudTrail console shows.
    expect(built.advanced_event_selector[0]).toEqual({ name: "Management events", field_selector: [{ field: "eventCategory", equals: ["Management"] }] });
    expect(built.advanced_event_selector[1].name).toBe("S3 object events of the project buckets");
    // No further selectors unless given.
    expect(built.advanced_event_selector).toHaveLength(2);
    expect(resourceAt(json, "aws_cloudwatch_log_group", "Audit/LogGroup").retention_in_days).toBe(365);
    // No Object Lock to wait for.
    expect(built.depends_on).toEqual(TRAIL_DEPENDS_ON);
    const lifecycle = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "Audit/LogBucket/Lifecycle");
    expect(lifecycle.transition_default_minimum_object_size).toBe("all_storage_classes_128K");
    // An empty prefix: the rules apply to every object of the bucket, not to some.
    expect(lifecycle.rule.map((r: Json) => r.filter)).toEqual([[{ prefix: "" }], [{ prefix: "" }]]);
    expect(lifecycle.rule[0].transition[1]).toEqual({ days: 90, storage_class: "GLACIER" });
    expect(lifecycle.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
    // Statement names are what the plan and verify's policy differences show; the bucket's are
    // the CloudTrail guide's own. Without break-glass principals there is no deny of tampering.
    const sids = (type: string, path: string): string[] => JSON.parse(resourceAt(json, type, path).policy).Statement.map((st: Json) => st.Sid);
    expect(sids("aws_s3_bucket_policy", "Audit/LogBucket/Policy")).toEqual(["DenyInsecureTransport", "AWSCloudTrailAclCheck", "AWSCloudTrailWrite"]);
    expect(sids("aws_s3_bucket_policy", "Audit/AccessLogBucket/Policy")).toEqual(["DenyInsecureTransport", "S3ServerAccessLogsWrite"]);
    expect(sids("aws_kms_key", "Audit/Key")).toEqual([
      "AccountAdministersKey",
      "CloudTrailEncryptsThisTrailsLogs",
      "CloudTrailDescribesKey",
      "AccountPrincipalsDecryptTrailLogs",
      "CloudWatchLogsUsesKeyForTrailLogGroup",
    ]);
    expect(sids("aws_iam_role_policy", "Audit/DeliveryRole/cloudtrail-to-cloudwatch-logs")).toEqual(["AWSCloudTrailCreateLogStream"]);
    expect(resourceAt(json, "aws_iam_role", "Audit/DeliveryRole/Role").description).toBe(`Lets CloudTrail deliver ${TRAIL} events to ${LOG_GROUP}`);
  });
  test("is secure by default: retained on destroy with a 30-day key window", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AuditTrail(stack, "Audit", { ...props, dataEventBuckets: [] });
    const json = synthesize(stack);
    expect(resourceAt(json, "aws_kms_key", "Audit/Key")).toMatchObject({ deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resourceAt(json, "aws_cloudtrail", "Audit/Trail").advanced_event_selector).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, "aws_s3_bucket"))).toHaveLength(2);
  });
});

/** Evaluated policy decisions: request -> expected. The closing note's table is these rows. */
/** `... (holding Allow *)`: the principal's own identity policy allows everything, so only the resource policy can deny. */
type PolicySet = "log bucket" | "access-log bucket" | "key" | "delivery role" | "log bucket (holding Allow *)" | "key (holding Allow *)";
type Case = [description: string, policy: PolicySet, request: Request, expected: Decision, mode?: "unsafe"];

const LOG_OBJECT = `arn:aws:s3:::${LOG_BUCKET}/mlops-logs/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/22/file.json.gz`;
const cloudTrailPut = (resource: string, context: Record<string, string>): Request => ({
  principal: "cloudtrail.amazonaws.com",
  action: "s3:PutObject",
  resource,
  resourceAccount: ACCOUNT,
  context: { "aws:SecureTransport": "true", ...context },
});
const kms = (principal: string, action: string, context: Record<string, string>): Request => ({
  principal,
  action,
  resource: KEY_ARN,
  resourceAccount: ACCOUNT,
  context,
});
const ctContext = { "kms:EncryptionContext:aws:cloudtrail:arn": TRAIL_ARN };
const delivery = (action: string, resource: string): Request => ({
  principal: `arn:aws:iam::${ACCOUNT}:role/mlops-retail-prediction-dev-cloudtrail-logs-role`,
  action,
  resource,
  resourceAccount: ACCOUNT,
});

const cases: Case[] = [
  ["CloudTrail puts a log object under mlops-logs/AWSLogs/<account>/ with this trail's SourceArn and the ACL", "log bucket",
    cloudTrailPut(LOG_OBJECT, { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" }), "Allowed"],
  ["CloudTrail puts a log object with another trail's SourceArn", "log bucket",
    cloudTrailPut(LOG_OBJECT, { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${OTHER_ACCOUNT}:trail/other`, "s3:x-amz-acl": "bucket-owner-full-control" }), "ImplicitlyDenied"],
  ["CloudTrail puts a log object without the bucket-owner-full-control ACL", "log bucket",
    cloudTrailPut(LOG_OBJECT, { "aws:SourceArn": TRAIL_ARN }), "ImplicitlyDenied"],
  ["CloudTrail puts an object outside mlops-logs/AWSLogs/<account>/", "log bucket",
    cloudTrailPut(`arn:aws:s3:::${LOG_BUCKET}/elsewhere/file.json.gz`, { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" }), "ImplicitlyDenied"],
  ["CloudTrail puts a log object under another account's AWSLogs/ folder", "log bucket",
    cloudTrailPut(`arn:aws:s3:::${LOG_BUCKET}/mlops-logs/AWSLogs/${OTHER_ACCOUNT}/x.json.gz`, { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" }), "ImplicitlyDenied"],
  ["CloudTrail reads the bucket ACL with this trail's SourceArn", "log bucket",
    { principal: "cloudtrail.amazonaws.com", action: "s3:GetBucketAcl", resource: `arn:aws:s3:::${LOG_BUCKET}`, resourceAccount: ACCOUNT, context: { "aws:SourceArn": TRAIL_ARN, "aws:SecureTransport": "true" } }, "Allowed"],
  ["CloudTrail reads the bucket ACL for another trail (SourceArn)", "log bucket",
    { principal: "cloudtrail.amazonaws.com", action: "s3:GetBucketAcl", resource: `arn:aws:s3:::${LOG_BUCKET}`, resourceAccount: ACCOUNT, context: { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${OTHER_ACCOUNT}:trail/other`, "aws:SecureTransport": "true" } }, "ImplicitlyDenied"],
  ["CloudTrail puts a log object over plain HTTP", "log bucket",
    cloudTrailPut(LOG_OBJECT, { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "false" }), "ExplicitlyDenied"],
  ["An account admin reads a log object over plain HTTP", "log bucket",
    { principal: `arn:aws:iam::${ACCOUNT}:role/admin`, action: "s3:GetObject", resource: LOG_OBJECT, resourceAccount: ACCOUNT, context: { "aws:SecureTransport": "false" } }, "ExplicitlyDenied"],
  ["Anyone deletes the log bucket over plain HTTP", "log bucket",
    { principal: `arn:aws:iam::${OTHER_ACCOUNT}:root`, action: "s3:DeleteBucket", resource: `arn:aws:s3:::${LOG_BUCKET}`, resourceAccount: ACCOUNT, context: { "aws:SecureTransport": "false" } }, "ExplicitlyDenied"],
  ["S3 log delivery writes an access log for the log bucket", "access-log bucket",
    { principal: "logging.s3.amazonaws.com", action: "s3:PutObject", resource: `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`, resourceAccount: ACCOUNT,
      context: { "aws:SourceArn": `arn:aws:s3:::${LOG_BUCKET}`, "aws:SourceAccount": ACCOUNT, "aws:SecureTransport": "true" } }, "Allowed"],
  // Deny twins: each changes one condition of the allowed request above.
  ["S3 log delivery writes an access log for another bucket of this account (SourceArn)", "access-log bucket",
    { principal: "logging.s3.amazonaws.com", action: "s3:PutObject", resource: `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`, resourceAccount: ACCOUNT,
      context: { "aws:SourceArn": "arn:aws:s3:::someone-elses-bucket", "aws:SourceAccount": ACCOUNT, "aws:SecureTransport": "true" } }, "ImplicitlyDenied"],
  ["S3 log delivery writes an access log on behalf of another account (SourceAccount)", "access-log bucket",
    { principal: "logging.s3.amazonaws.com", action: "s3:PutObject", resource: `arn:aws:s3:::${ACCESS_LOG_BUCKET}/${LOG_BUCKET}/2026-11-22-log`, resourceAccount: ACCOUNT,
      context: { "aws:SourceArn": `arn:aws:s3:::${LOG_BUCKET}`, "aws:SourceAccount": OTHER_ACCOUNT, "aws:SecureTransport": "true" } }, "ImplicitlyDenied"],
  ["An administrator of another account reads a log object", "log bucket (holding Allow *)",
    { principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`, action: "s3:GetObject", resource: LOG_OBJECT, resourceAccount: ACCOUNT, context: { "aws:SecureTransport": "true" } }, "ImplicitlyDenied"],
  ["An administrator of another account writes a forged log object", "log bucket (holding Allow *)",
    { principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`, action: "s3:PutObject", resource: LOG_OBJECT, resourceAccount: ACCOUNT, context: { "aws:SecureTransport": "true", "s3:x-amz-acl": "bucket-owner-full-control" } }, "ImplicitlyDenied"],
  ["CloudTrail generates a data key with this trail's SourceArn and encryption context", "key",
    kms("cloudtrail.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceArn": TRAIL_ARN, ...ctContext }), "Allowed", "unsafe"],
  ["CloudTrail generates a data key for another trail (SourceArn)", "key",
    kms("cloudtrail.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/other`, ...ctContext }), "ImplicitlyDenied", "unsafe"],
  ["CloudTrail generates a data key without the CloudTrail encryption context", "key",
    kms("cloudtrail.amazonaws.com", "kms:GenerateDataKey", { "aws:SourceArn": TRAIL_ARN }), "ImplicitlyDenied"],
  ["CloudTrail describes the key for this trail", "key", kms("cloudtrail.amazonaws.com", "kms:DescribeKey", { "aws:SourceArn": TRAIL_ARN }), "Allowed"],
  ["CloudTrail describes the key for another trail (SourceArn)", "key", kms("cloudtrail.amazonaws.com", "kms:DescribeKey", { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${OTHER_ACCOUNT}:trail/other` }), "ImplicitlyDenied"],
  ["A principal of this account decrypts a log file", "key",
    kms(`arn:aws:iam::${ACCOUNT}:role/auditor`, "kms:Decrypt", { "kms:CallerAccount": ACCOUNT, ...ctContext }), "Allowed", "unsafe"],
  ["A principal of another account decrypts a log file", "key (holding Allow *)",
    kms(`arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`, "kms:Decrypt", { "kms:CallerAccount": OTHER_ACCOUNT, ...ctContext }), "ImplicitlyDenied", "unsafe"],
  ["A principal of another account generates data keys", "key (holding Allow *)",
    kms(`arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`, "kms:GenerateDataKey", { "kms:CallerAccount": OTHER_ACCOUNT, ...ctContext }), "ImplicitlyDenied", "unsafe"],
  ["A principal of this account holding Allow * decrypts data that is not a CloudTrail log", "key (holding Allow *)",
    kms(`arn:aws:iam::${ACCOUNT}:role/auditor`, "kms:Decrypt", { "kms:CallerAccount": ACCOUNT }), "ImplicitlyDenied"],
  ["CloudWatch Logs encrypts for the trail's log group", "key",
    kms(`logs.${REGION}.amazonaws.com`, "kms:GenerateDataKey", { "kms:EncryptionContext:aws:logs:arn": LOG_GROUP_ARN }), "Allowed", "unsafe"],
  ["CloudWatch Logs encrypts for another log group", "key",
    kms(`logs.${REGION}.amazonaws.com`, "kms:GenerateDataKey", { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:other` }), "ImplicitlyDenied", "unsafe"],
  ["The delivery role puts events to its log group's CloudTrail stream", "delivery role",
    delivery("logs:PutLogEvents", `${LOG_GROUP_ARN}:log-stream:${ACCOUNT}_CloudTrail_us-east-1`), "Allowed"],
  ["The delivery role creates its CloudTrail stream", "delivery role",
    delivery("logs:CreateLogStream", `${LOG_GROUP_ARN}:log-stream:${ACCOUNT}_CloudTrail_eu-west-1`), "Allowed"],
  ["The delivery role puts events to another log group", "delivery role",
    delivery("logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:other:log-stream:${ACCOUNT}_CloudTrail_us-east-1`), "ImplicitlyDenied"],
  ["The delivery role puts events to a non-CloudTrail stream of its group", "delivery role",
    delivery("logs:PutLogEvents", `${LOG_GROUP_ARN}:log-stream:something-else`), "ImplicitlyDenied"],
  ["The delivery role deletes its log group", "delivery role", delivery("logs:DeleteLogGroup", LOG_GROUP_ARN), "ImplicitlyDenied"],
];

describe("evaluated policy decisions (iam-simulate)", () => {
  const logBucket = bucketPolicy(dev, "LogBucket");
  const deliveryRole = policyOf(dev, "aws_iam_role_policy", "Audit/DeliveryRole/cloudtrail-to-cloudwatch-logs");
  const policies: Record<PolicySet, Policies> = {
    "log bucket": { resource: logBucket },
    "access-log bucket": { resource: bucketPolicy(dev, "AccessLogBucket") },
    key: { resource: keyPolicy },
    "log bucket (holding Allow *)": { resource: logBucket, identity: [ALLOW_ALL] },
    "key (holding Allow *)": { resource: keyPolicy, identity: [ALLOW_ALL] },
    "delivery role": { identity: [deliveryRole] },
  };
  // Object rows: jest would take a missing trailing column for a `done` callback.
  test.each(cases.map(([description, policy, request, expected, mode]) => ({ description, policy, request, expected, mode })))(
    "$description ($policy) -> $expected",
    async ({ policy, request, expected, mode }) => {
      expect(await decide(policies[policy], request, mode)).toBe(expected);
    },
  );

  const proofs = cases.map(([, policy, request, expected, mode]) => ({ policies: policies[policy], request, expected, mode }));
  test.each([
    ["log bucket", logBucket],
    ["access-log bucket", policies["access-log bucket"].resource!],
    ["key", keyPolicy],
    ["delivery role", deliveryRole],
  ] as const)("every condition of the %s policy is necessary: without any one of them, a row above gets another decision", async (_name, document) => {
    expect(await unprovenConditions(document, proofs)).toEqual([]);
  });
});
