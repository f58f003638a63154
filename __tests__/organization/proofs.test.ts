/**
 * Organization mode, evaluated with @cloud-copilot/iam-simulate: the archive admits the
 * organization's trail under its prefixes and nothing else; the guardrail SCP stops an
 * administrator of a member account with `Allow *` (the delegated administrator's and the log
 * archive's included) and lets break-glass through; the management account, which SCPs never
 * restrict, is not stopped (the documented gap); the RCP keeps the archive inside the
 * organization. Every allowed row has denied twins that change one thing, and every condition of
 * every document is shown necessary.
 */
import { ALLOW_ALL, decide, type Decision, type Policies, type Request } from "../support/iam";
import { unprovenConditions, type Proof } from "../support/necessity";
import {
  ACCESS_LOG_BUCKET,
  ARCHIVE_BREAK_GLASS,
  exampleSettings,
  KEY_ARN,
  LOG_ARCHIVE,
  LOG_BUCKET,
  MANAGEMENT,
  MEMBER,
  ORG_ID,
  organizationDocuments,
  organizationOf,
  OUTSIDER,
  REGION,
  TRAIL_ACCOUNT,
  TRAIL_ARN,
  TRAIL_BREAK_GLASS,
} from "./fixture";

const docs = organizationDocuments();
const withDecrypt = organizationDocuments(organizationOf({ ...exampleSettings(), organization: { ...exampleSettings().organization, decryptForOrganization: true } }));

const admin = (account: string): string => `arn:aws:iam::${account}:role/admin`;
const OTHER_TRAIL = `arn:aws:cloudtrail:${REGION}:${OUTSIDER}:trail/mlops-retail-prediction-org-trail`;
const object = (key: string): string => `arn:aws:s3:::${LOG_BUCKET}/${key}`;
const ORG_FILE = object(`org-logs/AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/12/04/file.json.gz`);
const MANAGEMENT_FILE = object(`org-logs/AWSLogs/${MANAGEMENT}/CloudTrail/${REGION}/2026/12/04/file.json.gz`);
const tls = { "aws:SecureTransport": "true" };
const write = { ...tls, "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" };
const ctContext = { "kms:EncryptionContext:aws:cloudtrail:arn": TRAIL_ARN };
const ALARM = `arn:aws:cloudwatch:${REGION}:${TRAIL_ACCOUNT}:alarm:mlops-retail-prediction-org-cis-4.3-RootAccountUsage`;
const OTHER_ALARM = `arn:aws:cloudwatch:${REGION}:${TRAIL_ACCOUNT}:alarm:team-latency`;

interface Row extends Proof {
  readonly description: string;
}

const row = (description: string, policies: Policies, request: Request, expected: Decision, mode?: "unsafe"): Row => ({ description, policies, request, expected, ...(mode ? { mode } : {}) });
const s3 = (principal: string, action: string, resource: string, context: Record<string, string> = tls): Request => ({ principal, action, resource, resourceAccount: LOG_ARCHIVE, context });

const bucket = { resource: docs.bucketPolicy };
const archiveRows: Row[] = [
  row("the organization trail writes a member account's file under AWSLogs/<org-id>/", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", ORG_FILE, write), "Allowed"),
  row("the organization trail writes the management account's file under AWSLogs/<management>/", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", MANAGEMENT_FILE, write), "Allowed"),
  row("twin: under another account's prefix", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", object(`org-logs/AWSLogs/${OUTSIDER}/x.json.gz`), write), "ImplicitlyDenied"),
  row("twin: outside the trail's key prefix", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", object(`AWSLogs/${ORG_ID}/x.json.gz`), write), "ImplicitlyDenied"),
  row("twin: another organization's trail with the same name", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", ORG_FILE, { ...write, "aws:SourceArn": OTHER_TRAIL }), "ImplicitlyDenied"),
  row("twin: the management account's prefix, another organization's trail", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", MANAGEMENT_FILE, { ...write, "aws:SourceArn": OTHER_TRAIL }), "ImplicitlyDenied"),
  row("twin: the management account's prefix, without bucket-owner-full-control", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", MANAGEMENT_FILE, { ...write, "s3:x-amz-acl": "private" }), "ImplicitlyDenied"),
  row("twin: without bucket-owner-full-control", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", ORG_FILE, { ...write, "s3:x-amz-acl": "private" }), "ImplicitlyDenied"),
  row("twin: without TLS", bucket, s3("cloudtrail.amazonaws.com", "s3:PutObject", ORG_FILE, { ...write, "aws:SecureTransport": "false" }), "ExplicitlyDenied"),
  row("the trail checks the bucket's ACL", bucket, s3("cloudtrail.amazonaws.com", "s3:GetBucketAcl", `arn:aws:s3:::${LOG_BUCKET}`, { ...tls, "aws:SourceArn": TRAIL_ARN }), "Allowed"),
  row("twin: another organization's trail checks the ACL", bucket, s3("cloudtrail.amazonaws.com", "s3:GetBucketAcl", `arn:aws:s3:::${LOG_BUCKET}`, { ...tls, "aws:SourceArn": OTHER_TRAIL }), "ImplicitlyDenied"),
  row("a member account's administrator with Allow * writes a file", { ...bucket, identity: [ALLOW_ALL] }, s3(admin(MEMBER), "s3:PutObject", ORG_FILE), "ExplicitlyDenied"),
  row("the log-archive administrator with Allow * deletes a log version", { ...bucket, identity: [ALLOW_ALL] }, s3(admin(LOG_ARCHIVE), "s3:DeleteObjectVersion", ORG_FILE), "ExplicitlyDenied"),
  row("twin: the log-archive break-glass role deletes it", { ...bucket, identity: [ALLOW_ALL] }, s3(ARCHIVE_BREAK_GLASS, "s3:DeleteObjectVersion", ORG_FILE), "Allowed"),
  row("the log-archive administrator with Allow * reads a log file", { ...bucket, identity: [ALLOW_ALL] }, s3(admin(LOG_ARCHIVE), "s3:GetObject", ORG_FILE), "Allowed"),
];

const kms = (principal: string, action: string, context: Record<string, string>): Request => ({ principal, action, resource: KEY_ARN, resourceAccount: LOG_ARCHIVE, context });
const key = { resource: docs.keyPolicy };
const orgKey = { resource: withDecrypt.keyPolicy };
const keyRows: Row[] = [
  row("CloudTrail encrypts for the organization trail", key, kms("cloudtrail.amazonaws.com", "kms:GenerateDataKey", { ...ctContext, "aws:SourceArn": TRAIL_ARN }), "Allowed", "unsafe"),
  row("twin: for another organization's trail of the same name", key, kms("cloudtrail.amazonaws.com", "kms:GenerateDataKey", { ...ctContext, "aws:SourceArn": OTHER_TRAIL }), "ImplicitlyDenied", "unsafe"),
  row("twin: with another account's trail as encryption context", key, kms("cloudtrail.amazonaws.com", "kms:GenerateDataKey", { "kms:EncryptionContext:aws:cloudtrail:arn": OTHER_TRAIL, "aws:SourceArn": TRAIL_ARN }), "ImplicitlyDenied", "unsafe"),
  row("CloudTrail describes the key for the trail", key, kms("cloudtrail.amazonaws.com", "kms:DescribeKey", { "aws:SourceArn": TRAIL_ARN }), "Allowed"),
  row("twin: for another organization's trail", key, kms("cloudtrail.amazonaws.com", "kms:DescribeKey", { "aws:SourceArn": OTHER_TRAIL }), "ImplicitlyDenied"),
  row("the log-archive administrator with Allow * schedules the key's deletion", { ...key, identity: [ALLOW_ALL] }, kms(admin(LOG_ARCHIVE), "kms:ScheduleKeyDeletion", {}), "ExplicitlyDenied"),
  row("twin: the log-archive break-glass role does", { ...key, identity: [ALLOW_ALL] }, kms(ARCHIVE_BREAK_GLASS, "kms:ScheduleKeyDeletion", {}), "Allowed"),
  row("a log-archive analyst decrypts a log file", { ...key, identity: [ALLOW_ALL] }, kms(`arn:aws:iam::${LOG_ARCHIVE}:role/analyst`, "kms:Decrypt", { ...ctContext, "kms:CallerAccount": LOG_ARCHIVE }), "Allowed", "unsafe"),
  row("twin: something else encrypted with the key", { ...key, identity: [ALLOW_ALL] }, kms(`arn:aws:iam::${LOG_ARCHIVE}:role/analyst`, "kms:Decrypt", { "kms:CallerAccount": LOG_ARCHIVE }), "ImplicitlyDenied"),
  row("a member account's analyst with Allow * decrypts (decryptForOrganization off)", { ...key, identity: [ALLOW_ALL] }, kms(`arn:aws:iam::${MEMBER}:role/analyst`, "kms:Decrypt", { ...ctContext, "kms:CallerAccount": MEMBER, "aws:PrincipalOrgID": ORG_ID }), "ImplicitlyDenied", "unsafe"),
  row("with decryptForOrganization, a member account's analyst decrypts", { ...orgKey, identity: [ALLOW_ALL] }, kms(`arn:aws:iam::${MEMBER}:role/analyst`, "kms:Decrypt", { ...ctContext, "kms:CallerAccount": MEMBER, "aws:PrincipalOrgID": ORG_ID }), "Allowed", "unsafe"),
  row("twin: a principal of another organization", { ...orgKey, identity: [ALLOW_ALL] }, kms(admin(OUTSIDER), "kms:Decrypt", { ...ctContext, "kms:CallerAccount": OUTSIDER, "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ImplicitlyDenied", "unsafe"),
  row("twin: a member's decrypt of something else", { ...orgKey, identity: [ALLOW_ALL] }, kms(`arn:aws:iam::${MEMBER}:role/analyst`, "kms:Decrypt", { "kms:CallerAccount": MEMBER, "aws:PrincipalOrgID": ORG_ID }), "ImplicitlyDenied"),
];

/** An administrator with Allow * in an account the SCP applies to (delegated administrator, log archive, member). */
const guarded = () => ({ identity: [ALLOW_ALL], scps: [docs.scp] });
/** The management account: SCPs never apply to it, so none is given. */
const unguarded = { identity: [ALLOW_ALL] };
/**
 * A delegated administrator acts on the management account's organization trail through
 * CloudTrail's delegation, not through a resource policy the simulator could read: its calls are
 * evaluated as on its own account, so that only the SCP decides.
 */
const onTrail = (principal: string, action: string): Request => call(principal, action, TRAIL_ARN, principal.split(":")[4]);
/** A key policy that lets the log-archive account's IAM policies decide, so that only the SCP can deny. */
const accountKey = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE}:root` }, Action: "kms:*", Resource: "*" }] };
const guardedKey = { ...guarded(), resource: accountKey };
const call = (principal: string, action: string, resource: string, resourceAccount: string, context: Record<string, string> = {}): Request => ({ principal, action, resource, resourceAccount, context });
const scpRows: Row[] = [
  ...["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:UpdateTrail", "cloudtrail:PutInsightSelectors"].flatMap((action) => [
    row(`the delegated administrator's admin: ${action} on the organization trail`, guarded(), onTrail(admin(TRAIL_ACCOUNT), action), "ExplicitlyDenied"),
    row(`twin: its break-glass role: ${action}`, guarded(), onTrail(TRAIL_BREAK_GLASS, action), "Allowed"),
  ]),
  row("twin: the same admin stops another trail", guarded(), call(admin(TRAIL_ACCOUNT), "cloudtrail:StopLogging", `arn:aws:cloudtrail:${REGION}:${TRAIL_ACCOUNT}:trail/team`, TRAIL_ACCOUNT), "Allowed"),
  row("the management account's admin stops the trail (SCPs do not apply there)", unguarded, onTrail(admin(MANAGEMENT), "cloudtrail:StopLogging"), "Allowed"),
  ...["s3:DeleteObjectVersion", "s3:DeleteObject", "s3:PutObjectRetention", "s3:BypassGovernanceRetention"].flatMap((action) => [
    row(`the log-archive admin: ${action} on an archived file`, guarded(), call(admin(LOG_ARCHIVE), action, ORG_FILE, LOG_ARCHIVE), "ExplicitlyDenied"),
    row(`twin: the log-archive break-glass role: ${action}`, guarded(), call(ARCHIVE_BREAK_GLASS, action, ORG_FILE, LOG_ARCHIVE), "Allowed"),
  ]),
  ...["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"].map((action) =>
    row(`the log-archive admin: ${action} on the access-log bucket`, guarded(), call(admin(LOG_ARCHIVE), action, `arn:aws:s3:::${ACCESS_LOG_BUCKET}`, LOG_ARCHIVE), "ExplicitlyDenied"),
  ),
  row("twin: the log-archive admin on a bucket of its own", guarded(), call(admin(LOG_ARCHIVE), "s3:PutBucketPolicy", "arn:aws:s3:::team-data", LOG_ARCHIVE), "Allowed"),
  ...["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"].flatMap((action) => [
    row(`the log-archive admin: ${action} on the archive key`, guardedKey, call(admin(LOG_ARCHIVE), action, KEY_ARN, LOG_ARCHIVE), "ExplicitlyDenied"),
    row(`twin: the log-archive break-glass role: ${action}`, guardedKey, call(ARCHIVE_BREAK_GLASS, action, KEY_ARN, LOG_ARCHIVE), "Allowed"),
  ]),
  row("twin: the log-archive admin schedules another key's deletion", guardedKey, call(admin(LOG_ARCHIVE), "kms:ScheduleKeyDeletion", `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/ffffffff-12ab-34cd-56ef-1234567890ab`, LOG_ARCHIVE), "Allowed"),
  row("the delegated administrator's admin deletes a CIS alarm", guarded(), call(admin(TRAIL_ACCOUNT), "cloudwatch:DeleteAlarms", ALARM, TRAIL_ACCOUNT), "ExplicitlyDenied"),
  row("twin: another alarm", guarded(), call(admin(TRAIL_ACCOUNT), "cloudwatch:DeleteAlarms", OTHER_ALARM, TRAIL_ACCOUNT), "Allowed"),
  row("twin: its break-glass role deletes the CIS alarm", guarded(), call(TRAIL_BREAK_GLASS, "cloudwatch:DeleteAlarms", ALARM, TRAIL_ACCOUNT), "Allowed"),
  row("the delegated administrator's admin deletes the trail's log group", guarded(), call(admin(TRAIL_ACCOUNT), "logs:DeleteLogGroup", `arn:aws:logs:${REGION}:${TRAIL_ACCOUNT}:log-group:mlops-org-cloudtrail-log-group`, TRAIL_ACCOUNT), "ExplicitlyDenied"),
  row("a member account's admin leaves the organization", guarded(), call(admin(MEMBER), "organizations:LeaveOrganization", "*", MEMBER), "ExplicitlyDenied"),
  row("twin: the log-archive break-glass role takes its account out", guarded(), call(ARCHIVE_BREAK_GLASS, "organizations:LeaveOrganization", "*", LOG_ARCHIVE), "Allowed"),
];

const rcp = { rcps: [docs.rcp], resource: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${LOG_BUCKET}/*` }] } };
const rcpRows: Row[] = [
  row("an outsider allowed by a (mistaken) public bucket statement reads a log file", { ...rcp, identity: [ALLOW_ALL] }, s3(admin(OUTSIDER), "s3:GetObject", ORG_FILE, { ...tls, "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ExplicitlyDenied"),
  row("twin: a principal of the organization reads it", { ...rcp, identity: [ALLOW_ALL] }, s3(admin(MEMBER), "s3:GetObject", ORG_FILE, { ...tls, "aws:PrincipalOrgID": ORG_ID }), "Allowed"),
  row("twin: an AWS service reads it", rcp, s3("cloudtrail.amazonaws.com", "s3:GetObject", ORG_FILE, { ...tls, "aws:PrincipalIsAWSService": "true" }), "Allowed"),
  row("an outsider with Allow * uses the archive key", { rcps: [docs.rcp], resource: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:DescribeKey", Resource: "*" }] }, identity: [ALLOW_ALL] }, kms(admin(OUTSIDER), "kms:DescribeKey", { "aws:PrincipalOrgID": "o-zzzzzzzzzz" }), "ExplicitlyDenied"),
  row("twin: an AWS service uses it", { rcps: [docs.rcp], resource: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:DescribeKey", Resource: "*" }] } }, kms("cloudtrail.amazonaws.com", "kms:DescribeKey", { "aws:PrincipalIsAWSService": "true" }), "Allowed"),
  row("twin: a principal of the organization", { rcps: [docs.rcp], resource: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:DescribeKey", Resource: "*" }] }, identity: [ALLOW_ALL] }, kms(admin(MEMBER), "kms:DescribeKey", { "aws:PrincipalOrgID": ORG_ID }), "Allowed"),
];

describe("the organization's documents, evaluated", () => {
  test.each([...archiveRows, ...keyRows, ...scpRows, ...rcpRows])("$description -> $expected", async (r) => {
    expect(await decide(r.policies, r.request, r.mode)).toBe(r.expected);
  });

  const all = [...archiveRows, ...keyRows, ...scpRows, ...rcpRows];
  test.each([
    ["archive bucket policy (CloudTrail's statements)", docs.bucketPolicy, (s: { Principal?: { Service?: string } }) => s.Principal?.Service === "cloudtrail.amazonaws.com"],
    ["archive key policy", docs.keyPolicy, () => true],
    // Its other statements are the plain key policy's, proven above.
    ["archive key policy with decryptForOrganization", withDecrypt.keyPolicy, (s: { Sid?: string }) => s.Sid === "OrganizationPrincipalsDecryptTrailLogs"],
    ["guardrail SCP", docs.scp, () => true],
    ["archive perimeter RCP", docs.rcp, () => true],
  ])("every condition of the %s is necessary", async (_, document, only) => {
    expect(await unprovenConditions(document, all, only)).toEqual([]);
  });
});
