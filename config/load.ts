import * as v from "valibot";
import { DEFAULT_COST_ASSUMPTIONS } from "../review/cost";
import { deriveNames, irsaRoleName } from "./naming";
import {
  iamPolicyName,
  iamRoleName,
  instanceProfileName,
  kmsAliasName,
  logGroupName,
  s3BucketName,
  snsTopicName,
  stackName,
  trailName,
  type NameRule,
} from "./name-rules";
import { FOUNDATION, got, SETTING_KEYS, SETTINGS, type FoundationInput, type SettingsInput } from "./schema";
import { complianceProblems } from "./compliance-settings";
import { ENVIRONMENTS, type AuditSettings, type CleanupSettings, type Environment, type EnvironmentConfig, type IamSettings, type Names } from "./types";


/** The documented example account (AWS's own placeholder), used when none is configured. */
export const EXAMPLE_ACCOUNT_ID = "123456789012";

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

/** AWS allows 50 tags per resource; the foundation sets Project, Environment and ManagedBy. */
const RESERVED_TAGS = ["Project", "Environment", "ManagedBy"];
const MAX_EXTRA_TAGS = 50 - RESERVED_TAGS.length;

/** The environments the `foundation` object declares (dev when it declares none), for commands that take one by name. */
export function declaredEnvironments(settings: unknown): string[] {
  const environments = isObject(settings) && isObject(settings.environments) ? settings.environments : { dev: {} };
  return Object.keys(environments);
}

/** Thrown when the configuration has problems; the message lists every one. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(["Invalid configuration:", ...problems.map((p) => `  - ${p}`)].join("\n"));
    this.name = "ConfigError";
  }
}

export interface LoadedConfig {
  /** The environments to synthesize, in the order given. */
  readonly environments: readonly EnvironmentConfig[];
  readonly warnings: readonly ConfigWarning[];
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

type Json = Record<string, unknown>;
type Settings = SettingsInput;

const DEFAULT_AUDIT = {
  logRetentionDays: 365,
  insights: true,
  excludeNoisyManagementEvents: false,
  glacierStorageClass: "GLACIER",
  transitionMinimumObjectSize: "all_storage_classes_128K",
  noncurrentVersionRetentionDays: 365,
  accessLogRetentionDays: 365,
  extraDataEventBuckets: [],
  breakGlassPrincipalArns: [],
  stateBucketDataEvents: true,
  objectLockRetentionDays: 365,
} as const;
/** Every environment but dev keeps its audit evidence unless told otherwise. */
const retainsByDefault = (environment: Environment): boolean => environment !== "dev";

const DEFAULT_IAM: Omit<IamSettings, "sagemakerResourcePrefixes"> = {
  sagemakerAccess: "least-privilege",
  cniPolicy: "node-role",
  ecrAccess: "pull-only",
  inferenceTableName: "InferenceMetadata",
  lambdaFunctionNames: ["preprocessing-function", "inference-function"],
  retailApiServiceAccount: "retail:retail-api",
  maxSessionDurationSeconds: 3600,
  oidcProvider: "create",
};
/** Name prefixes the seed's pipeline uses besides the project's: `retail-*` jobs and endpoints, the
 * `retail-forecast-models` package group, and the `pipelines-*` jobs SageMaker Pipelines names. */
const SEED_SAGEMAKER_PREFIXES = ["retail-", "pipelines-"];
/** The service account the VPC CNI runs as, when its policy goes to an IRSA role. */
const CNI_SERVICE_ACCOUNT = "kube-system:aws-node";

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
  const configured = ENVIRONMENTS.filter((e) => blocks[e] !== undefined);
  // An environment whose block was rejected is already reported; selecting it, or selecting the
  // default dev beside a rejected environment, is not a second mistake.
  const defaultSelection = file.doc.synthesize === undefined && env[ENV_SELECT] === undefined;
  const excused = file.flawed.has("*") || (defaultSelection && file.flawed.size > 0) ? ENVIRONMENTS : file.declared;
  const selected = selectEnvironments(file.doc, env, configured, excused, problems);
  // Variables configure what is being synthesized; the other environments keep their file values.
  const resolved = configured.map((name) => {
    const block = blocks[name] as Json;
    const accepted = selected.includes(name) ? acceptedOverrides(name, file.doc, block, overrides, problems) : NO_OVERRIDES;
    return resolveEnvironment(name, file.doc, block, accepted, problems);
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
  return { environments, warnings };
}

/** Collects problems, each once, in the order found. */
class Problems {
  private readonly seen = new Set<string>();
  readonly lines: string[] = [];
  get count(): number {
    return this.lines.length;
  }
  /** `setting: what is allowed, got <value>`. */
  add(setting: string, allowed: string, value: unknown): void {
    this.raw(`${setting}: ${allowed}${got(value)}`);
  }
  raw(line: string): void {
    if (!this.seen.has(line)) {
      this.seen.add(line);
      this.lines.push(line);
    }
  }
}

interface ParsedFile {
  readonly doc: FoundationInput;
  /** The environment names the file declares, valid or not. */
  readonly declared: readonly string[];
  /** Environments with a rejected value in their block; "*" when one is at the top level. */
  readonly flawed: ReadonlySet<string>;
  /** The settings (as reported) that had a rejected value: a check of what is left of them would repeat the mistake. */
  readonly flawedSettings: ReadonlySet<string>;
}

/** Marks a rejected list entry until the list is compacted. */
const REMOVED = Symbol("removed");

/**
 * Validates the file against the schema. Each rejected value is reported under the path the user
 * wrote and removed, and the rest is validated again, so one mistake gives one line. A rejected
 * entry of a list or a tag is removed alone, so that the other entries are still checked
 * (a duplicate address beside a malformed one, a reserved tag key beside a number).
 */
function parseFile(input: unknown, problems: Problems): ParsedFile {
  const flawed = new Set<string>();
  const flawedSettings = new Set<string>();
  if (!isObject(input)) {
    problems.add("foundation (cdktf.json context)", "must be an object", input);
    return { doc: {}, declared: [], flawed: new Set(["*"]), flawedSettings };
  }
  const declared = isObject(input.environments) ? Object.keys(input.environments) : [];
  const doc = structuredClone(input);
  for (;;) {
    const result = v.safeParse(FOUNDATION, doc, { abortPipeEarly: true });
    if (result.success) return { doc: result.output, declared, flawed, flawedSettings };
    const lists = new Set<unknown[]>();
    for (const issue of result.issues) {
      const path = settingPath(issue);
      problems.raw(`${path.join(".")}: ${issue.message}`);
      flawed.add(path[0] === "environments" && path.length > 1 ? path[1] : "*");
      flawedSettings.add(path.join("."));
      const entry = issue.path?.[path.length];
      const container = getPath(doc, path.join("."));
      if (entry !== undefined && path.length > 0 && Array.isArray(container)) {
        container[Number(entry.key)] = REMOVED;
        lists.add(container);
      } else if (entry !== undefined && path[path.length - 1] === "tags" && isObject(container)) {
        delete container[String(entry.key)];
      } else {
        deletePath(doc, path);
      }
    }
    compactLists(doc, lists);
  }
}

/** Drops the marked entries of each list; a list left empty is removed, as if it had not been written. */
function compactLists(doc: Json, lists: ReadonlySet<unknown[]>): void {
  const walk = (node: Json): void => {
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(value) && lists.has(value)) {
        const kept = value.filter((x) => x !== REMOVED);
        if (kept.length === 0) delete node[key];
        else node[key] = kept;
      } else if (isObject(value)) walk(value);
    }
  };
  walk(doc);
}

/**
 * The path of the setting an issue is about, as the user wrote it: up to the list or map whose
 * entry is wrong (`alarmEmails`, not `alarmEmails.1`), since the message names the entry.
 */
function settingPath(issue: v.BaseIssue<unknown>): string[] {
  const path: string[] = [];
  for (const item of issue.path ?? []) {
    // `tags` is the one map of the schema: its keys are the user's, not settings.
    if (item.type === "array" || path[path.length - 1] === "tags") break;
    path.push(String(item.key));
  }
  return path;
}

interface Overrides {
  readonly values: Settings;
  /** Setting path -> the variable that set it. */
  readonly origin: Readonly<Record<string, string>>;
}

const NO_OVERRIDES: Overrides = { values: {}, origin: {} };
const VARIABLE_SCHEMA = v.strictObject(SETTINGS);

/**
 * The MLOPS_* overrides, each validated by the same schema as the file and reported under its
 * variable's name. A misspelt variable would be silently ignored and an empty one would silently
 * fall back to the file, so both are errors.
 */
function readOverrides(env: Readonly<Record<string, string | undefined>>, problems: Problems): Overrides {
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
function acceptedOverrides(environment: Environment, root: FoundationInput, block: Json, overrides: Overrides, problems: Problems): Overrides {
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

/** The file's settings for one environment: top level, then its own block. */
function fileSettings(root: FoundationInput, block: Json): Settings {
  const top = Object.fromEntries(Object.entries(root).filter(([k]) => (SETTING_KEYS as string[]).includes(k)));
  const own = Object.fromEntries(Object.entries(block).filter(([k]) => k !== "allowVariableOverrides"));
  return deepMerge(top, own) as Settings;
}

/** One name the environment creates, and the setting it comes from. */
interface OwnedName {
  readonly key: keyof Names | "retailApiIrsaRole" | "cniIrsaRole";
  readonly value: string;
  readonly label: string;
  /** What kind of AWS object; two of one kind cannot share a name within its scope. */
  readonly kind: NameKind;
  /** Where the name comes from: derived by default, or set (at the top level of the file, for every environment, or for this one). */
  readonly source: "derived" | "top level" | "set";
}

type NameKind = "stack" | "bucket" | "trail" | "kmsAlias" | "logGroup" | "role" | "instanceProfile" | "policy" | "topic";

interface Resolved {
  readonly config: EnvironmentConfig;
  readonly owned: readonly OwnedName[];
  /** Where audit.breakGlassPrincipalArns is (or would be) set for this environment. */
  readonly breakGlassLabel: string;
}

/**
 * Merges top level <- environment block <- environment variables for one environment, applies
 * the defaults and checks what involves several settings. Values that fail are still returned so
 * that one pass can report every problem; the caller throws before using them.
 */
function resolveEnvironment(environment: Environment, root: FoundationInput, block: Json, overrides: Overrides, problems: Problems): Resolved {
  const s = deepMerge(fileSettings(root, block), overrides.values) as Settings;
  const label = (path: string): string => overrides.origin[path] ?? (getPath(block, path) !== undefined ? `environments.${environment}.${path}` : path);

  const project = s.project ?? "mlops-retail-prediction";
  const accountId = s.accountId ?? EXAMPLE_ACCOUNT_ID;
  const accountIsExample = s.accountId === undefined;
  const region = s.region ?? "us-east-1";

  const dataBucket = {
    name: s.dataBucket?.name ?? `${project}-${environment}-${accountId}`,
    goldPrefix: s.dataBucket?.goldPrefix ?? "gold/",
    artifactsPrefix: s.dataBucket?.artifactsPrefix ?? "artifacts/",
    kmsKeyArn: s.dataBucket?.kmsKeyArn,
  };
  if (s.dataBucket?.name !== undefined) checkName(dataBucket.name, s3BucketName, label("dataBucket.name"), problems);
  const keyRegion = dataBucket.kmsKeyArn?.split(":")[3];
  if (keyRegion !== undefined && keyRegion !== region) {
    problems.add(
      label("dataBucket.kmsKeyArn"),
      `must be a key in ${region}, the region of the data bucket that the roles' kms:ViaService condition names (s3.${region}.amazonaws.com)`,
      dataBucket.kmsKeyArn,
    );
  }

  const alarmEmails = s.alarmEmails ?? [];
  const lower = alarmEmails.map((e) => e.toLowerCase());
  for (const [i, email] of alarmEmails.entries()) {
    if (lower.indexOf(lower[i]) !== i) problems.add(label("alarmEmails"), "must list each e-mail address once", email);
  }
  const permissionsBoundaryArn = s.permissionsBoundaryArn;
  const boundaryAccount = permissionsBoundaryArn?.split(":")[4];
  if (boundaryAccount !== undefined && boundaryAccount !== "aws" && !accountIsExample && boundaryAccount !== accountId) {
    problems.add(label("permissionsBoundaryArn"), `must be a policy of ${environment}'s account ${accountId} or an AWS managed policy`, permissionsBoundaryArn);
  }
  const tags = s.tags ?? {};
  checkTags(tags, label("tags"), problems);

  const audit = resolveAudit(s, environment, accountIsExample ? undefined : accountId, label, problems);
  const alarms = {
    metricNamespace: s.alarms?.metricNamespace ?? `CISBenchmark/${project}-${environment}`,
    disabledControls: s.alarms?.disabledControls ?? [],
    unauthorizedApiCallsThreshold: s.alarms?.unauthorizedApiCallsThreshold ?? 1,
    consoleAuthFailuresThreshold: s.alarms?.consoleAuthFailuresThreshold ?? 1,
  };
  if (audit.excludeNoisyManagementEvents && !alarms.disabledControls.includes("kmsKeyDisableOrDeletion")) {
    problems.add(
      label("audit.excludeNoisyManagementEvents"),
      'drops the kms.amazonaws.com events the CIS 4.7 alarm watches; keep them, or add "kmsKeyDisableOrDeletion" to alarms.disabledControls',
      true,
    );
  }

  const eksOidcIssuerUrl = s.eksOidcIssuerUrl;
  const iam: IamSettings = {
    sagemakerAccess: s.iam?.sagemakerAccess ?? DEFAULT_IAM.sagemakerAccess,
    cniPolicy: s.iam?.cniPolicy ?? DEFAULT_IAM.cniPolicy,
    ecrAccess: s.iam?.ecrAccess ?? DEFAULT_IAM.ecrAccess,
    inferenceTableName: s.iam?.inferenceTableName ?? DEFAULT_IAM.inferenceTableName,
    lambdaFunctionNames: s.iam?.lambdaFunctionNames ?? DEFAULT_IAM.lambdaFunctionNames,
    retailApiServiceAccount: s.iam?.retailApiServiceAccount ?? DEFAULT_IAM.retailApiServiceAccount,
    maxSessionDurationSeconds: s.iam?.maxSessionDurationSeconds ?? DEFAULT_IAM.maxSessionDurationSeconds,
    oidcProvider: s.iam?.oidcProvider ?? DEFAULT_IAM.oidcProvider,
    sagemakerResourcePrefixes: s.iam?.sagemakerResourcePrefixes ?? [project, ...SEED_SAGEMAKER_PREFIXES],
  };
  if (iam.oidcProvider === "existing" && eksOidcIssuerUrl === undefined) {
    problems.add(label("iam.oidcProvider"), '"existing" looks the provider up by eksOidcIssuerUrl, which is not set', iam.oidcProvider);
  }
  if (iam.cniPolicy === "irsa" && eksOidcIssuerUrl === undefined) {
    problems.add(label("iam.cniPolicy"), '"irsa" needs eksOidcIssuerUrl to be set; use "node-role" until the cluster exists', iam.cniPolicy);
  }

  const costAssumptions = { ...DEFAULT_COST_ASSUMPTIONS, ...s.costAssumptions };

  const derived = deriveNames({ project, environment, accountId, region });
  const names = { ...derived, ...s.names } as Names;
  const owned: OwnedName[] = (Object.keys(derived) as (keyof Names)[]).map((key) => ({
    key,
    value: names[key],
    label: s.names?.[key] === undefined ? `${environment}'s names.${key} (derived from project, environment, accountId and region)` : label(`names.${key}`),
    kind: NAME_KINDS[key],
    source: s.names?.[key] === undefined ? "derived" : label(`names.${key}`) === `names.${key}` ? "top level" : "set",
  }));
  if (eksOidcIssuerUrl !== undefined) {
    owned.push({
      key: "retailApiIrsaRole",
      value: irsaRoleName(project, environment, iam.retailApiServiceAccount),
      label: `${label("iam.retailApiServiceAccount")} (its IRSA role name)`,
      kind: "role",
      source: s.iam?.retailApiServiceAccount === undefined ? "derived" : "set",
    });
    if (iam.cniPolicy === "irsa") {
      owned.push({ key: "cniIrsaRole", value: irsaRoleName(project, environment, CNI_SERVICE_ACCOUNT), label: "the VPC CNI's IRSA role (iam.cniPolicy)", kind: "role", source: "derived" });
    }
  }
  for (const name of owned) checkName(name.value, NAME_RULES[name.kind], name.label, problems);
  checkWithinEnvironment(owned, problems);
  checkRecordedBuckets(dataBucket.name, audit, names, label, problems);

  const config: EnvironmentConfig = {
    project,
    environment,
    accountId,
    accountIdIsExample: accountIsExample,
    region,
    dataBucket,
    eksOidcIssuerUrl,
    alarmEmails,
    permissionsBoundaryArn,
    tags,
    names,
    allowStateBucketDestroy: s.allowStateBucketDestroy ?? false,
    audit,
    alarms,
    iam,
    costAssumptions,
    complianceSuppressions: s.complianceSuppressions ?? [],
    cleanup: resolveCleanup(s, environment, accountId, names, label, problems),
  };
  for (const p of complianceProblems(config)) problems.add(label(p.setting), p.message, p.value);
  return { config, owned, breakGlassLabel: label("audit.breakGlassPrincipalArns") };
}

/** The workshop's names, from the guides unless configured; none may be a name this app creates (cdktf destroy removes those). */
function resolveCleanup(s: Settings, environment: Environment, accountId: string, names: Names, label: (path: string) => string, problems: Problems): CleanupSettings {
  const c = s.cleanup ?? {};
  const cleanup: CleanupSettings = {
    eksClusterPattern: c.eksClusterPattern ?? "mlops-retail-*",
    ecrRepository: c.ecrRepository ?? "mlops/retail-api",
    // The environment's own image tag: another environment's images are not this one's leftovers.
    ecrTags: c.ecrTags ?? [environment],
    ecrUntagged: c.ecrUntagged ?? true,
    sagemakerPrefix: c.sagemakerPrefix ?? "retail-",
    modelPackageGroup: c.modelPackageGroup ?? "retail-forecast-models",
    restApiName: c.restApiName ?? "InferenceAPI",
    lambdaFunctions: c.lambdaFunctions ?? ["preprocessing-function", "inference-function"],
    dynamoDbTable: c.dynamoDbTable ?? "InferenceMetadata",
    workshopBucket: c.workshopBucket ?? `ml-workshop-data-${accountId}`,
    iamPolicy: c.iamPolicy ?? "lambda-inference-policy",
    iamRole: c.iamRole ?? "lambda-inference-role",
  };
  if (c.workshopBucket !== undefined) checkName(cleanup.workshopBucket, s3BucketName, label("cleanup.workshopBucket"), problems);
  if (c.iamPolicy !== undefined) checkName(cleanup.iamPolicy, iamPolicyName, label("cleanup.iamPolicy"), problems);
  if (c.iamRole !== undefined) checkName(cleanup.iamRole, iamRoleName, label("cleanup.iamRole"), problems);
  const own = Object.entries(names) as [keyof Names, string][];
  for (const [setting, value] of [
    ["cleanup.workshopBucket", cleanup.workshopBucket],
    ["cleanup.iamPolicy", cleanup.iamPolicy],
    ["cleanup.iamRole", cleanup.iamRole],
  ] as const) {
    const clash = own.find(([, name]) => name === value);
    if (clash) problems.add(label(setting), `must not be a name this app creates (names.${clash[0]}): cdktf destroy removes it`, value);
  }
  return cleanup;
}

function resolveAudit(
  s: Settings,
  environment: Environment,
  /** The configured account; undefined for the example account, which no real principal belongs to. */
  accountId: string | undefined,
  label: (path: string) => string,
  problems: Problems,
): AuditSettings {
  const a = s.audit ?? {};
  const retainOnDestroy = a.retainOnDestroy ?? retainsByDefault(environment);
  const audit: AuditSettings = {
    logRetentionDays: a.logRetentionDays ?? DEFAULT_AUDIT.logRetentionDays,
    insights: a.insights ?? DEFAULT_AUDIT.insights,
    excludeNoisyManagementEvents: a.excludeNoisyManagementEvents ?? DEFAULT_AUDIT.excludeNoisyManagementEvents,
    glacierStorageClass: a.glacierStorageClass ?? DEFAULT_AUDIT.glacierStorageClass,
    transitionMinimumObjectSize: a.transitionMinimumObjectSize ?? DEFAULT_AUDIT.transitionMinimumObjectSize,
    noncurrentVersionRetentionDays: a.noncurrentVersionRetentionDays ?? DEFAULT_AUDIT.noncurrentVersionRetentionDays,
    accessLogRetentionDays: a.accessLogRetentionDays ?? DEFAULT_AUDIT.accessLogRetentionDays,
    extraDataEventBuckets: a.extraDataEventBuckets ?? DEFAULT_AUDIT.extraDataEventBuckets,
    keyDeletionWindowDays: a.keyDeletionWindowDays ?? (environment === "dev" ? 7 : 30),
    retainOnDestroy,
    breakGlassPrincipalArns: a.breakGlassPrincipalArns ?? DEFAULT_AUDIT.breakGlassPrincipalArns,
    objectLock: {
      mode: a.objectLock?.mode ?? (retainOnDestroy ? "GOVERNANCE" : "NONE"),
      retentionDays: a.objectLock?.retentionDays ?? DEFAULT_AUDIT.objectLockRetentionDays,
    },
    stateBucketDataEvents: a.stateBucketDataEvents ?? DEFAULT_AUDIT.stateBucketDataEvents,
  };
  const setting = label("audit.breakGlassPrincipalArns");
  for (const arn of audit.breakGlassPrincipalArns) {
    const match = /^arn:aws:iam::(\d{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.exec(arn);
    const ssoRole = match?.[2].startsWith("role/") ? /^role\/(?:(aws-reserved\/sso\.amazonaws\.com\/)(?:[a-z0-9-]+\/)?)?(AWSReservedSSO_[\w+=,.@-]+)$/.exec(match[2]) : null;
    if (arn.startsWith("arn:aws:sts::") && arn.includes(":assumed-role/")) {
      const role = arn.split("/")[1];
      problems.add(
        setting,
        "each entry must be the role's ARN with its path, as aws:PrincipalArn carries it, not an assumed-role session ARN " +
          `(print it with: aws iam get-role --role-name ${role} --query Role.Arn --output text)`,
        arn,
      );
    } else if (ssoRole && ssoRole[1] === undefined) {
      problems.add(
        setting,
        "an IAM Identity Center role must be written with its path, arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/<region>/" +
          `${ssoRole[2]}, as aws:PrincipalArn carries it; without the path the denies would lock that role out ` +
          `(print it with: aws iam get-role --role-name ${ssoRole[2]} --query Role.Arn --output text)`,
        arn,
      );
    } else if (!match) {
      problems.add(setting, "each entry must be an IAM role, user or root ARN like arn:aws:iam::123456789012:role/terraform-deployer, without wildcards", arn);
    } else if (accountId !== undefined && match[1] !== accountId) {
      problems.add(setting, `each entry must be a principal of ${environment}'s account ${accountId}`, arn);
    }
  }
  if (audit.objectLock.mode !== "NONE" && !audit.retainOnDestroy) {
    problems.add(
      label("audit.objectLock.mode"),
      'must be "NONE" where audit.retainOnDestroy is false: cdktf destroy could not empty a locked bucket',
      audit.objectLock.mode,
    );
  }
  return audit;
}

const NAME_RULES: Record<NameKind, NameRule> = {
  stack: stackName,
  bucket: s3BucketName,
  trail: trailName,
  kmsAlias: kmsAliasName,
  logGroup: logGroupName,
  role: iamRoleName,
  instanceProfile: instanceProfileName,
  policy: iamPolicyName,
  topic: snsTopicName,
};

const NAME_KINDS: Record<keyof Names, NameKind> = {
  stateStack: "stack",
  foundationStack: "stack",
  stateBucket: "bucket",
  logBucket: "bucket",
  accessLogBucket: "bucket",
  trail: "trail",
  kmsAlias: "kmsAlias",
  logGroup: "logGroup",
  cloudTrailLogsRole: "role",
  eksClusterRole: "role",
  eksNodeGroupRole: "role",
  eksNodeInstanceProfile: "instanceProfile",
  sagemakerExecutionRole: "role",
  lambdaInferenceRole: "role",
  lambdaInferencePolicy: "policy",
  alarmTopic: "topic",
  alarmKmsAlias: "kmsAlias",
};

/** Where two names of one kind collide, and how to say so. */
const KIND_SCOPES: Record<NameKind, { scope: "app" | "global" | "account" | "region"; what: string }> = {
  stack: { scope: "app", what: "stack" },
  bucket: { scope: "global", what: "S3 bucket" },
  trail: { scope: "region", what: "trail" },
  kmsAlias: { scope: "region", what: "KMS alias" },
  logGroup: { scope: "region", what: "log group" },
  role: { scope: "account", what: "IAM role" },
  instanceProfile: { scope: "account", what: "instance profile" },
  policy: { scope: "account", what: "IAM policy" },
  topic: { scope: "region", what: "SNS topic" },
};

/** Two names of one kind in one environment would be one resource created twice. */
function checkWithinEnvironment(owned: readonly OwnedName[], problems: Problems): void {
  for (const [i, name] of owned.entries()) {
    const first = owned.slice(0, i).find((o) => o.kind === name.kind && o.value === name.value);
    if (!first) continue;
    // The mistake is the name someone set, not the one derived by default.
    const [culprit, other] = name.source === "derived" && first.source !== "derived" ? [first, name] : [name, first];
    problems.add(culprit.label, `must differ from ${other.label}: both would be the ${KIND_SCOPES[name.kind].what}`, name.value);
  }
}

/** The buckets whose object events the trail records must not be its own, and each is recorded once. */
function checkRecordedBuckets(dataBucket: string, audit: AuditSettings, names: Names, label: (path: string) => string, problems: Problems): void {
  const recorded: [string, string][] = [
    [dataBucket, label("dataBucket.name")],
    ...audit.extraDataEventBuckets.map((b): [string, string] => [b, label("audit.extraDataEventBuckets")]),
  ];
  for (const bucket of audit.extraDataEventBuckets) checkName(bucket, s3BucketName, label("audit.extraDataEventBuckets"), problems);
  for (const [i, [bucket, setting]] of recorded.entries()) {
    if (bucket === names.logBucket || bucket === names.accessLogBucket) {
      // Logging the trail's own buckets as data events makes the trail log its own writes, forever.
      const which = bucket === names.logBucket ? "log" : "access-log";
      problems.add(setting, `must not be the trail's own ${which} bucket (its data events would log themselves)`, bucket);
    } else if (bucket === names.stateBucket) {
      problems.add(
        setting,
        i === 0
          ? "must not be the Terraform state bucket: the data pipeline's roles would be granted the state files"
          : "must not list the Terraform state bucket: audit.stateBucketDataEvents records it",
        bucket,
      );
    } else if (recorded.findIndex(([b]) => b === bucket) !== i) {
      problems.add(setting, `must not repeat a bucket already recorded (${recorded.find(([b]) => b === bucket)![1]})`, bucket);
    }
  }
}

function checkTags(tags: Readonly<Record<string, string>>, setting: string, problems: Problems): void {
  const keys = Object.keys(tags);
  if (keys.length > MAX_EXTRA_TAGS) {
    problems.add(setting, `must have at most ${MAX_EXTRA_TAGS} tags (AWS allows 50 per resource; the foundation sets ${RESERVED_TAGS.join(", ")})`, keys.length);
  }
  for (const [key, value] of Object.entries(tags)) {
    if (RESERVED_TAGS.includes(key)) {
      problems.add(setting, `must not set "Project", "Environment", "ManagedBy": the foundation sets them`, key);
    } else if (key.length > 128 || key.trim() === "" || key.toLowerCase().startsWith("aws:") || !/^[\p{L}\p{N}\s_.:/=+@-]+$/u.test(key)) {
      problems.add(setting, "keys must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:", key);
    } else if (value.length > 256 || !/^[\p{L}\p{N}\s_.:/=+@-]*$/u.test(value)) {
      problems.add(setting, `the value of ${key} must be at most 256 letters, digits, spaces and _.:/=+-@`, value);
    }
  }
}

/**
 * IAM allows one OIDC provider per issuer URL in an account: two environments that would both
 * create it fail on apply with EntityAlreadyExists.
 */
function checkOidcProviders(resolved: readonly Resolved[], problems: Problems): void {
  const creators = new Map<string, Environment>();
  for (const { config } of resolved) {
    if (config.iam.oidcProvider !== "create" || config.eksOidcIssuerUrl === undefined) continue;
    const id = `${config.accountId}|${config.eksOidcIssuerUrl}`;
    const first = creators.get(id);
    if (first === undefined) {
      creators.set(id, config.environment);
    } else {
      problems.raw(
        `environments.${config.environment}.iam.oidcProvider: ${first} and ${config.environment} would both create the IAM OIDC provider for ` +
          `${config.eksOidcIssuerUrl} in account ${config.accountId} (IAM allows one per issuer); set iam.oidcProvider to "existing" in ${config.environment}`,
      );
    }
  }
}

/**
 * Environments being synthesized that keep their evidence need someone who can still change it.
 * One line for all of them when the setting is missing at the same place; the example account
 * only gets a warning, so the README's first command works.
 */
function checkBreakGlassPresent(selected: readonly Resolved[], problems: Problems): void {
  const missing = new Map<string, Environment[]>();
  for (const { config, breakGlassLabel } of selected) {
    if (!config.audit.retainOnDestroy || config.audit.breakGlassPrincipalArns.length > 0 || config.accountIdIsExample) continue;
    missing.set(breakGlassLabel, [...(missing.get(breakGlassLabel) ?? []), config.environment]);
  }
  for (const [setting, environments] of missing) {
    problems.raw(
      `${setting}: must name at least one IAM role or user of the account, including the principal that runs Terraform, ` +
        `because ${environments.join(" and ")} ${environments.length > 1 ? "keep their" : "keeps its"} audit evidence (audit.retainOnDestroy); ` +
        "without it nobody could change or remove the protected logs, keys and alarm topic. Got none",
    );
  }
}

/**
 * Names two environments would both create: stacks within the app, S3 buckets anywhere, the rest
 * within one account (IAM) or one account and region. A name set at the top level is one mistake
 * however many environments share it, and is reported once under the top-level setting.
 */
function checkCollisions(resolved: readonly Resolved[], problems: Problems): void {
  checkOidcProviders(resolved, problems);
  const owners = new Map<string, { environment: Environment; name: OwnedName }>();
  const reportedTopLevel = new Set<string>();
  for (const { config, owned } of resolved) {
    for (const name of owned) {
      const { scope, what } = KIND_SCOPES[name.kind];
      const where = scope === "account" ? config.accountId : scope === "region" ? `${config.accountId}/${config.region}` : "";
      const id = `${name.kind}|${where}|${name.value}`;
      const owner = owners.get(id);
      if (!owner) {
        owners.set(id, { environment: config.environment, name });
        continue;
      }
      if (owner.environment === config.environment) continue;
      const scopeText =
        scope === "app"
          ? "stack names are unique within the app"
          : scope === "global"
            ? "S3 bucket names are global"
            : scope === "account"
              ? `${what} names are unique within account ${config.accountId}`
              : `${what} names are unique within account ${config.accountId} and region ${config.region}`;
      if (name.source === "top level" && owner.name.source === "top level" && name.label === owner.name.label) {
        if (reportedTopLevel.has(name.label)) continue;
        reportedTopLevel.add(name.label);
        problems.add(
          name.label,
          `is set at the top level, so ${owner.environment} and ${config.environment} would both create the ${what} (${scopeText}); ` +
            `set it for each environment under environments.<environment>.${name.label}`,
          name.value,
        );
      } else {
        problems.add(
          name.label,
          `must differ from the ${owner.environment} environment's ${owner.name.key} (${scopeText})`,
          name.value,
        );
      }
    }
  }
}

function selectEnvironments(
  root: FoundationInput,
  env: Readonly<Record<string, string | undefined>>,
  configured: readonly Environment[],
  excused: readonly string[],
  problems: Problems,
): Environment[] {
  const fromEnv = env[ENV_SELECT];
  const label = fromEnv !== undefined ? ENV_SELECT : "synthesize";
  const wanted = fromEnv !== undefined ? splitList(fromEnv) : (root.synthesize ?? ["dev"]);
  if (wanted.length === 0) problems.add(label, "must be a non-empty list of environment names", wanted);
  const selected: Environment[] = [];
  for (const name of wanted) {
    if (!configured.includes(name as Environment)) {
      if (excused.includes(name)) continue;
      const allowed = configured.length > 0 ? configured.map((e) => `"${e}"`).join(", ") : "none is configured";
      problems.add(label, `each entry must be a configured environment (${allowed})`, name);
    } else if (!selected.includes(name as Environment)) {
      selected.push(name as Environment);
    }
  }
  return selected;
}

function checkName(name: string, rule: NameRule, setting: string, problems: Problems): void {
  const problem = rule(name);
  if (problem) problems.raw(`${setting}: ${problem}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "true" and "false" become booleans; anything else stays a string, to be reported as one. */
function parseBoolean(value: string): boolean | string {
  const v = value.trim().toLowerCase();
  return v === "true" ? true : v === "false" ? false : value;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** Objects merge key by key; anything else (strings, lists) is replaced. */
function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? deepMerge(out[key] as Json, value) : value;
  }
  return out;
}

function getPath(obj: Json, path: string): unknown {
  let current: unknown = obj;
  for (const part of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function setPath(obj: Json, path: string, value: unknown): void {
  const parts = path.split(".");
  let current = obj;
  for (const part of parts.slice(0, -1)) {
    current[part] = isObject(current[part]) ? current[part] : {};
    current = current[part] as Json;
  }
  current[parts[parts.length - 1]] = value;
}

function deletePath(obj: Json, path: readonly string[]): void {
  if (path.length === 0) {
    for (const key of Object.keys(obj)) delete obj[key];
    return;
  }
  let current: unknown = obj;
  for (const part of path.slice(0, -1)) {
    if (!isObject(current)) return;
    current = current[part];
  }
  if (isObject(current)) delete current[path[path.length - 1]];
}
