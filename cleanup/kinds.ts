/**
 * One handler per kind of leftover: how to find candidates (read-only), how to check at apply
 * time that a planned item still exists and still matches, and how to remove it. Every handler
 * works on the names of the configuration (`cleanup` settings) only, so a plan cannot reach
 * anything else.
 */
import { DeleteRestApiCommand, paginateGetRestApis } from "@aws-sdk/client-api-gateway";
import {
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  paginateListDistributions,
  ListTagsForResourceCommand as ListCloudFrontTagsCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
} from "@aws-sdk/client-cloudfront";
import { DeleteLogGroupCommand, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand, paginateDescribeLogGroups } from "@aws-sdk/client-cloudwatch-logs";
import { DeleteTableCommand, DescribeTableCommand, ListTagsOfResourceCommand, waitUntilTableNotExists } from "@aws-sdk/client-dynamodb";
import { BatchDeleteImageCommand, BatchGetImageCommand, DescribeRepositoriesCommand, ListTagsForResourceCommand as ListEcrTagsCommand, paginateListImages } from "@aws-sdk/client-ecr";
import { DeleteAddonCommand, DescribeAddonCommand, paginateListClusters, waitUntilAddonDeleted } from "@aws-sdk/client-eks";
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  paginateListAttachedRolePolicies,
  paginateListEntitiesForPolicy,
  paginateListInstanceProfilesForRole,
  ListPolicyTagsCommand,
  paginateListPolicyVersions,
  paginateListRolePolicies,
  RemoveRoleFromInstanceProfileCommand,
} from "@aws-sdk/client-iam";
import { DeleteFunctionCommand, GetFunctionCommand } from "@aws-sdk/client-lambda";
import { DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, HeadBucketCommand, ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelPackageCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelPackageCommand,
  DescribeTrainingJobCommand,
  paginateListEndpoints,
  paginateListModelPackages,
  ListTagsCommand as ListSageMakerTagsCommand,
  paginateListTrainingJobs,
  StopTrainingJobCommand,
  waitUntilEndpointDeleted,
} from "@aws-sdk/client-sagemaker";
import type { EnvironmentConfig } from "../config/types";
import { collect, type Api, type Sender } from "../aws/api";
import type { CleanupClients } from "./aws";

// SDK responses are read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const KINDS = [
  "cloudfront.distribution",
  "apigateway.rest-api",
  "lambda.function",
  "sagemaker.training-job",
  "sagemaker.endpoint",
  "sagemaker.endpoint-config",
  "sagemaker.model-package",
  "ecr.images",
  "eks.addon",
  "logs.log-group",
  "dynamodb.table",
  "s3.bucket",
  "iam.policy",
  "iam.role",
] as const;
export type Kind = (typeof KINDS)[number];

export interface PlanItem {
  /** `<kind>:<name>`, stable between plan and apply. */
  readonly id: string;
  readonly kind: Kind;
  readonly name: string;
  readonly arn?: string;
  readonly region: string;
  /** Which rule matched, with its name or pattern. */
  readonly rule: string;
  readonly dependsOn: readonly string[];
  /** What it costs while it stays, where known. */
  readonly cost?: string;
  /** What must still be true at apply time (tags, status, the images to delete...). */
  readonly match: Json;
}

export interface Excluded {
  readonly kind: Kind;
  readonly name: string;
  readonly why: string;
}

export interface CleanupContext {
  readonly api: Api<CleanupClients>;
  readonly config: EnvironmentConfig;
  /** Names this app creates: never planned, whatever matches (cdktf destroy removes them). */
  readonly ownNames: ReadonlySet<string>;
  /** Records one action (or a skip) for the JSONL log. */
  readonly record: (action: string, target: string, detail?: Json) => void;
  /** Progress of long waits. */
  readonly progress: (line: string) => void;
  /** How an SDK waiter polls for this kind (seconds): the defaults of WAITS, or a test's own. */
  readonly waits: (kind: WaitKind) => WaitTimes;
  readonly now: () => Date;
}

/** What cleanup waits for after asking AWS to delete or disable something. */
export type WaitKind = "cloudfront.distribution" | "sagemaker.endpoint" | "eks.addon" | "dynamodb.table";

/** An SDK waiter's polling, in seconds. */
export interface WaitTimes {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
}

/** How long AWS takes, from its guides: CloudFront deploys in about 15 minutes; the others in minutes. */
export const WAITS: Readonly<Record<WaitKind, WaitTimes>> = {
  "cloudfront.distribution": { minDelay: 30, maxDelay: 60, maxWaitTime: 45 * 60 },
  "sagemaker.endpoint": { minDelay: 15, maxDelay: 60, maxWaitTime: 30 * 60 },
  "eks.addon": { minDelay: 10, maxDelay: 60, maxWaitTime: 20 * 60 },
  "dynamodb.table": { minDelay: 5, maxDelay: 30, maxWaitTime: 20 * 60 },
};

/**
 * Runs an SDK waiter on a client sent through the Api, with a progress line after each poll
 * (redrawn on a terminal, a plain line in CI). A waiter that gives up names what and how long.
 */
async function waitUntil<C extends Sender>(
  c: CleanupContext,
  kind: WaitKind,
  what: string,
  client: C,
  waiter: (config: { client: C; minDelay: number; maxDelay: number; maxWaitTime: number }) => Promise<unknown>,
): Promise<void> {
  const started = c.now().getTime();
  const seconds = (): number => Math.round((c.now().getTime() - started) / 1000);
  const polled = c.api.via(client, () => c.progress(`cleanup: waiting for ${what} (${seconds()} s)`));
  const times = c.waits(kind);
  try {
    await waiter({ client: polled, ...times });
  } catch (error) {
    // The SDK's waiters end with an error whose message is their result as JSON ({"state": ...}).
    const state = waiterState(error);
    if (state === undefined) throw error;
    throw new Error(`${what}: the wait ended ${state === "TIMEOUT" ? `after ${times.maxWaitTime} s` : `with ${state}`}; run apply again later`);
  }
}

/** The state an SDK waiter ended in (TIMEOUT, FAILURE, ...), or undefined for any other error. */
function waiterState(error: unknown): string | undefined {
  try {
    const result = JSON.parse((error as Error).message) as { state?: unknown };
    return typeof result?.state === "string" ? result.state : undefined;
  } catch {
    return undefined;
  }
}

export type Recheck = { readonly state: "match" } | { readonly state: "gone" } | { readonly state: "changed"; readonly why: string };

export interface Handler {
  readonly kind: Kind;
  /** What `remove` does, for the apply report (default "deleted"). */
  readonly done?: string;
  readonly discover: (c: CleanupContext) => Promise<{ items: PlanItem[]; excluded: Excluded[] }>;
  readonly recheck: (c: CleanupContext, item: PlanItem) => Promise<Recheck>;
  readonly remove: (c: CleanupContext, item: PlanItem) => Promise<void>;
}

const NOT_FOUND = /NotFound|NoSuch|ResourceNotFound|does not exist|ValidationException|404/;
const isNotFound = (error: unknown): boolean => NOT_FOUND.test(`${(error as { name?: string }).name} ${(error as Error).message}`);

/** Tags as a record, from any of the SDK's tag list shapes. */
function tagRecord(tags: Json): Record<string, string> {
  if (!tags) return {};
  if (!Array.isArray(tags)) return tags as Record<string, string>;
  return Object.fromEntries(tags.map((t: Json) => [t.Key ?? t.key, t.Value ?? t.value]));
}

/**
 * Why a resource must not be planned: this app's Terraform state owns it, or another project's
 * tag says it is theirs. Undefined when it may be cleaned up.
 */
export function exclusion(c: CleanupContext, name: string, tags: Record<string, string>): string | undefined {
  if (c.ownNames.has(name)) return "created by this app's stacks: cdktf destroy removes it";
  if (tags.ManagedBy === "cdktf" && tags.Project === c.config.project) return `tagged ManagedBy=cdktf, Project=${c.config.project}: in this app's Terraform state, cdktf destroy removes it`;
  if (tags.Project !== undefined && tags.Project !== c.config.project) return `tagged for another project (Project=${tags.Project})`;
  return undefined;
}

const item = (kind: Kind, name: string, region: string, rule: string, match: Json, extra: Partial<PlanItem> = {}): PlanItem => ({
  id: `${kind}:${name}`,
  kind,
  name,
  region,
  rule,
  dependsOn: [],
  match,
  ...extra,
});

/** A name matches a cluster pattern: exact, or a prefix ending in "*". */
const matchesPattern = (name: string, pattern: string): boolean => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

/** Runs a recheck that reads a resource: a not-found error means the item is gone. */
async function reread(fn: () => Promise<Recheck>): Promise<Recheck> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return { state: "gone" };
    throw error;
  }
}

/** The result of a read, or undefined when the resource does not exist. */
async function ifExists<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

const sameTags = (planned: Record<string, string>, now: Record<string, string>): boolean => JSON.stringify(Object.entries(planned).sort()) === JSON.stringify(Object.entries(now).sort());

/** Compares what was planned with what is there now: still ours to delete, or changed. */
function compare(c: CleanupContext, item: PlanItem, name: string, tags: Record<string, string>, current: Json = {}): Recheck {
  const why = exclusion(c, name, tags);
  if (why) return { state: "changed", why };
  if (!sameTags(item.match.tags ?? {}, tags)) return { state: "changed", why: "its tags changed since the plan" };
  for (const [key, value] of Object.entries(current)) {
    if (JSON.stringify(item.match[key]) !== JSON.stringify(value)) return { state: "changed", why: `${key} is now ${JSON.stringify(value)} (planned: ${JSON.stringify(item.match[key])})` };
  }
  return { state: "match" };
}

// ----- CloudWatch Logs: Container Insights log groups ---------------------------------------

const logGroups: Handler = {
  kind: "logs.log-group",
  async discover(c) {
    const { api } = c;
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    for await (const page of paginateDescribeLogGroups({ client: api.via(api.clients.logs) }, { logGroupNamePrefix: "/aws/containerinsights/" })) {
      for (const group of (page.logGroups ?? []) as Json[]) {
        const cluster = String(group.logGroupName).split("/")[3] ?? "";
        if (!matchesPattern(cluster, c.config.cleanup.eksClusterPattern)) continue;
        const arn = String(group.arn ?? "").replace(/:\*$/, "");
        const tags = tagRecord((await api.send<Json>(api.clients.logs, new ListLogTagsCommand({ resourceArn: arn }))).tags);
        const why = exclusion(c, group.logGroupName, tags);
        if (why) excluded.push({ kind: "logs.log-group", name: group.logGroupName, why });
        else
          items.push(
            item("logs.log-group", group.logGroupName, c.config.region, `Container Insights log group of a cluster matching ${c.config.cleanup.eksClusterPattern}`, { tags }, {
              arn,
              cost: `${Math.round(Number(group.storedBytes ?? 0) / 1e6)} MB stored`,
            }),
          );
      }
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      const [, aws, insights, cluster] = planned.name.split("/");
      if (aws !== "aws" || insights !== "containerinsights" || !matchesPattern(cluster ?? "", c.config.cleanup.eksClusterPattern)) {
        return { state: "changed", why: `not a Container Insights log group of a cluster matching ${c.config.cleanup.eksClusterPattern}` };
      }
      const page = await c.api.send<Json>(c.api.clients.logs, new DescribeLogGroupsCommand({ logGroupNamePrefix: planned.name }));
      const group = (page.logGroups ?? []).find((g: Json) => g.logGroupName === planned.name);
      if (!group) return { state: "gone" };
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.logs, new ListLogTagsCommand({ resourceArn: String(group.arn).replace(/:\*$/, "") }))).tags);
      return compare(c, planned, planned.name, tags);
    }),
  async remove(c, planned) {
    c.record("DeleteLogGroup", planned.name);
    await c.api.send(c.api.clients.logs, new DeleteLogGroupCommand({ logGroupName: planned.name }));
  },
};

// ----- EKS: the CloudWatch observability add-on ---------------------------------------------

const OBSERVABILITY_ADDON = "amazon-cloudwatch-observability";

const eksAddons: Handler = {
  kind: "eks.addon",
  async discover(c) {
    const { api } = c;
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    for await (const page of paginateListClusters({ client: api.via(api.clients.eks) }, {})) {
      for (const cluster of (page.clusters ?? []) as Json[]) {
        if (!matchesPattern(cluster, c.config.cleanup.eksClusterPattern)) continue;
        const addon: Json = (await ifExists(() => api.send<Json>(api.clients.eks, new DescribeAddonCommand({ clusterName: cluster, addonName: OBSERVABILITY_ADDON }))))?.addon;
        if (!addon) continue;
        const name = `${cluster}/${OBSERVABILITY_ADDON}`;
        const tags = tagRecord(addon.tags);
        const why = exclusion(c, name, tags);
        if (why) excluded.push({ kind: "eks.addon", name, why });
        else items.push(item("eks.addon", name, c.config.region, `the ${OBSERVABILITY_ADDON} add-on of a cluster matching ${c.config.cleanup.eksClusterPattern}`, { tags }, { arn: addon.addonArn }));
      }
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      const [cluster, addonName] = planned.name.split("/");
      if (addonName !== OBSERVABILITY_ADDON || !matchesPattern(cluster, c.config.cleanup.eksClusterPattern)) return { state: "changed", why: "no longer matches the cluster pattern" };
      const addon = (await c.api.send<Json>(c.api.clients.eks, new DescribeAddonCommand({ clusterName: cluster, addonName }))).addon;
      return compare(c, planned, planned.name, tagRecord(addon.tags));
    }),
  async remove(c, planned) {
    const [clusterName, addonName] = planned.name.split("/");
    c.record("DeleteAddon", planned.name);
    await c.api.send(c.api.clients.eks, new DeleteAddonCommand({ clusterName, addonName }));
    await waitUntil(c, "eks.addon", `EKS add-on ${planned.name} to be deleted`, c.api.clients.eks, (config) => waitUntilAddonDeleted(config, { clusterName, addonName }));
  },
};

// ----- ECR: images tagged dev/staging and untagged images ------------------------------------

/** Media types of manifests that list other manifests (a multi-arch image, with its attestations). */
const INDEX_TYPES = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];
const MANIFEST_TYPES = [...INDEX_TYPES, "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

/** The manifests of these digests, by digest (BatchGetImage takes at most 100 ids a call). */
async function manifestsOf(c: CleanupContext, digests: readonly string[]): Promise<Map<string, Json>> {
  const manifests = new Map<string, Json>();
  for (let i = 0; i < digests.length; i += 100) {
    const imageIds = digests.slice(i, i + 100).map((imageDigest) => ({ imageDigest }));
    const result = await c.api.send<Json>(
      c.api.clients.ecr,
      new BatchGetImageCommand({ repositoryName: c.config.cleanup.ecrRepository, imageIds, acceptedMediaTypes: MANIFEST_TYPES }),
    );
    for (const image of result.images ?? []) {
      try {
        manifests.set(image.imageId.imageDigest, JSON.parse(image.imageManifest));
      } catch {
        manifests.set(image.imageId.imageDigest, {});
      }
    }
  }
  return manifests;
}

/**
 * Image ids to delete: by tag for tagged images (other tags keep the image), by digest for
 * untagged ones, but never an untagged digest that a kept image still needs: the per-platform
 * and attestation manifests a tagged multi-arch index lists (what `docker buildx` pushes), and a
 * referrer (signature, SBOM) whose subject is kept. Deleting those would make `:prod` unpullable.
 */
async function ecrTargets(c: CleanupContext): Promise<{ targets: string[]; kept: number }> {
  const { api } = c;
  const list = async (tagStatus: "TAGGED" | "UNTAGGED"): Promise<Json[]> => {
    const ids: Json[] = [];
    for await (const page of paginateListImages({ client: api.via(api.clients.ecr) }, { repositoryName: c.config.cleanup.ecrRepository, filter: { tagStatus }, maxResults: 1000 })) {
      ids.push(...(page.imageIds ?? []));
    }
    return ids;
  };
  const tagged = await list("TAGGED");
  const targets = tagged.filter((id) => c.config.cleanup.ecrTags.includes(id.imageTag)).map((id) => `tag:${id.imageTag}`);
  let kept = 0;
  if (c.config.cleanup.ecrUntagged) {
    const untagged = [...new Set((await list("UNTAGGED")).map((id) => String(id.imageDigest)).filter((d) => d !== "undefined"))];
    if (untagged.length > 0) {
      const taggedDigests = [...new Set(tagged.map((id) => String(id.imageDigest)))];
      const needed = new Set(taggedDigests);
      for (const manifest of (await manifestsOf(c, taggedDigests)).values()) {
        for (const child of Array.isArray(manifest.manifests) ? manifest.manifests : []) needed.add(String(child.digest));
      }
      const untaggedManifests = await manifestsOf(c, untagged);
      for (const digest of untagged) {
        const subject = untaggedManifests.get(digest)?.subject?.digest;
        if (needed.has(digest) || (subject !== undefined && needed.has(String(subject)))) kept++;
        else targets.push(`digest:${digest}`);
      }
    }
  }
  return { targets: [...new Set(targets)].sort(), kept };
}

const ecrImages: Handler = {
  kind: "ecr.images",
  done: "images deleted",
  async discover(c) {
    const { api } = c;
    const repo = c.config.cleanup.ecrRepository;
    const repository: Json = (await ifExists(() => api.send<Json>(api.clients.ecr, new DescribeRepositoriesCommand({ repositoryNames: [repo] }))))?.repositories?.[0];
    if (!repository) return { items: [], excluded: [] };
    const tags = tagRecord((await api.send<Json>(api.clients.ecr, new ListEcrTagsCommand({ resourceArn: repository.repositoryArn }))).tags);
    const why = exclusion(c, repo, tags);
    if (why) return { items: [], excluded: [{ kind: "ecr.images", name: repo, why }] };
    const { targets, kept } = await ecrTargets(c);
    const keptNote = kept > 0 ? [{ kind: "ecr.images" as const, name: `${repo} (${kept} untagged digest${kept === 1 ? "" : "s"})`, why: "listed by a tagged multi-arch image index, or a signature or attestation of a kept image: deleting it would break a kept tag" }] : [];
    if (targets.length === 0) return { items: [], excluded: keptNote };
    const tagged = targets.filter((t) => t.startsWith("tag:")).length;
    return {
      items: [
        item("ecr.images", repo, c.config.region, `images of ${repo} tagged ${c.config.cleanup.ecrTags.join(" or ")}${c.config.cleanup.ecrUntagged ? ", and untagged images" : ""}`, { tags, targets }, {
          arn: repository.repositoryArn,
          cost: `${tagged} tag(s), ${targets.length - tagged} untagged image(s)`,
        }),
      ],
      excluded: keptNote,
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.ecrRepository) return { state: "changed", why: "not the configured repository" };
      const repository = (await c.api.send<Json>(c.api.clients.ecr, new DescribeRepositoriesCommand({ repositoryNames: [planned.name] }))).repositories?.[0];
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.ecr, new ListEcrTagsCommand({ resourceArn: repository.repositoryArn }))).tags);
      const verdict = compare(c, planned, planned.name, tags);
      if (verdict.state !== "match") return verdict;
      // Images pushed or retagged since the plan are left alone: only planned ids that still match go.
      const now = new Set((await ecrTargets(c)).targets);
      return (planned.match.targets as string[]).some((t) => now.has(t)) ? verdict : { state: "gone" };
    }),
  async remove(c, planned) {
    // Looked at again: an image pushed since the plan may list a planned digest, which then stays.
    const now = new Set((await ecrTargets(c)).targets);
    const ids = (planned.match.targets as string[]).filter((t) => now.has(t));
    // BatchDeleteImage takes at most 100 image ids.
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100).map((t) => (t.startsWith("tag:") ? { imageTag: t.slice(4) } : { imageDigest: t.slice(7) }));
      c.record("BatchDeleteImage", planned.name, { images: batch.length });
      const result = await c.api.send<Json>(c.api.clients.ecr, new BatchDeleteImageCommand({ repositoryName: planned.name, imageIds: batch }));
      if ((result.failures ?? []).length > 0) throw new Error(`BatchDeleteImage: ${result.failures.map((f: Json) => `${f.imageId?.imageTag ?? f.imageId?.imageDigest}: ${f.failureCode}`).join(", ")}`);
    }
  },
};

// ----- SageMaker ------------------------------------------------------------------------------

async function sageMakerTags(c: CleanupContext, arn: string): Promise<Record<string, string>> {
  return tagRecord((await c.api.send<Json>(c.api.clients.sagemaker, new ListSageMakerTagsCommand({ ResourceArn: arn }))).Tags);
}

const trainingJobs: Handler = {
  kind: "sagemaker.training-job",
  done: "stopped",
  async discover(c) {
    const { api } = c;
    const prefix = c.config.cleanup.sagemakerPrefix;
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    for await (const page of paginateListTrainingJobs({ client: api.via(api.clients.sagemaker) }, { StatusEquals: "InProgress", NameContains: prefix, MaxResults: 100 })) {
      for (const job of (page.TrainingJobSummaries ?? []) as Json[]) {
        if (!String(job.TrainingJobName).startsWith(prefix)) continue;
        const tags = await sageMakerTags(c, job.TrainingJobArn);
        const why = exclusion(c, job.TrainingJobName, tags);
        if (why) {
          excluded.push({ kind: "sagemaker.training-job", name: job.TrainingJobName, why });
          continue;
        }
        const described = await api.send<Json>(api.clients.sagemaker, new DescribeTrainingJobCommand({ TrainingJobName: job.TrainingJobName }));
        const resources = described.ResourceConfig ?? {};
        items.push(
          item("sagemaker.training-job", job.TrainingJobName, c.config.region, `InProgress training job named ${prefix}*`, { tags, status: "InProgress" }, {
            arn: job.TrainingJobArn,
            cost: `${resources.InstanceCount ?? "?"} x ${resources.InstanceType ?? "?"} billed while it runs`,
          }),
        );
      }
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!planned.name.startsWith(c.config.cleanup.sagemakerPrefix)) return { state: "changed", why: "not named with the configured prefix" };
      const job = await c.api.send<Json>(c.api.clients.sagemaker, new DescribeTrainingJobCommand({ TrainingJobName: planned.name }));
      if (job.TrainingJobStatus !== "InProgress") return { state: "gone" };
      return compare(c, planned, planned.name, await sageMakerTags(c, job.TrainingJobArn), { status: job.TrainingJobStatus });
    }),
  async remove(c, planned) {
    c.record("StopTrainingJob", planned.name);
    await c.api.send(c.api.clients.sagemaker, new StopTrainingJobCommand({ TrainingJobName: planned.name }));
  },
};

/** Every endpoint of the region, described (with its config name): a config is deleted only when no endpoint uses it. */
async function describeEndpoints(c: CleanupContext): Promise<Json[]> {
  const described: Json[] = [];
  for await (const page of paginateListEndpoints({ client: c.api.via(c.api.clients.sagemaker) }, { MaxResults: 100 })) {
    for (const endpoint of (page.Endpoints ?? []) as Json[]) {
      described.push(await c.api.send<Json>(c.api.clients.sagemaker, new DescribeEndpointCommand({ EndpointName: endpoint.EndpointName })));
    }
  }
  return described;
}

const failedEndpoints: Handler = {
  kind: "sagemaker.endpoint",
  async discover(c) {
    const { api } = c;
    const prefix = c.config.cleanup.sagemakerPrefix;
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    const all = await describeEndpoints(c);
    const configUsers = new Map<string, string[]>();
    for (const e of all) configUsers.set(e.EndpointConfigName, [...(configUsers.get(e.EndpointConfigName) ?? []), e.EndpointName]);
    const failed = all.filter((e) => e.EndpointStatus === "Failed" && String(e.EndpointName).startsWith(prefix));
    for (const endpoint of failed) {
      const tags = await sageMakerTags(c, endpoint.EndpointArn);
      const why = exclusion(c, endpoint.EndpointName, tags);
      if (why) {
        excluded.push({ kind: "sagemaker.endpoint", name: endpoint.EndpointName, why });
        continue;
      }
      let config: Json;
      try {
        config = await api.send<Json>(api.clients.sagemaker, new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      const variants = config
        ? (config.ProductionVariants ?? []).map((v: Json) => `${v.InitialInstanceCount ?? "serverless"} x ${v.InstanceType ?? "serverless"}`).join(", ")
        : "no longer exists";
      const endpointItem = item("sagemaker.endpoint", endpoint.EndpointName, c.config.region, `Failed endpoint named ${prefix}*`, { tags, status: "Failed", config: endpoint.EndpointConfigName }, {
        arn: endpoint.EndpointArn,
        cost: `config ${endpoint.EndpointConfigName}: ${variants} (a Failed endpoint runs no instances)`,
      });
      items.push(endpointItem);
      const users = configUsers.get(endpoint.EndpointConfigName) ?? [];
      if (!config) continue;
      if (users.length === 1) {
        items.push(
          item("sagemaker.endpoint-config", endpoint.EndpointConfigName, c.config.region, `endpoint config used only by ${endpoint.EndpointName}`, { users: [endpoint.EndpointName] }, {
            arn: config.EndpointConfigArn,
            dependsOn: [endpointItem.id],
          }),
        );
      } else {
        excluded.push({ kind: "sagemaker.endpoint-config", name: endpoint.EndpointConfigName, why: `also used by ${users.filter((u) => u !== endpoint.EndpointName).join(", ")}` });
      }
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!planned.name.startsWith(c.config.cleanup.sagemakerPrefix)) return { state: "changed", why: "not named with the configured prefix" };
      const endpoint = await c.api.send<Json>(c.api.clients.sagemaker, new DescribeEndpointCommand({ EndpointName: planned.name }));
      return compare(c, planned, planned.name, await sageMakerTags(c, endpoint.EndpointArn), { status: endpoint.EndpointStatus, config: endpoint.EndpointConfigName });
    }),
  async remove(c, planned) {
    c.record("DeleteEndpoint", planned.name);
    await c.api.send(c.api.clients.sagemaker, new DeleteEndpointCommand({ EndpointName: planned.name }));
    await waitUntil(c, "sagemaker.endpoint", `SageMaker endpoint ${planned.name} to be deleted`, c.api.clients.sagemaker, (config) =>
      waitUntilEndpointDeleted(config, { EndpointName: planned.name }),
    );
  },
};

/** Endpoint configs are planned with their failed endpoint (see failedEndpoints). */
const endpointConfigs: Handler = {
  kind: "sagemaker.endpoint-config",
  discover: async () => ({ items: [], excluded: [] }),
  recheck: (c, planned) =>
    reread(async () => {
      await c.api.send<Json>(c.api.clients.sagemaker, new DescribeEndpointConfigCommand({ EndpointConfigName: planned.name }));
      const users = (await describeEndpoints(c)).filter((e) => e.EndpointConfigName === planned.name).map((e) => e.EndpointName as string);
      // Its own endpoint is deleted first (a dependency); any endpoint still using it keeps it.
      return users.length === 0 ? { state: "match" } : { state: "changed", why: `still used by ${users.join(", ")}` };
    }),
  async remove(c, planned) {
    c.record("DeleteEndpointConfig", planned.name);
    await c.api.send(c.api.clients.sagemaker, new DeleteEndpointConfigCommand({ EndpointConfigName: planned.name }));
  },
};

const modelPackages: Handler = {
  kind: "sagemaker.model-package",
  async discover(c) {
    const { api } = c;
    const group = c.config.cleanup.modelPackageGroup;
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    const pages = paginateListModelPackages(
      { client: api.via(api.clients.sagemaker) },
      { ModelPackageGroupName: group, ModelApprovalStatus: "PendingManualApproval", MaxResults: 100 },
    );
    // No such group: nothing to plan (the first page says so).
    const all = await ifExists(async () => {
      const found: Json[] = [];
      for await (const page of pages) found.push(...(page.ModelPackageSummaryList ?? []));
      return found;
    });
    for (const pkg of all ?? []) {
      // Only PendingManualApproval is asked for; an Approved package is never planned.
      if (pkg.ModelApprovalStatus !== "PendingManualApproval") continue;
      const tags = await sageMakerTags(c, pkg.ModelPackageArn);
      const name = pkg.ModelPackageArn.split("/").slice(1).join("/");
      const why = exclusion(c, name, tags);
      if (why) excluded.push({ kind: "sagemaker.model-package", name, why });
      else items.push(item("sagemaker.model-package", name, c.config.region, `PendingManualApproval package of ${group}`, { tags, status: "PendingManualApproval" }, { arn: pkg.ModelPackageArn }));
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!planned.arn?.includes(`:model-package/${c.config.cleanup.modelPackageGroup}/`)) return { state: "changed", why: "not in the configured model package group" };
      const pkg = await c.api.send<Json>(c.api.clients.sagemaker, new DescribeModelPackageCommand({ ModelPackageName: planned.arn }));
      if (pkg.ModelApprovalStatus !== "PendingManualApproval") return { state: "changed", why: `now ${pkg.ModelApprovalStatus}: only packages pending approval are deleted` };
      return compare(c, planned, planned.name, await sageMakerTags(c, planned.arn!), { status: pkg.ModelApprovalStatus });
    }),
  async remove(c, planned) {
    c.record("DeleteModelPackage", planned.arn!);
    await c.api.send(c.api.clients.sagemaker, new DeleteModelPackageCommand({ ModelPackageName: planned.arn }));
  },
};

// ----- The pipeline: CloudFront, API Gateway, Lambda, DynamoDB, the workshop bucket, IAM -----

async function restApi(c: CleanupContext): Promise<Json | undefined> {
  for await (const page of paginateGetRestApis({ client: c.api.via(c.api.clients.apigateway) }, { limit: 500 })) {
    const found = (page.items ?? []).find((a: Json) => a.name === c.config.cleanup.restApiName);
    if (found) return found;
  }
  return undefined;
}

/** Origins that make a distribution the workshop's: its data bucket or the InferenceAPI endpoint. */
function workshopOrigin(c: CleanupContext, domain: string, apiId: string | undefined): boolean {
  const bucket = c.config.cleanup.workshopBucket;
  return domain.startsWith(`${bucket}.s3.`) || domain.startsWith(`${bucket}.s3-website`) || (apiId !== undefined && domain.startsWith(`${apiId}.execute-api.`));
}

const distributions: Handler = {
  kind: "cloudfront.distribution",
  async discover(c) {
    const { api } = c;
    const apiId = (await restApi(c))?.id;
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    for await (const result of paginateListDistributions({ client: api.via(api.clients.cloudfront) }, { MaxItems: 100 })) {
      const page: Json = result.DistributionList ?? {};
      for (const d of (page.Items ?? []) as Json[]) {
        const origins: string[] = (d.Origins?.Items ?? []).map((o: Json) => String(o.DomainName));
        const matched = origins.filter((o) => workshopOrigin(c, o, apiId));
        if (matched.length === 0) continue;
        const tags = tagRecord((await api.send<Json>(api.clients.cloudfront, new ListCloudFrontTagsCommand({ Resource: d.ARN }))).Tags?.Items);
        const why = exclusion(c, d.Id, tags);
        if (why) excluded.push({ kind: "cloudfront.distribution", name: d.Id, why });
        else
          items.push(
            item("cloudfront.distribution", d.Id, "global", `distribution with the workshop origin ${matched.join(", ")}`, { tags, origins: origins.sort() }, {
              arn: d.ARN,
              cost: `${d.Enabled ? "enabled" : "disabled"}, ${d.DomainName}: billed per request and transfer while it serves`,
            }),
          );
      }
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      const d = (await c.api.send<Json>(c.api.clients.cloudfront, new GetDistributionCommand({ Id: planned.name }))).Distribution;
      const origins: string[] = (d.DistributionConfig?.Origins?.Items ?? []).map((o: Json) => String(o.DomainName)).sort();
      const apiId = (await restApi(c))?.id;
      if (!origins.some((o) => workshopOrigin(c, o, apiId) || (planned.match.origins as string[]).includes(o))) return { state: "changed", why: "no longer has a workshop origin" };
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.cloudfront, new ListCloudFrontTagsCommand({ Resource: d.ARN }))).Tags?.Items);
      return compare(c, planned, planned.name, tags, { origins });
    }),
  async remove(c, planned) {
    const { api } = c;
    const current = await api.send<Json>(api.clients.cloudfront, new GetDistributionConfigCommand({ Id: planned.name }));
    let etag: string = current.ETag;
    if (current.DistributionConfig.Enabled) {
      c.record("UpdateDistribution (disable)", planned.name);
      etag = (await api.send<Json>(api.clients.cloudfront, new UpdateDistributionCommand({ Id: planned.name, IfMatch: etag, DistributionConfig: { ...current.DistributionConfig, Enabled: false } }))).ETag;
    }
    // A distribution can be deleted only once it is disabled and deployed (about 15 minutes).
    await waitUntil(c, "cloudfront.distribution", `CloudFront distribution ${planned.name} to deploy the disabled state`, api.clients.cloudfront, (config) =>
      waitUntilDistributionDeployed(config, { Id: planned.name }),
    );
    const deployed = await api.send<Json>(api.clients.cloudfront, new GetDistributionCommand({ Id: planned.name }));
    if (deployed.Distribution.DistributionConfig.Enabled !== false) throw new Error(`${planned.name} was enabled again while it deployed; nothing was deleted`);
    etag = deployed.ETag;
    c.record("DeleteDistribution", planned.name, { etag });
    await api.send(api.clients.cloudfront, new DeleteDistributionCommand({ Id: planned.name, IfMatch: etag }));
  },
};

const restApis: Handler = {
  kind: "apigateway.rest-api",
  async discover(c) {
    const found = await restApi(c);
    if (!found) return { items: [], excluded: [] };
    const tags = tagRecord(found.tags);
    const why = exclusion(c, found.name, tags);
    if (why) return { items: [], excluded: [{ kind: "apigateway.rest-api", name: found.name, why }] };
    return { items: [item("apigateway.rest-api", found.name, c.config.region, `REST API named ${c.config.cleanup.restApiName}`, { tags, id: found.id }, { arn: `arn:aws:apigateway:${c.config.region}::/restapis/${found.id}` })], excluded: [] };
  },
  recheck: async (c, planned) => {
    if (planned.name !== c.config.cleanup.restApiName) return { state: "changed", why: "not the configured REST API" };
    const found = await restApi(c);
    if (!found) return { state: "gone" };
    return compare(c, planned, found.name, tagRecord(found.tags), { id: found.id });
  },
  async remove(c, planned) {
    c.record("DeleteRestApi", planned.name, { id: planned.match.id });
    await c.api.send(c.api.clients.apigateway, new DeleteRestApiCommand({ restApiId: planned.match.id }));
  },
};

const functions: Handler = {
  kind: "lambda.function",
  async discover(c) {
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    for (const name of c.config.cleanup.lambdaFunctions) {
      const fn: Json = await ifExists(() => c.api.send<Json>(c.api.clients.lambda, new GetFunctionCommand({ FunctionName: name })));
      if (!fn) continue;
      const tags = tagRecord(fn.Tags);
      const why = exclusion(c, name, tags);
      if (why) excluded.push({ kind: "lambda.function", name, why });
      else items.push(item("lambda.function", name, c.config.region, `the pipeline's Lambda function ${name}`, { tags }, { arn: fn.Configuration?.FunctionArn }));
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!c.config.cleanup.lambdaFunctions.includes(planned.name)) return { state: "changed", why: "not one of the configured functions" };
      const fn = await c.api.send<Json>(c.api.clients.lambda, new GetFunctionCommand({ FunctionName: planned.name }));
      return compare(c, planned, planned.name, tagRecord(fn.Tags));
    }),
  async remove(c, planned) {
    c.record("DeleteFunction", planned.name);
    await c.api.send(c.api.clients.lambda, new DeleteFunctionCommand({ FunctionName: planned.name }));
  },
};

const tables: Handler = {
  kind: "dynamodb.table",
  async discover(c) {
    const name = c.config.cleanup.dynamoDbTable;
    const table: Json = (await ifExists(() => c.api.send<Json>(c.api.clients.dynamodb, new DescribeTableCommand({ TableName: name }))))?.Table;
    if (!table) return { items: [], excluded: [] };
    const tags = tagRecord((await c.api.send<Json>(c.api.clients.dynamodb, new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }))).Tags);
    const why =
      exclusion(c, name, tags) ??
      (table.DeletionProtectionEnabled ? "deletion protection is on: turn it off (aws dynamodb update-table --no-deletion-protection-enabled) if the table really goes" : undefined);
    if (why) return { items: [], excluded: [{ kind: "dynamodb.table", name, why }] };
    const mode = table.BillingModeSummary?.BillingMode ?? "PROVISIONED";
    return {
      items: [
        item("dynamodb.table", name, c.config.region, `the pipeline's table ${name}`, { tags, protection: false }, {
          arn: table.TableArn,
          cost: `${mode}${mode === "PROVISIONED" ? ` ${table.ProvisionedThroughput?.ReadCapacityUnits} RCU / ${table.ProvisionedThroughput?.WriteCapacityUnits} WCU` : ""}, ${table.TableSizeBytes ?? 0} bytes`,
        }),
      ],
      excluded: [],
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.dynamoDbTable) return { state: "changed", why: "not the configured table" };
      const table = (await c.api.send<Json>(c.api.clients.dynamodb, new DescribeTableCommand({ TableName: planned.name }))).Table;
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.dynamodb, new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }))).Tags);
      return compare(c, planned, planned.name, tags, { protection: table.DeletionProtectionEnabled === true });
    }),
  async remove(c, planned) {
    c.record("DeleteTable", planned.name);
    await c.api.send(c.api.clients.dynamodb, new DeleteTableCommand({ TableName: planned.name }));
    await waitUntil(c, "dynamodb.table", `DynamoDB table ${planned.name} to be deleted`, c.api.clients.dynamodb, (config) => waitUntilTableNotExists(config, { TableName: planned.name }));
  },
};

async function bucketTags(c: CleanupContext, bucket: string): Promise<Record<string, string>> {
  try {
    return tagRecord((await c.api.send<Json>(c.api.clients.s3, new GetBucketTaggingCommand({ Bucket: bucket, ExpectedBucketOwner: c.config.accountId }))).TagSet);
  } catch (error) {
    if (/NoSuchTagSet/.test(String((error as { name?: string }).name))) return {};
    throw error;
  }
}

const buckets: Handler = {
  kind: "s3.bucket",
  async discover(c) {
    const name = c.config.cleanup.workshopBucket;
    if (!(await ifExists(() => c.api.send(c.api.clients.s3, new HeadBucketCommand({ Bucket: name, ExpectedBucketOwner: c.config.accountId }))))) return { items: [], excluded: [] };
    const tags = await bucketTags(c, name);
    const why = exclusion(c, name, tags);
    if (why) return { items: [], excluded: [{ kind: "s3.bucket", name, why }] };
    const first = await c.api.send<Json>(c.api.clients.s3, new ListObjectVersionsCommand({ Bucket: name, MaxKeys: 1000, ExpectedBucketOwner: c.config.accountId }));
    const count = (first.Versions?.length ?? 0) + (first.DeleteMarkers?.length ?? 0);
    return {
      items: [
        item("s3.bucket", name, c.config.region, `the workshop's data bucket ${name}`, { tags }, {
          arn: `arn:aws:s3:::${name}`,
          cost: `${count}${first.IsTruncated ? "+" : ""} object versions and delete markers, emptied first`,
        }),
      ],
      excluded: [],
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.workshopBucket) return { state: "changed", why: "not the configured workshop bucket" };
      await c.api.send(c.api.clients.s3, new HeadBucketCommand({ Bucket: planned.name, ExpectedBucketOwner: c.config.accountId }));
      return compare(c, planned, planned.name, await bucketTags(c, planned.name));
    }),
  async remove(c, planned) {
    const { api } = c;
    let deleted = 0;
    for (;;) {
      // Always the first page: what is deleted leaves the listing.
      const page = await api.send<Json>(api.clients.s3, new ListObjectVersionsCommand({ Bucket: planned.name, MaxKeys: 1000, ExpectedBucketOwner: c.config.accountId }));
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v: Json) => ({ Key: v.Key, VersionId: v.VersionId }));
      if (objects.length === 0) break;
      c.record("DeleteObjects", planned.name, { versions: objects.length });
      const result = await api.send<Json>(api.clients.s3, new DeleteObjectsCommand({ Bucket: planned.name, Delete: { Objects: objects, Quiet: true }, ExpectedBucketOwner: c.config.accountId }));
      if ((result.Errors ?? []).length > 0) throw new Error(`DeleteObjects: ${result.Errors.slice(0, 3).map((e: Json) => `${e.Key}: ${e.Code}`).join(", ")}`);
      deleted += objects.length;
      c.progress(`cleanup: emptied ${deleted} versions from ${planned.name}`);
    }
    c.record("DeleteBucket", planned.name);
    await api.send(api.clients.s3, new DeleteBucketCommand({ Bucket: planned.name, ExpectedBucketOwner: c.config.accountId }));
  },
};

const policyArn = (c: CleanupContext): string => `arn:aws:iam::${c.config.accountId}:policy/${c.config.cleanup.iamPolicy}`;

const policies: Handler = {
  kind: "iam.policy",
  async discover(c) {
    const arn = policyArn(c);
    if (!(await ifExists(() => c.api.send(c.api.clients.iam, new GetPolicyCommand({ PolicyArn: arn }))))) return { items: [], excluded: [] };
    const name = c.config.cleanup.iamPolicy;
    const tags = tagRecord((await c.api.send<Json>(c.api.clients.iam, new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags);
    const why = exclusion(c, name, tags);
    if (why) return { items: [], excluded: [{ kind: "iam.policy", name, why }] };
    const entities = await policyEntities(c, arn);
    return {
      items: [
        item("iam.policy", name, "global", `the workshop's policy ${name}`, { tags }, {
          arn,
          cost: `attached to ${entities.length} role(s), user(s) or group(s): detached first`,
        }),
      ],
      excluded: [],
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.arn !== policyArn(c)) return { state: "changed", why: "not the configured policy" };
      await c.api.send(c.api.clients.iam, new GetPolicyCommand({ PolicyArn: planned.arn }));
      return compare(c, planned, planned.name, tagRecord((await c.api.send<Json>(c.api.clients.iam, new ListPolicyTagsCommand({ PolicyArn: planned.arn }))).Tags));
    }),
  async remove(c, planned) {
    const { api } = c;
    const arn = planned.arn!;
    for (const entity of await policyEntities(c, arn)) {
      c.record(`Detach${entity.type}Policy`, arn, { from: entity.name });
      if (entity.type === "Role") await api.send(api.clients.iam, new DetachRolePolicyCommand({ RoleName: entity.name, PolicyArn: arn }));
      if (entity.type === "User") await api.send(api.clients.iam, new DetachUserPolicyCommand({ UserName: entity.name, PolicyArn: arn }));
      if (entity.type === "Group") await api.send(api.clients.iam, new DetachGroupPolicyCommand({ GroupName: entity.name, PolicyArn: arn }));
    }
    for await (const page of paginateListPolicyVersions({ client: api.via(api.clients.iam) }, { PolicyArn: arn })) {
      for (const version of (page.Versions ?? []) as Json[]) {
        if (version.IsDefaultVersion) continue;
        c.record("DeletePolicyVersion", arn, { version: version.VersionId });
        await api.send(api.clients.iam, new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: version.VersionId }));
      }
    }
    c.record("DeletePolicy", arn);
    await api.send(api.clients.iam, new DeletePolicyCommand({ PolicyArn: arn }));
  },
};

async function policyEntities(c: CleanupContext, arn: string): Promise<{ type: "Role" | "User" | "Group"; name: string }[]> {
  const entities: { type: "Role" | "User" | "Group"; name: string }[] = [];
  for await (const page of paginateListEntitiesForPolicy({ client: c.api.via(c.api.clients.iam) }, { PolicyArn: arn })) {
    entities.push(
      ...(page.PolicyRoles ?? []).map((r: Json) => ({ type: "Role" as const, name: r.RoleName })),
      ...(page.PolicyUsers ?? []).map((u: Json) => ({ type: "User" as const, name: u.UserName })),
      ...(page.PolicyGroups ?? []).map((g: Json) => ({ type: "Group" as const, name: g.GroupName })),
    );
  }
  return entities;
}

const roles: Handler = {
  kind: "iam.role",
  async discover(c) {
    const name = c.config.cleanup.iamRole;
    const role: Json = (await ifExists(() => c.api.send<Json>(c.api.clients.iam, new GetRoleCommand({ RoleName: name }))))?.Role;
    if (!role) return { items: [], excluded: [] };
    const tags = tagRecord(role.Tags);
    const why = exclusion(c, name, tags);
    if (why) return { items: [], excluded: [{ kind: "iam.role", name, why }] };
    return { items: [item("iam.role", name, "global", `the workshop's role ${name}`, { tags }, { arn: role.Arn })], excluded: [] };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.iamRole) return { state: "changed", why: "not the configured role" };
      const role = (await c.api.send<Json>(c.api.clients.iam, new GetRoleCommand({ RoleName: planned.name }))).Role;
      return compare(c, planned, planned.name, tagRecord(role.Tags));
    }),
  async remove(c, planned) {
    const { api } = c;
    const RoleName = planned.name;
    const iam = api.via(api.clients.iam);
    for (const profile of await collect(paginateListInstanceProfilesForRole({ client: iam }, { RoleName }), (p) => p.InstanceProfiles)) {
      c.record("RemoveRoleFromInstanceProfile", RoleName, { profile: profile.InstanceProfileName });
      await api.send(api.clients.iam, new RemoveRoleFromInstanceProfileCommand({ RoleName, InstanceProfileName: profile.InstanceProfileName }));
    }
    for (const PolicyName of await collect(paginateListRolePolicies({ client: iam }, { RoleName }), (p) => p.PolicyNames)) {
      c.record("DeleteRolePolicy", RoleName, { policy: PolicyName });
      await api.send(api.clients.iam, new DeleteRolePolicyCommand({ RoleName, PolicyName }));
    }
    for (const attached of await collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName }), (p) => p.AttachedPolicies)) {
      c.record("DetachRolePolicy", RoleName, { policy: attached.PolicyArn });
      await api.send(api.clients.iam, new DetachRolePolicyCommand({ RoleName, PolicyArn: attached.PolicyArn }));
    }
    c.record("DeleteRole", RoleName);
    await api.send(api.clients.iam, new DeleteRoleCommand({ RoleName }));
  },
};

export const HANDLERS: Readonly<Record<Kind, Handler>> = {
  "cloudfront.distribution": distributions,
  "apigateway.rest-api": restApis,
  "lambda.function": functions,
  "sagemaker.training-job": trainingJobs,
  "sagemaker.endpoint": failedEndpoints,
  "sagemaker.endpoint-config": endpointConfigs,
  "sagemaker.model-package": modelPackages,
  "ecr.images": ecrImages,
  "eks.addon": eksAddons,
  "logs.log-group": logGroups,
  "dynamodb.table": tables,
  "s3.bucket": buckets,
  "iam.policy": policies,
  "iam.role": roles,
};
