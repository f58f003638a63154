/**
 * The read-only checks of a deployed environment. Each returns rows of expected vs observed;
 * nothing here changes the account (every call is a Get, List, Describe or Simulate).
 */
import { GetEventSelectorsCommand, GetInsightSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { paginateDescribeMetricFilters } from "@aws-sdk/client-cloudwatch-logs";
import {
  GetInstanceProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  SimulatePrincipalPolicyCommand,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import { paginateListSubscriptionsByTopic } from "@aws-sdk/client-sns";
import type { EnvironmentConfig } from "../config/types";
import { acceptanceTable } from "./acceptance";
import { collect, type Api } from "../aws/api";
import type { Clients } from "./aws";
import type { Expected, ExpectedBucket, ExpectedRole } from "./expected";
import { policyDifferences } from "./policy-diff";

// SDK responses are read field by field; the generated types are too deep to spell out here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type Status = "pass" | "fail" | "warn";

export interface Row {
  readonly group: string;
  readonly check: string;
  readonly resource: string;
  readonly expected: string;
  readonly observed: string;
  readonly status: Status;
}

export interface CheckContext {
  readonly api: Api<Clients>;
  readonly expected: Expected;
  readonly config: EnvironmentConfig;
  /** The clock, injectable for tests. */
  readonly now: () => Date;
}

const row = (group: string, check: string, resource: string, expected: string, observed: string, ok: boolean, warnInstead = false): Row => ({
  group,
  check,
  resource,
  expected,
  observed,
  status: ok ? "pass" : warnInstead ? "warn" : "fail",
});

const errorText = (error: unknown): string => {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? "Error"}: ${e.message ?? String(error)}`;
};

/** Runs one API call; an error becomes the observed value of a failing row instead of stopping everything. */
async function attempt<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error: errorText(error) };
  }
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const keyIdOf = (arnOrId: string | undefined): string => String(arnOrId ?? "").replace(/^.*:key\//, "");

/** Advanced event selectors in a comparable form: sorted selectors, fields and values. */
function canonicalSelectors(selectors: readonly Json[]): string {
  return JSON.stringify(
    [...selectors]
      .map((s) => ({
        Name: s.Name ?? "",
        FieldSelectors: [...(s.FieldSelectors ?? [])]
          .map((f: Json) =>
            Object.fromEntries(
              Object.keys(f)
                .filter((k) => f[k] !== undefined && !(Array.isArray(f[k]) && f[k].length === 0))
                .sort()
                .map((k) => [k, Array.isArray(f[k]) ? [...f[k]].sort() : f[k]]),
            ),
          )
          .sort((a: Json, b: Json) => String(a.Field).localeCompare(String(b.Field))),
      }))
      .sort((a, b) => a.Name.localeCompare(b.Name)),
  );
}

/** The trail, its status, selectors and delivery; returns the trail's start time for the age-dependent checks. */
export async function checkTrail(c: CheckContext, keyArns: Readonly<Record<string, string>>): Promise<{ rows: Row[]; startedAt?: Date }> {
  const { api, expected: e } = c;
  const t = e.trail;
  const g = "Trail";
  const got = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetTrailCommand({ Name: t.name })));
  if (!got.value?.Trail) return { rows: [row(g, "exists in the home region", t.name, `trail ${t.name} in ${e.region}`, got.error ?? "not found", false)] };
  const trail = got.value.Trail;
  const rows: Row[] = [row(g, "exists in the home region", t.name, `trail ${t.name} in ${e.region}`, `${trail.TrailARN} (home region ${trail.HomeRegion})`, trail.HomeRegion === e.region)];
  rows.push(row(g, "multi-region", t.name, String(t.multiRegion), String(trail.IsMultiRegionTrail === true), (trail.IsMultiRegionTrail === true) === t.multiRegion));
  rows.push(
    row(g, "global service events", t.name, String(t.globalServiceEvents), String(trail.IncludeGlobalServiceEvents === true), (trail.IncludeGlobalServiceEvents === true) === t.globalServiceEvents),
  );
  rows.push(row(g, "log file validation", t.name, String(t.logFileValidation), String(trail.LogFileValidationEnabled === true), (trail.LogFileValidationEnabled === true) === t.logFileValidation));
  const wantKey = keyArns[t.kmsAlias];
  rows.push(row(g, "encrypts with the configured key", t.name, `${t.kmsAlias} (${wantKey ?? "key not found"})`, trail.KmsKeyId ?? "no key", wantKey !== undefined && keyIdOf(trail.KmsKeyId) === keyIdOf(wantKey)));
  rows.push(row(g, "delivers to its bucket", t.name, `${t.bucket}, prefix ${t.keyPrefix}`, `${trail.S3BucketName}, prefix ${trail.S3KeyPrefix ?? ""}`, trail.S3BucketName === t.bucket && (trail.S3KeyPrefix ?? "") === t.keyPrefix));
  const group = String(trail.CloudWatchLogsLogGroupArn ?? "");
  const role = String(trail.CloudWatchLogsRoleArn ?? "");
  rows.push(
    row(
      g,
      "delivers to CloudWatch Logs",
      t.name,
      `log group ${t.logGroup}, role ${t.cloudWatchLogsRole}`,
      group ? `${group}, ${role}` : "no CloudWatch Logs delivery",
      group.includes(`:log-group:${t.logGroup}:`) && role.endsWith(`:role/${t.cloudWatchLogsRole}`),
    ),
  );

  const status = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetTrailStatusCommand({ Name: t.name })));
  const s = status.value ?? {};
  rows.push(row(g, "is logging", t.name, "IsLogging true", status.error ?? `IsLogging ${s.IsLogging === true}`, s.IsLogging === true));
  for (const field of ["LatestDeliveryError", "LatestDigestDeliveryError", "LatestCloudWatchLogsDeliveryError"]) {
    rows.push(row(g, `no ${field}`, t.name, "none", status.error ?? (s[field] ? String(s[field]) : "none"), !status.error && !s[field]));
  }
  const startedAt: Date | undefined = s.StartLoggingTime ? new Date(s.StartLoggingTime) : undefined;
  const now = c.now().getTime();
  const young = (ms: number): boolean => startedAt !== undefined && now - startedAt.getTime() < ms;
  const digest: Date | undefined = s.LatestDigestDeliveryTime ? new Date(s.LatestDigestDeliveryTime) : undefined;
  const digestFresh = digest !== undefined && now - digest.getTime() <= 2 * 3600_000;
  rows.push(
    row(
      g,
      "delivered a digest file in the last 2 hours",
      t.name,
      "a digest within 2 h",
      digest ? `latest digest ${digest.toISOString()}` : young(2 * 3600_000) ? "none yet (the trail started logging less than 2 h ago)" : "no digest delivered",
      digestFresh,
      !digestFresh && young(2 * 3600_000),
    ),
  );

  const selectors = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetEventSelectorsCommand({ TrailName: t.name })));
  const observedSelectors = selectors.value?.AdvancedEventSelectors ?? [];
  rows.push(
    row(
      g,
      "advanced event selectors as declared",
      t.name,
      canonicalSelectors(t.advancedEventSelectors),
      selectors.error ?? canonicalSelectors(observedSelectors),
      !selectors.error && canonicalSelectors(t.advancedEventSelectors) === canonicalSelectors(observedSelectors),
    ),
  );
  const insights = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetInsightSelectorsCommand({ TrailName: t.name })));
  const types: string[] = (insights.value?.InsightSelectors ?? []).map((i: Json) => i.InsightType).sort();
  // A trail without Insights answers InsightNotEnabledException.
  const insightsObserved = insights.error?.startsWith("InsightNotEnabledException") ? [] : types;
  rows.push(
    row(
      g,
      "Insights selectors as declared",
      t.name,
      t.insightTypes.join(", ") || "none",
      insights.error && !insights.error.startsWith("InsightNotEnabledException") ? insights.error : insightsObserved.join(", ") || "none",
      (!insights.error || insights.error.startsWith("InsightNotEnabledException")) && sameSet(insightsObserved, t.insightTypes),
    ),
  );
  return { rows, startedAt };
}

export async function checkBucket(c: CheckContext, bucket: ExpectedBucket, keyArns: Readonly<Record<string, string>>): Promise<Row[]> {
  const { api } = c;
  const s3 = api.clients.s3;
  const g = `Bucket (${bucket.label})`;
  const r = bucket.name;
  // A bucket of that name in another account is not ours: S3 answers 403 instead of its settings.
  const owner = c.expected.accountId;
  const [enc, ver, pab, own, pol, life, log] = await Promise.all([
    attempt(() => api.send<Json>(s3, new GetBucketEncryptionCommand({ Bucket: r, ExpectedBucketOwner: owner }))),
    attempt(() => api.send<Json>(s3, new GetBucketVersioningCommand({ Bucket: r, ExpectedBucketOwner: owner }))),
    attempt(() => api.send<Json>(s3, new GetPublicAccessBlockCommand({ Bucket: r, ExpectedBucketOwner: owner }))),
    attempt(() => api.send<Json>(s3, new GetBucketOwnershipControlsCommand({ Bucket: r, ExpectedBucketOwner: owner }))),
    attempt(() => api.send<Json>(s3, new GetBucketPolicyCommand({ Bucket: r, ExpectedBucketOwner: owner }))),
    attempt(() => api.send<Json>(s3, new GetBucketLifecycleConfigurationCommand({ Bucket: r, ExpectedBucketOwner: owner }))),
    attempt(() => api.send<Json>(s3, new GetBucketLoggingCommand({ Bucket: r, ExpectedBucketOwner: owner }))),
  ]);
  const rows: Row[] = [];
  const byDefault = enc.value?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault ?? {};
  const wantKey = bucket.kmsAlias ? keyArns[bucket.kmsAlias] : undefined;
  rows.push(
    row(
      g,
      "default encryption",
      r,
      bucket.kmsAlias ? `${bucket.sseAlgorithm} with ${bucket.kmsAlias} (${wantKey ?? "key not found"})` : bucket.sseAlgorithm,
      enc.error ?? `${byDefault.SSEAlgorithm}${byDefault.KMSMasterKeyID ? ` with ${byDefault.KMSMasterKeyID}` : ""}`,
      byDefault.SSEAlgorithm === bucket.sseAlgorithm && (!bucket.kmsAlias || (wantKey !== undefined && keyIdOf(byDefault.KMSMasterKeyID) === keyIdOf(wantKey))),
    ),
  );
  rows.push(row(g, "versioning", r, "Enabled", ver.error ?? String(ver.value?.Status ?? "never enabled"), ver.value?.Status === "Enabled"));
  const block = pab.value?.PublicAccessBlockConfiguration ?? {};
  const blocks = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];
  rows.push(
    row(g, "public access block", r, "all four on", pab.error ?? (blocks.filter((b) => block[b] !== true).map((b) => `${b} off`).join(", ") || "all four on"), blocks.every((b) => block[b] === true)),
  );
  const ownership = own.value?.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  rows.push(row(g, "ownership controls (ACLs disabled)", r, "BucketOwnerEnforced", own.error ?? String(ownership), ownership === "BucketOwnerEnforced"));
  if (bucket.policy) {
    const differences = pol.value?.Policy ? policyDifferences(bucket.policy, JSON.parse(pol.value.Policy)) : [pol.error ?? "no bucket policy"];
    rows.push(row(g, "bucket policy as declared", r, `${bucket.policy.Statement.length} statements as synthesized`, differences.join("; ") || "the same statements", differences.length === 0));
  }
  const rules: Json[] = life.value?.Rules ?? [];
  const lifecycleProblems = bucket.lifecycle.flatMap((want) => {
    const have = rules.find((x) => x.ID === want.id);
    if (!have) return [`rule ${want.id} missing`];
    const transitions = (have.Transitions ?? []).map((t: Json) => `${t.Days} d ${t.StorageClass}`);
    return [
      ...(have.Status !== want.status ? [`rule ${want.id} is ${have.Status}`] : []),
      ...(!sameSet(transitions, want.transitions) ? [`rule ${want.id} transitions ${transitions.join(", ") || "none"}`] : []),
    ];
  });
  if (bucket.lifecycle.length > 0) {
    rows.push(
      row(
        g,
        "lifecycle rules",
        r,
        bucket.lifecycle.map((l) => `${l.id}${l.transitions.length ? ` (${l.transitions.join(", ")})` : ""}`).join("; "),
        life.error ?? (lifecycleProblems.join("; ") || "as declared"),
        !life.error && lifecycleProblems.length === 0,
      ),
    );
  }
  if (bucket.loggingTarget) {
    const target = log.value?.LoggingEnabled;
    rows.push(
      row(
        g,
        "server access logging",
        r,
        `to ${bucket.loggingTarget.bucket}/${bucket.loggingTarget.prefix}`,
        log.error ?? (target ? `to ${target.TargetBucket}/${target.TargetPrefix ?? ""}` : "off"),
        target?.TargetBucket === bucket.loggingTarget.bucket && (target?.TargetPrefix ?? "") === bucket.loggingTarget.prefix,
      ),
    );
  }
  if (bucket.objectLock) {
    const lock = await attempt(() => api.send<Json>(s3, new GetObjectLockConfigurationCommand({ Bucket: r, ExpectedBucketOwner: owner })));
    const retention = lock.value?.ObjectLockConfiguration?.Rule?.DefaultRetention;
    rows.push(
      row(
        g,
        "Object Lock default retention",
        r,
        `${bucket.objectLock.mode}, ${bucket.objectLock.days} d`,
        lock.error ?? (retention ? `${retention.Mode}, ${retention.Days ?? `${retention.Years} y`} d` : "none"),
        retention?.Mode === bucket.objectLock.mode && Number(retention?.Days) === bucket.objectLock.days,
      ),
    );
  }
  return rows;
}

/** At least one log file under `<prefix>/AWSLogs/<account>/CloudTrail/` (a warning for a trail younger than 15 minutes). */
export async function checkLogFiles(c: CheckContext, startedAt: Date | undefined): Promise<Row> {
  const { api, expected: e } = c;
  const prefix = `${e.trail.keyPrefix ? `${e.trail.keyPrefix}/` : ""}AWSLogs/${e.accountId}/CloudTrail/`;
  const listed = await attempt(() => api.send<Json>(api.clients.s3, new ListObjectsV2Command({ Bucket: e.trail.bucket, Prefix: prefix, MaxKeys: 1, ExpectedBucketOwner: e.accountId })));
  const found = (listed.value?.KeyCount ?? listed.value?.Contents?.length ?? 0) > 0;
  const young = startedAt !== undefined && c.now().getTime() - startedAt.getTime() < 15 * 60_000;
  return row(
    "Bucket (log bucket)",
    "log files delivered",
    e.trail.bucket,
    `at least one object under ${prefix}`,
    listed.error ?? (found ? `found ${listed.value?.Contents?.[0]?.Key ?? "an object"}` : young ? "none yet (the trail started less than 15 minutes ago)" : "none"),
    found,
    !found && young && !listed.error,
  );
}

/** Each key alias resolves to an enabled key with rotation on; returns the keys' ARNs by alias. */
export async function checkKeys(c: CheckContext): Promise<{ rows: Row[]; arns: Record<string, string> }> {
  const { api, expected: e } = c;
  const rows: Row[] = [];
  const arns: Record<string, string> = {};
  await Promise.all(
    e.keyAliases.map(async (alias) => {
      const described = await attempt(() => api.send<Json>(api.clients.kms, new DescribeKeyCommand({ KeyId: alias })));
      const meta = described.value?.KeyMetadata;
      rows.push(row("Key", "alias resolves to a key", alias, `${alias} -> a customer key`, described.error ?? String(meta?.Arn), meta?.Arn !== undefined));
      if (!meta) return;
      arns[alias] = meta.Arn;
      rows.push(row("Key", "key state", alias, "Enabled", String(meta.KeyState), meta.KeyState === "Enabled"));
      const rotation = await attempt(() => api.send<Json>(api.clients.kms, new GetKeyRotationStatusCommand({ KeyId: meta.Arn })));
      rows.push(row("Key", "rotation", alias, "on", rotation.error ?? (rotation.value?.KeyRotationEnabled ? "on" : "off"), rotation.value?.KeyRotationEnabled === true));
    }),
  );
  return { rows: rows.sort((a, b) => a.resource.localeCompare(b.resource)), arns };
}

export async function checkRole(c: CheckContext, role: ExpectedRole): Promise<Row[]> {
  const { api, expected: e } = c;
  const iam = api.clients.iam;
  const g = "Role";
  const got = await attempt(() => api.send<Json>(iam, new GetRoleCommand({ RoleName: role.name })));
  if (!got.value?.Role) return [row(g, "exists", role.name, "the role", got.error ?? "not found", false)];
  const rows: Row[] = [row(g, "exists", role.name, "the role", got.value.Role.Arn, true)];
  const trust = JSON.parse(decodeURIComponent(got.value.Role.AssumeRolePolicyDocument));
  const trustDiff = policyDifferences(role.trust, trust);
  rows.push(row(g, "trust policy: principal and conditions as declared", role.name, "the synthesized trust policy", trustDiff.join("; ") || "the same", trustDiff.length === 0));
  const boundary = got.value.Role.PermissionsBoundary?.PermissionsBoundaryArn;
  if (role.permissionsBoundary || boundary) {
    rows.push(row(g, "permissions boundary", role.name, role.permissionsBoundary ?? "none", boundary ?? "none", boundary === role.permissionsBoundary));
  }
  const [attachedList, inlineList] = await Promise.all([
    attempt(() => collect(paginateListAttachedRolePolicies({ client: api.via(iam) }, { RoleName: role.name }), (p) => p.AttachedPolicies)),
    attempt(() => collect(paginateListRolePolicies({ client: api.via(iam) }, { RoleName: role.name }), (p) => p.PolicyNames)),
  ]);
  const attachedArns: string[] = (attachedList.value ?? []).map((p) => String(p.PolicyArn)).sort();
  rows.push(
    row(
      g,
      "attached policies as declared",
      role.name,
      role.managedPolicyArns.join(", ") || "none",
      attachedList.error ?? (attachedArns.join(", ") || "none"),
      !attachedList.error && sameSet(attachedArns, role.managedPolicyArns),
    ),
  );
  const inlineNames: string[] = [...(inlineList.value ?? [])].sort();
  rows.push(
    row(g, "inline policies as declared", role.name, Object.keys(role.inline).sort().join(", ") || "none", inlineList.error ?? (inlineNames.join(", ") || "none"), !inlineList.error && sameSet(inlineNames, Object.keys(role.inline))),
  );
  for (const [name, document] of Object.entries(role.inline)) {
    if (!inlineNames.includes(name)) continue;
    const got2 = await attempt(() => api.send<Json>(iam, new GetRolePolicyCommand({ RoleName: role.name, PolicyName: name })));
    const diff = got2.value ? policyDifferences(document, JSON.parse(decodeURIComponent(got2.value.PolicyDocument))) : [got2.error ?? "unreadable"];
    rows.push(row(g, `inline policy ${name} as declared`, role.name, "the synthesized document", diff.join("; ") || "the same", diff.length === 0));
  }
  for (const [name, document] of Object.entries(role.customer)) {
    const arn = `arn:aws:iam::${e.accountId}:policy/${name}`;
    const policy = await attempt(() => api.send<Json>(iam, new GetPolicyCommand({ PolicyArn: arn })));
    const version = policy.value?.Policy?.DefaultVersionId;
    const doc = version ? await attempt(() => api.send<Json>(iam, new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))) : undefined;
    const diff = doc?.value ? policyDifferences(document, JSON.parse(decodeURIComponent(doc.value.PolicyVersion.Document))) : [policy.error ?? doc?.error ?? "no default version"];
    rows.push(row(g, `policy ${name} as declared`, role.name, "the synthesized document", diff.join("; ") || "the same", diff.length === 0));
  }
  return rows;
}

export async function checkInstanceProfileAndProvider(c: CheckContext): Promise<Row[]> {
  const { api, expected: e } = c;
  const rows: Row[] = [];
  const profile = await attempt(() => api.send<Json>(api.clients.iam, new GetInstanceProfileCommand({ InstanceProfileName: e.instanceProfile.name })));
  const roles: string[] = (profile.value?.InstanceProfile?.Roles ?? []).map((r: Json) => r.RoleName);
  rows.push(row("Role", "node instance profile holds the node role", e.instanceProfile.name, e.instanceProfile.role, profile.error ?? (roles.join(", ") || "no role"), sameSet(roles, [e.instanceProfile.role])));
  if (e.oidcProvider) {
    const provider = await attempt(() => api.send<Json>(api.clients.iam, new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: e.oidcProvider!.arn })));
    const audiences: string[] = provider.value?.ClientIDList ?? [];
    rows.push(
      row("Role", "IAM OIDC provider for the cluster", e.oidcProvider.arn, "exists, audience sts.amazonaws.com", provider.error ?? `audiences ${audiences.join(", ") || "none"}`, audiences.includes("sts.amazonaws.com")),
    );
  }
  return rows;
}

/** IAM's own policy engine on the acceptance table: the live account confirms the offline proofs. */
export async function checkAcceptance(c: CheckContext): Promise<Row[]> {
  const { api, expected: e, config } = c;
  const rows = await Promise.all(
    acceptanceTable(config).map(async (a) => {
      const roleName = config.names[a.role];
      const simulated = await attempt(() =>
        api.send<Json>(
          api.clients.iam,
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: `arn:aws:iam::${e.accountId}:role/${roleName}`,
            ActionNames: [a.action],
            ResourceArns: [a.resource],
            ContextEntries: Object.entries(a.context ?? {}).map(([key, value]) => ({ ContextKeyName: key, ContextKeyValues: [value], ContextKeyType: "string" })),
          }),
        ),
      );
      const decision: string | undefined = simulated.value?.EvaluationResults?.[0]?.EvalDecision;
      const allowed = decision === "allowed";
      return row(
        "Acceptance (IAM policy simulator)",
        `${a.why}: ${a.action}`,
        roleName,
        a.expected,
        simulated.error ?? String(decision),
        !simulated.error && decision !== undefined && allowed === (a.expected === "allowed"),
      );
    }),
  );
  rows.push(
    row(
      "Acceptance (IAM policy simulator)",
      "aws sts assume-role from a user (seed guide)",
      config.names.sagemakerExecutionRole,
      "not possible by design",
      "the role trusts only sagemaker.amazonaws.com, so a user's assume-role is refused; SageMaker assumes it for jobs",
      true,
    ),
  );
  return rows;
}

export async function checkAlarms(c: CheckContext): Promise<Row[]> {
  const { api, expected: e } = c;
  const rows: Row[] = [];
  const filters: Json[] = [];
  const listed = await attempt(() => collect(paginateDescribeMetricFilters({ client: api.via(api.clients.logs) }, { logGroupName: e.trail.logGroup }), (p) => p.metricFilters));
  const filterError = listed.error;
  filters.push(...(listed.value ?? []));
  const names = e.alarms.map((a) => a.alarmName);
  const alarms: Json[] = [];
  for (let i = 0; i < names.length; i += 100) {
    const page = await attempt(() => api.send<Json>(api.clients.cloudwatch, new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), MaxRecords: 100 })));
    alarms.push(...(page.value?.MetricAlarms ?? []));
  }
  for (const want of e.alarms) {
    const filter = filters.find((f) => f.filterName === want.filterName);
    rows.push(
      row(
        "Alarms",
        "metric filter with the declared pattern",
        want.filterName,
        want.pattern,
        filterError ?? (filter ? (filter.filterPattern === want.pattern ? "the same pattern" : String(filter.filterPattern)) : "missing"),
        filter?.filterPattern === want.pattern,
      ),
    );
    const alarm = alarms.find((a) => a.AlarmName === want.alarmName);
    const actions: string[] = alarm?.AlarmActions ?? [];
    rows.push(
      row(
        "Alarms",
        "alarm with its action enabled",
        want.alarmName,
        `actions on, notifies ${e.topic.name}`,
        alarm ? `actions ${alarm.ActionsEnabled ? "on" : "off"}, notifies ${actions.join(", ") || "nobody"}` : "missing",
        alarm?.ActionsEnabled === true && actions.includes(e.topic.arn),
      ),
    );
  }
  const subscriptions = await attempt(() => collect(paginateListSubscriptionsByTopic({ client: api.via(api.clients.sns) }, { TopicArn: e.topic.arn }), (p) => p.Subscriptions));
  const all: Json[] = subscriptions.value ?? [];
  const confirmed = all.filter((s) => s.SubscriptionArn && s.SubscriptionArn !== "PendingConfirmation");
  rows.push(
    row(
      "Alarms",
      "topic has a confirmed subscription",
      e.topic.name,
      "at least one confirmed subscriber",
      subscriptions.error ?? `${confirmed.length} confirmed, ${all.length - confirmed.length} pending`,
      confirmed.length > 0,
      // Where evidence is kept, alarms nobody receives are a finding; in dev, a warning.
      !subscriptions.error && !c.config.audit.retainOnDestroy,
    ),
  );
  return rows;
}
