/**
 * The organization's guardrails, as documents: a service control policy that keeps every
 * principal of the accounts it is attached to, administrators included, from stopping or changing
 * the organization trail, tampering with the archive's buckets and key, silencing the CIS alarms
 * or leaving the organization; and a resource control policy that keeps the archive's buckets and
 * key inside the organization. Only the break-glass principals are exempt.
 *
 * SCPs do not apply to the management account, nor to service principals: the management
 * account's administrators stay able to do all of this (docs/organization.md).
 */
import { PROTECTED_BUCKET_ACTIONS, PROTECTED_KEY_ACTIONS, PROTECTED_OBJECT_ACTIONS, PROTECTED_TOPIC_ACTIONS } from "./evidence-protection";
import { exceptBreakGlass, s3BucketArn, type PolicyStatement } from "./policy";

/** Trail actions that stop, remove or narrow what the organization trail records or where it delivers. */
export const PROTECTED_TRAIL_ACTIONS = [
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
  "cloudtrail:UpdateTrail",
  "cloudtrail:PutEventSelectors",
  "cloudtrail:PutInsightSelectors",
] as const;

/** Alarm and log group actions that silence the CIS monitoring of the organization trail's events. */
export const PROTECTED_ALARM_ACTIONS = ["cloudwatch:DeleteAlarms", "cloudwatch:DisableAlarmActions", "cloudwatch:PutMetricAlarm"] as const;
export const PROTECTED_LOG_GROUP_ACTIONS = [
  "logs:DeleteLogGroup",
  "logs:DeleteMetricFilter",
  "logs:PutMetricFilter",
  "logs:PutRetentionPolicy",
  "logs:DisassociateKmsKey",
] as const;

export interface GuardrailInputs {
  readonly organizationId: string;
  readonly trailArn: string;
  readonly logBucketName: string;
  readonly accessLogBucketName: string;
  /** The archive key's ARN (read from the log-archive stack's state). */
  readonly archiveKeyArn: string;
  /** Alarm names of the organization trail's CIS alarms start with this, in the trail account. */
  readonly alarmArnPrefix: string;
  readonly logGroupArn: string;
  readonly topicArn: string;
  readonly breakGlassPrincipalArns: readonly string[];
}

const bucketResources = (i: GuardrailInputs): string[] =>
  [i.logBucketName, i.accessLogBucketName].flatMap((b) => [s3BucketArn(b), `${s3BucketArn(b)}/*`]);

/** The service control policy's statements, one per thing it protects. */
export function serviceControlStatements(i: GuardrailInputs): PolicyStatement[] {
  const unlessBreakGlass = exceptBreakGlass(i.breakGlassPrincipalArns);
  return [
    { Sid: "DenyOrganizationTrailChanges", Effect: "Deny", Action: [...PROTECTED_TRAIL_ACTIONS], Resource: i.trailArn, Condition: unlessBreakGlass },
    {
      Sid: "DenyArchiveTampering",
      Effect: "Deny",
      Action: [...PROTECTED_BUCKET_ACTIONS, ...PROTECTED_OBJECT_ACTIONS],
      Resource: bucketResources(i),
      Condition: unlessBreakGlass,
    },
    { Sid: "DenyArchiveKeyTampering", Effect: "Deny", Action: [...PROTECTED_KEY_ACTIONS], Resource: i.archiveKeyArn, Condition: unlessBreakGlass },
    {
      Sid: "DenyMonitoringChanges",
      Effect: "Deny",
      Action: [...PROTECTED_ALARM_ACTIONS, ...PROTECTED_LOG_GROUP_ACTIONS, ...PROTECTED_TOPIC_ACTIONS],
      Resource: [`${i.alarmArnPrefix}*`, i.logGroupArn, `${i.logGroupArn}:*`, i.topicArn],
      Condition: unlessBreakGlass,
    },
    // An account that leaves takes itself out from under every guardrail.
    { Sid: "DenyLeavingOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*", Condition: unlessBreakGlass },
  ];
}

/**
 * The resource control policy's statements: requests to the archive's buckets and key from
 * principals outside the organization are denied, whatever the resource policies say; AWS
 * services acting for the organization (CloudTrail, S3 log delivery) are not principals of any
 * account and stay allowed.
 */
export function resourceControlStatements(i: GuardrailInputs): PolicyStatement[] {
  const outsideOrganization = {
    StringNotEqualsIfExists: { "aws:PrincipalOrgID": i.organizationId },
    BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
  };
  return [
    { Sid: "ArchiveBucketsInsideOrganization", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: bucketResources(i), Condition: outsideOrganization },
    { Sid: "ArchiveKeyInsideOrganization", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: i.archiveKeyArn, Condition: outsideOrganization },
  ];
}

/** AWS Organizations' limit on a policy document, in characters. */
export const MAX_ORGANIZATIONS_POLICY_SIZE = 5120;
