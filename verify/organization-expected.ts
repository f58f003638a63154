/**
 * What a deployed organization must look like, read from the stacks this configuration
 * synthesizes, split by the account each part lives in: the trail account (the organization
 * trail, its CloudWatch Logs key, the CIS alarms and their topic) and the log-archive account
 * (the archive key and buckets). Both carry the trail's expectations: the archive's checks read
 * where it delivers.
 */
import type { OrganizationConfig } from "../config/types";
import { ARCHIVE_KEY_REFERENCE, organizationTrailArn } from "../facts/organization";
import type { AuditExpected } from "./checks/common";
import type { ExpectedGuardrails } from "./checks/guardrails";
import { awsSelectors, expectedAlarms, expectedBucket, list, values } from "./expected";

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface OrganizationExpected {
  readonly trailAccount: AuditExpected;
  readonly logArchive: AuditExpected;
  /** The path of the trail account's log files under AWSLogs/: `<org-id>/<account>`. */
  readonly logPath: string;
  /** The management account's share: the guardrails and the delegated administrator. */
  readonly guardrails: ExpectedGuardrails;
}

export function expectedOrganization(org: OrganizationConfig, archive: Json, trailStack: Json, management: Json): OrganizationExpected {
  const { names, region } = org;
  const trail = values(trailStack, "aws_cloudtrail")[0];
  const topic = values(trailStack, "aws_sns_topic")[0];
  const bucket = (name: string): Json => values(archive, "aws_s3_bucket").find((b) => b.bucket === name);
  const trailAccount = org.trail.accountId;
  const expectedTrail: AuditExpected["trail"] = {
    // The management account owns the trail: any other account names it by its ARN.
    name: organizationTrailArn(region, org.management.accountId, trail.name),
    bucket: trail.s3_bucket_name,
    keyPrefix: trail.s3_key_prefix,
    // The key is the log archive's, read from its state: known here by its alias.
    kmsAlias: names.kmsAlias,
    logGroup: names.logGroup,
    cloudWatchLogsRole: names.cloudTrailLogsRole,
    multiRegion: trail.is_multi_region_trail === true,
    globalServiceEvents: trail.include_global_service_events === true,
    logFileValidation: trail.enable_log_file_validation === true,
    advancedEventSelectors: awsSelectors(trail),
    insightTypes: list(trail.insight_selector).map((i: Json) => i.insight_type as string),
    organization: true,
  };
  const shared = { region, trail: expectedTrail, retained: true, topic: { name: topic.name, arn: `arn:aws:sns:${region}:${trailAccount}:${topic.name}` } };
  return {
    trailAccount: {
      ...shared,
      accountId: trailAccount,
      buckets: [],
      keyAliases: values(trailStack, "aws_kms_alias").map((a) => a.name as string),
      alarms: expectedAlarms(trailStack),
    },
    logArchive: {
      ...shared,
      accountId: org.logArchive.accountId,
      buckets: [expectedBucket(archive, bucket(names.logBucket), "archive log bucket"), expectedBucket(archive, bucket(names.accessLogBucket), "archive access-log bucket")],
      keyAliases: values(archive, "aws_kms_alias").map((a) => a.name as string),
      alarms: [],
    },
    logPath: `${org.id}/${trailAccount}`,
    guardrails: expectedGuardrails(org, management),
  };
}

function expectedGuardrails(org: OrganizationConfig, management: Json): ExpectedGuardrails {
  const policies = Object.entries(management.resource?.aws_organizations_policy ?? {}) as [string, Json][];
  const attachments = values(management, "aws_organizations_policy_attachment");
  return {
    policies: policies.map(([id, p]) => ({
      name: p.name,
      type: p.type,
      content: p.content,
      targets: attachments.filter((a) => a.policy_id === `\${aws_organizations_policy.${id}.id}`).map((a) => String(a.target_id)),
    })),
    keyReference: ARCHIVE_KEY_REFERENCE,
    ...(org.delegated ? { delegatedAdministrator: org.trail.accountId } : {}),
  };
}
