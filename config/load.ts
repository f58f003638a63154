import { CIS_CONTROL_KEYS } from "../constructs/cis-monitoring";
import { DEFAULT_COST_ASSUMPTIONS, type CostAssumptions } from "../review/cost";
import { isAwsRegion } from "./regions";
import { MAX_PROJECT_LENGTH, deriveNames, irsaRoleName } from "./naming";
import {
  describe,
  iamPolicyName,
  iamRoleName,
  instanceProfileName,
  kmsAliasName,
  logGroupName,
  s3BucketName,
  SERVICE_ACCOUNT_PATTERN,
  snsTopicName,
  stackName,
  trailName,
  type NameRule,
} from "./name-rules";
import {
  CNI_POLICY_PLACEMENT,
  ECR_ACCESS,
  ENVIRONMENTS,
  GLACIER_STORAGE_CLASSES,
  OBJECT_LOCK_MODES,
  OIDC_PROVIDER_MODES,
  SAGEMAKER_ACCESS,
  TRANSITION_MINIMUM_SIZES,
  type AlarmSettings,
  type AuditSettings,
  type Environment,
  type EnvironmentConfig,
  type IamSettings,
  type Names,
} from "./types";

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

/** Valid `retention_in_days` values of a CloudWatch Logs group. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

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

const SETTING_KEYS = [
  "project",
  "accountId",
  "region",
  "dataBucket",
  "eksOidcIssuerUrl",
  "alarmEmails",
  "permissionsBoundaryArn",
  "tags",
  "names",
  "allowStateBucketDestroy",
  "audit",
  "alarms",
  "iam",
  "costAssumptions",
] as const;
const TOP_LEVEL_KEYS = [...SETTING_KEYS, "synthesize", "environments"];
const DATA_BUCKET_KEYS = ["name", "goldPrefix", "artifactsPrefix", "kmsKeyArn"];
const RESERVED_TAGS = ["Project", "Environment", "ManagedBy"];

/** Audit settings whose defaults depend on the environment. */
type EnvironmentDefaults = "keyDeletionWindowDays" | "retainOnDestroy" | "objectLock";
const DEFAULT_AUDIT: Omit<AuditSettings, EnvironmentDefaults> = {
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
};
const DEFAULT_OBJECT_LOCK_DAYS = 365;
/** Every environment but dev keeps its audit evidence unless told otherwise. */
const retainsByDefault = (environment: Environment): boolean => environment !== "dev";

/** The file's settings for one environment: top level, then its own block. */
const fileSettings = (root: Json, block: Json): Json => deepMerge(pick(root, SETTING_KEYS), block);

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

/**
 * Reads, merges and validates the configuration of every configured environment in one pass,
 * and returns the ones selected for synthesis. Throws a {@link ConfigError} listing every
 * problem; nothing is built before this returns.
 */
export function loadConfig(sources: ConfigSources = {}): LoadedConfig {
  const env = sources.env ?? {};
  const problems = new Problems();
  const root = asObject(sources.settings ?? {}, "foundation (cdktf.json context)", problems) ?? {};
  checkKeys(root, TOP_LEVEL_KEYS, "", problems);

  const envBlocks = asObject(root.environments ?? { dev: {} }, "environments", problems) ?? {};
  const configured: Environment[] = [];
  for (const [name, block] of Object.entries(envBlocks)) {
    if (!isOneOf(name, ENVIRONMENTS)) {
      problems.add(`environments.${name}`, `environment must be one of ${list(ENVIRONMENTS)}`, name);
    } else if (asObject(block, `environments.${name}`, problems)) {
      configured.push(name);
    }
  }

  const selected = selectEnvironments(root, env, Object.keys(envBlocks), configured, problems);
  // Variables configure what is being synthesized; the other environments keep their file values.
  const overrides = readOverrides(env, problems);
  const resolved = configured.map((name) => {
    const block = envBlocks[name] as Json;
    checkKeys(block, [...SETTING_KEYS, "allowVariableOverrides"], `environments.${name}.`, problems);
    if (!selected.includes(name)) return resolveEnvironment(name, root, block, NO_OVERRIDES, problems);
    return resolveEnvironment(name, root, block, acceptedOverrides(name, root, block, overrides, problems), problems);
  });
  checkCollisions(resolved, problems);
  checkBreakGlassPresent(resolved.filter((r) => selected.includes(r.config.environment)), problems);
  if (problems.count > 0) throw new ConfigError(problems.lines);

  const environments = selected.map((name) => resolved.find((r) => r.config.environment === name)!.config);
  const warnings = environments
    .filter((c) => c.accountIdIsExample)
    .flatMap((c) => [
      {
        environment: c.environment,
        message:
          `${c.environment}: no accountId configured; synthesizing with the example account ${EXAMPLE_ACCOUNT_ID}. ` +
          `Set environments.${c.environment}.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) before cdktf deploy.`,
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
  add(setting: string, allowed: string, value?: unknown): void {
    const got = value === undefined ? "" : `, got ${typeof value === "string" ? describe(value) : JSON.stringify(value)}`;
    this.raw(`${setting}: ${allowed}${got}`);
  }
  raw(line: string): void {
    if (!this.seen.has(line)) {
      this.seen.add(line);
      this.lines.push(line);
    }
  }
}

interface Overrides {
  readonly values: Json;
  /** Setting path -> the variable that set it. */
  readonly origin: Readonly<Record<string, string>>;
}

const NO_OVERRIDES: Overrides = { values: {}, origin: {} };

/**
 * The MLOPS_* overrides. A misspelt variable would be silently ignored and an empty one would
 * silently fall back to the file, so both are errors.
 */
function readOverrides(env: Readonly<Record<string, string | undefined>>, problems: Problems): Overrides {
  const known = [...Object.keys(ENV_OVERRIDES), ENV_SELECT];
  for (const variable of Object.keys(env).sort()) {
    if (variable.startsWith("MLOPS_") && !known.includes(variable)) {
      problems.raw(`${variable}: unknown variable; allowed: ${known.join(", ")}`);
    }
  }
  const values: Json = {};
  const origin: Record<string, string> = {};
  for (const [variable, path] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[variable];
    if (raw === undefined) continue;
    const value = path === "alarmEmails" ? splitList(raw) : path === "allowStateBucketDestroy" ? parseBoolean(raw) : raw.trim();
    if (value === "" || (Array.isArray(value) && value.length === 0)) {
      problems.add(variable, `must not be empty; unset it to use the value from cdktf.json`, raw);
      continue;
    }
    setPath(values, path, value);
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
function acceptedOverrides(environment: Environment, root: Json, block: Json, overrides: Overrides, problems: Problems): Overrides {
  const refused = new Set<string>();
  const optIn = block.allowVariableOverrides;
  if (optIn !== undefined && typeof optIn !== "boolean") {
    problems.add(`environments.${environment}.allowVariableOverrides`, "must be true or false", optIn);
  }
  for (const [path, variable] of Object.entries(overrides.origin)) {
    const own = getPath(block, path);
    if (own === undefined || optIn === true || JSON.stringify(own) === JSON.stringify(getPath(overrides.values, path))) continue;
    refused.add(path);
    problems.raw(
      `${variable}: would replace environments.${environment}.${path} (${JSON.stringify(own)}), which cdktf.json sets for ${environment}; ` +
        `unset the variable, or set environments.${environment}.allowVariableOverrides to true`,
    );
  }
  if (overrides.values.allowStateBucketDestroy === true) {
    const file = fileSettings(root, block);
    const retains = getPath(file, "audit.retainOnDestroy") ?? retainsByDefault(environment);
    if (retains === true && getPath(file, "allowStateBucketDestroy") !== true) {
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
    setPath(values, path, getPath(overrides.values, path));
    origin[path] = variable;
  }
  return { values, origin };
}

interface Resolved {
  readonly config: EnvironmentConfig;
  /** Which setting produced each name, for messages. */
  readonly nameLabels: Readonly<Record<keyof Names, string>>;
  /** Where audit.breakGlassPrincipalArns is (or would be) set for this environment. */
  readonly breakGlassLabel: string;
}

/**
 * Merges top level <- environment block <- environment variables for one environment and
 * validates the result. Values that fail validation are still returned so that one pass can
 * report every problem; the caller throws before using them.
 */
function resolveEnvironment(
  environment: Environment,
  root: Json,
  block: Json,
  overrides: Overrides,
  problems: Problems,
): Resolved {
  const merged = deepMerge(fileSettings(root, block), overrides.values);
  const label = (path: string): string =>
    overrides.origin[path] ??
    (hasPath(block, path) ? `environments.${environment}.${path}` : path);
  const r = new Reader(merged, label, problems);

  const project = r.string("project", "mlops-retail-prediction");
  // Names derived from an invalid project are reported once, as the project's problem.
  const projectValid = /^[a-z][a-z0-9-]*[a-z0-9]$/.test(project) && project.length <= MAX_PROJECT_LENGTH;
  if (!projectValid) {
    problems.add(
      label("project"),
      `must be 2-${MAX_PROJECT_LENGTH} characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits)`,
      project,
    );
  }
  const configuredAccount = r.optionalString("accountId");
  const accountId = configuredAccount ?? EXAMPLE_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) problems.add(label("accountId"), "must be 12 digits", accountId);
  const region = r.string("region", "us-east-1");
  if (!isAwsRegion(region)) {
    problems.add(label("region"), "must be an AWS commercial region code such as us-east-1 or eu-west-1", region);
  }

  const dataBucket = {
    name: r.string("dataBucket.name", `${project}-${environment}-${accountId}`),
    goldPrefix: r.string("dataBucket.goldPrefix", "gold/"),
    artifactsPrefix: r.string("dataBucket.artifactsPrefix", "artifacts/"),
    kmsKeyArn: r.optionalString("dataBucket.kmsKeyArn"),
  };
  r.keys("dataBucket", DATA_BUCKET_KEYS);
  if (projectValid || hasPath(merged, "dataBucket.name")) checkName(dataBucket.name, s3BucketName, label("dataBucket.name"), problems);
  for (const key of ["goldPrefix", "artifactsPrefix"] as const) {
    if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/.test(dataBucket[key])) {
      problems.add(
        label(`dataBucket.${key}`),
        'must be a key prefix like "gold/": path segments without a leading slash, ending with "/"',
        dataBucket[key],
      );
    }
  }
  if (dataBucket.kmsKeyArn !== undefined && !/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(dataBucket.kmsKeyArn)) {
    problems.add(label("dataBucket.kmsKeyArn"), "must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key-id>", dataBucket.kmsKeyArn);
  }

  const eksOidcIssuerUrl = r.optionalString("eksOidcIssuerUrl");
  if (eksOidcIssuerUrl !== undefined && !/^https:\/\/[a-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/.test(eksOidcIssuerUrl)) {
    problems.add(
      label("eksOidcIssuerUrl"),
      "must be the cluster's OIDC issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<ID>, without a trailing slash",
      eksOidcIssuerUrl,
    );
  }
  const alarmEmails = r.stringList("alarmEmails", []);
  for (const email of alarmEmails) {
    if (!/^[^\s@,;]+@[^\s@,;]+\.[A-Za-z]{2,}$/.test(email)) {
      problems.add(label("alarmEmails"), "each entry must be an e-mail address like ops@example.com", email);
    }
  }
  const permissionsBoundaryArn = r.optionalString("permissionsBoundaryArn");
  if (permissionsBoundaryArn !== undefined && !/^arn:aws:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/.test(permissionsBoundaryArn)) {
    problems.add(
      label("permissionsBoundaryArn"),
      "must be an IAM policy ARN like arn:aws:iam::123456789012:policy/boundary",
      permissionsBoundaryArn,
    );
  }
  const tags = r.stringMap("tags");
  for (const [key, value] of Object.entries(tags)) {
    if (RESERVED_TAGS.includes(key)) {
      problems.add(label("tags"), `must not set ${list(RESERVED_TAGS)}: the foundation sets them`, key);
    } else if (key.length > 128 || key.toLowerCase().startsWith("aws:") || !/^[\p{L}\p{N}\s_.:/=+@-]+$/u.test(key)) {
      problems.add(label("tags"), "keys must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:", key);
    } else if (value.length > 256 || !/^[\p{L}\p{N}\s_.:/=+@-]*$/u.test(value)) {
      problems.add(label(`tags`), `the value of ${key} must be at most 256 letters, digits, spaces and _.:/=+-@`, value);
    }
  }

  const retainOnDestroy = r.boolean("audit.retainOnDestroy", retainsByDefault(environment));
  const audit: AuditSettings = {
    logRetentionDays: r.oneOf("audit.logRetentionDays", LOG_RETENTION_DAYS, DEFAULT_AUDIT.logRetentionDays),
    insights: r.boolean("audit.insights", DEFAULT_AUDIT.insights),
    excludeNoisyManagementEvents: r.boolean("audit.excludeNoisyManagementEvents", DEFAULT_AUDIT.excludeNoisyManagementEvents),
    glacierStorageClass: r.oneOf("audit.glacierStorageClass", GLACIER_STORAGE_CLASSES, DEFAULT_AUDIT.glacierStorageClass),
    transitionMinimumObjectSize: r.oneOf(
      "audit.transitionMinimumObjectSize",
      TRANSITION_MINIMUM_SIZES,
      DEFAULT_AUDIT.transitionMinimumObjectSize,
    ),
    noncurrentVersionRetentionDays: r.integer("audit.noncurrentVersionRetentionDays", DEFAULT_AUDIT.noncurrentVersionRetentionDays, 0, 36500),
    accessLogRetentionDays: r.integer("audit.accessLogRetentionDays", DEFAULT_AUDIT.accessLogRetentionDays, 1, 36500),
    extraDataEventBuckets: r.stringList("audit.extraDataEventBuckets", DEFAULT_AUDIT.extraDataEventBuckets),
    keyDeletionWindowDays: r.integer("audit.keyDeletionWindowDays", environment === "dev" ? 7 : 30, 7, 30),
    retainOnDestroy,
    breakGlassPrincipalArns: r.stringList("audit.breakGlassPrincipalArns", DEFAULT_AUDIT.breakGlassPrincipalArns),
    objectLock: {
      mode: r.oneOf("audit.objectLock.mode", OBJECT_LOCK_MODES, retainOnDestroy ? "GOVERNANCE" : "NONE"),
      retentionDays: r.integer("audit.objectLock.retentionDays", DEFAULT_OBJECT_LOCK_DAYS, 1, 36500),
    },
    stateBucketDataEvents: r.boolean("audit.stateBucketDataEvents", DEFAULT_AUDIT.stateBucketDataEvents),
  };
  r.keys("audit", [...Object.keys(DEFAULT_AUDIT), "keyDeletionWindowDays", "retainOnDestroy", "objectLock"]);
  r.keys("audit.objectLock", ["mode", "retentionDays"]);
  checkEvidenceProtection(audit, environment, configuredAccount === undefined ? undefined : accountId, label, problems);
  for (const bucket of audit.extraDataEventBuckets) checkName(bucket, s3BucketName, label("audit.extraDataEventBuckets"), problems);

  const alarms: AlarmSettings = {
    metricNamespace: r.string("alarms.metricNamespace", `CISBenchmark/${project}-${environment}`),
    disabledControls: r.stringList("alarms.disabledControls", []),
    unauthorizedApiCallsThreshold: r.integer("alarms.unauthorizedApiCallsThreshold", 1, 1, 100000),
    consoleAuthFailuresThreshold: r.integer("alarms.consoleAuthFailuresThreshold", 1, 1, 100000),
  };
  r.keys("alarms", ["metricNamespace", "disabledControls", "unauthorizedApiCallsThreshold", "consoleAuthFailuresThreshold"]);
  if (!/^[A-Za-z0-9 .\-_/#:]{1,255}$/.test(alarms.metricNamespace) || alarms.metricNamespace.startsWith("AWS/")) {
    problems.add(label("alarms.metricNamespace"), "must be a CloudWatch namespace: 1-255 letters, digits and .-_/#: or spaces, not starting with AWS/", alarms.metricNamespace);
  }
  for (const control of alarms.disabledControls) {
    if (!(CIS_CONTROL_KEYS as readonly string[]).includes(control)) {
      problems.add(label("alarms.disabledControls"), `each entry must be one of ${CIS_CONTROL_KEYS.join(", ")}`, control);
    }
  }
  if (audit.excludeNoisyManagementEvents && !alarms.disabledControls.includes("kmsKeyDisableOrDeletion")) {
    problems.add(
      label("audit.excludeNoisyManagementEvents"),
      'drops the kms.amazonaws.com events the CIS 4.7 alarm watches; keep them, or add "kmsKeyDisableOrDeletion" to alarms.disabledControls',
      true,
    );
  }

  const iam: IamSettings = {
    sagemakerAccess: r.oneOf("iam.sagemakerAccess", SAGEMAKER_ACCESS, DEFAULT_IAM.sagemakerAccess),
    cniPolicy: r.oneOf("iam.cniPolicy", CNI_POLICY_PLACEMENT, DEFAULT_IAM.cniPolicy),
    ecrAccess: r.oneOf("iam.ecrAccess", ECR_ACCESS, DEFAULT_IAM.ecrAccess),
    inferenceTableName: r.string("iam.inferenceTableName", DEFAULT_IAM.inferenceTableName),
    lambdaFunctionNames: r.stringList("iam.lambdaFunctionNames", DEFAULT_IAM.lambdaFunctionNames),
    retailApiServiceAccount: r.string("iam.retailApiServiceAccount", DEFAULT_IAM.retailApiServiceAccount),
    maxSessionDurationSeconds: r.integer("iam.maxSessionDurationSeconds", DEFAULT_IAM.maxSessionDurationSeconds, 3600, 43200),
    oidcProvider: r.oneOf("iam.oidcProvider", OIDC_PROVIDER_MODES, DEFAULT_IAM.oidcProvider),
    sagemakerResourcePrefixes: r.stringList("iam.sagemakerResourcePrefixes", [project, ...SEED_SAGEMAKER_PREFIXES]),
  };
  r.keys("iam", [...Object.keys(DEFAULT_IAM), "sagemakerResourcePrefixes"]);
  if (iam.sagemakerResourcePrefixes.length === 0) {
    problems.add(label("iam.sagemakerResourcePrefixes"), "must name at least one SageMaker resource name prefix", []);
  }
  for (const prefix of iam.sagemakerResourcePrefixes) {
    // SageMaker names are letters, digits and hyphens; anything else (a * or ?) would widen the IAM scope.
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(prefix)) {
      problems.add(
        label("iam.sagemakerResourcePrefixes"),
        "each entry must be the start of a SageMaker resource name: 1-63 letters, digits and hyphens, starting with a letter or digit",
        prefix,
      );
    }
  }
  if (iam.oidcProvider === "existing" && eksOidcIssuerUrl === undefined) {
    problems.add(label("iam.oidcProvider"), '"existing" looks the provider up by eksOidcIssuerUrl, which is not set', iam.oidcProvider);
  }
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(iam.inferenceTableName)) {
    problems.add(label("iam.inferenceTableName"), "must be a DynamoDB table name: 3-255 letters, digits and _.-", iam.inferenceTableName);
  }
  for (const fn of iam.lambdaFunctionNames) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(fn)) {
      problems.add(label("iam.lambdaFunctionNames"), "each entry must be a Lambda function name: 1-64 letters, digits, hyphens and underscores", fn);
    }
  }
  checkServiceAccount(iam.retailApiServiceAccount, label("iam.retailApiServiceAccount"), problems);
  if (iam.cniPolicy === "irsa" && eksOidcIssuerUrl === undefined) {
    problems.add(label("iam.cniPolicy"), '"irsa" needs eksOidcIssuerUrl to be set; use "node-role" until the cluster exists', iam.cniPolicy);
  }

  const d = DEFAULT_COST_ASSUMPTIONS;
  const costAssumptions: CostAssumptions = {
    managementEventsPerMonth: r.number("costAssumptions.managementEventsPerMonth", d.managementEventsPerMonth, 0, 1e12),
    writeEventShare: r.number("costAssumptions.writeEventShare", d.writeEventShare, 0, 1),
    dataEventsPerMonth: r.number("costAssumptions.dataEventsPerMonth", d.dataEventsPerMonth, 0, 1e12),
    logGbPerMonth: r.number("costAssumptions.logGbPerMonth", d.logGbPerMonth, 0, 1e9),
    cloudWatchLogsGbPerMonth: r.number("costAssumptions.cloudWatchLogsGbPerMonth", d.cloudWatchLogsGbPerMonth, 0, 1e9),
    kmsRequestsPerMonth: r.number("costAssumptions.kmsRequestsPerMonth", d.kmsRequestsPerMonth, 0, 1e12),
    month: r.integer("costAssumptions.month", d.month, 1, 120),
  };
  r.keys("costAssumptions", Object.keys(d));

  const derived = deriveNames({ project, environment, accountId, region });
  const overridden = r.stringMap("names");
  const nameLabels = {} as Record<keyof Names, string>;
  const names = {} as Record<keyof Names, string>;
  for (const key of Object.keys(derived) as (keyof Names)[]) {
    names[key] = overridden[key] ?? derived[key];
    nameLabels[key] = overridden[key] === undefined ? `names.${key} (derived)` : label(`names.${key}`);
  }
  r.keys("names", Object.keys(derived));
  for (const [key, rule] of Object.entries(NAME_RULES) as [keyof Names, NameRule][]) {
    if (overridden[key] !== undefined || projectValid) checkName(names[key], rule, nameLabels[key], problems);
  }
  if (projectValid) {
    checkName(irsaRoleName(project, environment, iam.retailApiServiceAccount), iamRoleName, label("iam.retailApiServiceAccount"), problems);
  }
  // Logging the trail's own buckets as data events makes the trail log its own writes, forever.
  for (const bucket of [dataBucket.name, ...audit.extraDataEventBuckets]) {
    for (const own of ["logBucket", "accessLogBucket"] as const) {
      if (bucket === names[own]) {
        problems.add(
          bucket === dataBucket.name ? label("dataBucket.name") : label("audit.extraDataEventBuckets"),
          `must not be the trail's own ${own === "logBucket" ? "log" : "access-log"} bucket (its data events would log themselves)`,
          bucket,
        );
      }
    }
  }

  return {
    config: {
      project,
      environment,
      accountId,
      accountIdIsExample: configuredAccount === undefined,
      region,
      dataBucket,
      eksOidcIssuerUrl,
      alarmEmails,
      permissionsBoundaryArn,
      tags,
      names,
      allowStateBucketDestroy: r.boolean("allowStateBucketDestroy", false),
      audit,
      alarms,
      iam,
      costAssumptions,
    },
    nameLabels,
    breakGlassLabel: label("audit.breakGlassPrincipalArns"),
  };
}

const NAME_RULES: Record<keyof Names, NameRule> = {
  stateStack: stackName,
  foundationStack: stackName,
  stateBucket: s3BucketName,
  trail: trailName,
  logBucket: s3BucketName,
  accessLogBucket: s3BucketName,
  kmsAlias: kmsAliasName,
  logGroup: logGroupName,
  cloudTrailLogsRole: iamRoleName,
  eksClusterRole: iamRoleName,
  eksNodeGroupRole: iamRoleName,
  eksNodeInstanceProfile: instanceProfileName,
  sagemakerExecutionRole: iamRoleName,
  lambdaInferenceRole: iamRoleName,
  lambdaInferencePolicy: iamPolicyName,
  alarmTopic: snsTopicName,
  alarmKmsAlias: kmsAliasName,
};

/** Where two environments' names must differ: S3 names are global, the rest per account (and region). */
const NAME_SCOPES: Record<keyof Names, "global" | "account" | "region"> = {
  stateStack: "global",
  foundationStack: "global",
  stateBucket: "global",
  logBucket: "global",
  accessLogBucket: "global",
  trail: "region",
  kmsAlias: "region",
  logGroup: "region",
  cloudTrailLogsRole: "account",
  eksClusterRole: "account",
  eksNodeGroupRole: "account",
  eksNodeInstanceProfile: "account",
  sagemakerExecutionRole: "account",
  lambdaInferenceRole: "account",
  lambdaInferencePolicy: "account",
  alarmTopic: "region",
  alarmKmsAlias: "region",
};

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

/** Protection of the audit evidence: who may break the glass, and Object Lock only where evidence is kept. */
function checkEvidenceProtection(
  audit: AuditSettings,
  environment: Environment,
  /** The configured account; undefined for the example account, which no real principal belongs to. */
  accountId: string | undefined,
  label: (path: string) => string,
  problems: Problems,
): void {
  const setting = label("audit.breakGlassPrincipalArns");
  for (const arn of audit.breakGlassPrincipalArns) {
    const match = /^arn:aws:iam::(\d{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.exec(arn);
    if (arn.startsWith("arn:aws:sts::") && arn.includes(":assumed-role/")) {
      problems.add(setting, "each entry must be the role's ARN (arn:aws:iam::<account>:role/<name>), not an assumed-role session ARN", arn);
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

function checkCollisions(resolved: readonly Resolved[], problems: Problems): void {
  checkOidcProviders(resolved, problems);
  const owners = new Map<string, { environment: Environment; key: keyof Names }>();
  for (const { config, nameLabels } of resolved) {
    for (const key of Object.keys(NAME_SCOPES) as (keyof Names)[]) {
      const scope = NAME_SCOPES[key];
      const where = scope === "global" ? "" : scope === "account" ? config.accountId : `${config.accountId}/${config.region}`;
      const kind = key.endsWith("Bucket") ? "bucket" : key;
      const id = `${kind}|${where}|${config.names[key]}`;
      const owner = owners.get(id);
      if (owner && owner.environment !== config.environment) {
        const setting = nameLabels[key].startsWith("names.") ? `environments.${config.environment}.${nameLabels[key]}` : nameLabels[key];
        problems.add(
          setting,
          `must differ from the ${owner.environment} environment's ${owner.key} in the same ${scope === "global" ? "S3 namespace" : scope}`,
          config.names[key],
        );
      } else if (!owner) {
        owners.set(id, { environment: config.environment, key });
      }
    }
  }
}

function selectEnvironments(
  root: Json,
  env: Readonly<Record<string, string | undefined>>,
  declared: readonly string[],
  configured: readonly Environment[],
  problems: Problems,
): Environment[] {
  const fromEnv = env[ENV_SELECT];
  const label = fromEnv !== undefined ? ENV_SELECT : "synthesize";
  let wanted: unknown = fromEnv !== undefined ? splitList(fromEnv) : (root.synthesize ?? ["dev"]);
  if (!Array.isArray(wanted) || wanted.some((w) => typeof w !== "string") || wanted.length === 0) {
    problems.add(label, "must be a non-empty list of environment names", wanted);
    wanted = [];
  }
  const selected: Environment[] = [];
  for (const name of wanted as string[]) {
    if (!configured.includes(name as Environment)) {
      // A declared but invalid environment is already reported.
      if (!declared.includes(name)) problems.add(label, `each entry must be a configured environment (${configured.length > 0 ? list(configured) : "none is configured"})`, name);
    } else if (!selected.includes(name as Environment)) {
      selected.push(name as Environment);
    }
  }
  return selected;
}

/** Typed access to one environment's merged settings, reporting type errors as problems. */
class Reader {
  constructor(
    private readonly data: Json,
    private readonly label: (path: string) => string,
    private readonly problems: Problems,
  ) {}

  private get(path: string): unknown {
    return getPath(this.data, path);
  }

  optionalString(path: string): string | undefined {
    const value = this.get(path);
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "string") {
      this.problems.add(this.label(path), "must be a string", value);
      return undefined;
    }
    return value;
  }

  string(path: string, fallback: string): string {
    return this.optionalString(path) ?? fallback;
  }

  boolean(path: string, fallback: boolean): boolean {
    const value = this.get(path);
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
      this.problems.add(this.label(path), "must be true or false", value);
      return fallback;
    }
    return value;
  }

  integer(path: string, fallback: number, min: number, max: number): number {
    return this.numeric(path, fallback, min, max, true);
  }

  number(path: string, fallback: number, min: number, max: number): number {
    return this.numeric(path, fallback, min, max, false);
  }

  private numeric(path: string, fallback: number, min: number, max: number, whole: boolean): number {
    const value = this.get(path);
    if (value === undefined) return fallback;
    const valid = typeof value === "number" && (whole ? Number.isInteger(value) : Number.isFinite(value)) && value >= min && value <= max;
    if (!valid) {
      this.problems.add(this.label(path), `must be a ${whole ? "whole number" : "number"} from ${min} to ${max}`, value);
      return fallback;
    }
    return value as number;
  }

  oneOf<T extends string | number>(path: string, allowed: readonly T[], fallback: T): T {
    const value = this.get(path);
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T)) {
      this.problems.add(this.label(path), `must be one of ${list(allowed)}`, value);
      return fallback;
    }
    return value as T;
  }

  stringList(path: string, fallback: readonly string[]): readonly string[] {
    const value = this.get(path);
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      this.problems.add(this.label(path), "must be a list of strings", value);
      return fallback;
    }
    return value as string[];
  }

  stringMap(path: string): Readonly<Record<string, string>> {
    const value = this.get(path);
    if (value === undefined) return {};
    if (!isObject(value) || Object.values(value).some((v) => typeof v !== "string")) {
      this.problems.add(this.label(path), "must be an object of string values", value);
      return {};
    }
    return value as Record<string, string>;
  }

  /** Reports keys of the object at `path` that are not settings (typos would be silently ignored). */
  keys(path: string, allowed: readonly string[]): void {
    const value = this.get(path);
    if (value === undefined) return;
    if (!isObject(value)) {
      this.problems.add(this.label(path), "must be an object", value);
      return;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.problems.add(this.label(`${path}.${key}`), `unknown setting; allowed: ${allowed.join(", ")}`);
    }
  }
}

function checkKeys(obj: Json, allowed: readonly string[], prefix: string, problems: Problems): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) problems.add(`${prefix}${key}`, `unknown setting; allowed: ${allowed.join(", ")}`);
  }
}

function checkName(name: string, rule: NameRule, setting: string, problems: Problems): void {
  const problem = rule(name);
  if (problem) problems.raw(`${setting}: ${problem}`);
}

function checkServiceAccount(value: string, setting: string, problems: Problems): void {
  if (!SERVICE_ACCOUNT_PATTERN.test(value)) {
    problems.add(setting, 'must be "namespace:serviceaccount" in Kubernetes naming (lowercase letters, digits, hyphens)', value);
  }
}

function asObject(value: unknown, setting: string, problems: Problems): Json | undefined {
  if (isObject(value)) return value;
  problems.add(setting, "must be an object", value);
  return undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

function list(values: readonly (string | number)[]): string {
  return values.map((v) => (typeof v === "string" ? `"${v}"` : String(v))).join(", ");
}

/** "true" and "false" become booleans; anything else stays a string, to be reported as one. */
function parseBoolean(value: string): boolean | string {
  const v = value.trim().toLowerCase();
  return v === "true" ? true : v === "false" ? false : value;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function pick(obj: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keys.includes(k)));
}

/** Objects merge key by key; anything else (strings, lists) is replaced. */
function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
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

function hasPath(obj: Json, path: string): boolean {
  return getPath(obj, path) !== undefined;
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

