/** The MLOPS_* variables: read, checked by the file's schema, and applied where an environment allows. */
import * as v from "valibot";
import { retainsByDefault } from "./defaults";
import { deepMerge, fileSettings, getPath, setPath, type Json } from "./object-paths";
import type { Problems } from "./problems";
import { SETTINGS, type FoundationInput, type SettingsInput } from "./schema";
import { withoutDefaults } from "./without-defaults";
import type { Environment } from "./types";

type Settings = SettingsInput;

/** Environment variables that override the file configuration, for CI. */
export const ENV_OVERRIDES = {
  MLOPS_PROJECT: "project",
  MLOPS_ACCOUNT_ID: "accountId",
  MLOPS_REGION: "region",
  MLOPS_DATA_BUCKET: "dataBucket.name",
  MLOPS_EKS_OIDC_ISSUER_URL: "eksOidcIssuerUrl",
  MLOPS_ALARM_EMAILS: "alarmEmails",
  MLOPS_PERMISSIONS_BOUNDARY_ARN: "permissionsBoundaryArn",
  MLOPS_ALLOW_STATE_BUCKET_DESTROY: "allowStateBucketDestroy",
} as const;

/** Comma-separated environments to synthesize, overriding `synthesize`. */
export const ENV_SELECT = "MLOPS_ENVIRONMENTS";

export interface Overrides {
  readonly values: Settings;
  /** Setting path -> the variable that set it. */
  readonly origin: Readonly<Record<string, string>>;
}

export const NO_OVERRIDES: Overrides = { values: {}, origin: {} };

/** A variable sets one value; the defaults are filled in after the merge. */
const VARIABLE_SCHEMA = withoutDefaults(v.strictObject(SETTINGS));

/**
 * The MLOPS_* overrides, each validated by the same schema as the file and reported under its
 * variable's name. A misspelt variable would be silently ignored and an empty one would silently
 * fall back to the file, so both are errors.
 */
export function readOverrides(env: Readonly<Record<string, string | undefined>>, problems: Problems): Overrides {
  const known = [...Object.keys(ENV_OVERRIDES), ENV_SELECT];
  for (const variable of Object.keys(env).sort()) {
    if (variable.startsWith("MLOPS_") && !known.includes(variable)) {
      problems.raw(`${variable}: unknown variable; allowed: ${known.join(", ")}`);
    }
  }
  let values: Settings = {};
  const origin: Record<string, string> = {};
  for (const [variable, path] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[variable];
    if (raw === undefined) continue;
    // Shells and CI systems pad values; a variable is trimmed before it is checked.
    const value = path === "alarmEmails" ? splitList(raw) : path === "allowStateBucketDestroy" ? parseBoolean(raw) : raw.trim();
    if ((typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0)) {
      problems.add(variable, "must not be empty; unset it to use the value from cdktf.json", raw);
      continue;
    }
    const single: Json = {};
    setPath(single, path, value);
    const result = v.safeParse(VARIABLE_SCHEMA, single, { abortPipeEarly: true });
    if (!result.success) {
      for (const issue of result.issues) problems.raw(`${variable}: ${issue.message}`);
      continue;
    }
    values = deepMerge(values, result.output) as Settings;
    origin[path] = variable;
  }
  return { values, origin };
}

/**
 * A variable must not silently replace what the file sets for one environment in particular
 * (prod's own account, its own subscribers), unless that environment opts in; and
 * MLOPS_ALLOW_STATE_BUCKET_DESTROY never lifts the state bucket's protection where evidence is
 * retained, unless the file allows that for the environment too. Returns the overrides that
 * apply: a refused one is reported once and left out, so it does not cascade into other errors.
 */
export function acceptedOverrides(environment: Environment, root: FoundationInput, block: Json, overrides: Overrides, problems: Problems): Overrides {
  const refused = new Set<string>();
  for (const [path, variable] of Object.entries(overrides.origin)) {
    const own = getPath(block, path);
    const wanted = getPath(overrides.values as Json, path);
    if (own === undefined || block.allowVariableOverrides === true || JSON.stringify(own) === JSON.stringify(wanted)) continue;
    refused.add(path);
    problems.raw(
      `${variable}: would replace environments.${environment}.${path} (${JSON.stringify(own)}), which cdktf.json sets for ${environment}; ` +
        `unset the variable, or set environments.${environment}.allowVariableOverrides to true`,
    );
  }
  if (overrides.values.allowStateBucketDestroy === true) {
    const file = fileSettings(root, block);
    if ((file.audit?.retainOnDestroy ?? retainsByDefault(environment)) && file.allowStateBucketDestroy !== true) {
      refused.add("allowStateBucketDestroy");
      problems.raw(
        `MLOPS_ALLOW_STATE_BUCKET_DESTROY: does not apply to ${environment}, which keeps its audit evidence (audit.retainOnDestroy); ` +
          `to tear ${environment} down, set environments.${environment}.allowStateBucketDestroy to true in cdktf.json`,
      );
    }
  }
  if (refused.size === 0) return overrides;
  const values: Json = {};
  const origin: Record<string, string> = {};
  for (const [path, variable] of Object.entries(overrides.origin)) {
    if (refused.has(path)) continue;
    setPath(values, path, getPath(overrides.values as Json, path));
    origin[path] = variable;
  }
  return { values: values as Settings, origin };
}

/** "true" and "false" become booleans; anything else stays a string, to be reported as one. */
function parseBoolean(value: string): boolean | string {
  const v = value.trim().toLowerCase();
  return v === "true" ? true : v === "false" ? false : value;
}

export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}
