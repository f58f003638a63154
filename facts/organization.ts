/**
 * Organization mode's names and the ARNs several folders build from them: the stacks, the
 * archive's buckets and key alias in the log-archive account, the trail (owned by the management
 * account even when a delegated administrator creates it), and the guardrail policies.
 */
import { AUDIT_NAME_PREFIX } from "./naming";

/** The name a lifecycle command takes for the organization's stacks. */
export const ORGANIZATION_TARGET = "organization";

/** Key prefix of the organization trail's log files in the archive bucket. */
export const ORGANIZATION_LOG_PREFIX = "org-logs";

export interface OrganizationNames {
  /** Bootstrap stack of the organization stacks' state bucket (in the trail account). */
  readonly stateStack: string;
  readonly stateBucket: string;
  /** Log-archive account: the trail's key and buckets. */
  readonly archiveStack: string;
  /** Management account: the guardrails and the CloudTrail delegated administrator. */
  readonly managementStack: string;
  /** Trail account: the organization trail, its CloudWatch Logs group and the CIS alarms. */
  readonly trailStack: string;
  readonly trail: string;
  readonly logBucket: string;
  readonly accessLogBucket: string;
  readonly kmsAlias: string;
  readonly logGroup: string;
  readonly logGroupKmsAlias: string;
  readonly cloudTrailLogsRole: string;
  readonly alarmTopic: string;
  readonly alarmKmsAlias: string;
  readonly serviceControlPolicy: string;
  readonly resourceControlPolicy: string;
}

export interface OrganizationNameInputs {
  readonly project: string;
  readonly region: string;
  readonly trailAccountId: string;
  readonly logArchiveAccountId: string;
}

export function deriveOrganizationNames({ project, region, trailAccountId, logArchiveAccountId }: OrganizationNameInputs): OrganizationNames {
  const p = `${project}-org`;
  return {
    stateStack: `${p}-state`,
    stateBucket: `${p}-tfstate-${trailAccountId}`,
    archiveStack: `${p}-log-archive`,
    managementStack: `${p}-management`,
    trailStack: `${p}-trail`,
    trail: `${p}-trail`,
    logBucket: `${AUDIT_NAME_PREFIX}-org-cloudtrail-logs-${region}-${logArchiveAccountId}`,
    accessLogBucket: `${AUDIT_NAME_PREFIX}-org-cloudtrail-s3access-${region}-${logArchiveAccountId}`,
    kmsAlias: `alias/${p}-cloudtrail-key`,
    logGroup: `${AUDIT_NAME_PREFIX}-org-cloudtrail-log-group`,
    logGroupKmsAlias: `alias/${p}-cloudtrail-logs-key`,
    cloudTrailLogsRole: `${p}-cloudtrail-logs-role`,
    alarmTopic: `${p}-security-alarms`,
    alarmKmsAlias: `alias/${p}-security-alarms-key`,
    serviceControlPolicy: `${p}-evidence-guardrails`,
    resourceControlPolicy: `${p}-archive-perimeter`,
  };
}

/** The log-archive stack's output the management and trail stacks read: its key's ARN. */
export const ARCHIVE_KEY_OUTPUT = "kms_key_arn";

/** The remote state through which they read it. */
export const ARCHIVE_STATE_ID = "LogArchive";

/** How their synthesized JSON names that ARN: a Terraform reference, resolved at plan time. */
export const ARCHIVE_KEY_REFERENCE = `\${data.terraform_remote_state.${ARCHIVE_STATE_ID}.outputs.${ARCHIVE_KEY_OUTPUT}}`;

/** The organization trail's ARN: the management account owns it, whoever creates it. */
export function organizationTrailArn(region: string, managementAccountId: string, trail: string): string {
  return `arn:aws:cloudtrail:${region}:${managementAccountId}:trail/${trail}`;
}

/** What the guardrail builders need to know of the organization. */
export interface GuardrailPlacement {
  readonly project: string;
  readonly id: string;
  readonly region: string;
  readonly management: { readonly accountId: string };
  readonly trail: { readonly accountId: string };
  readonly names: OrganizationNames;
  readonly breakGlassPrincipalArns: readonly string[];
}

/** Name prefix of the organization trail's CIS metric filters and alarms. */
export const alarmPrefixOf = (org: Pick<GuardrailPlacement, "project">): string => `${org.project}-org-cis-`;

/** What the guardrails protect, by ARN (constructs/guardrail-policies.ts). */
export function guardrailInputs(org: GuardrailPlacement, archiveKeyArn: string) {
  const { names, region } = org;
  const trailAccount = org.trail.accountId;
  return {
    organizationId: org.id,
    trailArn: organizationTrailArn(region, org.management.accountId, names.trail),
    logBucketName: names.logBucket,
    accessLogBucketName: names.accessLogBucket,
    archiveKeyArn,
    alarmArnPrefix: `arn:aws:cloudwatch:${region}:${trailAccount}:alarm:${alarmPrefixOf(org)}`,
    logGroupArn: `arn:aws:logs:${region}:${trailAccount}:log-group:${names.logGroup}`,
    topicArn: `arn:aws:sns:${region}:${trailAccount}:${names.alarmTopic}`,
    breakGlassPrincipalArns: org.breakGlassPrincipalArns,
  };
}
