/**
 * `npm run cleanup -- plan <env>` and `npm run cleanup -- apply <file>`: Terraform's model for
 * what Terraform does not own. The plan is read-only and written to a file; apply deletes exactly
 * the items of that file, in order, each re-checked first, and logs every action.
 * Exit codes: 0 done, 1 something failed, was skipped or is still there, 2 could not run.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError, declaredEnvironments, loadConfig, writtenPlacement } from "../config/load";
import { irsaRoleName } from "../facts/naming";
import type { EnvironmentConfig } from "../config/types";
import { Api, CannotRun, errorOf, isResponseError, responseProblem, type Credentials } from "../aws/api";
import { deployRoleCredentials } from "../aws/deploy-role";
import { preflight } from "../aws/preflight";
import type { CleanupClients } from "./aws";
import { HANDLERS } from "./kinds";
import { KINDS, WAITS, type CleanupContext, type Kind, type PlanItem, type WaitKind, type WaitTimes } from "./types";
import { PLAN_FORMAT, readPlan, type Plan } from "./plan-file";

export interface CleanupOptions {
  readonly context: Record<string, unknown> | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clients: (region: string, credentials?: Credentials) => CleanupClients;
  /** cdktf.out: where plans and logs go by default. */
  readonly outdir: string;
  readonly log: (line: string) => void;
  readonly problem: (line: string) => void;
  readonly now?: () => Date;
  /** How SDK waiters poll (seconds), by kind; default: cleanup/types.ts's WAITS. */
  readonly waits?: (kind: WaitKind) => WaitTimes;
  readonly progress?: (line: string) => void;
}

function configFor(options: CleanupOptions, environment: string): EnvironmentConfig {
  const declared = declaredEnvironments(options.context?.foundation);
  if (!declared.includes(environment)) throw new CannotRun(`${environment} is not configured in cdktf.json; configured: ${declared.join(", ")}`);
  let loaded;
  try {
    loaded = loadConfig({ settings: options.context?.foundation, env: { ...options.env, MLOPS_ENVIRONMENTS: environment } });
  } catch (error) {
    if (error instanceof ConfigError) throw new CannotRun(error.message);
    throw error;
  }
  return loaded.environments[0];
}

/** An environment that keeps its evidence (prod, staging, or any with audit.retainOnDestroy) is cleaned up only when asked for by name. */
function guardProd(config: EnvironmentConfig, allowProd: boolean): void {
  if (config.audit.retainOnDestroy && !allowProd) {
    throw new CannotRun(
      `${config.environment} keeps its audit evidence (audit.retainOnDestroy): refusing without --allow-prod ` +
        "(and even then, nothing this app created, audit evidence included, is ever planned)",
    );
  }
}

/**
 * The workshop's names (cleanup.*) are the guides', not the environment's own: where another
 * declared environment shares the account and region, they may be its leftovers as much as
 * these. Refused unless --shared-account says the risk is known.
 */
function guardSharedAccount(options: CleanupOptions, config: EnvironmentConfig, sharedAccount: boolean): void {
  if (sharedAccount) return;
  const others = declaredEnvironments(options.context?.foundation)
    .filter((e) => e !== config.environment)
    .filter((e) => {
      let placement: { accountId?: string; region: string };
      try {
        const other = configFor(options, e);
        placement = { accountId: other.accountIdIsExample ? undefined : other.accountId, region: other.region };
      } catch {
        // One that does not validate on its own (a prod without break-glass principals) is still where the file puts it.
        placement = writtenPlacement(options.context?.foundation, e);
      }
      return placement.accountId === config.accountId && placement.region === config.region;
    });
  if (others.length > 0) {
    throw new CannotRun(
      `${config.environment} shares account ${config.accountId} and region ${config.region} with ${others.join(", ")}: the workshop's resources found there ` +
        `may be ${others.length > 1 ? "theirs" : `${others[0]}'s`} too. Give each environment its own names under cleanup (ecrTags, eksClusterPattern, ...), ` +
        "then pass --shared-account, and read the plan before applying it",
    );
  }
}

/** Every name this app creates for the environment: never planned, never deleted here. */
function ownNames(config: EnvironmentConfig): Set<string> {
  return new Set([
    ...Object.values(config.names),
    irsaRoleName(config.project, config.environment, config.iam.retailApiServiceAccount),
    irsaRoleName(config.project, config.environment, "kube-system:aws-node"),
    ...config.eks.podRoles.map((r) => r.roleName),
  ]);
}

/**
 * Every kind's discovery. A response the SDK rejects or cannot parse stops the command with one
 * line naming the kind, instead of a stack trace: nothing is planned from a partial picture.
 */
function discoverAll(c: CleanupContext): Promise<Awaited<ReturnType<(typeof HANDLERS)[Kind]["discover"]>>[]> {
  return Promise.all(
    KINDS.map((k) =>
      HANDLERS[k].discover(c).catch((error: unknown) => {
        if (isResponseError(error)) throw new CannotRun(`could not look for ${k}: ${responseProblem(error)}`);
        throw error;
      }),
    ),
  );
}

/** The context every handler works in; exported for the tests of each kind. */
export function context(options: CleanupOptions, api: Api<CleanupClients>, config: EnvironmentConfig, record: CleanupContext["record"]): CleanupContext {
  return {
    api,
    config,
    ownNames: ownNames(config),
    record,
    progress: options.progress ?? (() => undefined),
    waits: options.waits ?? ((kind) => WAITS[kind]),
    now: options.now ?? (() => new Date()),
  };
}

/** Items in deletion order: dependencies first (they point to earlier kinds), then by name. */
function ordered(items: readonly PlanItem[]): (PlanItem & { order: number })[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const rank = (kind: Kind): number => KINDS.indexOf(kind);
  const sorted = [...items].sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name));
  const position = new Map(sorted.map((i, index) => [i.id, index + 1]));
  return sorted.map((i) => ({
    ...i,
    dependsOn: i.dependsOn.filter((d) => byId.has(d)).sort((a, b) => position.get(a)! - position.get(b)!),
    order: position.get(i.id)!,
  }));
}

/** CloudFront before its origins, the API before its Lambda integrations, the functions before their role. */
function withDependencies(items: PlanItem[]): PlanItem[] {
  const ids = (kind: Kind): string[] => items.filter((i) => i.kind === kind).map((i) => i.id);
  const edges: Partial<Record<Kind, Kind[]>> = {
    "apigateway.rest-api": ["cloudfront.distribution"],
    "s3.bucket": ["cloudfront.distribution"],
    "lambda.function": ["apigateway.rest-api"],
    "iam.role": ["lambda.function"],
  };
  return items.map((i) => ({ ...i, dependsOn: [...i.dependsOn, ...(edges[i.kind] ?? []).flatMap(ids)] }));
}

export function planTable(plan: Plan): string[] {
  const lines = [`Cleanup plan for ${plan.environment} (account ${plan.accountId}, ${plan.region}), ${plan.createdAt}: ${plan.items.length} to delete, ${plan.excluded.length} left alone`, ""];
  for (const i of plan.items) {
    lines.push(`${String(i.order).padStart(3)}. ${i.kind}  ${i.name}${i.arn && i.arn !== i.name ? `  (${i.arn})` : ""}`);
    lines.push(`       why: ${i.rule}${i.dependsOn.length ? `; after ${i.dependsOn.join(", ")}` : ""}${i.cost ? `; while it stays: ${i.cost}` : ""}`);
  }
  if (plan.excluded.length > 0) {
    lines.push("", "Left alone:");
    for (const e of plan.excluded) lines.push(`  - ${e.kind}  ${e.name}: ${e.why}`);
  }
  return lines;
}

export interface PlanFlags {
  readonly allowProd: boolean;
  /** The environment shares its account and region with another declared one, and that is known. */
  readonly sharedAccount: boolean;
}

export async function runPlan(options: CleanupOptions, environment: string, out: string | undefined, flags: PlanFlags): Promise<number> {
  try {
    const config = configFor(options, environment);
    guardProd(config, flags.allowProd);
    guardSharedAccount(options, config, flags.sharedAccount);
    const api = new Api(options.clients(config.region, deployRoleCredentials(config)));
    await preflight(api, config, { action: "touch", applies: false });
    const c = context(options, api, config, () => undefined);
    const found = await discoverAll(c);
    const now = (options.now ?? (() => new Date()))();
    const plan: Plan = {
      format: PLAN_FORMAT,
      environment: config.environment,
      accountId: config.accountId,
      region: config.region,
      project: config.project,
      createdAt: now.toISOString(),
      items: ordered(withDependencies(found.flatMap((f) => f.items))),
      excluded: found.flatMap((f) => f.excluded),
    };
    const file = out ?? join(options.outdir, `cleanup-plan-${config.environment}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
    for (const line of planTable(plan)) options.log(line);
    options.log("");
    options.log(`Plan written to ${file} (${api.calls} read-only API calls). Nothing was changed. To delete exactly this: npm run cleanup -- apply ${file}`);
    return 0;
  } catch (error) {
    if (!(error instanceof CannotRun)) throw error;
    options.problem(`cleanup: ${error.message}`);
    return 2;
  }
}

export interface ApplyFlags {
  readonly yes: boolean;
  readonly allowProd: boolean;
  /** Asks the user to type the environment name; undefined where there is no terminal. */
  readonly confirm?: (question: string) => Promise<string>;
}

type Outcome = string;
const DONE = ["deleted", "stopped", "images deleted", "already gone"];

export async function runApply(options: CleanupOptions, file: string, flags: ApplyFlags): Promise<number> {
  try {
    const plan = readPlan(file);
    const config = configFor(options, plan.environment);
    guardProd(config, flags.allowProd);
    if (plan.accountId !== config.accountId) throw new CannotRun(`${file}: planned for account ${plan.accountId}, but ${plan.environment} is configured for ${config.accountId}`);
    const api = new Api(options.clients(config.region, deployRoleCredentials(config)));
    await preflight(api, config, { action: "touch", applies: false });
    for (const line of planTable(plan)) options.log(line);
    if (!flags.yes) {
      if (!flags.confirm) throw new CannotRun("apply deletes resources: confirm on a terminal, or pass --yes for non-interactive use");
      const typed = await flags.confirm(`Type the environment name (${plan.environment}) to delete the ${plan.items.length} items above: `);
      if (typed.trim() !== plan.environment) throw new CannotRun(`confirmation ${JSON.stringify(typed.trim())} is not ${JSON.stringify(plan.environment)}; nothing was changed`);
    }
    const now = options.now ?? (() => new Date());
    const logFile = join(options.outdir, `cleanup-${plan.environment}-${now().toISOString().replace(/[:.]/g, "-")}.jsonl`);
    mkdirSync(options.outdir, { recursive: true });
    const write = (entry: object): void => appendFileSync(logFile, `${JSON.stringify({ at: now().toISOString(), ...entry })}\n`);
    let current = "";
    const c = context(options, api, config, (action, target, detail) => write({ item: current, action, target, ...(detail ? { detail } : {}) }));
    const outcomes = new Map<string, Outcome>();
    for (const planned of [...plan.items].sort((a, b) => a.order - b.order)) {
      current = planned.id;
      const handler = HANDLERS[planned.kind];
      let outcome: Outcome;
      let detail = "";
      const blocked = planned.dependsOn.find((d) => ["failed", "skipped: dependency failed", "skipped: changed"].includes(outcomes.get(d) ?? ""));
      if (blocked) {
        outcome = "skipped: dependency failed";
        detail = `${blocked} was not deleted`;
      } else {
        try {
          const state = await handler.recheck(c, planned);
          if (state.state === "gone") outcome = "already gone";
          else if (state.state === "changed") {
            outcome = "skipped: changed";
            detail = state.why;
          } else {
            await handler.remove(c, planned);
            outcome = handler.done ?? "deleted";
          }
        } catch (error) {
          outcome = "failed";
          const { name, message } = errorOf(error);
          detail = `${name}: ${message}`;
        }
      }
      outcomes.set(planned.id, outcome);
      write({ item: planned.id, outcome, ...(detail ? { detail } : {}) });
      options.log(`${String(planned.order).padStart(3)}. ${outcome.padEnd(26)} ${planned.kind}  ${planned.name}${detail ? ` (${detail})` : ""}`);
    }
    // The guide's final check (section 5.8): look again, read-only.
    const again = (await discoverAll(c)).flatMap((f) => f.items);
    const remaining = plan.items.filter((i) => again.some((a) => a.id === i.id));
    options.log("");
    options.log(`Found again: ${remaining.length === 0 ? "none" : remaining.map((i) => i.id).join(", ")}`);
    // Gone: deleted (or already gone) and not found again; an item skipped because it changed is still there.
    const gone = plan.items.filter((i) => DONE.includes(outcomes.get(i.id) ?? "") && !remaining.includes(i)).length;
    options.log(`Gone: ${gone} of ${plan.items.length}. Log: ${logFile} (${api.calls} API calls)`);
    const bad = [...outcomes.values()].filter((o) => !DONE.includes(o)).length;
    return bad > 0 || remaining.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof CannotRun)) throw error;
    options.problem(`cleanup: ${error.message}`);
    return 2;
  }
}
