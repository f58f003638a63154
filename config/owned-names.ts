/** The names an environment creates, what kind of AWS object each is, and where two would collide. */
import {
  iamPolicyName,
  iamRoleName,
  instanceProfileName,
  kmsAliasName,
  logGroupName,
  s3BucketName,
  snsTopicName,
  stackName,
  trailName,
  MAX_NAME_LENGTH,
  type NameRule,
} from "../facts/name-rules";
import type { Problems } from "./problems";
import type { Names } from "./types";

/** One name the environment creates, and the setting it comes from. */
export interface OwnedName {
  readonly key: keyof Names | "retailApiIrsaRole" | "cniIrsaRole" | "podRole";
  readonly value: string;
  readonly label: string;
  /** What kind of AWS object; two of one kind cannot share a name within its scope. */
  readonly kind: NameKind;
  /** Where the name comes from: derived by default, or set (at the top level of the file, for every environment, or for this one). */
  readonly source: "derived" | "top level" | "set";
}

export type NameKind = "stack" | "bucket" | "trail" | "kmsAlias" | "logGroup" | "role" | "instanceProfile" | "policy" | "topic";

export const NAME_RULES: Record<NameKind, NameRule> = {
  stack: stackName,
  bucket: s3BucketName,
  trail: trailName,
  kmsAlias: kmsAliasName,
  logGroup: logGroupName,
  role: iamRoleName,
  instanceProfile: instanceProfileName,
  policy: iamPolicyName,
  topic: snsTopicName,
};

/** The longest name of each kind (the SNS and log group rules allow far more than any derived name needs). */
export const KIND_MAX_LENGTH: Record<NameKind, number> = {
  stack: MAX_NAME_LENGTH.stack,
  bucket: MAX_NAME_LENGTH.s3Bucket,
  trail: MAX_NAME_LENGTH.trail,
  kmsAlias: MAX_NAME_LENGTH.kmsAlias,
  logGroup: MAX_NAME_LENGTH.logGroup,
  role: MAX_NAME_LENGTH.iamRole,
  instanceProfile: MAX_NAME_LENGTH.instanceProfile,
  policy: MAX_NAME_LENGTH.iamPolicy,
  topic: MAX_NAME_LENGTH.snsTopic,
};

export const NAME_KINDS: Record<keyof Names, NameKind> = {
  stateStack: "stack",
  foundationStack: "stack",
  stateBucket: "bucket",
  logBucket: "bucket",
  accessLogBucket: "bucket",
  trail: "trail",
  kmsAlias: "kmsAlias",
  logGroup: "logGroup",
  cloudTrailLogsRole: "role",
  eksClusterRole: "role",
  eksNodeGroupRole: "role",
  eksNodeInstanceProfile: "instanceProfile",
  sagemakerExecutionRole: "role",
  lambdaInferenceRole: "role",
  lambdaInferencePolicy: "policy",
  alarmTopic: "topic",
  alarmKmsAlias: "kmsAlias",
};

/** Where two names of one kind collide, and how to say so. */
export const KIND_SCOPES: Record<NameKind, { scope: "app" | "global" | "account" | "region"; what: string }> = {
  stack: { scope: "app", what: "stack" },
  bucket: { scope: "global", what: "S3 bucket" },
  trail: { scope: "region", what: "trail" },
  kmsAlias: { scope: "region", what: "KMS alias" },
  logGroup: { scope: "region", what: "log group" },
  role: { scope: "account", what: "IAM role" },
  instanceProfile: { scope: "account", what: "instance profile" },
  policy: { scope: "account", what: "IAM policy" },
  topic: { scope: "region", what: "SNS topic" },
};

/** Two names of one kind in one environment would be one resource created twice. */
export function checkWithinEnvironment(owned: readonly OwnedName[], problems: Problems): void {
  for (const [i, name] of owned.entries()) {
    const first = owned.slice(0, i).find((o) => o.kind === name.kind && o.value === name.value);
    if (!first) continue;
    // The mistake is the name someone set, not the one derived by default.
    const [culprit, other] = name.source === "derived" && first.source !== "derived" ? [first, name] : [name, first];
    problems.add(culprit.label, `must differ from ${other.label}: both would be the ${KIND_SCOPES[name.kind].what}`, name.value);
  }
}
