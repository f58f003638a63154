import { Construct } from "constructs";
import type { ITerraformDependable, Precondition } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { denyInsecureTransport, renderPolicy, s3BucketArn, type PolicyStatement } from "./policy";

/** S3 Object Lock default retention of every new object version. */
export interface ObjectLockRetention {
  readonly mode: "GOVERNANCE" | "COMPLIANCE";
  readonly retentionDays: number;
}

export interface SecureBucketProps {
  /** The bucket's name; ARNs in its policy are built from it. */
  readonly bucketName: string;
  /**
   * Server-side encryption.
   * @default - SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /**
   * An S3 Bucket Key for SSE-KMS. It cuts KMS requests for writers that call KMS through S3, but
   * a writer that is only granted `kms:GenerateDataKey*` (CloudTrail) then also needs
   * `kms:Decrypt` to create or update a trail, and CloudTrail's own log writes are not billed
   * as KMS requests, so it buys nothing there.
   * @default false
   */
  readonly bucketKey?: boolean;
  /**
   * S3 Object Lock default retention for every new object version (needs versioning, which every
   * SecureBucket has). Once enabled, Object Lock can never be turned off for the bucket.
   * @default - no Object Lock
   */
  readonly objectLock?: ObjectLockRetention;
  /** Statements added to the bucket policy, after the TLS-only deny that every bucket gets. */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Conditions Terraform checks before it plans the bucket policy (who may apply denies).
   * @default - none
   */
  readonly policyPreconditions?: readonly Precondition[];
  /** Lifecycle rules; none when empty. */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /**
   * S3's minimum object size for lifecycle transitions.
   * @default - S3's default (all_storage_classes_128K)
   */
  readonly transitionMinimumObjectSize?: string;
  /**
   * Server access logging target.
   * @default - no access logging
   */
  readonly accessLogs?: { readonly bucket: SecureBucket; readonly prefix: string };
  /**
   * Let `terraform destroy` delete the bucket with every object version in it.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Make Terraform refuse to destroy the bucket (lifecycle.prevent_destroy).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * An S3 bucket with the controls every bucket here needs: all four public-access blocks, ACLs
 * disabled (BucketOwnerEnforced), versioning, default encryption and a TLS-only policy.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly versioning: S3BucketVersioningA;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  readonly lifecycle?: S3BucketLifecycleConfiguration;
  readonly objectLock?: S3BucketObjectLockConfigurationA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucketName = props.bucketName;
    this.bucketArn = s3BucketArn(props.bucketName);
    const preventDestroy = props.preventDestroy ?? false;

    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: { preventDestroy },
    });
    const bucket = this.bucket.id;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const ownership = new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    this.versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      rule: [
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
              bucketKeyEnabled: props.bucketKey ?? false,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    if (props.objectLock) {
      // Enabled by this configuration rather than by the bucket's object_lock_enabled argument,
      // which forces a new bucket: S3 enables Object Lock on an existing versioned bucket.
      this.objectLock = new S3BucketObjectLockConfigurationA(this, "ObjectLock", {
        bucket,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.retentionDays } },
        dependsOn: [this.versioning],
      });
    }
    const settings: ITerraformDependable[] = [this.publicAccessBlock, ownership, this.versioning, this.encryption];
    if (this.objectLock) settings.push(this.objectLock);
    if (props.lifecycleRules && props.lifecycleRules.length > 0) {
      this.lifecycle = new S3BucketLifecycleConfiguration(this, "Lifecycle", {
        bucket,
        rule: [...props.lifecycleRules],
        transitionDefaultMinimumObjectSize: props.transitionMinimumObjectSize,
      });
      settings.push(this.lifecycle);
    }
    if (props.accessLogs) {
      settings.push(
        new S3BucketLoggingA(this, "AccessLogging", {
          bucket,
          targetBucket: props.accessLogs.bucket.bucketName,
          targetPrefix: props.accessLogs.prefix,
          // Delivery needs the target's policy for logging.s3.amazonaws.com in place.
          dependsOn: [props.accessLogs.bucket.policy],
        }),
      );
    }
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket,
      policy: renderPolicy([denyInsecureTransport(this.bucketArn), ...(props.policyStatements ?? [])]),
      // The policy lands last. S3 rejects a policy write while the public-access block is being
      // applied; and where the policy denies changing the bucket's settings to all but the
      // break-glass principals, every setting must be in place before it: an apply that puts the
      // policy first would be stopped halfway by it.
      dependsOn: settings,
      ...(props.policyPreconditions ? { lifecycle: { precondition: [...props.policyPreconditions] } } : {}),
    });
  }
}
