/**
 * Healthy worlds: the state of an account exactly as the synthesized stacks declare it, for a
 * test to break one thing at a time. An environment's account, or the audit side alone (an
 * organization's trail or log-archive account).
 */
import type { AuditExpected } from "../../verify/checks/common";
import type { Expected } from "../../verify/expected";
import { ACCOUNT, NOW, type World } from "./world-state";

// Mocked AWS state is plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const keyArn = (alias: string, account = ACCOUNT): string => `arn:aws:kms:us-east-1:${account}:key/${alias.replace(/[^a-z0-9]/g, "").slice(-24).padStart(24, "0")}`;

export function healthyWorld(e: Expected): World {
  const policies: Record<string, Json> = {};
  const roles = Object.fromEntries(
    e.roles.map((r) => {
      for (const [name, document] of Object.entries(r.customer)) policies[`arn:aws:iam::${ACCOUNT}:policy/${name}`] = document;
      return [r.name, { trust: r.trust, attached: [...r.managedPolicyArns], inline: { ...r.inline }, boundary: r.permissionsBoundary }];
    }),
  );
  return {
    ...healthyAuditWorld(e, ACCOUNT),
    roles,
    policies,
    profiles: { [e.instanceProfile.name]: [e.instanceProfile.role] },
    oidc: e.oidcProvider ? { [e.oidcProvider.arn]: ["sts.amazonaws.com"] } : {},
    clusters: e.podIdentity
      ? {
          [e.podIdentity.clusterName]: {
            associations: e.podIdentity.associations.map((a, i) => ({
              clusterName: e.podIdentity!.clusterName,
              namespace: a.namespace,
              serviceAccount: a.serviceAccount,
              roleArn: a.roleArn,
              associationId: `a-${String(i).padStart(17, "0")}`,
              associationArn: `arn:aws:eks:${e.region}:${ACCOUNT}:podidentityassociation/${e.podIdentity!.clusterName}/a-${String(i).padStart(17, "0")}`,
              disableSessionTags: false,
              ...(a.targetRoleArn ? { targetRoleArn: a.targetRoleArn, externalId: `ext-${i}` } : {}),
            })),
            addons: e.podIdentity.agentAddon ? { "eks-pod-identity-agent": "ACTIVE" } : {},
          },
        }
      : {},
  };
}

/**
 * The audit side of a healthy account (an environment's, or an organization's trail or
 * log-archive account): its keys, trail, buckets and log files, alarms; no roles or clusters.
 */
export function healthyAuditWorld(e: AuditExpected, account: string): World {
  const keys = Object.fromEntries(e.keyAliases.map((alias) => [alias, { Arn: keyArn(alias, account), KeyState: "Enabled", rotation: true }]));
  const t = e.trail;
  const buckets = Object.fromEntries(
    e.buckets.map((b) => [
      b.name,
      {
        encryption: { SSEAlgorithm: b.sseAlgorithm, ...(b.kmsAlias ? { KMSMasterKeyID: keys[b.kmsAlias].Arn } : {}) },
        versioning: "Enabled",
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        ownership: "BucketOwnerEnforced",
        policy: b.policy ? JSON.stringify(b.policy) : undefined,
        lifecycle: b.lifecycle.map((l) => ({
          ID: l.id,
          Status: l.status,
          Transitions: l.transitions.map((x) => ({ Days: Number(x.split(" ")[0]), StorageClass: x.split(" ")[2] })),
        })),
        logging: b.loggingTarget ? { TargetBucket: b.loggingTarget.bucket, TargetPrefix: b.loggingTarget.prefix } : undefined,
        objectLock: b.objectLock ? { Mode: b.objectLock.mode, Days: b.objectLock.days } : undefined,
      },
    ]),
  );
  return {
    account,
    caller: { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/terraform-deployer/ops` },
    keys,
    trail: {
      Name: t.name,
      TrailARN: `arn:aws:cloudtrail:${e.region}:${account}:trail/${t.name}`,
      HomeRegion: e.region,
      S3BucketName: t.bucket,
      S3KeyPrefix: t.keyPrefix,
      IsMultiRegionTrail: t.multiRegion,
      IncludeGlobalServiceEvents: t.globalServiceEvents,
      LogFileValidationEnabled: t.logFileValidation,
      KmsKeyId: keys[t.kmsAlias]?.Arn,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${e.region}:${account}:log-group:${t.logGroup}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/${t.cloudWatchLogsRole}`,
      HasInsightSelectors: t.insightTypes.length > 0,
    },
    status: { IsLogging: true, StartLoggingTime: new Date(NOW.getTime() - 3 * 3600_000), LatestDigestDeliveryTime: new Date(NOW.getTime() - 30 * 60_000) },
    selectors: structuredClone([...t.advancedEventSelectors]),
    insights: [...t.insightTypes],
    buckets,
    objects: {
      [t.bucket]: [`${t.keyPrefix}/AWSLogs/${account}/CloudTrail/${e.region}/2026/11/27/${account}_CloudTrail_${e.region}_20261127T1150Z_abc.json.gz`],
      ...Object.fromEntries(e.buckets.filter((b) => b.loggingTarget).map((b) => [b.loggingTarget!.bucket, [`${b.loggingTarget!.prefix}2026-11-27-11-00-00-0123456789ABCDEF`]])),
    },
    roles: {},
    policies: {},
    profiles: {},
    oidc: {},
    filters: e.alarms.map((a) => ({ filterName: a.filterName, filterPattern: a.pattern, logGroupName: t.logGroup, metricTransformations: [{ metricName: a.metricName, metricNamespace: a.namespace, metricValue: "1" }] })),
    alarms: e.alarms.map((a) => ({ AlarmName: a.alarmName, ActionsEnabled: true, AlarmActions: [e.topic.arn], MetricName: a.metricName, Namespace: a.namespace })),
    subscriptions: [{ SubscriptionArn: `${e.topic.arn}:0b1c2d3e-aaaa-bbbb-cccc-0123456789ab`, Protocol: "email", Endpoint: "ops@example.com", TopicArn: e.topic.arn }],
    history: [],
    alarmHistory: [],
    logEvents: [],
    denied: [],
    clusters: {},
    topicArn: e.topic.arn,
    logGroup: t.logGroup,
    marked: [],
  };
}
