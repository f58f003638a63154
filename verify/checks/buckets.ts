/** The buckets: their protective settings, and the log files delivered. */
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
import type { ExpectedBucket } from "../expected";
import { policyDifferences } from "../policy-diff";
import { attempt, keyIdOf, row, sameSet, type AccountCheckContext, type Json, type Row } from "./common";

export async function checkBucket(c: AccountCheckContext, bucket: ExpectedBucket, keyArns: Readonly<Record<string, string>>): Promise<Row[]> {
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
        lock.error ?? (retention ? `${retention.Mode}, ${retention.Days !== undefined ? `${retention.Days} d` : `${retention.Years} y`}` : "none"),
        retention?.Mode === bucket.objectLock.mode && Number(retention?.Days) === bucket.objectLock.days,
      ),
    );
  }
  return rows;
}

/**
 * At least one object under a prefix: what a delivery left. A warning, not a failure, while the
 * trail is younger than the delivery window (`notYet` says so in the row).
 */
async function delivered(
  c: AccountCheckContext,
  startedAt: Date | undefined,
  what: { group: string; check: string; bucket: string; prefix: string; windowMs: number; notYet: string },
): Promise<Row> {
  const { api, expected: e } = c;
  const listed = await attempt(() => api.send<Json>(api.clients.s3, new ListObjectsV2Command({ Bucket: what.bucket, Prefix: what.prefix, MaxKeys: 1, ExpectedBucketOwner: e.accountId })));
  // S3 always answers KeyCount, and with KeyCount > 0 the object in Contents.
  const found = (listed.value?.KeyCount ?? 0) > 0;
  const young = startedAt !== undefined && c.now().getTime() - startedAt.getTime() < what.windowMs;
  return row(
    what.group,
    what.check,
    what.bucket,
    `at least one object under ${what.prefix}`,
    listed.error ?? (found ? `found ${listed.value.Contents[0].Key}` : young ? `none yet (${what.notYet})` : "none"),
    found,
    !found && young && !listed.error,
  );
}

/**
 * At least one log file under `<prefix>/AWSLogs/<path>/CloudTrail/` (a warning for a trail younger
 * than 15 minutes). `path` is the account's id, or `<org-id>/<account>` for an organization trail.
 */
export function checkLogFiles(c: AccountCheckContext, startedAt: Date | undefined, path: string = c.expected.accountId): Promise<Row> {
  const e = c.expected;
  const prefix = `${e.trail.keyPrefix ? `${e.trail.keyPrefix}/` : ""}AWSLogs/${path}/CloudTrail/`;
  return delivered(c, startedAt, {
    group: "Bucket (log bucket)",
    check: "log files delivered",
    bucket: e.trail.bucket,
    prefix,
    windowMs: 15 * 60_000,
    notYet: "the trail started less than 15 minutes ago",
  });
}

/**
 * S3 server access logs of the log bucket arrive in the access-log bucket. S3 delivers them on a
 * best-effort basis, usually within a few hours: a warning for a trail younger than 3 hours.
 */
export async function checkAccessLogs(c: AccountCheckContext, startedAt: Date | undefined): Promise<Row | undefined> {
  const e = c.expected;
  const target = e.buckets.find((b) => b.name === e.trail.bucket)?.loggingTarget;
  if (!target) return undefined;
  return delivered(c, startedAt, {
    group: "Bucket (access-log bucket)",
    check: "server access logs of the log bucket delivered",
    bucket: target.bucket,
    prefix: target.prefix,
    windowMs: 3 * 3600_000,
    notYet: "S3 delivers access logs within hours; the trail started less than 3 hours ago",
  });
}
