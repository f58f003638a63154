import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { OrganizationConfig } from "../config/types";
import { trailWriteStatements } from "../constructs/audit-trail";
import { BreakGlassGuard } from "../constructs/break-glass-guard";
import { accountAdministersKey, type PolicyStatement } from "../constructs/policy";
import { cloudTrailKeyStatements } from "../constructs/trail-key-policy";
import { addTrailArchive, type TrailArchive } from "../constructs/trail-archive";
import { ARCHIVE_KEY_OUTPUT, ORGANIZATION_LOG_PREFIX, organizationTrailArn } from "../facts/organization";
import { placeOrganizationStack } from "./organization-placement";
import { SelfContainedStack } from "./self-contained-stack";

/**
 * The log-archive account's stack: the organization trail's key, log bucket and access-log
 * bucket, with everything a single account's have (versioning, lifecycle, Object Lock, TLS only,
 * the evidence denies with their break-glass exemption). The bucket admits this organization's
 * trail only, under its two prefixes; the key lets CloudTrail encrypt for that trail only.
 */
export class LogArchiveStack extends SelfContainedStack {
  readonly archive: TrailArchive;

  constructor(scope: Construct, org: OrganizationConfig) {
    super(scope, org.names.archiveStack);
    placeOrganizationStack(this, org, org.logArchive);
    const { names, audit } = org;
    const guard = new BreakGlassGuard(this, "BreakGlassGuard", { breakGlassPrincipalArns: org.breakGlassPrincipalArns, setting: "organization.breakGlassPrincipalArns in cdktf.json" });
    const trailArn = organizationTrailArn(org.region, org.management.accountId, names.trail);
    this.archive = addTrailArchive(this, {
      accountId: org.logArchive.accountId,
      trailName: names.trail,
      logBucketName: names.logBucket,
      accessLogBucketName: names.accessLogBucket,
      kmsAlias: names.kmsAlias,
      keyPolicy: archiveKeyPolicy(org, trailArn),
      writeStatements: trailWriteStatements(names.logBucket, trailArn, [
        `${ORGANIZATION_LOG_PREFIX}/AWSLogs/${org.management.accountId}/`,
        `${ORGANIZATION_LOG_PREFIX}/AWSLogs/${org.id}/`,
      ]),
      retainOnDestroy: true,
      keyDeletionWindowDays: audit.keyDeletionWindowDays,
      breakGlassPrincipalArns: org.breakGlassPrincipalArns,
      guard: [guard.precondition],
      objectLock: audit.objectLock.mode === "NONE" ? undefined : { mode: audit.objectLock.mode, retentionDays: audit.objectLock.retentionDays },
      glacierStorageClass: audit.glacierStorageClass,
      transitionMinimumObjectSize: audit.transitionMinimumObjectSize,
      noncurrentVersionRetentionDays: audit.noncurrentVersionRetentionDays,
      accessLogRetentionDays: audit.accessLogRetentionDays,
    });
    const outputs: Record<string, [string, string]> = {
      [ARCHIVE_KEY_OUTPUT]: [this.archive.key.arn, "ARN of the key encrypting the organization trail's logs"],
      kms_key_alias: [names.kmsAlias, "Alias of the archive key"],
      log_bucket_name: [this.archive.logBucket.bucketName, "Bucket holding the organization trail's log files"],
      log_bucket_arn: [this.archive.logBucket.bucketArn, "ARN of the archive bucket"],
      access_log_bucket_name: [this.archive.accessLogBucket.bucketName, "Bucket holding the archive bucket's S3 access logs"],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, name, { value, description });
  }
}

/**
 * The archive key's policy: the log-archive account administers it; CloudTrail encrypts for the
 * organization trail only (its ARN in the management account, whoever created it); principals of
 * the log-archive account, and of the organization where configured, decrypt the trail's log files.
 */
export function archiveKeyPolicy(org: OrganizationConfig, trailArn: string): PolicyStatement[] {
  const cloudtrailContext = { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${org.management.accountId}:trail/*` };
  return [
    accountAdministersKey(org.logArchive.accountId),
    ...cloudTrailKeyStatements({
      trailArn,
      trailsOf: cloudtrailContext["kms:EncryptionContext:aws:cloudtrail:arn"],
      readerAccount: org.logArchive.accountId,
      sids: ["CloudTrailEncryptsOrganizationTrailLogs", "ArchivePrincipalsDecryptTrailLogs"],
    }),
    ...(org.decryptForOrganization
      ? [
          {
            Sid: "OrganizationPrincipalsDecryptTrailLogs",
            Effect: "Allow" as const,
            Principal: { AWS: "*" } as const,
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": org.id }, StringLike: cloudtrailContext },
          },
        ]
      : []),
  ];
}
