/** One environment: top level <- its block <- variables, defaults applied, its own rules checked. */
import { EXAMPLE_ACCOUNT_ID } from "../facts/example-account";
import { s3BucketName } from "../facts/name-rules";
import { deriveNames } from "../facts/naming";
import { complianceProblems } from "./compliance-settings";
import { environmentNameProblem } from "./environment-name";
import { completeSettings } from "./complete-settings";
import { CNI_SERVICE_ACCOUNT } from "../facts/pod-identity";
import { SEED_SAGEMAKER_PREFIXES } from "./defaults";
import { deepMerge, fileSettings, getPath, type Json } from "./object-paths";
import type { Overrides } from "./overrides";
import { checkWithinEnvironment, NAME_KINDS, NAME_RULES, type OwnedName } from "./owned-names";
import { checkName, type Problems } from "./problems";
import { resolveAudit } from "./resolve-audit";
import { resolveCleanup } from "./resolve-cleanup";
import { resolveDeployRole } from "./resolve-deploy-role";
import { resolveEks } from "./resolve-eks";
import type { FoundationInput, SettingsInput } from "./schema";
import type { AuditSettings, Environment, EnvironmentConfig, IamSettings, Names, PodRoleSettings } from "./types";

/** AWS allows 50 tags per resource; the foundation sets Project, Environment and ManagedBy. */
const RESERVED_TAGS = ["Project", "Environment", "ManagedBy"];

const MAX_EXTRA_TAGS = 50 - RESERVED_TAGS.length;

export interface Resolved {
  readonly config: EnvironmentConfig;
  readonly owned: readonly OwnedName[];
  /** Where audit.breakGlassPrincipalArns is (or would be) set for this environment. */
  readonly breakGlassLabel: string;
}

/**
 * Merges top level <- environment block <- environment variables for one environment, fills in
 * the schema's defaults, computes those that depend on other settings, and checks what involves
 * several settings. Values that fail are still returned so
 * that one pass can report every problem; the caller throws before using them.
 */
export function resolveEnvironment(
  environment: Environment,
  root: FoundationInput,
  block: Json,
  overrides: Overrides,
  /** The settings (as reported) whose values the schema rejected. */
  flawedSettings: ReadonlySet<string>,
  problems: Problems,
): Resolved {
  /** What the file and the variables give, to tell a value set from a default. */
  const given = deepMerge(fileSettings(root, block), overrides.values) as SettingsInput;
  const s = completeSettings(given);
  const rejected = (path: string): boolean => flawedSettings.has(path) || flawedSettings.has(`environments.${environment}.${path}`);
  const label = (path: string): string => overrides.origin[path] ?? (getPath(block, path) !== undefined ? `environments.${environment}.${path}` : path);

  const project = s.project;
  const accountId = s.accountId ?? EXAMPLE_ACCOUNT_ID;
  const accountIsExample = s.accountId === undefined;
  const region = s.region;

  const dataBucket = {
    name: s.dataBucket.name ?? `${project}-${environment}-${accountId}`,
    goldPrefix: s.dataBucket.goldPrefix,
    artifactsPrefix: s.dataBucket.artifactsPrefix,
    kmsKeyArn: s.dataBucket.kmsKeyArn,
  };
  if (given.dataBucket?.name !== undefined) checkName(dataBucket.name, s3BucketName, label("dataBucket.name"), problems);
  const keyRegion = dataBucket.kmsKeyArn?.split(":")[3];
  if (keyRegion !== undefined && keyRegion !== region) {
    problems.add(
      label("dataBucket.kmsKeyArn"),
      `must be a key in ${region}, the region of the data bucket that the roles' kms:ViaService condition names (s3.${region}.amazonaws.com)`,
      dataBucket.kmsKeyArn,
    );
  }

  const alarmEmails = s.alarmEmails;
  const lower = alarmEmails.map((e) => e.toLowerCase());
  for (const [i, email] of alarmEmails.entries()) {
    if (lower.indexOf(lower[i]) !== i) problems.add(label("alarmEmails"), "must list each e-mail address once", email);
  }
  const permissionsBoundaryArn = s.permissionsBoundaryArn;
  const boundaryAccount = permissionsBoundaryArn?.split(":")[4];
  if (boundaryAccount !== undefined && boundaryAccount !== "aws" && !accountIsExample && boundaryAccount !== accountId) {
    problems.add(label("permissionsBoundaryArn"), `must be a policy of ${environment}'s account ${accountId} or an AWS managed policy`, permissionsBoundaryArn);
  }
  const tags = s.tags;
  checkTags(tags, label("tags"), problems);

  const member = root.organization?.members?.includes(environment) ?? false;
  const audit = resolveAudit(s, environment, accountIsExample ? undefined : accountId, label, problems, member);
  const deployRole = resolveDeployRole(s, environment, accountIsExample ? undefined : accountId, audit, label, rejected, problems);
  const alarms = {
    metricNamespace: s.alarms.metricNamespace ?? `CISBenchmark/${project}-${environment}`,
    disabledControls: s.alarms.disabledControls,
    unauthorizedApiCallsThreshold: s.alarms.unauthorizedApiCallsThreshold,
    consoleAuthFailuresThreshold: s.alarms.consoleAuthFailuresThreshold,
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
    sagemakerAccess: s.iam.sagemakerAccess,
    cniPolicy: s.iam.cniPolicy,
    ecrAccess: s.iam.ecrAccess,
    inferenceTableName: s.iam.inferenceTableName,
    lambdaFunctionNames: s.iam.lambdaFunctionNames,
    retailApiServiceAccount: s.iam.retailApiServiceAccount,
    maxSessionDurationSeconds: s.iam.maxSessionDurationSeconds,
    oidcProvider: s.iam.oidcProvider,
    sagemakerResourcePrefixes: s.iam.sagemakerResourcePrefixes ?? [project, ...SEED_SAGEMAKER_PREFIXES],
  };
  if (iam.oidcProvider === "existing" && eksOidcIssuerUrl === undefined) {
    problems.add(label("iam.oidcProvider"), '"existing" looks the provider up by eksOidcIssuerUrl, which is not set', iam.oidcProvider);
  }
  const eks = resolveEks(s, given, { project, environment, accountId, accountIsExample }, iam, label, problems);

  const costAssumptions = s.costAssumptions;

  const derived = deriveNames({ project, environment, accountId, region });
  const names = { ...derived, ...s.names } as Names;
  const owned: OwnedName[] = (Object.keys(derived) as (keyof Names)[]).map((key) => ({
    key,
    value: names[key],
    label: s.names?.[key] === undefined ? `${environment}'s names.${key} (derived from project, environment, accountId and region)` : label(`names.${key}`),
    kind: NAME_KINDS[key],
    source: s.names?.[key] === undefined ? "derived" : label(`names.${key}`) === `names.${key}` ? "top level" : "set",
  }));
  for (const role of eks.podRoles) owned.push(podRoleName(role, given, label));
  // A name too long for what is derived from it is one mistake: its derived names are not checked one by one.
  const nameProblem = environmentNameProblem({ project, environment, accountId, region }, new Set(Object.keys(s.names ?? {})));
  if (nameProblem !== undefined) problems.add(`environments.${environment}`, nameProblem, environment);
  for (const name of owned) if (nameProblem === undefined || name.source !== "derived") checkName(name.value, NAME_RULES[name.kind], name.label, problems);
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
    eks,
    alarmEmails,
    permissionsBoundaryArn,
    tags,
    names,
    allowStateBucketDestroy: s.allowStateBucketDestroy,
    ...(deployRole !== undefined ? { deployRole } : {}),
    audit,
    alarms,
    iam,
    costAssumptions,
    complianceSuppressions: s.complianceSuppressions,
    cleanup: resolveCleanup(s, environment, accountId, names, label, problems),
  };
  for (const p of complianceProblems(config)) problems.add(label(p.setting), p.message, p.value);
  return { config, owned, breakGlassLabel: label("audit.breakGlassPrincipalArns") };
}

/** A pod role's name, and the setting it comes from. */
function podRoleName(role: PodRoleSettings, given: SettingsInput, label: (path: string) => string): OwnedName {
  const named = { value: role.roleName, kind: "role" as const };
  if (role.serviceAccount === CNI_SERVICE_ACCOUNT && given.eks?.podRoles === undefined) return { key: "cniIrsaRole", ...named, label: `the VPC CNI's ${role.trust === "irsa" ? "IRSA" : "pod"} role (iam.cniPolicy)`, source: "derived" };
  if (given.eks?.podRoles !== undefined) return { key: "podRole", ...named, label: `${label("eks.podRoles")} ${role.serviceAccount} (its role name)`, source: "set" };
  return {
    key: "retailApiIrsaRole",
    ...named,
    label: `${label("iam.retailApiServiceAccount")} (its ${role.trust === "irsa" ? "IRSA" : "pod"} role name)`,
    source: given.iam?.retailApiServiceAccount === undefined ? "derived" : "set",
  };
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
