/**
 * What a lifecycle command's arguments name: environments (`dev`), or, for those who want them,
 * stack names (`mlops-retail-prediction-dev-foundation`). Each resolves to one environment and the
 * stacks of it the command runs.
 */
import { ConfigError, declaredEnvironments, hasOrganizationBlock, loadConfig, type LoadedConfig } from "../config/load";
import { ORGANIZATION_TARGET } from "../facts/organization";
import type { EnvironmentConfig } from "../config/types";
import { CannotRun } from "../aws/api";
import { organizationTarget, type OrganizationTarget } from "./organization";

export type StackRole = "state" | "foundation";

export interface Target {
  readonly config: EnvironmentConfig;
  /** Which of the environment's stacks the argument named: both for an environment name. */
  readonly stacks: readonly StackRole[];
  /** The argument as given. */
  readonly given: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The organization's stacks the arguments name (lifecycle/organization.ts), and the environments
 * the others name. Either may be empty, not both.
 */
export function resolveAll(settings: unknown, env: Env, args: readonly string[]): { targets: Target[]; organization?: OrganizationTarget } {
  const org = hasOrganizationBlock(settings) ? loaded(settings, env).organization : undefined;
  if (args.length === 0) {
    throw new CannotRun(`name at least one environment (${declaredEnvironments(settings).join(", ")})${org !== undefined ? `, or ${ORGANIZATION_TARGET} for the organization's stacks` : ""}`);
  }
  const { target, rest } = organizationTarget(org, args);
  return { targets: rest.length > 0 ? resolveTargets(settings, env, rest) : [], organization: target };
}

/** The configuration as loaded with these variables; a configuration problem is a refusal. */
function loaded(settings: unknown, env: Env): LoadedConfig {
  try {
    return loadConfig({ settings, env });
  } catch (error) {
    if (error instanceof ConfigError) throw new CannotRun(error.message);
    throw error;
  }
}

/**
 * Resolves the arguments against the configuration and loads it for exactly those environments
 * (MLOPS_ENVIRONMENTS), so that what is checked and deployed is what `cdktf` synthesizes. A
 * configuration problem, an unknown name or an MLOPS_ENVIRONMENTS that selects something else is
 * a refusal: nothing runs.
 */
export function resolveTargets(settings: unknown, env: Env, args: readonly string[]): Target[] {
  if (args.length === 0) throw new CannotRun(`name at least one environment (${declaredEnvironments(settings).join(", ")})`);
  const wanted = args.map((given) => ({ given, ...named(settings, env, given) }));
  const environments = [...new Set(wanted.map((w) => w.environment))];
  const preset = env.MLOPS_ENVIRONMENTS;
  if (preset !== undefined && !sameSet(preset.split(",").map((e) => e.trim()).filter((e) => e !== ""), environments)) {
    throw new CannotRun(`MLOPS_ENVIRONMENTS=${preset} selects other environments than the command's arguments (${environments.join(", ")}): unset it; the arguments choose`);
  }
  const configs = loaded(settings, { ...env, MLOPS_ENVIRONMENTS: environments.join(",") }).environments;
  return environments.map((environment) => {
    const config = configs.find((c) => c.environment === environment)!;
    const roles = wanted.filter((w) => w.environment === environment).flatMap((w) => w.stacks);
    const stacks = (["state", "foundation"] as const).filter((r) => roles.includes(r));
    return { config, stacks, given: wanted.filter((w) => w.environment === environment).map((w) => w.given).join(" ") };
  });
}

/** The environment an argument names, and which of its stacks. */
function named(settings: unknown, env: Env, given: string): { environment: string; stacks: readonly StackRole[] } {
  const declared = declaredEnvironments(settings);
  if (declared.includes(given)) return { environment: given, stacks: ["state", "foundation"] };
  const stacks: string[] = [];
  for (const environment of declared) {
    let config: EnvironmentConfig;
    try {
      config = loadConfig({ settings, env: { ...env, MLOPS_ENVIRONMENTS: environment } }).environments[0];
    } catch {
      continue; // Not resolvable on its own: its problems are reported if it is named by its environment.
    }
    if (config.names.stateStack === given) return { environment, stacks: ["state"] };
    if (config.names.foundationStack === given) return { environment, stacks: ["foundation"] };
    stacks.push(config.names.stateStack, config.names.foundationStack);
  }
  throw new CannotRun(`${given} is neither an environment of cdktf.json (${declared.join(", ")}) nor one of their stacks (${stacks.join(", ")})`);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === new Set(a).size && a.length === b.length && a.every((x) => b.includes(x));
}
