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
  const cloudtrailContext = { "kms:EncryptionContext:aws:cloudtrail:arn": anyTrailOfAccount };
  return [
    // Administration, not use: encrypting and decrypting are granted below, by purpose.
    accountAdministersKey(accountId),
    {
      Sid: "CloudTrailEncryptsThisTrailsLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: { StringLike: cloudtrailContext, StringEquals: { "aws:SourceArn": trailArn } },
    },
    {
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    {
      Sid: "AccountPrincipalsDecryptTrailLogs",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt", "kms:ReEncryptFrom"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": accountId }, StringLike: cloudtrailContext },
    },
    {
      Sid: "CloudWatchLogsUsesKeyForTrailLogGroup",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
    },
  ];
}
