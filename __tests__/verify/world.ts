/**
 * A mocked AWS account for `npm run verify`: its state starts as exactly what the synthesized
 * stacks declare (a healthy deployment) and tests break one thing at a time. The SDK clients are
 * mocked with aws-sdk-client-mock; responses follow the shapes of AWS's API reference.
 * SimulatePrincipalPolicy is answered by evaluating the world's own role policies with
 * iam-simulate, so detaching a policy in the world changes the simulated decisions too.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
} from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DescribeMetricFiltersCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  GetInstanceProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from "@aws-sdk/client-iam";
import { DescribeAddonCommand, DescribePodIdentityAssociationCommand, EKSClient, ListPodIdentityAssociationsCommand } from "@aws-sdk/client-eks";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
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
  S3Client,
} from "@aws-sdk/client-s3";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { loadConfig } from "../../config/load";
import type { EnvironmentConfig } from "../../config/types";
import { synthesizeFoundation, synthesizeInScratch } from "../../stacks/foundation-app";
import { expectedFrom, type Expected } from "../../verify/expected";
import { decide } from "../support/iam";
import { healthyWorld } from "./healthy-world";
import { ACCOUNT, DEPLOYER, type World } from "./world-state";
import { managedPolicyDocument } from "../support/role-policies";

// Mocked AWS state is plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export { ACCOUNT, DEPLOYER, ISSUER, NOW, type World } from "./world-state";
export { healthyAuditWorld } from "./healthy-world";

export interface Fixture {
  readonly config: EnvironmentConfig;
  readonly expected: Expected;
  /** cdktf.json's context for runVerify. */
  readonly context: Record<string, unknown>;
  readonly world: World;
}

const error = (name: string, message: string): Error => Object.assign(new Error(message), { name });

/** Lists are answered two entries a page, as a busy account would truncate them: a caller that reads one page misses the rest. */
const PAGE = 2;
function pageOf<T>(items: readonly T[], token: string | undefined): { slice: T[]; next: string | undefined } {
  const start = token === undefined ? 0 : Number(token.replace(/^page-/, ""));
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw error("InvalidParameterValue", `Invalid pagination token ${token}`);
  return { slice: items.slice(start, start + PAGE), next: start + PAGE < items.length ? `page-${start + PAGE}` : undefined };
}

const synthesized = new Map<string, Omit<Fixture, "world">>();
const scratch = new Map<string, ReturnType<typeof synthesizeInScratch>>();

/**
 * verify's own synthesis of the configuration, once per context and variables: every run of a test
 * file asks for the same few, and a synthesis is most of a mocked verify's time. Under `npm run
 * mutate` it is kept on disk like the fixtures' (see stacksOf).
 */
export const synthesizeOnce: typeof synthesizeInScratch = (options) => {
  const key = JSON.stringify(options);
  const cached = scratch.get(key);
  if (cached !== undefined) return cached;
  const cacheDir = process.env.MUTATE_SYNTH_CACHE;
  const file = cacheDir === undefined ? undefined : join(cacheDir, `scratch-${createHash("sha256").update(key).digest("hex")}.json`);
  const result = file !== undefined && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : synthesizeInScratch(options);
  if (file !== undefined && !existsSync(file)) writeFileSync(file, JSON.stringify(result));
  scratch.set(key, result);
  return result;
};

/** The configuration, expectations and a fresh healthy world for one environment (synthesized once per settings). */
export function fixture(environment: "dev" | "prod", settings: Record<string, unknown> = {}): Fixture {
  const key = JSON.stringify([environment, settings]);
  if (!synthesized.has(key)) synthesized.set(key, synthesize(environment, settings));
  const f = synthesized.get(key)!;
  // A deep copy: a test that breaks its world must not break the cached expectations.
  return { ...f, world: structuredClone(healthyWorld(f.expected)) };
}

function synthesize(environment: "dev" | "prod", settings: Record<string, unknown>): Omit<Fixture, "world"> {
  const foundation = {
    accountId: ACCOUNT,
    audit: { breakGlassPrincipalArns: [DEPLOYER] },
    environments: { [environment]: settings },
    synthesize: [environment],
  };
  const context = { foundation };
  const config = loadConfig({ settings: foundation }).environments[0];
  const [state, foundationStack] = stacksOf(JSON.stringify(context), config);
  return { config, expected: expectedFrom(config, state, foundationStack), context };
}

/**
 * The synthesized state and foundation stacks of a context. Under `npm run mutate -- verify|cleanup`
 * (MUTATE_SYNTH_CACHE, set by scripts/mutate.js to a folder made fresh for each run) they are kept
 * on disk: the synthesis does not import verify/ or cleanup/, so a mutant there cannot change it,
 * and each mutant's run would otherwise synthesize every environment again (most of its time).
 */
function stacksOf(contextJson: string, config: EnvironmentConfig): [Json, Json] {
  const cacheDir = process.env.MUTATE_SYNTH_CACHE;
  const cached = cacheDir === undefined ? undefined : join(cacheDir, `${createHash("sha256").update(contextJson).digest("hex")}.json`);
  if (cached !== undefined && existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "verify-world-"));
  try {
    expect(synthesizeFoundation({ context: JSON.parse(contextJson), env: {}, outdir: dir, log: () => undefined })).toBe(0);
    const read = (stack: string): Json => JSON.parse(readFileSync(join(dir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const stacks: [Json, Json] = [read(config.names.stateStack), read(config.names.foundationStack)];
    if (cached !== undefined) writeFileSync(cached, JSON.stringify(stacks));
    return stacks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The identity policies IAM would evaluate for a role of the world. */
function identityOf(world: World, roleName: string): object[] {
  const role = world.roles[roleName];
  if (!role) return [];
  return [
    ...Object.values(role.inline),
    ...role.attached.map((arn) => (arn.startsWith("arn:aws:iam::aws:policy/") ? managedPolicyDocument(arn) : world.policies[arn])).filter(Boolean),
  ];
}

export interface Mocks {
  readonly reset: () => void;
  /** The names of the SDK commands sent since the last reset (`GetTrailCommand`, ...). */
  readonly sent: () => string[];
  /** The S3 calls sent since the last reset: command name and input. */
  readonly s3Calls: () => { command: string; input: Json }[];
  /** The inputs of every call of one command (`DescribeAlarmsCommand`) since the last reset. */
  readonly inputsOf: (command: string) => Json[];
  /** The same, with the client that sent each call (to tell an organization's accounts apart). */
  readonly callsOf: (command: string) => { client: object; input: Json }[];
}

/** Wires every client's mocked `send` to the world. */
export function mockAws(worldOf: (client: object | undefined) => World): Mocks {
  const sts = mockClient(STSClient);
  const cloudtrail = mockClient(CloudTrailClient);
  const s3 = mockClient(S3Client);
  const kms = mockClient(KMSClient);
  const iam = mockClient(IAMClient);
  const cloudwatch = mockClient(CloudWatchClient);
  const logs = mockClient(CloudWatchLogsClient);
  const sns = mockClient(SNSClient);
  const eks = mockClient(EKSClient);
  // Which client sent the call being answered: several accounts (an organization's) are several
  // worlds, told apart by the clients each account's credentials made. Every handler reads the
  // world before its first await, so the client set just before it is the caller's.
  let client: object | undefined;
  const world = (): World => worldOf(client);
  for (const stub of [sts, cloudtrail, s3, kms, iam, cloudwatch, logs, sns, eks] as unknown as { on: (...a: unknown[]) => { callsFake: (fn: Function) => unknown } }[]) {
    const on = stub.on.bind(stub);
    stub.on = (...args: unknown[]) => {
      const behavior = on(...args);
      const callsFake = behavior.callsFake.bind(behavior);
      behavior.callsFake = (fn: Function) => callsFake((input: unknown, getClient: () => object) => {
        client = getClient();
        return fn(input, getClient);
      });
      return behavior;
    };
  }
  /** IAM's and KMS's refusal of an action the world denies the verifying principal. */
  const deny = (action: string, resource: string): void => {
    if (!world().denied.includes(action)) return;
    throw error(action.startsWith("kms:") ? "AccessDeniedException" : "AccessDenied", `User: arn:aws:sts::${ACCOUNT}:assumed-role/verify/ops is not authorized to perform: ${action} on resource: ${resource}`);
  };
  const install = (): void => {
    sts.on(GetCallerIdentityCommand).callsFake(() => {
      const caller = world().caller;
      if (caller === "no credentials") throw error("CredentialsProviderError", "Could not load credentials from any providers");
      return { ...caller, UserId: "AROAEXAMPLE:ops" };
    });
    kms.on(DescribeKeyCommand).callsFake(({ KeyId }) => {
      const key = world().keys[KeyId];
      if (!key) throw error("NotFoundException", `Alias arn:aws:kms:us-east-1:${ACCOUNT}:${KeyId} is not found.`);
      return { KeyMetadata: { Arn: key.Arn, KeyId: key.Arn.split("/")[1], KeyState: key.KeyState, KeyManager: "CUSTOMER" } };
    });
    kms.on(GetKeyRotationStatusCommand).callsFake(({ KeyId }) => {
      deny("kms:GetKeyRotationStatus", KeyId);
      const key = Object.values(world().keys).find((k) => k.Arn === KeyId);
      if (!key) throw error("NotFoundException", `Key '${KeyId}' does not exist`);
      return { KeyRotationEnabled: key.rotation };
    });
    cloudtrail.on(GetTrailCommand).callsFake(({ Name }) => {
      const trail = world().trail;
      // By its name or, as other accounts of an organization name its trail, its ARN.
      if (!trail || (Name !== trail.Name && Name !== trail.TrailARN)) throw error("TrailNotFoundException", `Unknown trail: ${Name} for the user: ${world().account}`);
      return { Trail: trail };
    });
    // The trail, by the name or ARN sent; CloudTrail's not-found error otherwise.
    const trailNamed = (name: string | undefined): Json => {
      const trail = world().trail;
      if (!trail || (name !== trail.Name && name !== trail.TrailARN)) throw error("TrailNotFoundException", `Unknown trail: ${name} for the user: ${ACCOUNT}`);
      return trail;
    };
    cloudtrail.on(GetTrailStatusCommand).callsFake(({ Name }) => (trailNamed(Name), world().status));
    // CloudTrail answers in its own order: selectors, their fields, each field's keys and values
    // reversed here. A trail on basic event selectors answers EventSelectors instead.
    cloudtrail.on(GetEventSelectorsCommand).callsFake(({ TrailName }) => {
      const trail = trailNamed(TrailName);
      deny("cloudtrail:GetEventSelectors", trail.TrailARN);
      if (world().selectors === null) return { TrailARN: trail.TrailARN, EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [] }] };
      const reorder = (f: Json): Json => Object.fromEntries(Object.entries(f).reverse().map(([k, v]) => [k, Array.isArray(v) ? [...v].reverse() : v]));
      return { TrailARN: trail.TrailARN, AdvancedEventSelectors: [...world().selectors!].reverse().map((s) => ({ ...s, FieldSelectors: [...s.FieldSelectors].reverse().map(reorder) })) };
    });
    cloudtrail.on(GetInsightSelectorsCommand).callsFake(({ TrailName }) => {
      const trail = trailNamed(TrailName);
      deny("cloudtrail:GetInsightSelectors", trail.TrailARN);
      if (world().insights.length === 0) throw error("InsightNotEnabledException", "Trail does not have Insights enabled.");
      return { TrailARN: trail.TrailARN, InsightSelectors: [...world().insights].reverse().map((InsightType) => ({ InsightType })) };
    });
    // The probe's marked call: the marker travels in the client's custom user agent, as CloudTrail records it.
    cloudtrail.on(DescribeTrailsCommand).callsFake(async (_input, getClient) => {
      const agent = await getClient().config.customUserAgent;
      for (const [name] of (Array.isArray(agent) ? agent : [])) world().marked.push(String(name));
      return { trailList: [] };
    });
    // What the history and the log group show holds the marker only if a call carrying it was sent.
    const unmarked = (text: string): boolean => !/mlops-verify-probe-[\w-]+/.test(text) || world().marked.some((m) => text.includes(m));
    // Event history, as CloudTrail filters it: at most 50 a page, one lookup attribute (the event
    // name here), events from StartTime on (an event without EventTime is recent).
    cloudtrail.on(LookupEventsCommand).callsFake(({ LookupAttributes, StartTime, MaxResults }) => {
      if (MaxResults !== undefined && (MaxResults < 1 || MaxResults > 50)) throw error("InvalidMaxResultsException", "MaxResults must be from 1 to 50.");
      if ((LookupAttributes ?? []).length > 1) throw error("InvalidLookupAttributesException", "Only one lookup attribute is allowed.");
      const byName = (LookupAttributes ?? []).find((a: Json) => a.AttributeKey === "EventName")?.AttributeValue;
      const next = world().history.shift();
      const page = next ? next() : { Events: [] };
      const kept = (e: Json): boolean => {
        const text = String(e.CloudTrailEvent ?? "");
        const recorded = JSON.parse(text || "{}");
        return unmarked(text) && (byName === undefined || recorded.eventName === byName) && (StartTime === undefined || e.EventTime === undefined || e.EventTime >= StartTime);
      };
      return { ...page, Events: (page.Events ?? []).filter(kept) };
    });
    // Log events, as CloudWatch Logs filters them: the group's, matching a quoted-term pattern, from startTime on.
    logs.on(FilterLogEventsCommand).callsFake(({ logGroupName, filterPattern, startTime, limit }) => {
      if (logGroupName !== world().logGroup) throw error("ResourceNotFoundException", "The specified log group does not exist.");
      if (limit !== undefined && (limit < 1 || limit > 10_000)) throw error("InvalidParameterException", "limit must be from 1 to 10000.");
      const term = /^"(.*)"$/.exec(String(filterPattern ?? ""))?.[1];
      const next = world().logEvents.shift();
      const page = next ? next() : { events: [] };
      const kept = (e: Json): boolean =>
        unmarked(String(e.message ?? "")) && (term === undefined || String(e.message ?? "").includes(term)) && (startTime === undefined || e.timestamp === undefined || e.timestamp >= startTime);
      return { ...page, events: (page.events ?? []).filter(kept) };
    });
    // Every bucket of this world is the account's: a call that expects another owner gets S3's 403.
    const bucket = (name: string, expectedOwner?: string): Json => {
      const b = world().buckets[name];
      if (!b) throw error("NoSuchBucket", "The specified bucket does not exist");
      if (expectedOwner !== undefined && expectedOwner !== world().account) throw error("AccessDenied", "Access Denied");
      return b;
    };
    s3.on(GetBucketEncryptionCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => ({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: bucket(Bucket, ExpectedBucketOwner).encryption, BucketKeyEnabled: false }] } }));
    s3.on(GetBucketVersioningCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => (bucket(Bucket, ExpectedBucketOwner).versioning ? { Status: bucket(Bucket, ExpectedBucketOwner).versioning } : {}));
    s3.on(GetPublicAccessBlockCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => ({ PublicAccessBlockConfiguration: bucket(Bucket, ExpectedBucketOwner).publicAccessBlock }));
    s3.on(GetBucketOwnershipControlsCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => ({ OwnershipControls: { Rules: [{ ObjectOwnership: bucket(Bucket, ExpectedBucketOwner).ownership }] } }));
    s3.on(GetBucketPolicyCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => {
      if (!bucket(Bucket, ExpectedBucketOwner).policy) throw error("NoSuchBucketPolicy", "The bucket policy does not exist");
      return { Policy: bucket(Bucket, ExpectedBucketOwner).policy };
    });
    s3.on(GetBucketLifecycleConfigurationCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => {
      if (bucket(Bucket, ExpectedBucketOwner).lifecycle.length === 0) throw error("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist");
      return { Rules: bucket(Bucket, ExpectedBucketOwner).lifecycle };
    });
    s3.on(GetBucketLoggingCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => (bucket(Bucket, ExpectedBucketOwner).logging ? { LoggingEnabled: bucket(Bucket, ExpectedBucketOwner).logging } : {}));
    s3.on(GetObjectLockConfigurationCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => {
      const lock = bucket(Bucket, ExpectedBucketOwner).objectLock;
      if (!lock) throw error("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket");
      // Object Lock on without a default retention: S3 answers the configuration without a rule.
      return { ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", ...(lock === "no default" ? {} : { Rule: { DefaultRetention: lock } }) } };
    });
    s3.on(ListObjectsV2Command).callsFake(({ Bucket, Prefix, ExpectedBucketOwner }) => {
      bucket(Bucket, ExpectedBucketOwner);
      const keys = (world().objects[Bucket] ?? []).filter((k) => k.startsWith(Prefix ?? ""));
      return { KeyCount: Math.min(keys.length, 1), Contents: keys.slice(0, 1).map((Key) => ({ Key, Size: 1024 })), IsTruncated: keys.length > 1 };
    });
    // EKS: a cluster by the name sent, EKS's ResourceNotFoundException otherwise.
    const cluster = (name: string | undefined): World["clusters"][string] => {
      const c = world().clusters[String(name)];
      if (!c) throw error("ResourceNotFoundException", `No cluster found for name: ${name}.`);
      return c;
    };
    // ListPodIdentityAssociations answers summaries (no disableSessionTags, no targetRoleArn), filtered by namespace and service account, a page at a time.
    eks.on(ListPodIdentityAssociationsCommand).callsFake(({ clusterName, namespace, serviceAccount, maxResults, nextToken }) => {
      deny("eks:ListPodIdentityAssociations", String(clusterName));
      if (maxResults !== undefined && (maxResults < 1 || maxResults > 100)) throw error("InvalidParameterException", "maxResults must be from 1 to 100.");
      const matching = cluster(clusterName).associations.filter((a) => (namespace === undefined || a.namespace === namespace) && (serviceAccount === undefined || a.serviceAccount === serviceAccount));
      const p = pageOf(matching, nextToken);
      return {
        associations: p.slice.map((a: Json) => ({ clusterName: a.clusterName, namespace: a.namespace, serviceAccount: a.serviceAccount, associationArn: a.associationArn, associationId: a.associationId, ...(a.roleArn ? { roleArn: a.roleArn } : {}) })),
        ...(p.next ? { nextToken: p.next } : {}),
      };
    });
    eks.on(DescribePodIdentityAssociationCommand).callsFake(({ clusterName, associationId }) => {
      const c = cluster(clusterName);
      const found = (c.deleting ?? []).includes(String(associationId)) ? undefined : c.associations.find((a) => a.associationId === associationId);
      if (!found) throw error("ResourceNotFoundException", `No Pod Identity Association found for id: ${associationId}.`);
      return { association: structuredClone(found) };
    });
    eks.on(DescribeAddonCommand).callsFake(({ clusterName, addonName }) => {
      const status = cluster(clusterName).addons[String(addonName)];
      if (status === undefined) throw error("ResourceNotFoundException", `No addon: ${addonName} found in cluster: ${clusterName}`);
      return { addon: { addonName, clusterName, status, addonVersion: "v1.3.4-eksbuild.1" } };
    });
    const role = (name: string): Json => {
      const r = world().roles[name];
      if (!r) throw error("NoSuchEntityException", `The role with name ${name} cannot be found.`);
      return r;
    };
    iam.on(GetRoleCommand).callsFake(({ RoleName }) => ({
      Role: {
        RoleName,
        Arn: `arn:aws:iam::${ACCOUNT}:role/${RoleName}`,
        Path: "/",
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role(RoleName).trust)),
        ...(role(RoleName).boundary ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: role(RoleName).boundary } } : {}),
      },
    }));
    iam.on(ListAttachedRolePoliciesCommand).callsFake(({ RoleName, Marker }) => {
      deny("iam:ListAttachedRolePolicies", `role ${RoleName}`);
      // IAM lists attachments in no promised order: newest first here.
      const p = pageOf<string>([...role(RoleName).attached].reverse(), Marker);
      return { AttachedPolicies: p.slice.map((PolicyArn: string) => ({ PolicyArn, PolicyName: PolicyArn.split("/").pop() })), IsTruncated: p.next !== undefined, Marker: p.next };
    });
    iam.on(ListRolePoliciesCommand).callsFake(({ RoleName, Marker }) => {
      deny("iam:ListRolePolicies", `role ${RoleName}`);
      const p = pageOf(Object.keys(role(RoleName).inline), Marker);
      return { PolicyNames: p.slice, IsTruncated: p.next !== undefined, Marker: p.next };
    });
    iam.on(GetRolePolicyCommand).callsFake(({ RoleName, PolicyName }) => {
      deny("iam:GetRolePolicy", `role ${RoleName}`);
      const document = role(RoleName).inline[PolicyName];
      if (!document) throw error("NoSuchEntityException", `The role policy with name ${PolicyName} cannot be found.`);
      return { RoleName, PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(document)) };
    });
    iam.on(GetPolicyCommand).callsFake(({ PolicyArn }) => {
      if (!world().policies[PolicyArn]) throw error("NoSuchEntityException", `Policy ${PolicyArn} does not exist.`);
      return { Policy: { Arn: PolicyArn, DefaultVersionId: "v1" } };
    });
    iam.on(GetPolicyVersionCommand).callsFake(({ PolicyArn, VersionId }) => {
      deny("iam:GetPolicyVersion", PolicyArn);
      const document = world().policies[PolicyArn];
      if (!document) throw error("NoSuchEntityException", `Policy ${PolicyArn} does not exist.`);
      if (VersionId !== "v1") throw error("NoSuchEntityException", `Policy ${PolicyArn} version ${VersionId} does not exist or is not attachable.`);
      return { PolicyVersion: { VersionId, IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(document)) } };
    });
    iam.on(GetInstanceProfileCommand).callsFake(({ InstanceProfileName }) => {
      deny("iam:GetInstanceProfile", `instance-profile ${InstanceProfileName}`);
      const roles = world().profiles[InstanceProfileName];
      if (!roles) throw error("NoSuchEntityException", `Instance Profile ${InstanceProfileName} cannot be found.`);
      return { InstanceProfile: { InstanceProfileName, Roles: roles.map((RoleName) => ({ RoleName })) } };
    });
    iam.on(GetOpenIDConnectProviderCommand).callsFake(({ OpenIDConnectProviderArn }) => {
      deny("iam:GetOpenIDConnectProvider", OpenIDConnectProviderArn);
      const audiences = world().oidc[OpenIDConnectProviderArn];
      if (!audiences) throw error("NoSuchEntityException", `OpenIDConnect Provider not found for arn ${OpenIDConnectProviderArn}`);
      return { ClientIDList: audiences, ThumbprintList: [] };
    });
    iam.on(SimulatePrincipalPolicyCommand).callsFake(async ({ PolicySourceArn, ActionNames, ResourceArns, ContextEntries }) => {
      deny("iam:SimulatePrincipalPolicy", PolicySourceArn);
      const types = ["string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList"];
      for (const entry of ContextEntries ?? []) {
        if (!types.includes(entry.ContextKeyType)) throw error("InvalidInput", `1 validation error detected: Value '${entry.ContextKeyType}' at 'contextEntries.member.contextKeyType' failed to satisfy constraint`);
      }
      const roleName = String(PolicySourceArn).split("/").pop()!;
      const context = Object.fromEntries((ContextEntries ?? []).map((c: Json) => [c.ContextKeyName, c.ContextKeyValues[0]]));
      const decision = await decide(
        { identity: identityOf(world(), roleName) },
        { principal: PolicySourceArn, action: ActionNames[0], resource: ResourceArns[0], resourceAccount: ACCOUNT, context },
      );
      const EvalDecision = decision === "Allowed" ? "allowed" : decision === "ExplicitlyDenied" ? "explicitDeny" : "implicitDeny";
      return { EvaluationResults: [{ EvalActionName: ActionNames[0], EvalResourceName: ResourceArns[0], EvalDecision }], IsTruncated: false };
    });
    logs.on(DescribeMetricFiltersCommand).callsFake(({ logGroupName, nextToken }) => {
      deny("logs:DescribeMetricFilters", `log-group:${logGroupName}`);
      if (logGroupName !== world().logGroup) throw error("ResourceNotFoundException", "The specified log group does not exist.");
      const p = pageOf(world().filters.filter((f) => f.logGroupName === logGroupName), nextToken);
      return { metricFilters: p.slice, nextToken: p.next };
    });
    // Items from StartDate on (an item without a Timestamp is recent); two a page.
    cloudwatch.on(DescribeAlarmHistoryCommand).callsFake(({ HistoryItemType, StartDate, NextToken }) => {
      deny("cloudwatch:DescribeAlarmHistory", "*");
      const recent = (h: Json): boolean => StartDate === undefined || h.Timestamp === undefined || h.Timestamp >= StartDate;
      const p = pageOf(world().alarmHistory.filter((h) => (HistoryItemType === undefined || h.HistoryItemType === HistoryItemType) && recent(h)), NextToken);
      return { AlarmHistoryItems: p.slice, NextToken: p.next };
    });
    // The alarms named (at most 100, two a page here); without names, every alarm of the region.
    cloudwatch.on(DescribeAlarmsCommand).callsFake(({ AlarmNames, NextToken }) => {
      deny("cloudwatch:DescribeAlarms", "*");
      if ((AlarmNames ?? []).length > 100) throw error("InvalidParameterValue", "The collection AlarmNames must not have a size greater than 100.");
      const p = pageOf(world().alarms.filter((a) => AlarmNames === undefined || AlarmNames.includes(a.AlarmName)), NextToken);
      return { MetricAlarms: p.slice, NextToken: p.next };
    });
    sns.on(ListSubscriptionsByTopicCommand).callsFake(({ TopicArn, NextToken }) => {
      const subscriptions = world().subscriptions;
      if (subscriptions === null || TopicArn !== world().topicArn) throw error("NotFoundException", "Topic does not exist");
      const p = pageOf(subscriptions, NextToken);
      return { Subscriptions: p.slice, NextToken: p.next };
    });
  };
  install();
  const all = [sts, cloudtrail, s3, kms, iam, cloudwatch, logs, sns, eks];
  return {
    reset: () => {
      for (const m of all) m.reset();
      install();
    },
    sent: () => all.flatMap((m) => m.calls().map((c) => (c.args[0] as object).constructor.name)),
    s3Calls: () => s3.calls().map((c) => ({ command: (c.args[0] as object).constructor.name, input: (c.args[0] as { input: Json }).input })),
    inputsOf: (command) =>
      (all as { calls(): { args: unknown[] }[] }[])
        .flatMap((m) => m.calls())
        .filter((c) => (c.args[0] as object).constructor.name === command)
        .map((c) => (c.args[0] as { input: Json }).input),
    callsOf: (command) =>
      (all as { calls(): { args: unknown[]; thisValue: object }[] }[])
        .flatMap((m) => m.calls())
        .filter((c) => (c.args[0] as object).constructor.name === command)
        .map((c) => ({ client: c.thisValue, input: (c.args[0] as { input: Json }).input })),
  };
}
