/**
 * What a deployed environment must look like, read from the stacks this configuration
 * synthesizes: names, settings and policy documents exactly as Terraform will apply them.
 */
import type { EnvironmentConfig } from "../config/types";

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ExpectedLifecycleRule {
  readonly id: string;
  readonly status: string;
  /** `<days> d <storage class>`, in order. */
  readonly transitions: readonly string[];
}

export interface ExpectedBucket {
  readonly name: string;
  /** What the bucket is for, in row labels. */
  readonly label: string;
  readonly sseAlgorithm: string;
  /** The alias of the KMS key the bucket encrypts with, when it uses one. */
  readonly kmsAlias?: string;
  readonly policy?: Json;
  readonly lifecycle: readonly ExpectedLifecycleRule[];
  readonly loggingTarget?: { readonly bucket: string; readonly prefix: string };
  readonly objectLock?: { readonly mode: string; readonly days: number };
}

export interface ExpectedRole {
  readonly name: string;
  readonly trust: Json;
  readonly managedPolicyArns: readonly string[];
  /** Inline policies by name. */
  readonly inline: Readonly<Record<string, Json>>;
  /** Customer managed policies attached to the role, by name. */
  readonly customer: Readonly<Record<string, Json>>;
  readonly permissionsBoundary?: string;
}

/** A Pod Identity association this environment's stack makes. */
export interface ExpectedAssociation {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly targetRoleArn?: string;
}

export interface ExpectedAlarm {
  readonly alarmName: string;
  readonly filterName: string;
  readonly pattern: string;
  readonly metricName: string;
  readonly namespace: string;
}

export interface Expected {
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly trail: {
    readonly name: string;
    readonly bucket: string;
    readonly keyPrefix: string;
    readonly kmsAlias: string;
    readonly logGroup: string;
    readonly cloudWatchLogsRole: string;
    readonly multiRegion: boolean;
    readonly globalServiceEvents: boolean;
    readonly logFileValidation: boolean;
    /** AWS's shape (Name, FieldSelectors), as GetEventSelectors returns it. */
    readonly advancedEventSelectors: readonly Json[];
    readonly insightTypes: readonly string[];
    /** Set for an organization trail (its name is then the trail's ARN: other accounts name it so). */
    readonly organization?: true;
  };
  readonly buckets: readonly ExpectedBucket[];
  readonly keyAliases: readonly string[];
  readonly roles: readonly ExpectedRole[];
  readonly instanceProfile: { readonly name: string; readonly role: string };
  readonly oidcProvider?: { readonly arn: string; readonly url: string };
  /** The cluster's Pod Identity associations and agent, where the stack makes any. */
  readonly podIdentity?: { readonly clusterName: string; readonly associations: readonly ExpectedAssociation[]; readonly agentAddon: boolean };
  readonly alarms: readonly ExpectedAlarm[];
  readonly topic: { readonly name: string; readonly arn: string };
  /** The evidence is retained: alarms nobody receives are a finding, not a warning. */
  readonly retained: boolean;
}

export const values = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
export const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The resource a `${type.logicalId.attribute}` reference points at. */
export function target(json: Json, reference: unknown): Json | undefined {
  const m = /^\$\{([a-z0-9_]+)\.([^.}]+)\.[a-z_]+\}$/.exec(String(reference ?? ""));
  return m ? json.resource?.[m[1]]?.[m[2]] : undefined;
}

/** A bucket's name, whether given literally or as a reference to the bucket resource. */
const bucketName = (json: Json, value: unknown): string => target(json, value)?.bucket ?? String(value);

function attached(json: Json, type: string, bucket: Json): Json[] {
  return values(json, type).filter((r) => target(json, r.bucket) === bucket || r.bucket === bucket.bucket);
}

function keyAliasOf(json: Json, keyReference: unknown): string | undefined {
  const key = target(json, keyReference);
  if (!key) return undefined;
  return values(json, "aws_kms_alias").find((a) => target(json, a.target_key_id) === key)?.name;
}

export function expectedBucket(json: Json, bucket: Json, label: string): ExpectedBucket {
  const sse = attached(json, "aws_s3_bucket_server_side_encryption_configuration", bucket)[0];
  const byDefault = list(list(sse?.rule)[0]?.apply_server_side_encryption_by_default)[0];
  const policy = attached(json, "aws_s3_bucket_policy", bucket)[0]?.policy;
  const lifecycle = list(attached(json, "aws_s3_bucket_lifecycle_configuration", bucket)[0]?.rule).map((r: Json) => ({
    id: r.id,
    status: r.status,
    transitions: list(r.transition).map((t: Json) => `${t.days} d ${t.storage_class}`),
  }));
  const logging = attached(json, "aws_s3_bucket_logging", bucket)[0];
  const lock = list(list(attached(json, "aws_s3_bucket_object_lock_configuration", bucket)[0]?.rule)[0]?.default_retention)[0];
  return {
    name: bucket.bucket,
    label,
    sseAlgorithm: byDefault?.sse_algorithm ?? "AES256",
    kmsAlias: byDefault?.kms_master_key_id ? keyAliasOf(json, byDefault.kms_master_key_id) : undefined,
    policy: policy ? JSON.parse(policy) : undefined,
    lifecycle,
    loggingTarget: logging ? { bucket: bucketName(json, logging.target_bucket), prefix: logging.target_prefix ?? "" } : undefined,
    objectLock: lock ? { mode: lock.mode, days: Number(lock.days) } : undefined,
  };
}

function expectedRoles(json: Json, accountId: string): ExpectedRole[] {
  return values(json, "aws_iam_role").map((role) => {
    const inline = Object.fromEntries(
      values(json, "aws_iam_role_policy")
        .filter((p) => target(json, p.role) === role)
        .map((p) => [p.name, JSON.parse(p.policy)]),
    );
    const arns = values(json, "aws_iam_role_policy_attachment")
      .filter((a) => target(json, a.role) === role)
      .map((a) => a.policy_arn as string);
    const customerPolicies = arns.map((arn) => target(json, arn)).filter((p): p is Json => p !== undefined);
    return {
      name: role.name,
      trust: JSON.parse(role.assume_role_policy),
      managedPolicyArns: arns.map((arn) => (target(json, arn) ? `arn:aws:iam::${accountId}:policy/${target(json, arn).name}` : arn)).sort(),
      inline,
      customer: Object.fromEntries(customerPolicies.map((p) => [p.name, JSON.parse(p.policy)])),
      permissionsBoundary: role.permissions_boundary,
    };
  });
}

function expectedPodIdentity(json: Json, accountId: string): Expected["podIdentity"] {
  const associations = values(json, "aws_eks_pod_identity_association");
  if (associations.length === 0) return undefined;
  return {
    clusterName: associations[0].cluster_name,
    associations: associations.map((a) => ({
      namespace: a.namespace,
      serviceAccount: a.service_account,
      roleArn: `arn:aws:iam::${accountId}:role/${target(json, a.role_arn).name}`,
      ...(a.target_role_arn !== undefined ? { targetRoleArn: a.target_role_arn } : {}),
    })),
    agentAddon: values(json, "aws_eks_addon").length > 0,
  };
}

/** Turns the trail's `advanced_event_selector` blocks into GetEventSelectors' shape. */
export function awsSelectors(trail: Json): Json[] {
  const operators: Record<string, string> = {
    equals: "Equals",
    not_equals: "NotEquals",
    starts_with: "StartsWith",
    not_starts_with: "NotStartsWith",
    ends_with: "EndsWith",
    not_ends_with: "NotEndsWith",
  };
  return list(trail.advanced_event_selector).map((s: Json) => ({
    Name: s.name,
    FieldSelectors: list(s.field_selector).map((f: Json) => ({
      Field: f.field,
      ...Object.fromEntries(Object.entries(operators).filter(([tf]) => f[tf] !== undefined).map(([tf, aws]) => [aws, list(f[tf])])),
    })),
  }));
}

export function expectedFrom(config: EnvironmentConfig, state: Json, foundation: Json): Expected {
  const { accountId, region, names } = config;
  const trail = values(foundation, "aws_cloudtrail")[0];
  const buckets = values(foundation, "aws_s3_bucket");
  const logBucket = buckets.find((b) => b.bucket === trail.s3_bucket_name);
  const accessLogBucket = buckets.find((b) => b !== logBucket);
  const stateBucket = values(state, "aws_s3_bucket")[0];
  const profile = values(foundation, "aws_iam_instance_profile")[0];
  const provider = values(foundation, "aws_iam_openid_connect_provider")[0] ?? Object.values(foundation.data?.aws_iam_openid_connect_provider ?? {})[0];
  const issuerHost = config.eksOidcIssuerUrl?.replace(/^https:\/\//, "");
  const topic = values(foundation, "aws_sns_topic")[0];
  return {
    environment: config.environment,
    accountId,
    region,
    trail: {
      name: trail.name,
      bucket: trail.s3_bucket_name,
      keyPrefix: trail.s3_key_prefix ?? "",
      kmsAlias: keyAliasOf(foundation, trail.kms_key_id) ?? names.kmsAlias,
      logGroup: names.logGroup,
      cloudWatchLogsRole: target(foundation, trail.cloud_watch_logs_role_arn)?.name ?? names.cloudTrailLogsRole,
      multiRegion: trail.is_multi_region_trail === true,
      globalServiceEvents: trail.include_global_service_events === true,
      logFileValidation: trail.enable_log_file_validation === true,
      advancedEventSelectors: awsSelectors(trail),
      insightTypes: list(trail.insight_selector).map((i: Json) => i.insight_type as string).sort(),
    },
    buckets: [
      expectedBucket(foundation, logBucket, "log bucket"),
      ...(accessLogBucket ? [expectedBucket(foundation, accessLogBucket, "access-log bucket")] : []),
      expectedBucket(state, stateBucket, "state bucket"),
    ],
    keyAliases: values(foundation, "aws_kms_alias").map((a) => a.name as string),
    roles: expectedRoles(foundation, accountId),
    instanceProfile: { name: profile.name, role: target(foundation, profile.role)?.name ?? String(profile.role) },
    oidcProvider:
      issuerHost !== undefined && provider !== undefined
        ? { arn: `arn:aws:iam::${accountId}:oidc-provider/${issuerHost}`, url: config.eksOidcIssuerUrl! }
        : undefined,
    podIdentity: expectedPodIdentity(foundation, accountId),
    alarms: expectedAlarms(foundation),
    topic: { name: topic.name, arn: `arn:aws:sns:${region}:${accountId}:${topic.name}` },
    retained: config.audit.retainOnDestroy,
  };
}

/** The CIS alarms of a stack, each with its metric filter. */
export function expectedAlarms(json: Json): ExpectedAlarm[] {
  const filters = values(json, "aws_cloudwatch_log_metric_filter");
  return values(json, "aws_cloudwatch_metric_alarm").map((alarm) => {
    const filter = filters.find((f) => list(f.metric_transformation)[0]?.name === alarm.metric_name);
    return { alarmName: alarm.alarm_name, filterName: filter?.name, pattern: filter?.pattern, metricName: alarm.metric_name, namespace: alarm.namespace };
  });
}
