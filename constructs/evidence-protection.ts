/**
 * Explicit denies that keep audit evidence intact against principals of the account itself,
 * administrators included: an Allow-only resource policy stops other accounts, but inside the
 * account any identity policy that allows `s3:*` or `kms:*` would otherwise be enough. Only the
 * break-glass principals (which must include whoever runs Terraform) keep the power to change
 * or remove the evidence and its protection.
 *
 * What resource policies cannot do in a single account: stop `cloudtrail:StopLogging`,
 * `DeleteTrail` or `cloudwatch:DeleteAlarms` (those have no resource policy; an organization's
 * SCP can), or stop the account's root user from rewriting an S3 bucket policy (S3 always lets
 * the bucket owner's root user do that). Object Lock covers the log files themselves.
 */
import { exceptBreakGlass, s3BucketArn, type PolicyStatement } from "./policy";

/**
 * Bucket-level settings whose change would weaken the evidence. Deleting a bucket's lifecycle,
 * encryption, public access block or ownership controls is authorized by the matching Put action.
 */
export const PROTECTED_BUCKET_ACTIONS = [
  "s3:DeleteBucket",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketLogging",
  "s3:PutBucketAcl",
] as const;

/** Object-level actions that remove evidence or shorten how long it is kept. */
export const PROTECTED_OBJECT_ACTIONS = [
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:BypassGovernanceRetention",
] as const;

/** Key actions that would make the evidence unreadable or the key unusable for new logs. */
export const PROTECTED_KEY_ACTIONS = [
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
] as const;

/** Topic actions that would silence or redirect the security alarms. */
export const PROTECTED_TOPIC_ACTIONS = [
  "sns:SetTopicAttributes",
  "sns:DeleteTopic",
  "sns:AddPermission",
  "sns:RemovePermission",
] as const;

function requireBreakGlass(where: string, breakGlassPrincipalArns: readonly string[]): void {
  if (breakGlassPrincipalArns.length === 0) {
    throw new Error(`${where}: evidence protection needs at least one break-glass principal (the one that runs Terraform), got none`);
  }
}

/**
 * Bucket policy statements: only `writerService` puts objects; only break-glass principals
 * delete objects or versions, or change the bucket's protective settings. Reads are untouched.
 */
export function bucketEvidenceStatements(bucketName: string, writerService: string, breakGlassPrincipalArns: readonly string[]): PolicyStatement[] {
  requireBreakGlass("bucketEvidenceStatements", breakGlassPrincipalArns);
  const arn = s3BucketArn(bucketName);
  return [
    {
      Sid: "DenyWritesExceptLogDelivery",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${arn}/*`,
      // Absent for IAM principals, so StringNotEquals is true for them: only the service writes.
      Condition: { StringNotEquals: { "aws:PrincipalServiceName": writerService } },
    },
    {
      Sid: "DenyEvidenceTamperingExceptBreakGlass",
      Effect: "Deny",
      Principal: "*",
      Action: [...PROTECTED_BUCKET_ACTIONS, ...PROTECTED_OBJECT_ACTIONS],
      Resource: [arn, `${arn}/*`],
      Condition: exceptBreakGlass(breakGlassPrincipalArns),
    },
  ];
}

/**
 * Key policy statement: only break-glass principals schedule deletion, disable the key or its
 * rotation, replace the key policy or revoke grants. KMS's lockout check passes as long as the
 * principal that creates or updates the key is a break-glass principal.
 */
export function keyEvidenceStatement(breakGlassPrincipalArns: readonly string[]): PolicyStatement {
  requireBreakGlass("keyEvidenceStatement", breakGlassPrincipalArns);
  return {
    Sid: "DenyKeyTamperingExceptBreakGlass",
    Effect: "Deny",
    Principal: "*",
    Action: [...PROTECTED_KEY_ACTIONS],
    Resource: "*",
    Condition: exceptBreakGlass(breakGlassPrincipalArns),
  };
}

/**
 * Topic policy statements: publishing only by CloudWatch (whose Allow is scoped to this
 * account's alarms) and the break-glass principals; topic settings only by break-glass principals.
 */
export function topicEvidenceStatements(topicArn: string, breakGlassPrincipalArns: readonly string[]): PolicyStatement[] {
  requireBreakGlass("topicEvidenceStatements", breakGlassPrincipalArns);
  return [
    {
      Sid: "DenyPublishExceptAlarmsAndBreakGlass",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: topicArn,
      // Both must hold to deny: not the CloudWatch service, and not a break-glass principal.
      Condition: { StringNotEquals: { "aws:PrincipalServiceName": "cloudwatch.amazonaws.com" }, ...exceptBreakGlass(breakGlassPrincipalArns) },
    },
    {
      Sid: "DenyTopicChangesExceptBreakGlass",
      Effect: "Deny",
      Principal: "*",
      Action: [...PROTECTED_TOPIC_ACTIONS],
      Resource: topicArn,
      Condition: exceptBreakGlass(breakGlassPrincipalArns),
    },
  ];
}
