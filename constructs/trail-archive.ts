import type { Construct } from "constructs";
import type { Precondition } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { bucketEvidenceStatements, keyEvidenceStatement } from "./evidence-protection";
import { renderPolicy, s3BucketArn, type PolicyStatement } from "./policy";
import { SecureBucket, type ObjectLockRetention } from "./secure-bucket";

export interface TrailArchiveProps {
  /** The account that owns the buckets and the key (S3 server access logs come from its buckets only). */
  readonly accountId: string;
  readonly trailName: string;
  readonly logBucketName: string;
  readonly accessLogBucketName: string;
  readonly kmsAlias: string;
  /** The key policy's statements, besides the break-glass deny added where evidence is protected. */
  readonly keyPolicy: readonly PolicyStatement[];
  /** The log bucket policy's statements that let CloudTrail write, besides TLS-only and the denies. */
  readonly writeStatements: readonly PolicyStatement[];
  readonly retainOnDestroy: boolean;
  readonly keyDeletionWindowDays: number;
  readonly breakGlassPrincipalArns: readonly string[];
  /** Conditions Terraform checks before it plans the resources that carry the denies. */
  readonly guard?: Precondition[];
  readonly objectLock?: ObjectLockRetention;
  readonly glacierStorageClass: "GLACIER" | "GLACIER_IR";
  readonly transitionMinimumObjectSize: "all_storage_classes_128K" | "varies_by_storage_class";
  /** Days a noncurrent log object version is kept; 0 keeps it forever. */
  readonly noncurrentVersionRetentionDays: number;
  readonly accessLogRetentionDays: number;
}

export interface TrailArchive {
  readonly key: KmsKey;
  readonly logBucket: SecureBucket;
  readonly accessLogBucket: SecureBucket;
}

/**
 * Where a trail's evidence is kept: a customer KMS key, the log bucket (versioned, archived to
 * Glacier and Deep Archive, never expiring current versions, Object Lock where set) and the bucket
 * receiving its S3 server access logs. The constructs are added to `scope` itself (Key, KeyAlias,
 * AccessLogBucket, LogBucket), so the single-account trail keeps its Terraform addresses; the
 * organization's log-archive stack gives it its own scope.
 */
export function addTrailArchive(scope: Construct, props: TrailArchiveProps): TrailArchive {
  const breakGlass = props.breakGlassPrincipalArns;
  const protect = breakGlass.length > 0;
  const retain = props.retainOnDestroy;
  const key = new KmsKey(scope, "Key", {
    description: `Encrypts the ${props.trailName} CloudTrail logs and their CloudWatch Logs group`,
    enableKeyRotation: true,
    deletionWindowInDays: props.keyDeletionWindowDays,
    policy: renderPolicy([...props.keyPolicy, ...(protect ? [keyEvidenceStatement(breakGlass)] : [])]),
    lifecycle: { preventDestroy: retain, ...(props.guard ? { precondition: props.guard } : {}) },
  });
  new KmsAlias(scope, "KeyAlias", { name: props.kmsAlias, targetKeyId: key.keyId });

  const accessLogPrefix = `${props.logBucketName}/`;
  const accessLogBucket = new SecureBucket(scope, "AccessLogBucket", {
    bucketName: props.accessLogBucketName,
    // S3 server access logging cannot deliver to a bucket encrypted with a customer KMS key.
    forceDestroy: !retain,
    preventDestroy: retain,
    policyStatements: [
      {
        Sid: "S3ServerAccessLogsWrite",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${s3BucketArn(props.accessLogBucketName)}/${accessLogPrefix}*`,
        Condition: {
          ArnLike: { "aws:SourceArn": s3BucketArn(props.logBucketName) },
          StringEquals: { "aws:SourceAccount": props.accountId },
        },
      },
      ...(protect ? bucketEvidenceStatements(props.accessLogBucketName, "logging.s3.amazonaws.com", breakGlass) : []),
    ],
    policyPreconditions: props.guard,
    lifecycleRules: [
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: props.accessLogRetentionDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      expiredDeleteMarkersRule(),
    ],
  });

  const noncurrentDays = props.noncurrentVersionRetentionDays;
  const logBucket = new SecureBucket(scope, "LogBucket", {
    bucketName: props.logBucketName,
    kmsKeyArn: key.arn,
    forceDestroy: !retain,
    preventDestroy: retain,
    policyStatements: [...props.writeStatements, ...(protect ? bucketEvidenceStatements(props.logBucketName, "cloudtrail.amazonaws.com", breakGlass) : [])],
    policyPreconditions: props.guard,
    objectLock: props.objectLock,
    transitionMinimumObjectSize: props.transitionMinimumObjectSize,
    lifecycleRules: [
      {
        id: "archive-audit-logs",
        status: "Enabled",
        filter: [{ prefix: "" }],
        // Current versions never expire: they are the audit evidence.
        transition: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: props.glacierStorageClass },
          { days: 365, storageClass: "DEEP_ARCHIVE" },
        ],
        // A noncurrent version exists only if a log file was overwritten or deleted: keep it
        // as evidence of that for the configured time.
        ...(noncurrentDays > 0 ? { noncurrentVersionExpiration: [{ noncurrentDays }] } : {}),
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      expiredDeleteMarkersRule(),
    ],
    accessLogs: { bucket: accessLogBucket, prefix: accessLogPrefix },
  });
  return { key, logBucket, accessLogBucket };
}

/** Removes delete markers left with no versions behind them. */
function expiredDeleteMarkersRule(): S3BucketLifecycleConfigurationRule {
  return {
    id: "remove-expired-delete-markers",
    status: "Enabled",
    filter: [{ prefix: "" }],
    expiration: [{ expiredObjectDeleteMarker: true }],
  };
}
