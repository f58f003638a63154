/**
 * verify's expectations read from synthesized stacks, on hand-written stacks that use every form
 * Terraform JSON allows and this app's own stacks do not all use: blocks as one object or a list,
 * buckets named literally or by reference, AWS managed and customer policies, every selector
 * operator, an OIDC provider created or looked up. The expectations are written out in full.
 */
import { loadConfig } from "../../config/load";
import { expectedFrom } from "../../verify/expected";

const ACCOUNT = "111122223333";
const config = (settings: Record<string, unknown> = {}) =>
  loadConfig({ settings: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/deployer`] }, environments: { dev: settings } } }).environments[0];

const foundation = {
  resource: {
    aws_cloudtrail: {
      trail: {
        name: "t",
        s3_bucket_name: "logs",
        kms_key_id: "${aws_kms_key.key.arn}",
        cloud_watch_logs_role_arn: "${aws_iam_role.delivery.arn}",
        is_multi_region_trail: true,
        include_global_service_events: false,
        enable_log_file_validation: true,
        insight_selector: [{ insight_type: "ApiErrorRateInsight" }, { insight_type: "ApiCallRateInsight" }],
        advanced_event_selector: {
          name: "s3",
          field_selector: [
            { field: "eventCategory", equals: "Data" },
            { field: "resources.ARN", starts_with: ["arn:aws:s3:::a/"], not_starts_with: ["arn:aws:s3:::logs/"], ends_with: [".csv"], not_ends_with: [".tmp"], not_equals: ["x"] },
          ],
        },
      },
    },
    aws_kms_key: { key: { description: "k" }, unaliased: { description: "u" }, second: { description: "s" } },
    aws_kms_alias: { secondAlias: { name: "alias/s", target_key_id: "${aws_kms_key.second.key_id}" }, alias: { name: "alias/k", target_key_id: "${aws_kms_key.key.key_id}" }, other: { name: "alias/other", target_key_id: "literal" } },
    aws_s3_bucket: { logs: { bucket: "logs" }, access: { bucket: "access" } },
    aws_s3_bucket_server_side_encryption_configuration: {
      logs: { bucket: "${aws_s3_bucket.logs.id}", rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.key.arn}" } } },
    },
    aws_s3_bucket_policy: { logs: { bucket: "logs", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "A", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] }) } },
    aws_s3_bucket_lifecycle_configuration: {
      logs: { bucket: "${aws_s3_bucket.logs.id}", rule: [{ id: "archive", status: "Enabled", transition: [{ days: 30, storage_class: "GLACIER" }, { days: 90, storage_class: "DEEP_ARCHIVE" }] }, { id: "plain", status: "Disabled" }] },
    },
    aws_s3_bucket_logging: { logs: { bucket: "${aws_s3_bucket.logs.id}", target_bucket: "${aws_s3_bucket.access.id}", target_prefix: "logs/" }, access: { bucket: "access", target_bucket: "elsewhere" } },
    aws_s3_bucket_object_lock_configuration: { logs: { bucket: "${aws_s3_bucket.logs.id}", rule: { default_retention: { mode: "GOVERNANCE", days: "365" } } } },
    aws_iam_role: {
      delivery: { name: "delivery-role", assume_role_policy: JSON.stringify({ Statement: [{ Principal: { Service: "cloudtrail.amazonaws.com" } }] }) },
      node: { name: "node-role", assume_role_policy: "{}", permissions_boundary: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
    },
    aws_iam_role_policy: { inline: { name: "logs", role: "${aws_iam_role.delivery.name}", policy: JSON.stringify({ Statement: [] }) }, stray: { name: "x", role: "someone", policy: "{}" } },
    aws_iam_policy: { mine: { name: "my-policy", policy: JSON.stringify({ Statement: [{ Sid: "M" }] }) } },
    aws_iam_role_policy_attachment: {
      managed: { role: "${aws_iam_role.node.name}", policy_arn: "arn:aws:iam::aws:policy/ZPolicy" },
      managed2: { role: "${aws_iam_role.node.name}", policy_arn: "arn:aws:iam::aws:policy/APolicy" },
      customer: { role: "${aws_iam_role.node.name}", policy_arn: "${aws_iam_policy.mine.arn}" },
    },
    aws_iam_instance_profile: { profile: { name: "profile", role: "node-role" } },
    aws_sns_topic: { topic: { name: "alarms" } },
    aws_cloudwatch_log_metric_filter: { f: { name: "filter-a", pattern: "{ $.a = 1 }", metric_transformation: { name: "MetricA", namespace: "NS", value: "1" } } },
    aws_cloudwatch_metric_alarm: { a: { alarm_name: "alarm-a", metric_name: "MetricA", namespace: "NS" }, b: { alarm_name: "alarm-b", metric_name: "MetricB", namespace: "NS" } },
  },
};
const state = { resource: { aws_s3_bucket: { state: { bucket: "state" } } } };

test("every form of the synthesized JSON becomes the expectations AWS's answers are compared with", () => {
  const e = expectedFrom(config(), state, foundation);
  expect(e).toEqual({
    environment: "dev",
    accountId: ACCOUNT,
    region: "us-east-1",
    retained: false,
    trail: {
      name: "t",
      bucket: "logs",
      keyPrefix: "",
      kmsAlias: "alias/k",
      logGroup: "mlops-cloudtrail-log-group",
      cloudWatchLogsRole: "delivery-role",
      multiRegion: true,
      globalServiceEvents: false,
      logFileValidation: true,
      advancedEventSelectors: [
        {
          Name: "s3",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.ARN", NotEquals: ["x"], StartsWith: ["arn:aws:s3:::a/"], NotStartsWith: ["arn:aws:s3:::logs/"], EndsWith: [".csv"], NotEndsWith: [".tmp"] },
          ],
        },
      ],
      insightTypes: ["ApiCallRateInsight", "ApiErrorRateInsight"],
    },
    buckets: [
      {
        name: "logs",
        label: "log bucket",
        sseAlgorithm: "aws:kms",
        kmsAlias: "alias/k",
        policy: { Version: "2012-10-17", Statement: [{ Sid: "A", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] },
        lifecycle: [
          { id: "archive", status: "Enabled", transitions: ["30 d GLACIER", "90 d DEEP_ARCHIVE"] },
          { id: "plain", status: "Disabled", transitions: [] },
        ],
        loggingTarget: { bucket: "access", prefix: "logs/" },
        objectLock: { mode: "GOVERNANCE", days: 365 },
      },
      { name: "access", label: "access-log bucket", sseAlgorithm: "AES256", kmsAlias: undefined, policy: undefined, lifecycle: [], loggingTarget: { bucket: "elsewhere", prefix: "" }, objectLock: undefined },
      { name: "state", label: "state bucket", sseAlgorithm: "AES256", kmsAlias: undefined, policy: undefined, lifecycle: [], loggingTarget: undefined, objectLock: undefined },
    ],
    keyAliases: ["alias/s", "alias/k", "alias/other"],
    roles: [
      { name: "delivery-role", trust: { Statement: [{ Principal: { Service: "cloudtrail.amazonaws.com" } }] }, managedPolicyArns: [], inline: { logs: { Statement: [] } }, customer: {}, permissionsBoundary: undefined },
      {
        name: "node-role",
        trust: {},
        managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/my-policy`, "arn:aws:iam::aws:policy/APolicy", "arn:aws:iam::aws:policy/ZPolicy"],
        inline: {},
        customer: { "my-policy": { Statement: [{ Sid: "M" }] } },
        permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
      },
    ],
    instanceProfile: { name: "profile", role: "node-role" },
    oidcProvider: undefined,
    alarms: [
      { alarmName: "alarm-a", filterName: "filter-a", pattern: "{ $.a = 1 }", metricName: "MetricA", namespace: "NS" },
      { alarmName: "alarm-b", filterName: undefined, pattern: undefined, metricName: "MetricB", namespace: "NS" },
    ],
    topic: { name: "alarms", arn: `arn:aws:sns:us-east-1:${ACCOUNT}:alarms` },
  });
});

test("a trail whose key and delivery role are not references falls back to the configured names; a literal instance profile role and prefix are kept", () => {
  const literal = structuredClone(foundation);
  Object.assign(literal.resource.aws_cloudtrail.trail, { kms_key_id: "arn:aws:kms:us-east-1:111122223333:key/abc", cloud_watch_logs_role_arn: "arn:aws:iam::111122223333:role/x", s3_key_prefix: "p" });
  const e = expectedFrom(config(), state, literal);
  expect([e.trail.kmsAlias, e.trail.cloudWatchLogsRole, e.trail.keyPrefix]).toEqual(["alias/mlops-retail-prediction-dev-cloudtrail-key", "mlops-retail-prediction-dev-cloudtrail-logs-role", "p"]);
});

test("a key without an alias, a reference to a resource type the stack lacks, and a reference inside a longer string are not resolved", () => {
  const other = structuredClone(foundation) as typeof foundation & { resource: Record<string, Record<string, Record<string, unknown>>> };
  Object.assign(other.resource.aws_cloudtrail.trail, { kms_key_id: "${aws_kms_key.unaliased.arn}", cloud_watch_logs_role_arn: "${aws_iam_service_role.delivery.arn}", is_multi_region_trail: false, enable_log_file_validation: false });
  other.resource.aws_s3_bucket_logging.logs.target_bucket = "copy-${aws_s3_bucket.access.id}";
  other.resource.aws_s3_bucket_logging.access.target_bucket = "${aws_s3_bucket.logs.id}-copy";
  const e = expectedFrom(config(), state, other);
  expect([e.trail.kmsAlias, e.trail.cloudWatchLogsRole, e.trail.multiRegion, e.trail.logFileValidation]).toEqual([
    "alias/mlops-retail-prediction-dev-cloudtrail-key",
    "mlops-retail-prediction-dev-cloudtrail-logs-role",
    false,
    false,
  ]);
  expect(e.buckets.map((b) => b.loggingTarget?.bucket)).toEqual(["copy-${aws_s3_bucket.access.id}", "${aws_s3_bucket.logs.id}-copy", undefined]);
});

test("a foundation without an access-log bucket expects the log and state buckets only", () => {
  const only = structuredClone(foundation) as typeof foundation & { resource: Record<string, Record<string, unknown>> };
  delete (only.resource.aws_s3_bucket as Record<string, unknown>).access;
  expect(expectedFrom(config(), state, only).buckets.map((b) => b.label)).toEqual(["log bucket", "state bucket"]);
});

test("the OIDC provider is expected where the stack creates it or looks it up; never without an issuer", () => {
  const issuer = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
  const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789`;
  const created = { resource: { ...foundation.resource, aws_iam_openid_connect_provider: { p: { url: issuer } } } };
  expect(expectedFrom(config({ eksOidcIssuerUrl: issuer }), state, created).oidcProvider).toEqual({ arn, url: issuer });
  const lookedUp = { ...foundation, data: { aws_iam_openid_connect_provider: { p: { url: issuer } } } };
  expect(expectedFrom(config({ eksOidcIssuerUrl: issuer, iam: { oidcProvider: "existing" } }), state, lookedUp).oidcProvider).toEqual({ arn, url: issuer });
  // Every pod role on Pod Identity: no provider created or looked up, none expected.
  expect(expectedFrom(config({ eksOidcIssuerUrl: issuer, iam: { oidcProvider: "existing" } }), state, foundation).oidcProvider).toBeUndefined();
  expect(expectedFrom(config({ eksOidcIssuerUrl: issuer }), state, foundation).oidcProvider).toBeUndefined();
  expect(expectedFrom(config(), state, created).oidcProvider).toBeUndefined();
});
