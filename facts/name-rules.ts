/**
 * AWS naming rules for every kind of name the foundation derives. Each rule returns
 * `undefined` when the name is valid, or a sentence saying what is allowed.
 */
export type NameRule = (name: string) => string | undefined;

/** The longest name AWS (or cdktf, for stacks) accepts, by kind: the rules below and the environment-name check use them. */
export const MAX_NAME_LENGTH = {
  iamRole: 64,
  iamPolicy: 128,
  instanceProfile: 128,
  s3Bucket: 63,
  trail: 128,
  kmsAlias: 256,
  logGroup: 512,
  snsTopic: 256,
  stack: 100,
} as const;

const IAM_NAME_CHARS = /^[\w+=,.@-]+$/;

function iamName(kind: string, max: number): NameRule {
  return (name) => {
    if (name.length < 1 || name.length > max || !IAM_NAME_CHARS.test(name)) {
      return `${kind} must be 1-${max} characters of letters, digits and +=,.@_-, got ${describe(name)}`;
    }
    return undefined;
  };
}

/** IAM role names: 1-64 characters. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const iamRoleName: NameRule = iamName("an IAM role name", MAX_NAME_LENGTH.iamRole);
/** Customer-managed policy names: 1-128 characters. */
export const iamPolicyName: NameRule = iamName("an IAM policy name", MAX_NAME_LENGTH.iamPolicy);
/** Instance profile names: 1-128 characters. */
export const instanceProfileName: NameRule = iamName("an instance profile name", MAX_NAME_LENGTH.instanceProfile);

/**
 * General purpose bucket naming rules.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export const s3BucketName: NameRule = (name) => {
  const allowed =
    "an S3 bucket name must be 3-63 characters of lowercase letters, digits, hyphens and periods, " +
    "start and end with a letter or digit, not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- " +
    "and not end with -s3alias, --ol-s3, .mrap or --x-s3";
  const bad =
    name.length < 3 ||
    name.length > MAX_NAME_LENGTH.s3Bucket ||
    !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) ||
    name.includes("..") ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(name) ||
    /^(xn--|sthree-|amzn-s3-demo-)/.test(name) ||
    /(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(name);
  return bad ? `${allowed}, got ${describe(name)}` : undefined;
};

/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html */
export const trailName: NameRule = (name) => {
  const bad =
    name.length < 3 ||
    name.length > MAX_NAME_LENGTH.trail ||
    !/^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/.test(name) ||
    /[._-]{2}/.test(name) ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(name);
  return bad
    ? "a trail name must be 3-128 characters of letters, digits, periods, underscores and hyphens, " +
        `start and end with a letter or digit, with no two of ._- adjacent and not IP-shaped, got ${describe(name)}`
    : undefined;
};

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html */
export const kmsAliasName: NameRule = (name) => {
  const bad = name.length > MAX_NAME_LENGTH.kmsAlias || !/^alias\/[A-Za-z0-9/_-]+$/.test(name) || name.startsWith("alias/aws/");
  return bad
    ? `a KMS alias must be "alias/" followed by letters, digits and /_-, at most 256 characters and not under alias/aws/, got ${describe(name)}`
    : undefined;
};

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html */
export const logGroupName: NameRule = (name) => {
  const bad = name.length < 1 || name.length > MAX_NAME_LENGTH.logGroup || !/^[.\-_/#A-Za-z0-9]+$/.test(name);
  return bad
    ? `a log group name must be 1-512 characters of letters, digits and ._-/#, got ${describe(name)}`
    : undefined;
};

/** https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
export const snsTopicName: NameRule = (name) =>
  /^[A-Za-z0-9_-]{1,256}$/.test(name)
    ? undefined
    : `an SNS topic name must be 1-256 characters of letters, digits, hyphens and underscores, got ${describe(name)}`;

/** Stack names become folder names under cdktf.out/stacks and state keys in the backend. */
export const stackName: NameRule = (name) =>
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(name)
    ? undefined
    : `a stack name must be 1-100 characters of letters, digits, hyphens and underscores, got ${describe(name)}`;

/** Kubernetes `namespace:serviceaccount`: a DNS-1123 label, a colon, a DNS-1123 subdomain. */
export const SERVICE_ACCOUNT_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?:[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

/** Quotes a value and, when it is long enough for the length to matter, gives its length. */
export function describe(value: string): string {
  return value.length > 20 ? `"${value}" (${value.length} characters)` : `"${value}"`;
}
