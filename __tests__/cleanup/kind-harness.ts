/**
 * One kind's handler against the mocked account: the context cleanup gives it for dev (a real
 * configuration, the names this app owns), the records it makes and its progress lines.
 */
import { Api } from "../../aws/api";
import { createCleanupClients } from "../../cleanup/aws";
import { context } from "../../cleanup/run";
import type { CleanupContext, PlanItem } from "../../cleanup/types";
import { loadConfig } from "../../config/load";
import { ACCOUNT, FAST_WAITS, REGION, type CleanupWorld } from "./world";

/** Tags of another project, and the reason every kind gives for leaving such a resource alone. */
export const OTHER = { Project: "fraud-detection" };
export const ANOTHER_PROJECT = "tagged for another project (Project=fraud-detection)";

export interface KindRun {
  readonly c: CleanupContext;
  readonly records: { action: string; target: string; detail?: unknown }[];
  readonly progress: string[];
  /** The kinds of wait asked for (cleanup/types.ts's WAITS keys), in order. */
  readonly waited: string[];
}

/** dev in ACCOUNT, with these cleanup settings (and dev's other settings, when given). */
export function kindContext(cleanup: Record<string, unknown> = {}, dev: Record<string, unknown> = {}): KindRun {
  const [config] = loadConfig({ settings: { accountId: ACCOUNT, region: REGION, cleanup, environments: { dev } } }).environments;
  const records: KindRun["records"] = [];
  const progress: string[] = [];
  const waited: string[] = [];
  const waits = (kind: string) => (waited.push(kind), FAST_WAITS());
  const c = context(
    { context: undefined, env: {}, clients: createCleanupClients, outdir: "", log: () => undefined, problem: () => undefined, waits, progress: (l) => progress.push(l), now: () => new Date("2026-12-04T00:00:00Z") },
    new Api(createCleanupClients(REGION)),
    config,
    (action, target, detail) => records.push({ action, target, ...(detail !== undefined ? { detail } : {}) }),
  );
  return { c, records, progress, waited };
}

/** A world with nothing in it: each test adds what it is about. */
export function emptyWorld(): CleanupWorld {
  return {
    caller: { Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/me` },
    logGroups: [],
    clusters: [],
    images: [],
    trainingJobs: [],
    endpoints: [],
    endpointConfigs: [],
    modelPackages: [],
    distributions: [],
    restApis: [],
    functions: [],
    tables: [],
    buckets: [],
    policies: [],
    roles: [],
    failOnce: new Set(),
  };
}

/** A planned item as another configuration (or a hand-edited plan) would have it. */
export const renamed = (item: PlanItem, name: string, arn = item.arn): PlanItem => ({ ...item, id: `${item.kind}:${name}`, name, ...(arn !== undefined ? { arn } : {}) });
