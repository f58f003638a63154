import { EXAMPLE_ACCOUNT_ID } from "../facts/example-account";
import { checkBreakGlassPresent, checkCollisions, selectEnvironments } from "./cross-environment";
import { isObject, type Json } from "./object-paths";
import { acceptedOverrides, ENV_SELECT, NO_OVERRIDES, readOverrides } from "./overrides";
import { parseFile } from "./parse-file";
import { ConfigError, Problems } from "./problems";
import { resolveEnvironment, type Resolved } from "./resolve-environment";
import { resolveOrganization } from "./resolve-organization";
import { SETTINGS } from "./schema";
import type { Environment, EnvironmentConfig, OrganizationConfig } from "./types";

export { ConfigError } from "./problems";
export { ENV_OVERRIDES, ENV_SELECT } from "./overrides";

/** The environments the `foundation` object declares (dev when it declares none), for commands that take one by name. */
export function declaredEnvironments(settings: unknown): string[] {
  const environments = isObject(settings) && isObject(settings.environments) ? settings.environments : { dev: {} };
  return Object.keys(environments);
}

/** The `foundation` object has an `organization` block (valid or not), for commands that take `organization` by name. */
export function hasOrganizationBlock(settings: unknown): boolean {
  return isObject(settings) && settings.organization !== undefined;
}

/**
 * Where an environment is, as the file writes it (its block, else the top level, else the
 * schema's default region), without validating anything: for commands that must know which
 * environments share an account even when one of them does not validate on its own. The account
 * is undefined where none is written (the example account).
 */
export function writtenPlacement(settings: unknown, environment: string): { accountId?: string; region: string } {
  const top = isObject(settings) ? settings : {};
  const block = isObject(top.environments) && isObject(top.environments[environment]) ? top.environments[environment] : {};
  const pick = (key: string): unknown => block[key] ?? top[key];
  const text = (value: unknown): string | undefined => (typeof value === "string" ? value.trim() : undefined);
  return { accountId: text(pick("accountId")), region: text(pick("region")) ?? SETTINGS.region.default };
}

export interface LoadedConfig {
  /** The environments to synthesize, in the order given. */
  readonly environments: readonly EnvironmentConfig[];
  readonly warnings: readonly ConfigWarning[];
  /** Organization mode, when the file has an `organization` block: its stacks are synthesized with every selection. */
  readonly organization?: OrganizationConfig;
}

export interface ConfigWarning {
  readonly environment: Environment;
  readonly message: string;
}

export interface ConfigSources {
  /** The `foundation` object of cdktf.json's `context` (may be absent). */
  readonly settings?: unknown;
  /** Process environment, for the MLOPS_* overrides. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads, merges and validates the configuration of every configured environment in one pass,
 * and returns the ones selected for synthesis. Throws a {@link ConfigError} listing every
 * problem, one line per root cause; nothing is built before this returns.
 *
 * The schema (schema.ts) checks each value where it is written: the file, then each MLOPS_*
 * variable. A value it rejects is reported and dropped, so that what is checked afterwards (names,
 * collisions, settings that depend on each other) does not report the same mistake again.
 */
export function loadConfig(sources: ConfigSources = {}): LoadedConfig {
  const env = sources.env ?? {};
  const problems = new Problems();
  const file = parseFile(sources.settings ?? {}, problems);
  const overrides = readOverrides(env, problems);

  const blocks = file.doc.environments ?? { dev: {} };
  const configured = Object.keys(blocks);
  // An environment whose block was rejected is already reported; selecting it, or selecting the
  // default dev beside a rejected environment, is not a second mistake.
  const defaultSelection = file.doc.synthesize === undefined && env[ENV_SELECT] === undefined;
  // With the whole file or its environments rejected, any selection is excused.
  const excused = (name: string): boolean => file.flawed.has("*") || file.declared.includes(name) || (defaultSelection && file.flawed.size > 0 && name === "dev");
  const selected = selectEnvironments(file.doc, env, configured, excused, problems);
  // Variables configure what is being synthesized; the other environments keep their file values.
  const resolved = configured.map((name) => {
    const block = blocks[name] as Json;
    const accepted = selected.includes(name) ? acceptedOverrides(name, file.doc, block, overrides, problems) : NO_OVERRIDES;
    return resolveEnvironment(name, file.doc, block, accepted, file.flawedSettings, problems);
  });
  // A value already reported would only be reported again, differently, by comparing it.
  checkCollisions(
    resolved.filter((r) => !file.flawed.has(r.config.environment) && !file.flawed.has("*")),
    problems,
  );
  // A list whose entries were all rejected is already reported; its absence is not a second mistake.
  const breakGlassFlawed = (r: Resolved): boolean =>
    [r.breakGlassLabel, `environments.${r.config.environment}.audit.breakGlassPrincipalArns`].some((s) => file.flawedSettings.has(s));
  checkBreakGlassPresent(resolved.filter((r) => selected.includes(r.config.environment) && !breakGlassFlawed(r)), problems);
  const organization = resolveOrganization(file.doc, resolved, file.flawedSettings, problems);
  if (problems.count > 0) throw new ConfigError(problems.lines);

  const environments = selected.map((name) => resolved.find((r) => r.config.environment === name)!.config);
  const warnings = environments
    .filter((c) => c.accountIdIsExample)
    .flatMap((c) => [
      {
        environment: c.environment,
        message:
          `${c.environment}: no accountId configured; synthesizing with the example account ${EXAMPLE_ACCOUNT_ID}. ` +
          `Set environments.${c.environment}.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) before npm run deploy -- ${c.environment}.`,
      },
      ...(c.audit.retainOnDestroy && c.audit.breakGlassPrincipalArns.length === 0
        ? [
            {
              environment: c.environment,
              message:
                `${c.environment}: no audit.breakGlassPrincipalArns, so the evidence protection (explicit denies on the log buckets, ` +
                "keys and alarm topic) is left out of this example-account synthesis. With a real accountId this is an error.",
            },
          ]
        : []),
    ]);
  return { environments, warnings, ...(organization !== undefined ? { organization } : {}) };
}
