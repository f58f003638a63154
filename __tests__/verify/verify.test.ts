import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Row } from "../../verify/checks";
import { runVerify } from "../../verify/run";
import { mocks, use, verify, type Outcome } from "./harness";
import { ACCOUNT, ISSUER, NOW, fixture, type Fixture, type World } from "./world";

const dev = (): Fixture => fixture("dev", { eksOidcIssuerUrl: ISSUER });
const prod = (): Fixture => fixture("prod");
const failed = (o: Outcome): Row[] => o.rows.filter((r) => r.status === "fail");
/** `group: check`, with the per-bucket group detail and per-policy names left out. */
const key = (r: Row): string =>
  `${r.group.replace(/ \(.*\)$/, "")}: ${r.check.replace(/^(inline )?policy \S+ as declared$/, (_m, inline) => `${inline ?? ""}policy <name> as declared`)}`;

describe("npm run verify on a healthy environment", () => {
  test.each([
    ["dev (with an OIDC issuer)", dev],
    ["prod (Object Lock, evidence protection)", prod],
  ])("%s passes every row, exit 0, and writes the report", async (_name, make) => {
    const outcome = await verify(make());
    expect(outcome.problems).toEqual([]);
    expect(outcome.rows.filter((r) => r.status !== "pass")).toEqual([]);
    expect(outcome.code).toBe(0);
    expect(outcome.rows.length).toBeGreaterThan(60);
    const md = readFileSync(join(outcome.outdir, `verify-${outcome.rows.length > 0 ? (make === dev ? "dev" : "prod") : ""}.md`), "utf8");
    expect(md).toContain(`, 0 failed, 0 warnings; ${outcome.calls} API calls.`);
  });
});

/** A broken deployment: what to change in the world, and the rows that must then fail. */
interface Variant {
  readonly name: string;
  readonly environment?: "dev" | "prod";
  readonly breaks: (w: World, f: Fixture) => void;
  /** `group: check` of each row that must fail, with a text its observed value must contain. */
  readonly fails: readonly [string, string][];
}

const log = (f: Fixture) => f.expected.trail.bucket;
const nodeRole = (f: Fixture) => f.config.names.eksNodeGroupRole;
const sagemakerRole = (f: Fixture) => f.config.names.sagemakerExecutionRole;

const VARIANTS: Variant[] = [
  { name: "the trail is gone", breaks: (w) => (w.trail = undefined), fails: [["Trail: exists in the home region", "TrailNotFoundException"]] },
  { name: "the trail lives in another region", breaks: (w) => (w.trail.HomeRegion = "eu-west-1"), fails: [["Trail: exists in the home region", "home region eu-west-1"]] },
  { name: "the trail is single-region", breaks: (w) => (w.trail.IsMultiRegionTrail = false), fails: [["Trail: multi-region", "false"]] },
  { name: "no global service events", breaks: (w) => (w.trail.IncludeGlobalServiceEvents = false), fails: [["Trail: global service events", "false"]] },
  { name: "log file validation off", breaks: (w) => (w.trail.LogFileValidationEnabled = false), fails: [["Trail: log file validation", "false"]] },
  { name: "the trail uses another key", breaks: (w) => (w.trail.KmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:key/ffffffff-0000-0000-0000-000000000000`), fails: [["Trail: encrypts with the configured key", "ffffffff-0000"]] },
  { name: "the trail writes to another bucket", breaks: (w) => (w.trail.S3BucketName = "someone-elses-bucket"), fails: [["Trail: delivers to its bucket", "someone-elses-bucket"]] },
  { name: "no CloudWatch Logs delivery", breaks: (w) => delete w.trail.CloudWatchLogsLogGroupArn, fails: [["Trail: delivers to CloudWatch Logs", "no CloudWatch Logs delivery"]] },
  { name: "the trail is stopped", breaks: (w) => (w.status.IsLogging = false), fails: [["Trail: is logging", "IsLogging false"]] },
  { name: "a delivery error (wrong key policy)", breaks: (w) => (w.status.LatestDeliveryError = "InsufficientEncryptionPolicyException"), fails: [["Trail: no LatestDeliveryError", "InsufficientEncryptionPolicyException"]] },
  { name: "a digest delivery error", breaks: (w) => (w.status.LatestDigestDeliveryError = "AccessDenied"), fails: [["Trail: no LatestDigestDeliveryError", "AccessDenied"]] },
  { name: "a CloudWatch Logs delivery error", breaks: (w) => (w.status.LatestCloudWatchLogsDeliveryError = "Access denied. Verify the role"), fails: [["Trail: no LatestCloudWatchLogsDeliveryError", "Access denied"]] },
  { name: "no digest for 5 hours", breaks: (w) => (w.status.LatestDigestDeliveryTime = new Date(NOW.getTime() - 5 * 3600_000)), fails: [["Trail: delivered a digest file in the last 2 hours", "latest digest 2026-11-27T07:00:00.000Z"]] },
  {
    name: "the state bucket dropped from the data events",
    breaks: (w) => {
      const arns = w.selectors![1].FieldSelectors.find((s: { Field: string }) => s.Field === "resources.ARN");
      arns.StartsWith = arns.StartsWith.slice(0, 1);
    },
    fails: [["Trail: advanced event selectors as declared", "S3 object events of the project buckets"]],
  },
  { name: "the trail on basic event selectors", breaks: (w) => (w.selectors = null), fails: [["Trail: advanced event selectors as declared", "[]"]] },
  { name: "the verifying role may not read event selectors", breaks: (w) => (w.denied = ["cloudtrail:GetEventSelectors"]), fails: [["Trail: advanced event selectors as declared", "AccessDenied"]] },
  { name: "the verifying role may not read Insights selectors", breaks: (w) => (w.denied = ["cloudtrail:GetInsightSelectors"]), fails: [["Trail: Insights selectors as declared", "AccessDenied"]] },
  { name: "the trail without a key", breaks: (w) => delete w.trail.KmsKeyId, fails: [["Trail: encrypts with the configured key", "no key"]] },
  {
    name: "the key alias deleted and the trail without a key",
    breaks: (w, f) => {
      delete w.keys[f.expected.trail.kmsAlias];
      delete w.trail.KmsKeyId;
    },
    fails: [["Trail: encrypts with the configured key", "no key"]],
  },
  { name: "the trail writes under another prefix", breaks: (w) => (w.trail.S3KeyPrefix = "elsewhere"), fails: [["Trail: delivers to its bucket", "prefix elsewhere"]] },
  { name: "the trail writes without a prefix", breaks: (w) => delete w.trail.S3KeyPrefix, fails: [["Trail: delivers to its bucket", "prefix "]] },
  { name: "the trail's CloudWatch Logs role removed", breaks: (w) => delete w.trail.CloudWatchLogsRoleArn, fails: [["Trail: delivers to CloudWatch Logs", ", "]] },
  { name: "the trail delivers to CloudWatch Logs through another role", breaks: (w) => (w.trail.CloudWatchLogsRoleArn = `arn:aws:iam::${ACCOUNT}:role/handmade`), fails: [["Trail: delivers to CloudWatch Logs", "role/handmade"]] },
  {
    name: "no digest, and no start time in the status",
    breaks: (w) => {
      delete w.status.StartLoggingTime;
      delete w.status.LatestDigestDeliveryTime;
    },
    fails: [["Trail: delivered a digest file in the last 2 hours", "no digest delivered"]],
  },
  {
    name: "no digest, the trail started exactly 2 hours ago",
    breaks: (w) => {
      w.status.StartLoggingTime = new Date(NOW.getTime() - 2 * 3600_000);
      delete w.status.LatestDigestDeliveryTime;
    },
    fails: [["Trail: delivered a digest file in the last 2 hours", "no digest delivered"]],
  },
  { name: "Insights turned off", breaks: (w) => (w.insights = []), fails: [["Trail: Insights selectors as declared", "none"]] },
  { name: "the log bucket's key swapped", breaks: (w, f) => (w.buckets[log(f)].encryption.KMSMasterKeyID = `arn:aws:kms:us-east-1:${ACCOUNT}:key/eeeeeeee-1111-2222-3333-444444444444`), fails: [["Bucket: default encryption", "eeeeeeee-1111"]] },
  { name: "versioning suspended", breaks: (w, f) => (w.buckets[log(f)].versioning = "Suspended"), fails: [["Bucket: versioning", "Suspended"]] },
  { name: "a public access block turned off", breaks: (w, f) => (w.buckets[log(f)].publicAccessBlock.BlockPublicPolicy = false), fails: [["Bucket: public access block", "BlockPublicPolicy off"]] },
  {
    name: "two public access blocks turned off",
    breaks: (w, f) => Object.assign(w.buckets[log(f)].publicAccessBlock, { BlockPublicPolicy: false, RestrictPublicBuckets: false }),
    fails: [["Bucket: public access block", "BlockPublicPolicy off, RestrictPublicBuckets off"]],
  },
  {
    name: "the log bucket encrypted with DSSE-KMS and its key",
    breaks: (w, f) => (w.buckets[log(f)].encryption.SSEAlgorithm = "aws:kms:dsse"),
    fails: [["Bucket: default encryption", "aws:kms:dsse with"]],
  },
  {
    name: "the key alias deleted and the log bucket on the AWS managed key",
    breaks: (w, f) => {
      delete w.keys[f.expected.trail.kmsAlias];
      w.buckets[log(f)].encryption = { SSEAlgorithm: "aws:kms" };
    },
    fails: [["Bucket: default encryption", "aws:kms"]],
  },
  {
    name: "two statements removed from the bucket policy",
    breaks: (w, f) => {
      const policy = JSON.parse(w.buckets[log(f)].policy);
      policy.Statement = policy.Statement.slice(2);
      w.buckets[log(f)].policy = JSON.stringify(policy);
    },
    fails: [["Bucket: bucket policy as declared", "; "]],
  },
  {
    name: "a lifecycle rule disabled and another's transitions changed",
    breaks: (w, f) => {
      const rules = w.buckets[log(f)].lifecycle;
      rules[0].Transitions = [{ Days: 30, StorageClass: "STANDARD_IA" }, { Days: 60, StorageClass: "GLACIER" }];
      rules[1].Status = "Disabled";
    },
    fails: [["Bucket: lifecycle rules", "transitions 30 d STANDARD_IA, 60 d GLACIER; rule"]],
  },
  { name: "server access logs to another bucket", breaks: (w, f) => (w.buckets[log(f)].logging.TargetBucket = "someone-elses-logs"), fails: [["Bucket: server access logging", "someone-elses-logs"]] },
  { name: "Object Lock without a default retention", environment: "prod", breaks: (w, f) => (w.buckets[f.expected.trail.bucket].objectLock = "no default"), fails: [["Bucket: Object Lock default retention", "none"]] },
  { name: "ACLs re-enabled", breaks: (w, f) => (w.buckets[log(f)].ownership = "ObjectWriter"), fails: [["Bucket: ownership controls (ACLs disabled)", "ObjectWriter"]] },
  {
    name: "a statement removed from the bucket policy",
    breaks: (w, f) => {
      const policy = JSON.parse(w.buckets[log(f)].policy);
      policy.Statement = policy.Statement.filter((s: { Sid: string }) => s.Sid !== "DenyInsecureTransport");
      w.buckets[log(f)].policy = JSON.stringify(policy);
    },
    fails: [["Bucket: bucket policy as declared", "missing or changed DenyInsecureTransport"]],
  },
  { name: "the lifecycle removed", breaks: (w, f) => (w.buckets[log(f)].lifecycle = []), fails: [["Bucket: lifecycle rules", "NoSuchLifecycleConfiguration"]] },
  { name: "server access logging off", breaks: (w, f) => (w.buckets[log(f)].logging = undefined), fails: [["Bucket: server access logging", "off"]] },
  { name: "no log files delivered", breaks: (w) => (w.objects = {}), fails: [["Bucket: log files delivered", "none"]] },
  {
    name: "no server access logs delivered",
    breaks: (w) => {
      for (const bucket of Object.keys(w.objects)) if (bucket.includes("-s3access-")) delete w.objects[bucket];
    },
    fails: [["Bucket: server access logs of the log bucket delivered", "none"]],
  },
  {
    name: "an alarm's action failed",
    breaks: (w, f) =>
      (w.alarmHistory = [
        { AlarmName: f.expected.alarms[0].alarmName, HistoryItemType: "Action", HistorySummary: "Failed to execute action arn:aws:sns:us-east-1:111122223333:x. Received error: KMS access denied" },
      ]),
    fails: [["Alarms: no alarm action failed in the last 14 days", "Failed to execute action"]],
  },
  { name: "the log bucket encrypted with S3-managed keys", breaks: (w, f) => (w.buckets[log(f)].encryption = { SSEAlgorithm: "AES256" }), fails: [["Bucket: default encryption", "AES256"]] },
  { name: "versioning never enabled", breaks: (w, f) => (w.buckets[log(f)].versioning = undefined), fails: [["Bucket: versioning", "never enabled"]] },
  { name: "the bucket policy deleted", breaks: (w, f) => (w.buckets[log(f)].policy = undefined), fails: [["Bucket: bucket policy as declared", "NoSuchBucketPolicy"]] },
  { name: "a lifecycle rule disabled", breaks: (w, f) => (w.buckets[log(f)].lifecycle[0].Status = "Disabled"), fails: [["Bucket: lifecycle rules", "is Disabled"]] },
  { name: "a lifecycle rule's transitions changed", breaks: (w, f) => (w.buckets[log(f)].lifecycle[0].Transitions = [{ Days: 1, StorageClass: "GLACIER" }]), fails: [["Bucket: lifecycle rules", "transitions 1 d GLACIER"]] },
  { name: "a lifecycle rule without transitions", breaks: (w, f) => delete w.buckets[log(f)].lifecycle[0].Transitions, fails: [["Bucket: lifecycle rules", "transitions none"]] },
  { name: "a lifecycle rule missing", breaks: (w, f) => (w.buckets[log(f)].lifecycle = w.buckets[log(f)].lifecycle.slice(1).concat([{ ID: "handmade", Status: "Enabled" }])), fails: [["Bucket: lifecycle rules", "missing"]] },
  { name: "server access logs to another prefix", breaks: (w, f) => (w.buckets[log(f)].logging.TargetPrefix = "elsewhere/"), fails: [["Bucket: server access logging", "elsewhere/"]] },
  { name: "server access logs without a prefix", breaks: (w, f) => delete w.buckets[log(f)].logging.TargetPrefix, fails: [["Bucket: server access logging", "/"]] },
  { name: "the log bucket deleted", breaks: (w, f) => delete w.buckets[log(f)], fails: [["Bucket: versioning", "NoSuchBucket"], ["Bucket: log files delivered", "NoSuchBucket"]] },
  { name: "the prod log bucket deleted", environment: "prod", breaks: (w, f) => delete w.buckets[log(f)], fails: [["Bucket: Object Lock default retention", "NoSuchBucket"]] },
  { name: "Object Lock's default mode changed", environment: "prod", breaks: (w, f) => (w.buckets[f.expected.trail.bucket].objectLock.Mode = "COMPLIANCE"), fails: [["Bucket: Object Lock default retention", "COMPLIANCE, 365 d"]] },
  { name: "Object Lock retention given in years", environment: "prod", breaks: (w, f) => (w.buckets[f.expected.trail.bucket].objectLock = { Mode: "COMPLIANCE", Years: 1 }), fails: [["Bucket: Object Lock default retention", "1 y"]] },
  { name: "Object Lock retention shortened", environment: "prod", breaks: (w, f) => (w.buckets[f.expected.trail.bucket].objectLock.Days = 1), fails: [["Bucket: Object Lock default retention", "1 d"]] },
  { name: "Object Lock removed", environment: "prod", breaks: (w, f) => (w.buckets[f.expected.trail.bucket].objectLock = undefined), fails: [["Bucket: Object Lock default retention", "ObjectLockConfigurationNotFoundError"]] },
  { name: "a key alias deleted", breaks: (w, f) => delete w.keys[f.expected.trail.kmsAlias], fails: [["Key: alias resolves to a key", "NotFoundException"]] },
  { name: "a key disabled", breaks: (w, f) => (w.keys[f.expected.trail.kmsAlias].KeyState = "Disabled"), fails: [["Key: key state", "Disabled"]] },
  { name: "key rotation off", breaks: (w, f) => (w.keys[f.expected.trail.kmsAlias].rotation = false), fails: [["Key: rotation", "off"]] },
  { name: "a role deleted", breaks: (w, f) => delete w.roles[f.config.names.lambdaInferenceRole], fails: [["Role: exists", "NoSuchEntityException"]] },
  {
    name: "a second principal added to a trust policy",
    breaks: (w, f) => w.roles[sagemakerRole(f)].trust.Statement.push({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" }),
    fails: [["Role: trust policy: principal and conditions as declared", 'not declared (no Sid): Allow sts:AssumeRole for {"AWS":["arn:aws:iam::444455556666:root"]}']],
  },
  {
    name: "a permissions boundary added by hand",
    breaks: (w, f) => (w.roles[sagemakerRole(f)].boundary = `arn:aws:iam::${ACCOUNT}:policy/handmade`),
    fails: [["Role: permissions boundary", `arn:aws:iam::${ACCOUNT}:policy/handmade`]],
  },
  {
    name: "a managed policy detached from the node role",
    breaks: (w, f) => (w.roles[nodeRole(f)].attached = w.roles[nodeRole(f)].attached.filter((a) => !a.endsWith("AmazonEC2ContainerRegistryPullOnly"))),
    fails: [
      ["Role: attached policies as declared", "AmazonEKSWorkerNodePolicy"],
      ["Acceptance: pulls the retail API image: ecr:BatchGetImage", "implicitDeny"],
    ],
  },
  { name: "an extra inline policy", breaks: (w, f) => (w.roles[nodeRole(f)].inline.handmade = { Version: "2012-10-17", Statement: [] }), fails: [["Role: inline policies as declared", "handmade"]] },
  {
    name: "an inline policy edited by hand",
    breaks: (w, f) => {
      const [name, doc] = Object.entries(w.roles[sagemakerRole(f)].inline)[0];
      w.roles[sagemakerRole(f)].inline[name] = { ...doc, Statement: [...doc.Statement, { Sid: "Handmade", Effect: "Allow", Action: "s3:*", Resource: "*" }] };
    },
    fails: [
      ["Role: inline policy <name> as declared", "not declared Handmade: Allow s3:*"],
      ["Acceptance: cannot read another bucket: s3:GetObject", "allowed"],
      ["Acceptance: cannot write outside its prefixes: s3:PutObject", "allowed"],
      ["Acceptance: cannot delete the data bucket: s3:DeleteBucket", "allowed"],
    ],
  },
  {
    name: "the Lambda policy edited by hand",
    breaks: (w) => {
      const arn = Object.keys(w.policies)[0];
      w.policies[arn] = { Version: "2012-10-17", Statement: [{ Sid: "Everything", Effect: "Allow", Action: "dynamodb:*", Resource: "*" }] };
    },
    fails: [
      ["Role: policy <name> as declared", "not declared Everything: Allow dynamodb:*"],
      ["Acceptance: cannot write another table: dynamodb:PutItem", "allowed"],
      ["Acceptance: cannot delete InferenceMetadata: dynamodb:DeleteTable", "allowed"],
    ],
  },
  {
    name: "the SageMaker role loses its least-privilege policy",
    breaks: (w, f) => (w.roles[sagemakerRole(f)].inline = {}),
    fails: [
      ["Acceptance: lists the data bucket's top level (aws s3 ls s3://<bucket>/): s3:ListBucket", "implicitDeny"],
      ["Acceptance: reads curated data: s3:GetObject", "implicitDeny"],
      ["Acceptance: writes model artifacts: s3:PutObject", "implicitDeny"],
      ["Acceptance: lists training jobs: sagemaker:ListTrainingJobs", "implicitDeny"],
    ],
  },
  {
    name: "the node and cluster roles get administrator access",
    breaks: (w, f) => {
      for (const role of [f.config.names.eksNodeGroupRole, f.config.names.eksClusterRole, f.config.names.sagemakerExecutionRole]) w.roles[role].inline.admin = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    },
    fails: [
      ["Acceptance: cannot push images: ecr:PutImage", "allowed"],
      ["Acceptance: cannot read the data bucket: s3:GetObject", "allowed"],
      ["Acceptance: cannot create IAM users: iam:CreateUser", "allowed"],
    ],
  },
  {
    name: "the VPC and ECR token permissions lost",
    breaks: (w, f) => {
      w.roles[sagemakerRole(f)].inline = Object.fromEntries(Object.entries(w.roles[sagemakerRole(f)].inline).filter(([n]) => n !== "SageMakerEC2Access"));
      w.roles[nodeRole(f)].attached = [];
      w.roles[f.config.names.eksClusterRole].attached = [];
      w.roles[f.config.names.lambdaInferenceRole].attached = [];
    },
    fails: [
      ["Acceptance: describes VPCs (VPC-mode jobs): ec2:DescribeVpcs", "implicitDeny"],
      ["Acceptance: gets an ECR token: ecr:GetAuthorizationToken", "implicitDeny"],
      ["Acceptance: describes subnets to place the cluster: ec2:DescribeSubnets", "implicitDeny"],
      ["Acceptance: writes InferenceMetadata: dynamodb:PutItem", "implicitDeny"],
    ],
  },
  { name: "the verifying role may not list attached policies", breaks: (w) => (w.denied = ["iam:ListAttachedRolePolicies"]), fails: [["Role: attached policies as declared", "AccessDenied"]] },
  { name: "the verifying role may not list inline policies", breaks: (w) => (w.denied = ["iam:ListRolePolicies"]), fails: [["Role: inline policies as declared", "AccessDenied"]] },
  { name: "the verifying role may not read inline policies", breaks: (w) => (w.denied = ["iam:GetRolePolicy"]), fails: [["Role: inline policy <name> as declared", "AccessDenied"]] },
  { name: "the verifying role may not read policy versions", breaks: (w) => (w.denied = ["iam:GetPolicyVersion"]), fails: [["Role: policy <name> as declared", "AccessDenied"]] },
  { name: "the Lambda policy deleted", breaks: (w) => (w.policies = {}), fails: [["Role: policy <name> as declared", "NoSuchEntityException"]] },
  { name: "the verifying role may not read instance profiles or the OIDC provider", breaks: (w) => (w.denied = ["iam:GetInstanceProfile", "iam:GetOpenIDConnectProvider"]), fails: [["Role: node instance profile holds the node role", "AccessDenied"], ["Role: IAM OIDC provider for the cluster", "AccessDenied"]] },
  { name: "the verifying role may not read key rotation", breaks: (w) => (w.denied = ["kms:GetKeyRotationStatus"]), fails: [["Key: rotation", "AccessDeniedException"]] },
  { name: "the OIDC provider lost its audience", breaks: (w) => (w.oidc = Object.fromEntries(Object.keys(w.oidc).map((arn) => [arn, []]))), fails: [["Role: IAM OIDC provider for the cluster", "audiences none"]] },
  { name: "a role without any attached policy", breaks: (w, f) => (w.roles[f.config.names.eksClusterRole].attached = []), fails: [["Role: attached policies as declared", "none"]] },
  { name: "a role without any inline policy", breaks: (w, f) => (w.roles[sagemakerRole(f)].inline = {}), fails: [["Role: inline policies as declared", "none"]] },
  {
    name: "two managed policies detached from the node role",
    breaks: (w, f) => (w.roles[nodeRole(f)].attached = w.roles[nodeRole(f)].attached.filter((a) => !/AmazonEC2ContainerRegistryPullOnly|CloudWatchAgentServerPolicy/.test(a))),
    fails: [["Role: attached policies as declared", "AmazonEKSWorkerNodePolicy"]],
  },
  {
    name: "a trust policy with a second principal and a condition removed",
    breaks: (w, f) => {
      const trust = w.roles[sagemakerRole(f)].trust;
      trust.Statement[0] = { ...trust.Statement[0], Condition: undefined };
      trust.Statement.push({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" });
    },
    fails: [["Role: trust policy: principal and conditions as declared", "; "]],
  },
  {
    name: "an inline policy with two statements added by hand",
    breaks: (w, f) => {
      const [name, doc] = Object.entries(w.roles[sagemakerRole(f)].inline)[0];
      w.roles[sagemakerRole(f)].inline[name] = { ...doc, Statement: [...doc.Statement, { Sid: "HandmadeA", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }, { Sid: "HandmadeB", Effect: "Allow", Action: "kms:ListKeys", Resource: "*" }] };
    },
    fails: [["Role: inline policy <name> as declared", "HandmadeA"]],
  },
  { name: "the OIDC provider with other audiences", breaks: (w) => (w.oidc = Object.fromEntries(Object.keys(w.oidc).map((arn) => [arn, ["other-a", "other-b"]]))), fails: [["Role: IAM OIDC provider for the cluster", "audiences other-a, other-b"]] },
  { name: "the verifying role may not simulate policies", breaks: (w) => (w.denied = ["iam:SimulatePrincipalPolicy"]), fails: [["Acceptance: cannot push images: ecr:PutImage", "AccessDenied"]] },
  { name: "the instance profile lost its role", breaks: (w, f) => (w.profiles[f.expected.instanceProfile.name] = []), fails: [["Role: node instance profile holds the node role", "no role"]] },
  { name: "the OIDC provider is missing", breaks: (w) => (w.oidc = {}), fails: [["Role: IAM OIDC provider for the cluster", "NoSuchEntityException"]] },
  { name: "a metric filter pattern changed", breaks: (w) => (w.filters[0].filterPattern = "{ $.eventName = \"*\" }"), fails: [["Alarms: metric filter with the declared pattern", '{ $.eventName = "*" }']] },
  { name: "an alarm missing", breaks: (w) => w.alarms.splice(0, 1), fails: [["Alarms: alarm with its action enabled", "missing"]] },
  { name: "the alarm topic is gone", breaks: (w) => (w.subscriptions = null), fails: [["Alarms: topic has a confirmed subscription", "NotFoundException"]] },
  { name: "the verifying role may not read metric filters", breaks: (w) => (w.denied = ["logs:DescribeMetricFilters"]), fails: [["Alarms: metric filter with the declared pattern", "AccessDenied"]] },
  { name: "the verifying role may not describe alarms", breaks: (w) => (w.denied = ["cloudwatch:DescribeAlarms"]), fails: [["Alarms: alarm with its action enabled", "AccessDenied"]] },
  { name: "the verifying role may not read alarm history", breaks: (w) => (w.denied = ["cloudwatch:DescribeAlarmHistory"]), fails: [["Alarms: no alarm action failed in the last 14 days", "AccessDenied"]] },
  { name: "a metric filter deleted", breaks: (w) => w.filters.splice(0, 1), fails: [["Alarms: metric filter with the declared pattern", "missing"]] },
  {
    name: "two alarms' actions failed",
    breaks: (w, f) =>
      (w.alarmHistory = f.expected.alarms.slice(0, 2).map((a) => ({ AlarmName: a.alarmName, HistoryItemType: "Action", HistorySummary: "Failed to execute action arn:aws:sns:us-east-1:111122223333:x" }))),
    fails: [["Alarms: no alarm action failed in the last 14 days", "; "]],
  },
  { name: "an alarm without actions", breaks: (w) => (w.alarms[0].AlarmActions = []), fails: [["Alarms: alarm with its action enabled", "notifies nobody"]] },
  { name: "an alarm's actions disabled", breaks: (w) => (w.alarms[0].ActionsEnabled = false), fails: [["Alarms: alarm with its action enabled", "actions off"]] },
];

describe("npm run verify on a broken environment", () => {
  test.each(VARIANTS.map((v) => [v.name, v]))("fails on: %s, naming the resource and the difference", async (_name, variant) => {
    const f = variant.environment === "prod" ? prod() : dev();
    variant.breaks(f.world, f);
    const outcome = await verify(f);
    expect(outcome.code).toBe(1);
    const rows = failed(outcome);
    for (const [check, observed] of variant.fails) {
      const match = rows.find((r) => key(r) === check && r.observed.includes(observed) && r.resource.length > 0);
      expect(match ? check : { check, failedRows: rows.map((r) => [key(r), r.resource, r.observed]) }).toBe(check);
    }
  });

  test("every check of a healthy run is failed by at least one broken variant", async () => {
    const healthy = [...(await verify(dev())).rows, ...(await verify(prod())).rows];
    // Informational: a user cannot assume a service role, by design; the row explains why.
    const checks = new Set(healthy.map(key).filter((k) => !k.includes("aws sts assume-role from a user")));
    const covered = new Set(VARIANTS.flatMap((v) => v.fails.map(([check]) => check)));
    // Checks that repeat per bucket, key, role or alarm are covered by one instance each.
    expect([...checks].filter((c) => !covered.has(c)).sort()).toEqual([]);
  });

  test("a configured permissions boundary: every role has it; one removed by hand is a finding naming none", async () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/mlops-boundary`;
    const f = fixture("dev", { eksOidcIssuerUrl: ISSUER, permissionsBoundaryArn: boundary });
    f.world.policies[boundary] = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    expect((await verify(f)).rows.filter((r) => r.status !== "pass")).toEqual([]);
    delete f.world.roles[f.config.names.sagemakerExecutionRole].boundary;
    const outcome = await verify(f);
    expect(failed(outcome).map((r) => [key(r), r.resource, r.expected, r.observed])).toEqual([["Role: permissions boundary", f.config.names.sagemakerExecutionRole, boundary, "none"]]);
  });

  test("a digest exactly 2 hours old is still within the window", async () => {
    const f = dev();
    f.world.status.LatestDigestDeliveryTime = new Date(NOW.getTime() - 2 * 3600_000);
    expect((await verify(f)).rows.find((r) => r.check === "delivered a digest file in the last 2 hours")?.status).toBe("pass");
  });

  test("Insights off by configuration: CloudTrail's InsightNotEnabledException is what a trail without Insights answers, and passes", async () => {
    const f = fixture("dev", { eksOidcIssuerUrl: ISSUER, audit: { insights: false } });
    expect(f.world.insights).toEqual([]);
    const outcome = await verify(f);
    expect(outcome.rows.find((r) => r.check === "Insights selectors as declared")).toMatchObject({ status: "pass", expected: "none", observed: "none" });
    // Another error is not "none": it is shown, and fails.
    f.world.denied = ["cloudtrail:GetInsightSelectors"];
    expect((await verify(f)).rows.find((r) => r.check === "Insights selectors as declared")).toMatchObject({ status: "fail", observed: expect.stringMatching(/^AccessDenied: /) });
  });

  test("a key named by its id where AWS may give either (the bucket's default encryption, the trail) matches its ARN", async () => {
    const f = dev();
    const arn = f.world.keys[f.expected.trail.kmsAlias].Arn;
    f.world.buckets[f.expected.trail.bucket].encryption.KMSMasterKeyID = arn.split("/").pop();
    f.world.trail.KmsKeyId = arn.split("/").pop();
    const outcome = await verify(f);
    expect(outcome.rows.filter((r) => r.status !== "pass")).toEqual([]);
  });

  test("alarms are described by their names, and an alarm that also notifies another topic still passes, naming both", async () => {
    const f = dev();
    const other = `arn:aws:sns:us-east-1:${ACCOUNT}:team-pager`;
    f.world.alarms[0].AlarmActions = [...f.world.alarms[0].AlarmActions, other];
    f.world.alarms.push({ AlarmName: "someone-elses-alarm", ActionsEnabled: false, AlarmActions: [] });
    const outcome = await verify(f);
    const inputs = mocks.inputsOf("DescribeAlarmsCommand");
    expect(inputs.map((i) => i.AlarmNames)).toEqual(inputs.map(() => f.expected.alarms.map((a) => a.alarmName)));
    expect(outcome.rows.find((r) => r.check === "alarm with its action enabled" && r.resource === f.expected.alarms[0].alarmName)).toMatchObject({
      status: "pass",
      observed: `actions on, notifies ${f.expected.topic.arn}, ${other}`,
    });
  });

  test("alarm history counts only this environment's alarms, only failures, only the last 14 days", async () => {
    const f = dev();
    const ours = f.expected.alarms[0].alarmName;
    f.world.alarmHistory = [
      { AlarmName: "someone-elses-alarm", HistoryItemType: "Action", HistorySummary: "Failed to execute action arn:aws:sns:us-east-1:111122223333:x" },
      { AlarmName: ours, HistoryItemType: "Action", HistorySummary: "Successfully executed action arn:aws:sns:us-east-1:111122223333:x" },
      { AlarmName: ours, HistoryItemType: "Action", HistorySummary: "Failed to execute action (20 days ago)", Timestamp: new Date(NOW.getTime() - 20 * 86_400_000) },
      { AlarmName: ours, HistoryItemType: "StateUpdate", HistorySummary: "Alarm updated from OK to ALARM; a failure of the metric" },
    ];
    const outcome = await verify(f);
    expect(outcome.rows.find((r) => r.check === "no alarm action failed in the last 14 days")).toMatchObject({ status: "pass", observed: "none failed" });
    f.world.alarmHistory.push({ AlarmName: ours, HistoryItemType: "Action", HistorySummary: "Failed to execute action (13 days ago)", Timestamp: new Date(NOW.getTime() - 13 * 86_400_000) });
    const again = await verify(f);
    expect(again.rows.find((r) => r.check === "no alarm action failed in the last 14 days")).toMatchObject({ status: "fail", observed: `${ours}: Failed to execute action (13 days ago)` });
  });

  test("a trail younger than the delivery windows warns instead of failing for the digest and the log files", async () => {
    const f = dev();
    f.world.status.StartLoggingTime = new Date(NOW.getTime() - 5 * 60_000);
    delete f.world.status.LatestDigestDeliveryTime;
    f.world.objects = {};
    const outcome = await verify(f);
    expect(outcome.rows.filter((r) => r.status === "warn").map((r) => `${key(r)}: ${r.observed}`)).toEqual([
      "Trail: delivered a digest file in the last 2 hours: none yet (the trail started logging less than 2 h ago)",
      "Bucket: log files delivered: none yet (the trail started less than 15 minutes ago)",
      "Bucket: server access logs of the log bucket delivered: none yet (S3 delivers access logs within hours; the trail started less than 3 hours ago)",
    ]);
    expect(outcome.code).toBe(0);
  });

  test("where evidence is kept (prod), a topic nobody has confirmed is a finding: the alarms reach no one", async () => {
    const f = fixture("prod");
    f.world.subscriptions = [{ SubscriptionArn: "PendingConfirmation", Protocol: "email", Endpoint: "secops@example.com" }];
    const outcome = await verify(f);
    expect(outcome.rows.filter((r) => r.status !== "pass").map((r) => [r.status, key(r), r.observed])).toEqual([["fail", "Alarms: topic has a confirmed subscription", "0 confirmed, 1 pending"]]);
    expect(outcome.code).toBe(1);
  });

  test("in dev, an unconfirmed subscription is a warning", async () => {
    const f = dev();
    f.world.subscriptions = [{ SubscriptionArn: "PendingConfirmation", Protocol: "email", Endpoint: "ops@example.com" }];
    const outcome = await verify(f);
    expect(outcome.rows.filter((r) => r.status !== "pass").map((r) => [r.status, key(r), r.observed])).toEqual([["warn", "Alarms: topic has a confirmed subscription", "0 confirmed, 1 pending"]]);
  });
});

describe("npm run verify refuses to run", () => {
  test("in another account, exit 2, naming both accounts and writing nothing", async () => {
    const f = dev();
    f.world.caller = { Account: "444455556666", Arn: "arn:aws:sts::444455556666:assumed-role/admin/ops" };
    const outcome = await verify(f);
    expect([outcome.code, outcome.problems, outcome.rows]).toEqual([
      2,
      [
        "verify: dev: the credentials are for account 444455556666 (arn:aws:sts::444455556666:assumed-role/admin/ops), but dev is configured for 111122223333; refusing to verify another account (sign in to the configured one)",
      ],
      [],
    ]);
  });

  test("without credentials, exit 2, saying where the default chain looks", async () => {
    const f = dev();
    f.world.caller = "no credentials";
    const outcome = await verify(f);
    expect(outcome.code).toBe(2);
    expect(outcome.problems).toEqual([
      "verify: no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, SSO after aws sso login, or a container or instance role). Could not load credentials from any providers",
    ]);
    expect(outcome.log).toEqual([]);
  });

  test("an invalid configuration: exit 2 with the configuration's own lines; no cdktf.json context at all is the default dev in the example account", async () => {
    const f = dev();
    const invalid = await verify({ ...f, context: { foundation: { accountId: "1234", environments: { dev: {} } } } });
    expect([invalid.code, invalid.problems]).toEqual([2, ['Invalid configuration:\n  - accountId: must be 12 digits, got "1234"']]);
    const none = await verify({ ...f, context: undefined as unknown as Record<string, unknown> });
    expect(none.code).toBe(2);
    expect(none.problems).toEqual([expect.stringMatching(/^verify: dev: accountId is the documented example account 123456789012/)]);
  });

  test("an error that is not about the account or configuration is not swallowed", async () => {
    await expect(
      runVerify({ context: dev().context, env: {}, environments: [], outdir: tmpdir(), clients: () => { throw new Error("boom"); }, log: () => undefined, problem: () => undefined }),
    ).rejects.toThrow("boom");
  });

  test("--all verifies every configured environment, each one's rows together, then one summary line per environment in the order configured", async () => {
    const f = dev();
    const foundation = (f.context as { foundation: { environments: Record<string, unknown> } }).foundation;
    // staging shares dev's account, which holds only dev's resources; qa is in an account the credentials are not for.
    const qa = { accountId: "444455556666", audit: { breakGlassPrincipalArns: ["arn:aws:iam::444455556666:role/terraform-deployer"] } };
    const context = { foundation: { ...foundation, environments: { ...foundation.environments, staging: {}, qa } } };
    const outcome = await verify({ ...f, context }, { all: true });
    expect(outcome.code).toBe(2);
    expect(outcome.problems).toEqual([expect.stringMatching(/^verify: qa: the credentials are for account 111122223333 .*, but qa is configured for 444455556666/)]);
    // Each environment's block is contiguous: its last line is its own count.
    const ends = outcome.log.map((l, i) => [l, i] as const).filter(([l]) => /^(dev|staging): \d+ passed/.test(l));
    expect(ends.map(([l]) => l.split(":")[0]).sort()).toEqual(["dev", "staging"]);
    expect(outcome.log.slice(-5)).toEqual([
      "",
      "Summary of 3 environments: 1 passed, 1 failed, 1 could not run",
      expect.stringMatching(new RegExp(`^  dev      ${ACCOUNT}  us-east-1       passed  \\d+ passed, 0 failed, 0 warnings; \\d+ API calls in \\d+\\.\\d s$`)),
      expect.stringMatching(new RegExp(`^  staging  ${ACCOUNT}  us-east-1       FAILED  \\d+ passed, [1-9]\\d* failed, \\d+ warnings; \\d+ API calls in \\d+\\.\\d s$`)),
      "  qa       444455556666  us-east-1       could not run (see above)",
    ]);
  });

  test("the reports: verify-<env>.md a table row per row (pipes and line breaks escaped, failures and warnings in bold), verify-<env>.json every row", async () => {
    const f = dev();
    f.world.filters[0].filterPattern = "{ ($.a = 1) || ($.b = 2) }\nmore";
    f.world.status.StartLoggingTime = new Date(NOW.getTime() - 5 * 60_000);
    f.world.objects = {};
    const outcome = await verify(f);
    const md = readFileSync(join(outcome.outdir, "verify-dev.md"), "utf8").split("\n");
    expect(md.slice(0, 6)).toEqual([
      "# Verification of dev",
      "",
      `Account ${ACCOUNT}, region us-east-1, ${NOW.toISOString()}: ${outcome.rows.filter((r) => r.status === "pass").length} passed, 1 failed, 2 warnings; ${outcome.calls} API calls.`,
      "",
      "| status | group | check | resource | expected | observed |",
      "| --- | --- | --- | --- | --- | --- |",
    ]);
    const rows = md.slice(6).filter((l) => l !== "");
    expect(rows).toHaveLength(outcome.rows.length);
    // Six cells each: every pipe inside a cell is escaped.
    expect(rows.filter((l) => l.split(/(?<!\\)\|/).length !== 8)).toEqual([]);
    expect(rows.find((l) => l.includes("metric filter with the declared pattern") && l.startsWith("| **fail** |"))).toContain("{ ($.a = 1) \\|\\| ($.b = 2) } more |");
    expect(rows.filter((l) => l.startsWith("| **warn** |"))).toHaveLength(2);
    const passed = outcome.rows.filter((r) => r.status === "pass").length;
    expect(rows.filter((l) => l.startsWith("| pass |"))).toHaveLength(passed);
    // The terminal: a line per row, failures and warnings with what was expected and observed; then the counts.
    expect(outcome.log).toContain("PASS  Trail: is logging [mlops-retail-prediction-audit-trail]");
    const fail = outcome.log.find((l) => l.startsWith("FAIL  Alarms: metric filter with the declared pattern"));
    expect(fail).toMatch(/^FAIL  Alarms: metric filter with the declared pattern \[.+\]\n      expected: .+\n      observed: \{ \(\$\.a = 1\) \|\| \(\$\.b = 2\) \}\nmore$/);
    const last = outcome.log[outcome.log.length - 1];
    expect(last).toMatch(new RegExp(`^dev: ${passed} passed, 1 failed, 2 warnings; ${outcome.calls} API calls in (\\d+\\.\\d) s\\. Report: .*verify-dev\\.md \\(and \\.json\\)$`));
    expect(Number(/in (\d+\.\d) s/.exec(last)![1])).toBeLessThan(60);
    const json = JSON.parse(readFileSync(join(outcome.outdir, "verify-dev.json"), "utf8"));
    expect({ ...json, rows: json.rows.length }).toEqual({ environment: "dev", accountId: ACCOUNT, region: "us-east-1", at: NOW.toISOString(), calls: outcome.calls, rows: outcome.rows.length });
  });

  test("with its defaults (no synthesis and no clock given) it synthesizes the configuration itself and reads the real clock", async () => {
    const outcome = await verify(dev(), { synthesize: undefined, now: undefined });
    // Today is long after the fixture's digest: that row fails, every other passes.
    expect(outcome.rows.filter((r) => r.status !== "pass").map((r) => r.check)).toEqual(["delivered a digest file in the last 2 hours"]);
    expect(outcome.code).toBe(1);
  });

  test("a configuration that does not synthesize: exit 2 with the synthesis's own lines", async () => {
    const outcome = await verify(dev(), { synthesize: () => ({ code: 1, log: ["Compliance errors in 1 finding:", "  - [x] y"], stacks: [] }) });
    expect([outcome.code, outcome.problems]).toEqual([2, ["verify: the configuration does not synthesize:\nCompliance errors in 1 finding:\n  - [x] y"]]);
  });

  test("two environments the configuration does not declare: one line naming both", async () => {
    const f = dev();
    const foundation = (f.context as { foundation: { environments: Record<string, unknown> } }).foundation;
    const context = { foundation: { ...foundation, environments: { ...foundation.environments, staging: {} } } };
    const outcome = await verify({ ...f, context }, { environments: ["qa", "uat"] });
    expect([outcome.code, outcome.problems]).toEqual([2, ["verify: qa, uat are not configured in cdktf.json; configured: dev, staging"]]);
  });

  test("one environment: no summary", async () => {
    const outcome = await verify(dev());
    expect(outcome.log.some((l) => l.startsWith("Summary of"))).toBe(false);
  });

  test("for an environment the configuration does not declare, exit 2, naming the ones it does", async () => {
    const outcome = await verify(dev(), { environments: ["qa"] });
    expect([outcome.code, outcome.problems]).toEqual([2, ["verify: qa is not configured in cdktf.json; configured: dev"]]);
  });

  test("with the example account, exit 2", async () => {
    const f = dev();
    const outcome = await verify({ ...f, context: { foundation: { environments: { dev: {} } } } });
    expect(outcome.code).toBe(2);
    expect(outcome.problems).toEqual([
      "verify: dev: accountId is the documented example account 123456789012, which nobody can deploy to; " +
        "set environments.dev.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) to the account's 12 digits",
    ]);
  });
});

describe("S3 calls name the bucket's owner", () => {
  test("every S3 call of a verify run carries the configured account as ExpectedBucketOwner", async () => {
    const outcome = await verify(fixture("prod"));
    expect(outcome.code).toBe(0);
    const calls = mocks.s3Calls();
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.filter((c) => c.input.ExpectedBucketOwner !== ACCOUNT)).toEqual([]);
  });

  test("the mocked S3 answers a call that expects another owner with 403, as S3 does", async () => {
    const { S3Client, GetBucketPolicyCommand } = await import("@aws-sdk/client-s3");
    const current = use(fixture("dev"));
    const bucket = Object.keys(current.world.buckets)[0];
    const s3 = new S3Client({ region: "us-east-1" });
    await expect(s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: "999999999999" }))).rejects.toThrow("Access Denied");
    expect(await s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: ACCOUNT }))).toEqual({ Policy: expect.any(String) });
  });
});


describe("the mocked account answers only for what exists under the name sent, as AWS does", () => {
  test("one wrong name per service gets that service's not-found error", async () => {
    const { CloudTrailClient, GetTrailStatusCommand, GetEventSelectorsCommand } = await import("@aws-sdk/client-cloudtrail");
    const { CloudWatchLogsClient, DescribeMetricFiltersCommand } = await import("@aws-sdk/client-cloudwatch-logs");
    const { SNSClient, ListSubscriptionsByTopicCommand } = await import("@aws-sdk/client-sns");
    const { IAMClient, GetPolicyVersionCommand } = await import("@aws-sdk/client-iam");
    const current = use(fixture("dev"));
    mocks.reset();
    const region = { region: "us-east-1" };
    const trail = current.expected.trail.name;
    await expect(new CloudTrailClient(region).send(new GetTrailStatusCommand({ Name: "another-trail" }))).rejects.toThrow("Unknown trail: another-trail");
    expect(await new CloudTrailClient(region).send(new GetTrailStatusCommand({ Name: trail }))).toMatchObject({ IsLogging: true });
    await expect(new CloudTrailClient(region).send(new GetEventSelectorsCommand({ TrailName: "another-trail" }))).rejects.toThrow("Unknown trail");
    await expect(new CloudWatchLogsClient(region).send(new DescribeMetricFiltersCommand({ logGroupName: "another-group" }))).rejects.toThrow("The specified log group does not exist.");
    await expect(new SNSClient(region).send(new ListSubscriptionsByTopicCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:another` }))).rejects.toThrow("Topic does not exist");
    await expect(new IAMClient(region).send(new GetPolicyVersionCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/another`, VersionId: "v1" }))).rejects.toThrow("does not exist");
  });

  test("lists come two entries a page: one page of metric filters is not all of them", async () => {
    const { CloudWatchLogsClient, DescribeMetricFiltersCommand } = await import("@aws-sdk/client-cloudwatch-logs");
    const current = use(fixture("dev"));
    mocks.reset();
    const first = await new CloudWatchLogsClient({ region: "us-east-1" }).send(new DescribeMetricFiltersCommand({ logGroupName: current.expected.trail.logGroup }));
    expect({ count: first.metricFilters?.length, next: first.nextToken }).toEqual({ count: 2, next: "page-2" });
  });

  test("the event history holds the probe's marker only once a call carrying it was sent", async () => {
    const { CloudTrailClient, DescribeTrailsCommand, LookupEventsCommand } = await import("@aws-sdk/client-cloudtrail");
    const current = use(fixture("dev"));
    mocks.reset();
    const marker = "mlops-verify-probe-11111111-2222";
    const event = { CloudTrailEvent: JSON.stringify({ userAgent: `aws-sdk-js/3 ${marker}` }) };
    current.world.history = [() => ({ Events: [event] }), () => ({ Events: [event] })];
    expect((await new CloudTrailClient({ region: "us-east-1" }).send(new LookupEventsCommand({}))).Events).toEqual([]);
    await new CloudTrailClient({ region: "us-east-1", customUserAgent: marker }).send(new DescribeTrailsCommand({}));
    expect((await new CloudTrailClient({ region: "us-east-1" }).send(new LookupEventsCommand({}))).Events).toEqual([event]);
  });
});

describe("the rows of a healthy deployment, written out", () => {
  // Pinned, not derived from verify's expectations: a check dropped from verify/expected.ts or
  // verify/checks.ts, or a row renamed, fails here. Read the file when it changes (UPDATE_GOLDEN=1).
  test.each(["dev", "prod"] as const)("%s: every row verify must report, each passing", async (environment) => {
    const outcome = await verify(fixture(environment, environment === "dev" ? { eksOidcIssuerUrl: ISSUER } : {}));
    const golden = join(__dirname, "golden", `healthy-${environment}-rows.txt`);
    matchesGolden(outcome.rows.map(written).join("\n") + "\n", golden);
  });

  // Every row that is not a pass, in full, for each broken variant: the difference a user reads.
  test("every broken variant's findings, written out", async () => {
    const text: string[] = [];
    for (const variant of VARIANTS) {
      const f = variant.environment === "prod" ? prod() : dev();
      variant.breaks(f.world, f);
      const outcome = await verify(f);
      text.push(`## ${variant.name} (exit ${outcome.code})`, ...outcome.rows.filter((r) => r.status !== "pass").map(written), "");
    }
    matchesGolden(text.join("\n"), join(__dirname, "golden", "broken-rows.txt"));
  });
});

/** A row as the golden files hold it: status, group, check and resource; then what was expected and observed. */
const written = (r: Row): string => `${r.status.toUpperCase()}  ${r.group}: ${r.check} [${r.resource}]\n      expected: ${r.expected}\n      observed: ${r.observed}`;

function matchesGolden(text: string, golden: string): void {
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
  expect(text).toBe(readFileSync(golden, "utf8"));
}
