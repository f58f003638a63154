import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CIS_MONITORING_CONTROLS } from "../../constructs/cis-monitoring";
import { DEFAULT_COST_ASSUMPTIONS } from "../../facts/cost-assumptions";
import { renderReview, type ReviewInput } from "../../review/report";

/**
 * The report on hand-written stacks that the app never synthesizes: everything the dev and prod
 * golden copies cannot show, because the app's stacks are secure and complete. A trail in one
 * region without validation, Insights or CloudWatch Logs, and a second trail of the account (paid
 * copy); buckets without any protection, with disabled lifecycle rules, force_destroy and
 * prevent_destroy; denies with break-glass exemptions; one CIS alarm on and no subscriber; roles
 * trusted by "*" and with broad statements; failed and suppressed findings; a region without
 * prices; a stack with no compliance metadata and no backend; two example-account environments
 * and a dirty work tree. The whole text is compared with a reviewed copy, as for dev and prod
 * (`UPDATE_GOLDEN=1` rewrites it, to be read before committing).
 */
const ACCOUNT = "111122223333";
const control = CIS_MONITORING_CONTROLS[0];
const deny = (sid: string, actions: string[], exempt?: string[]) => ({
  Sid: sid,
  Effect: "Deny",
  Principal: "*",
  Action: actions,
  Resource: "*",
  ...(exempt ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": exempt } } } : {}),
});
const tlsDeny = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };

const audited = {
  "//": {
    compliance: {
      summary: { rules: 27, checks: 7, passed: 2, errors: 2, warnings: 1, suppressed: 2 },
      evaluations: [
        { rule: "S3-3", level: "error", outcome: "fail", path: "Bare/Bucket", address: "aws_s3_bucket.bare", message: "S3-3: The bucket keeps versions (versioning is not enabled | suspended)" },
        { rule: "IAM-2", level: "warning", outcome: "fail", path: "Ops/Role", address: "aws_iam_role.ops", message: "IAM-2: No role has a *FullAccess policy (AmazonS3FullAccess is attached)" },
        { rule: "S3-3", level: "error", outcome: "fail", path: "Wiped/Bucket", address: "aws_s3_bucket.wiped", message: "S3-3: The bucket is versioned (no aws_s3_bucket_versioning)" },
        { rule: "LOG-1", level: "error", outcome: "suppressed", path: "Trail/Logs", address: "aws_cloudwatch_log_group.logs", message: "LOG-1: ...", reason: "copied to the <org>\narchive" },
        { rule: "LOG-2", level: "error", outcome: "suppressed", path: "Trail/Logs", address: "aws_cloudwatch_log_group.logs", message: "LOG-2: ..." },
        { rule: "KMS-1", level: "error", outcome: "pass", path: "Key", address: "aws_kms_key.key", message: "KMS-1" },
        { rule: "TAG-1", level: "error", outcome: "not-applicable", path: "Key", address: "aws_kms_key.key", message: "TAG-1" },
      ],
    },
  },
  provider: { aws: [{ region: "eu-central-1", allowed_account_ids: [ACCOUNT] }] },
  terraform: { backend: { s3: { bucket: "edge-state", key: "edge/foundation.tfstate" } } },
  resource: {
    aws_cloudtrail: {
      home: { name: "home-trail", s3_bucket_name: "${aws_s3_bucket.kept.id}", is_multi_region_trail: false, include_global_service_events: false, enable_log_file_validation: false },
      second: {
        name: "second-trail",
        s3_bucket_name: "kept-bucket",
        s3_key_prefix: "audit",
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        kms_key_id: "${aws_kms_key.key.arn}",
        cloud_watch_logs_group_arn: "arn:aws:logs:eu-central-1:111122223333:log-group:audit:*",
        insight_selector: [{ insight_type: "ApiCallRateInsight" }, { insight_type: "ApiErrorRateInsight" }],
        advanced_event_selector: [
          { field_selector: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "resources.ARN", starts_with: ["arn:aws:s3:::data-bucket/", "arn:aws:s3:::features/", "arn:aws:s3:::state-bucket/"] }] },
          { name: "odd", field_selector: [{ field: "readOnly" }] },
        ],
      },
    },
    aws_s3_bucket: {
      bare: { bucket: "bare-bucket" },
      kept: { bucket: "kept-bucket", lifecycle: { prevent_destroy: true } },
      wiped: { bucket: "wiped-bucket", force_destroy: true },
    },
    aws_s3_bucket_public_access_block: {
      kept: { bucket: "${aws_s3_bucket.kept.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: false },
      wiped: { bucket: "${aws_s3_bucket.wiped.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    },
    aws_s3_bucket_ownership_controls: { kept: { bucket: "${aws_s3_bucket.kept.id}", rule: { object_ownership: "BucketOwnerPreferred" } } },
    aws_s3_bucket_versioning: { kept: { bucket: "${aws_s3_bucket.kept.id}", versioning_configuration: { status: "Suspended" } } },
    aws_s3_bucket_server_side_encryption_configuration: { kept: { bucket: "${aws_s3_bucket.kept.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } },
    aws_s3_bucket_logging: { kept: { bucket: "${aws_s3_bucket.kept.id}", target_bucket: "${aws_s3_bucket.wiped.id}" } },
    aws_s3_bucket_lifecycle_configuration: {
      kept: {
        bucket: "${aws_s3_bucket.kept.id}",
        rule: [
          { id: "off", status: "Disabled", transition: [{ days: 30, storage_class: "STANDARD_IA" }] },
          { id: "on", status: "Enabled", transition: [{ days: 90, storage_class: "GLACIER_IR" }], expiration: [{ days: 400 }, { expired_object_delete_marker: true }], noncurrent_version_expiration: [{ noncurrent_days: 30, newer_noncurrent_versions: 2 }] },
        ],
      },
    },
    aws_s3_bucket_object_lock_configuration: {
      kept: { bucket: "${aws_s3_bucket.kept.id}", rule: { default_retention: { mode: "COMPLIANCE", days: 30 } } },
      wiped: { bucket: "${aws_s3_bucket.wiped.id}" },
    },
    aws_s3_bucket_policy: {
      kept: { bucket: "${aws_s3_bucket.kept.id}", policy: JSON.stringify({ Statement: [tlsDeny, deny("DenyLogDeletion", ["s3:DeleteObject", "s3:PutLifecycleConfiguration"], [`arn:aws:iam::${ACCOUNT}:role/break-glass`, `arn:aws:iam::${ACCOUNT}:role/deployer`]), deny("DenyLockChange", ["s3:PutObjectLockConfiguration"], [`arn:aws:iam::${ACCOUNT}:role/break-glass`])] }) },
      wiped: { bucket: "${aws_s3_bucket.wiped.id}", policy: JSON.stringify({ Statement: [{ ...tlsDeny, Principal: { AWS: "*" } }] }) },
    },
    aws_kms_key: { key: { description: "audit `key`", policy: JSON.stringify({ Statement: [{ Sid: "Admin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] }) } },
    aws_sns_topic: { alarms: { name: "alarms" } },
    aws_sns_topic_subscription: { a: { topic_arn: "${aws_sns_topic.alarms.arn}", protocol: "email", endpoint: "ops@example.com" }, b: { topic_arn: "${aws_sns_topic.alarms.arn}", protocol: "email", endpoint: "sec@example.com" } },
    aws_sns_topic_policy: { alarms: { arn: "${aws_sns_topic.alarms.arn}", policy: JSON.stringify({ Statement: [deny("DenyTopicDeletion", ["sns:DeleteTopic"])] }) } },
    aws_cloudwatch_log_group: { logs: { name: "audit", retention_in_days: 90 } },
    aws_cloudwatch_log_metric_filter: { one: { pattern: control.pattern, metric_transformation: { name: "UnauthorizedApiCalls" } }, stray: { pattern: "{ $.eventName = x }" }, bare: { pattern: CIS_MONITORING_CONTROLS[1].pattern } },
    aws_cloudwatch_metric_alarm: { one: { alarm_name: "unauthorized-api-calls", metric_name: "UnauthorizedApiCalls", threshold: 5, period: 600 } },
    aws_iam_role: {
      open: { name: "open-role", assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] }) },
      ops: {
        name: "ops|role",
        assume_role_policy: JSON.stringify({
          Statement: [{ Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/a`, `arn:aws:iam::${ACCOUNT}:role/b`], Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": ["x`1", "y"] } } },
            { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
          ],
        }),
      },
    },
    aws_iam_role_policy_attachment: {
      full: { role: "${aws_iam_role.ops.name}", policy_arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
      own: { role: "${aws_iam_role.ops.name}", policy_arn: "${aws_iam_policy.own.arn}" },
      admin: { role: "${aws_iam_role.ops.name}", policy_arn: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess" },
      dynamo: { role: "${aws_iam_role.ops.name}", policy_arn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess_v2" },
      read: { role: "${aws_iam_role.ops.name}", policy_arn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" },
    },
    aws_iam_role_policy: {
      inline: {
        name: "inline",
        role: "${aws_iam_role.ops.name}",
        policy: JSON.stringify({
          Statement: [
            { Effect: "Allow", Action: ["s3:GetObject", "s3:*"], Resource: "arn:aws:s3:::b/*" },
            { Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" },
            { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" },
            { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
            { Effect: "Deny", Action: "*", Resource: "*" },
          ],
        }),
      },
    },
    aws_iam_policy: { own: { name: "own-policy", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*Object", Resource: "arn:aws:s3:::b/*" }] }) } },
  },
};

/**
 * A second foundation stack of the same account, in a priced region with an S3 backend: its trail
 * pays for its copy of management events, and records the data bucket and the state bucket.
 */
const second = {
  "//": { compliance: { summary: { rules: 27, checks: 1, passed: 1, errors: 0, warnings: 0, suppressed: 0 }, evaluations: [] } },
  provider: { aws: [{ region: "us-east-2", allowed_account_ids: [ACCOUNT] }] },
  terraform: { backend: { s3: { bucket: "state-bucket", key: "edge/terraform.tfstate", use_lockfile: true } } },
  resource: { aws_cloudtrail: { trail: { ...audited.resource.aws_cloudtrail.second, name: "ohio-trail" } } },
};

/** A stack without compliance metadata, provider or backend, and with no resources of the sections. */
const plain = { "//": {}, provider: { aws: [] }, resource: { aws_ssm_parameter: { p: { name: "x" } } } };
/** A trail in a stack whose provider block names no account or region. */
const bare = { provider: {}, resource: { aws_cloudtrail: { t: { name: "bare-trail", s3_bucket_name: "b" } } } };

const input: ReviewInput = {
  stacks: [
    { name: "edge-foundation", text: JSON.stringify(audited), json: audited, costAssumptions: DEFAULT_COST_ASSUMPTIONS },
    { name: "edge-second", text: JSON.stringify(second), json: second, costAssumptions: DEFAULT_COST_ASSUMPTIONS },
    { name: "edge-plain", text: JSON.stringify(plain), json: plain, costAssumptions: DEFAULT_COST_ASSUMPTIONS },
    { name: "edge-bare", text: JSON.stringify(bare), json: bare },
  ],
  environments: [
    { environment: "dev", accountId: "123456789012", accountIdIsExample: true, region: "eu-central-1", stacks: ["edge-foundation"] },
    { environment: "staging", accountId: "123456789012", accountIdIsExample: true, region: "eu-central-1", stacks: ["edge-second"] },
    { environment: "prod", accountId: ACCOUNT, accountIdIsExample: false, region: "us-east-2", stacks: ["edge-plain", "edge-bare"] },
  ],
  git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: true },
};

describe("the review report on stacks with every gap the app's own stacks do not have", () => {
  const review = renderReview(input);

  test("is the reviewed copy", () => {
    const golden = join(__dirname, "golden", "review-edges.md");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, review.markdown);
    expect(review.markdown).toBe(readFileSync(golden, "utf8"));
  });

  test("counts the failed error findings, not the warning, and prices only the stack with a trail", () => {
    expect([review.errors, Object.keys(review.costs)]).toEqual([2, ["edge-foundation", "edge-second"]]);
  });

  test("in each cost table, the lines as shown add up to the total as shown", () => {
    const tables = review.markdown.split("### Monthly cost estimate").slice(1);
    expect(tables).toHaveLength(2);
    for (const t of tables) {
      const shownCents = [...t.matchAll(/^\|.*\| \$(\d+)\.(\d\d) \|$/gm)].map(([, d, c]) => Number(d) * 100 + Number(c));
      const [, d, c] = /\*\*Total: \$(\d+)\.(\d\d) per month\*\*/.exec(t)!;
      expect([shownCents.length, shownCents.reduce((a, b) => a + b, 0)]).toEqual([15, Number(d) * 100 + Number(c)]);
    }
  });

  test("without a git work tree, says so", () => {
    expect(renderReview({ ...input, git: undefined }).markdown).toContain("| Git commit | unknown (not a git work tree) |");
  });
});

describe("the review report at its corners", () => {
  const trail = { aws_cloudtrail: { t: { name: "t", s3_bucket_name: "b" } } };
  const stack = (name: string, json: Record<string, unknown>, priced = true) => ({ name, text: JSON.stringify(json), json, ...(priced ? { costAssumptions: DEFAULT_COST_ASSUMPTIONS } : {}) });
  const environments = [{ environment: "dev", accountId: ACCOUNT, accountIdIsExample: false, region: "us-east-1", stacks: [] }];

  test("names every alarm topic", () => {
    const alarms = {
      resource: {
        aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", metric_name: "m", threshold: 1, period: 300 } },
        aws_sns_topic: { first: { name: "alarms" }, second: { name: "alarms-copy" } },
      },
    };
    const { markdown } = renderReview({ stacks: [stack("two-topics", alarms, false)], environments });
    expect(markdown).toContain("Topic `alarms`, `alarms-copy`; e-mail subscribers: **none**.");
  });

  test("a trail in a stack without a provider block, or with an empty aws provider list, is priced at us-east-1's list prices as its account's first copy", () => {
    const { costs, markdown } = renderReview({
      stacks: [stack("no-provider", { resource: trail }), stack("empty-provider-list", { provider: { aws: [] }, resource: trail })],
      environments,
    });
    for (const name of ["no-provider", "empty-provider-list"]) {
      expect(costs[name].lines.filter((l) => l.assumed)).toEqual([]);
      expect(costs[name].lines.find((l) => l.item.startsWith("CloudTrail management events"))!.item).toBe("CloudTrail management events (first copy)");
    }
    expect(markdown.split("\n").filter((l) => l.startsWith("Prices: "))).toEqual([
      "Prices: list prices of this region (us-east-1, us-east-2, us-west-2 share us-east-1's).",
      "Prices: list prices of this region (us-east-1, us-east-2, us-west-2 share us-east-1's).",
    ]);
  });
});
