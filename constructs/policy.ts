/**
 * Typed IAM policy statements, rendered to JSON in the resource itself so that `terraform plan`
 * shows the real document and tests can evaluate it without a provider.
 */
export type ConditionOperator =
  | "StringEquals"
  | "StringNotEquals"
  | "StringLike"
  | "StringNotLike"
  | "ArnEquals"
  | "ArnLike"
  | "ArnNotEquals"
  | "Bool"
  | "BoolIfExists"
  | "StringNotEqualsIfExists"
  | "NumericLessThan"
  | "ForAnyValue:StringLike";

export type Conditions = Partial<Record<ConditionOperator, Record<string, string | readonly string[]>>>;

export type Principal = "*" | { readonly Service: string } | { readonly AWS: string } | { readonly Federated: string };

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Conditions;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  const sids = statements.map((s) => s.Sid);
  const duplicate = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (duplicate) throw new Error(`policyDocument: statement ids must be unique, got "${duplicate}" twice`);
  return { Version: "2012-10-17", Statement: statements };
}

/** Stable, compact JSON for a policy attribute. */
export function renderPolicy(statements: readonly PolicyStatement[]): string {
  return JSON.stringify(policyDocument(statements));
}

/** Denies every request to the bucket and its objects that is not made over TLS (S3.5). */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** Trust policy letting one AWS service assume a role, with optional confused-deputy conditions. */
export function serviceTrust(service: string, conditions?: Conditions, actions: readonly string[] = ["sts:AssumeRole"]): PolicyStatement {
  return {
    Sid: "TrustService",
    Effect: "Allow",
    Principal: { Service: service },
    Action: actions.length === 1 ? actions[0] : actions,
    ...(conditions ? { Condition: conditions } : {}),
  };
}

/** Key policy statement: the account (and IAM principals it allows) administers the key, without using it. */
export function accountAdministersKey(accountId: string): PolicyStatement {
  return {
    Sid: "AccountAdministersKey",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${accountId}:root` },
    Action: [
      "kms:Create*",
      "kms:Describe*",
      "kms:Enable*",
      "kms:List*",
      "kms:Put*",
      "kms:Update*",
      "kms:Revoke*",
      "kms:Disable*",
      "kms:Get*",
      "kms:Delete*",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:ScheduleKeyDeletion",
      "kms:CancelKeyDeletion",
      "kms:RotateKeyOnDemand",
    ],
    Resource: "*",
  };
}

export const s3BucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

/**
 * Matches every principal except the break-glass ones. `aws:PrincipalArn` is the role's ARN for
 * an assumed-role session and is absent for AWS service principals, so a negated operator is
 * true for both: a Deny with this condition applies to services too.
 */
export const exceptBreakGlass = (breakGlassPrincipalArns: readonly string[]): Conditions => ({
  ArnNotEquals: { "aws:PrincipalArn": breakGlassPrincipalArns },
});
