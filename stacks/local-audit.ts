/**
 * An environment's own audit trail and CIS alarms (audit.localTrail): the single-account
 * foundation's, and a member's paid second copy in an organization. Added to the foundation stack
 * under the same construct ids as always (Audit, SecurityAlarms, BreakGlassGuard).
 */
import type { TerraformStack } from "cdktf";
import { evidenceGuards } from "../config/evidence";
import type { EnvironmentConfig } from "../config/types";
import { AuditTrail } from "../constructs/audit-trail";
import { BreakGlassGuard } from "../constructs/break-glass-guard";
import type { CisControlKey } from "../constructs/cis-monitoring";
import { mlEventSelectors, networkActivitySelectors } from "../constructs/ml-event-selectors";
import { SecurityAlarms } from "../constructs/security-alarms";

export function addLocalAudit(stack: TerraformStack, config: EnvironmentConfig): { audit: AuditTrail; alarms: SecurityAlarms } {
  const { names, audit } = config;
  const guards = evidenceGuards(config);
  // Only the break-glass principals may plan the resources that carry the denies: anyone else's
  // apply would be stopped halfway by them (and KMS refuses a key policy that locks out its caller).
  const guard =
    guards.length > 0
      ? new BreakGlassGuard(stack, "BreakGlassGuard", { breakGlassPrincipalArns: guards, setting: `audit.breakGlassPrincipalArns of ${config.environment} in cdktf.json` })
      : undefined;
  const evidencePreconditions = guard ? [guard.precondition] : undefined;
  const trail = new AuditTrail(stack, "Audit", {
    accountId: config.accountId,
    region: config.region,
    trailName: names.trail,
    logBucketName: names.logBucket,
    accessLogBucketName: names.accessLogBucket,
    kmsAlias: names.kmsAlias,
    logGroupName: names.logGroup,
    deliveryRoleName: names.cloudTrailLogsRole,
    dataEventBuckets: [config.dataBucket.name, ...(audit.stateBucketDataEvents ? [names.stateBucket] : []), ...audit.extraDataEventBuckets],
    logRetentionDays: audit.logRetentionDays,
    insights: audit.insights,
    excludeNoisyManagementEvents: audit.excludeNoisyManagementEvents,
    glacierStorageClass: audit.glacierStorageClass,
    transitionMinimumObjectSize: audit.transitionMinimumObjectSize,
    noncurrentVersionRetentionDays: audit.noncurrentVersionRetentionDays,
    accessLogRetentionDays: audit.accessLogRetentionDays,
    keyDeletionWindowDays: audit.keyDeletionWindowDays,
    retainOnDestroy: audit.retainOnDestroy,
    breakGlassPrincipalArns: guards,
    evidencePreconditions,
    objectLock: audit.objectLock.mode === "NONE" ? undefined : { mode: audit.objectLock.mode, retentionDays: audit.objectLock.retentionDays },
    deliveryRoleMaxSessionDuration: config.iam.maxSessionDurationSeconds,
    permissionsBoundaryArn: config.permissionsBoundaryArn,
    additionalEventSelectors: [
      ...mlEventSelectors(audit.mlDataEvents, { region: config.region, accountId: config.accountId, namePrefixes: config.iam.sagemakerResourcePrefixes }),
      ...networkActivitySelectors(audit.networkActivity.eventSources, audit.networkActivity.errorsOnly),
    ],
  });

  const alarms = new SecurityAlarms(stack, "SecurityAlarms", {
    accountId: config.accountId,
    region: config.region,
    logGroupName: trail.logGroup.name,
    topicName: names.alarmTopic,
    kmsAlias: names.alarmKmsAlias,
    namePrefix: `${config.project}-${config.environment}-cis-`,
    metricNamespace: config.alarms.metricNamespace,
    // Validated against the catalogue by the configuration loader.
    disabledControls: config.alarms.disabledControls as readonly CisControlKey[],
    thresholds: {
      unauthorizedApiCalls: config.alarms.unauthorizedApiCallsThreshold,
      consoleAuthFailures: config.alarms.consoleAuthFailuresThreshold,
    },
    emails: config.alarmEmails,
    keyDeletionWindowDays: audit.keyDeletionWindowDays,
    retainOnDestroy: audit.retainOnDestroy,
    breakGlassPrincipalArns: guards,
    evidencePreconditions,
  });
  return { audit: trail, alarms };
}

/** The outputs of the local trail and its alarms. */
export function localAuditOutputs(audit: AuditTrail, alarms: SecurityAlarms, logGroup: string): Record<string, readonly [string, string]> {
  return {
    trail_arn: [audit.trailArn, "ARN of the audit trail"],
    log_bucket_name: [audit.logBucket.bucketName, "Bucket holding the trail's log files"],
    log_bucket_arn: [audit.logBucket.bucketArn, "ARN of the trail's log bucket"],
    access_log_bucket_name: [audit.accessLogBucket.bucketName, "Bucket holding the log bucket's S3 access logs"],
    kms_key_arn: [audit.key.arn, "ARN of the KMS key encrypting the trail's logs"],
    kms_key_alias: [audit.keyAlias, "Alias of the trail's KMS key"],
    log_group_name: [logGroup, "CloudWatch Logs group receiving the trail's events"],
    log_group_arn: [audit.logGroupArn, "ARN of the trail's CloudWatch Logs group"],
    security_alarms_topic_arn: [alarms.topicArn, "SNS topic of the CIS security alarms"],
  };
}
