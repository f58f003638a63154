import { accountAdministersKey, type PolicyStatement } from "./policy";

export interface KeyPolicyInputs {
  readonly accountId: string;
  readonly region: string;
  readonly trailArn: string;
  readonly anyTrailOfAccount: string;
  readonly logGroupArn: string;
}

/**
 * Key policy: the account administers (without using the key); CloudTrail encrypts for this trail
 * only; principals of this account decrypt CloudTrail logs; CloudWatch Logs uses it for this log
 * group. Where evidence is retained, the caller adds the break-glass deny.
 */
export function keyPolicy({ accountId, region, trailArn, anyTrailOfAccount, logGroupArn }: KeyPolicyInputs): PolicyStatement[] {
  return [
    // Administration, not use: encrypting and decrypting are granted below, by purpose.
    accountAdministersKey(accountId),
    ...cloudTrailKeyStatements({ trailArn, trailsOf: anyTrailOfAccount, readerAccount: accountId, sids: ["CloudTrailEncryptsThisTrailsLogs", "AccountPrincipalsDecryptTrailLogs"] }),
    cloudWatchLogsKeyStatement(region, logGroupArn),
  ];
}

/**
 * CloudTrail encrypts for one trail (aws:SourceArn) with the encryption context of a trail of
 * `trailsOf`, and describes the key for it; principals of `readerAccount` decrypt those log files.
 */
export function cloudTrailKeyStatements(p: { trailArn: string; trailsOf: string; readerAccount: string; sids: readonly [encrypt: string, decrypt: string] }): PolicyStatement[] {
  const cloudtrailContext = { "kms:EncryptionContext:aws:cloudtrail:arn": p.trailsOf };
  return [
    {
      Sid: p.sids[0],
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: { StringLike: cloudtrailContext, StringEquals: { "aws:SourceArn": p.trailArn } },
    },
    {
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": p.trailArn } },
    },
    {
      Sid: p.sids[1],
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt", "kms:ReEncryptFrom"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": p.readerAccount }, StringLike: cloudtrailContext },
    },
  ];
}

/** CloudWatch Logs uses the key for one log group of its region. */
export function cloudWatchLogsKeyStatement(region: string, logGroupArn: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsUsesKeyForTrailLogGroup",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
  };
}
