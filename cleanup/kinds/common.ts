/** Helpers every kind of leftover uses: tags, exclusions, re-checks, waits. */
import { ListTagsCommand as ListSageMakerTagsCommand } from "@aws-sdk/client-sagemaker";
import { createWaiter, WaiterState } from "@smithy/core/client";
import { errorOf, type Sender } from "../../aws/api";
import type { CleanupContext, Excluded, Kind, PlanItem, Recheck, WaitKind } from "../types";

// SDK responses are read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/**
 * Runs an SDK waiter on a client sent through the Api, with a progress line after each poll
 * (redrawn on a terminal, a plain line in CI). A waiter that gives up names what and how long.
 */
export async function waitUntil<C extends Sender>(
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

/**
 * Sends an IAM delete until IAM sees what was just detached or removed. IAM is eventually
 * consistent: right after the last policy is detached, DeleteRole and DeletePolicy can still
 * answer DeleteConflictException. The SDK has no waiter for this, so its waiter engine
 * (createWaiter: backoff with jitter, a time limit) retries the call itself; any other error
 * ends at once.
 */
export async function untilSettled(c: CleanupContext, what: string, send: () => Promise<unknown>): Promise<void> {
  const started = c.now().getTime();
  const times = c.waits("iam.settle");
  let conflict = "";
  const result = await createWaiter({ client: {}, ...times }, undefined, async () => {
    try {
      await send();
      return { state: WaiterState.SUCCESS };
    } catch (error) {
      if (errorOf(error).name !== "DeleteConflictException") throw error;
      conflict = errorOf(error).message;
      c.progress(`cleanup: waiting for IAM to see ${what} emptied (${Math.round((c.now().getTime() - started) / 1000)} s)`);
      return { state: WaiterState.RETRY };
    }
  });
  if (result.state !== WaiterState.SUCCESS) throw new Error(`${what}: IAM still reports it in use after ${times.maxWaitTime} s (${conflict}); run apply again later`);
}

/** The state an SDK waiter ended in (TIMEOUT, FAILURE, ...), or undefined for any other error. */
export function waiterState(error: unknown): string | undefined {
  try {
    const result = JSON.parse((error as Error).message) as { state?: unknown };
    return typeof result?.state === "string" ? result.state : undefined;
  } catch {
    return undefined;
  }
}

export const NOT_FOUND = /NotFound|NoSuch|ResourceNotFound|does not exist|ValidationException|404/;
export const isNotFound = (error: unknown): boolean => NOT_FOUND.test(`${(error as { name?: string }).name} ${(error as Error).message}`);

/** Tags as a record, from any of the SDK's tag list shapes. */
export function tagRecord(tags: Json): Record<string, string> {
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

export const item = (kind: Kind, name: string, region: string, rule: string, match: Json, extra: Partial<PlanItem> = {}): PlanItem => ({
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
export const matchesPattern = (name: string, pattern: string): boolean => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

/** Runs a recheck that reads a resource: a not-found error means the item is gone. */
export async function reread(fn: () => Promise<Recheck>): Promise<Recheck> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return { state: "gone" };
    throw error;
  }
}

/** The result of a read, or undefined when the resource does not exist. */
export async function ifExists<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export const sameTags = (planned: Record<string, string>, now: Record<string, string>): boolean => JSON.stringify(Object.entries(planned).sort()) === JSON.stringify(Object.entries(now).sort());

/** Compares what was planned with what is there now: still ours to delete, or changed. */
export function compare(c: CleanupContext, item: PlanItem, name: string, tags: Record<string, string>, current: Json = {}): Recheck {
  const why = exclusion(c, name, tags);
  if (why) return { state: "changed", why };
  if (!sameTags(item.match.tags ?? {}, tags)) return { state: "changed", why: "its tags changed since the plan" };
  for (const [key, value] of Object.entries(current)) {
    if (JSON.stringify(item.match[key]) !== JSON.stringify(value)) return { state: "changed", why: `${key} is now ${JSON.stringify(value)} (planned: ${JSON.stringify(item.match[key])})` };
  }
  return { state: "match" };
}

export async function sageMakerTags(c: CleanupContext, arn: string): Promise<Record<string, string>> {
  return tagRecord((await c.api.send<Json>(c.api.clients.sagemaker, new ListSageMakerTagsCommand({ ResourceArn: arn }))).Tags);
}

/** What a kind's discovery found: the items to plan, and what is left alone with the reason. */
export class Findings {
  readonly items: PlanItem[] = [];
  readonly excluded: Excluded[] = [];

  constructor(
    private readonly c: CleanupContext,
    private readonly kind: Kind,
  ) {}

  /** Plans `name` unless this app or another project owns it (by its name or tags); `plan` runs only for what is planned. */
  async consider(name: string, tags: Record<string, string>, plan: () => PlanItem | Promise<PlanItem>): Promise<void> {
    const why = exclusion(this.c, name, tags);
    if (why) this.excluded.push({ kind: this.kind, name, why });
    else this.items.push(await plan());
  }
}

