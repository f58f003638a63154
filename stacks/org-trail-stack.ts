import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { OrganizationConfig } from "../config/types";
import { cloudTrailDeliveryRole, eventSelectors } from "../constructs/audit-trail";
import { BreakGlassGuard } from "../constructs/break-glass-guard";
import type { CisControlKey } from "../constructs/cis-monitoring";
import { keyEvidenceStatement } from "../constructs/evidence-protection";
import { accountAdministersKey, renderPolicy } from "../constructs/policy";
import { SecurityAlarms } from "../constructs/security-alarms";
import { cloudWatchLogsKeyStatement } from "../constructs/trail-key-policy";
import { ARCHIVE_KEY_OUTPUT, ORGANIZATION_LOG_PREFIX, alarmPrefixOf } from "../facts/organization";
import { archiveOutputs, placeOrganizationStack } from "./organization-placement";
import { SelfContainedStack } from "./self-contained-stack";

/**
 * The trail account's stack (the management account, or the CloudTrail delegated administrator):
 * the organization trail (multi-region, log file validation, the archive's key and bucket in the
 * log-archive account), its CloudWatch Logs group with its own key, and the CIS alarms on it. The
 * trail records the members' data and state buckets, never the archive's own.
 *
 * Created by a delegated administrator, the trail still belongs to the management account: its
 * ARN carries the management account's id, and Terraform's provider addresses it by that ARN
 * (hashicorp/terraform-provider-aws#28440: StartLogging by name failed from a delegated account).
 */
export class OrgTrailStack extends SelfContainedStack {
  readonly trail: Cloudtrail;
  readonly alarms: SecurityAlarms;

  constructor(scope: Construct, org: OrganizationConfig) {
    super(scope, org.names.trailStack);
    placeOrganizationStack(this, org, org.trail);
    const { names, audit, region } = org;
    const account = org.trail.accountId;
    const guard = new BreakGlassGuard(this, "BreakGlassGuard", { breakGlassPrincipalArns: org.breakGlassPrincipalArns, setting: "organization.breakGlassPrincipalArns in cdktf.json" });
    const archiveKeyArn = archiveOutputs(this, org).getString(ARCHIVE_KEY_OUTPUT);
    const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${names.logGroup}`;

    // CloudWatch Logs needs a key in the log group's own account and region.
    const logKey = new KmsKey(this, "LogGroupKey", {
      description: `Encrypts the ${names.trail} CloudWatch Logs group`,
      enableKeyRotation: true,
      deletionWindowInDays: audit.keyDeletionWindowDays,
      policy: renderPolicy([
        accountAdministersKey(account),
        cloudWatchLogsKeyStatement(region, logGroupArn),
        keyEvidenceStatement(org.breakGlassPrincipalArns),
      ]),
      lifecycle: { preventDestroy: true, precondition: [guard.precondition] },
    });
    new KmsAlias(this, "LogGroupKeyAlias", { name: names.logGroupKmsAlias, targetKeyId: logKey.keyId });
    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: names.logGroup,
      retentionInDays: audit.logRetentionDays,
      kmsKeyId: logKey.arn,
      lifecycle: { preventDestroy: true },
    });
    const deliveryRole = cloudTrailDeliveryRole(this, {
      roleName: names.cloudTrailLogsRole,
      trailName: names.trail,
      logGroupName: names.logGroup,
      logGroupArn,
      streamPrefixes: [`${account}_CloudTrail_`, `${org.id}_`],
    });

    this.trail = new Cloudtrail(this, "Trail", {
      name: names.trail,
      isOrganizationTrail: true,
      s3BucketName: names.logBucket,
      s3KeyPrefix: ORGANIZATION_LOG_PREFIX,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: archiveKeyArn,
      cloudWatchLogsGroupArn: `${logGroupArn}:*`,
      cloudWatchLogsRoleArn: deliveryRole.roleArn,
      advancedEventSelector: eventSelectors(org.dataEventBuckets, audit.excludeNoisyManagementEvents),
      insightSelector: audit.insights ? [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }] : undefined,
      dependsOn: [logGroup, ...deliveryRole.grants],
    });

    this.alarms = new SecurityAlarms(this, "SecurityAlarms", {
      accountId: account,
      region,
      logGroupName: logGroup.name,
      topicName: names.alarmTopic,
      kmsAlias: names.alarmKmsAlias,
      namePrefix: alarmPrefixOf(org),
      metricNamespace: org.alarms.metricNamespace,
      disabledControls: org.alarms.disabledControls as readonly CisControlKey[],
      thresholds: { unauthorizedApiCalls: org.alarms.unauthorizedApiCallsThreshold, consoleAuthFailures: org.alarms.consoleAuthFailuresThreshold },
      emails: org.alarmEmails,
      keyDeletionWindowDays: audit.keyDeletionWindowDays,
      retainOnDestroy: true,
      breakGlassPrincipalArns: org.breakGlassPrincipalArns,
      evidencePreconditions: [guard.precondition],
    });

    new TerraformOutput(this, "trail_arn", { value: this.trail.arn, description: "ARN of the organization trail (in the management account)" });
    new TerraformOutput(this, "log_group_name", { value: names.logGroup, description: "CloudWatch Logs group receiving every account's events" });
    new TerraformOutput(this, "security_alarms_topic_arn", { value: this.alarms.topicArn, description: "SNS topic of the CIS security alarms" });
  }
}
