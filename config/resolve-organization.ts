/**
 * Organization mode, resolved from the `organization` block and the top-level settings: which
 * account does what, who may break the glass, where the guardrails attach, and what the
 * organization trail records. Each mistake is one line naming the setting as written.
 */
import { EXAMPLE_ACCOUNT_ID } from "../facts/example-account";
import { MAX_ORGANIZATIONS_POLICY_SIZE, serviceControlStatements } from "../constructs/guardrail-policies";
import { renderPolicy } from "../constructs/policy";
import { ORGANIZATION_TARGET, deriveOrganizationNames, guardrailInputs } from "../facts/organization";
import { completeSettings } from "./complete-settings";
import { fileSettings } from "./object-paths";
import { Problems } from "./problems";
import { resolveAudit } from "./resolve-audit";
import type { Resolved } from "./resolve-environment";
import type { FoundationInput, SettingsInput } from "./schema";
import type { DeployRole, OrganizationAccount, OrganizationConfig } from "./types";

const O = "organization";

export function resolveOrganization(root: FoundationInput, resolved: readonly Resolved[], flawedSettings: ReadonlySet<string>, problems: Problems): OrganizationConfig | undefined {
  const o = root.organization;
  if (o === undefined) return undefined;
  const flawed = (key: string): boolean => flawedSettings.has(`${O}.${key}`);
  const required = (key: "id" | "managementAccountId" | "logArchiveAccountId", what: string): string => {
    const value = o[key];
    if (value === undefined && !flawed(key)) problems.raw(`${O}.${key}: must be given: ${what}`);
    return value ?? "";
  };
  const id = required("id", "the organization's id, like o-a1b2c3d4e5");
  const managementAccountId = required("managementAccountId", "the management account that owns the organization trail");
  const logArchiveAccountId = required("logArchiveAccountId", "the account that holds the trail's buckets and key");
  const trailAccountId = o.trailAccountId ?? managementAccountId;
  const before = problems.count;
  for (const key of ["managementAccountId", "logArchiveAccountId", "trailAccountId"] as const) {
    if (o[key] === EXAMPLE_ACCOUNT_ID) problems.add(`${O}.${key}`, `must be a real account, not the documented example account ${EXAMPLE_ACCOUNT_ID}`, o[key]);
  }
  if (logArchiveAccountId !== "" && logArchiveAccountId === managementAccountId) {
    problems.add(`${O}.logArchiveAccountId`, "must not be the management account: the archive is separated from who administers the organization so that no one account can both write and erase the evidence", logArchiveAccountId);
  } else if (logArchiveAccountId !== "" && logArchiveAccountId === trailAccountId) {
    problems.add(`${O}.trailAccountId`, "must not be the log-archive account: the trail's administrators would administer the archive too", trailAccountId);
  }

  // Which account is which is settled: what is checked against the accounts (break-glass, deploy
  // roles) would otherwise only repeat the mistake above.
  // (A rejected management or log-archive account is dropped, so it is "" here; a rejected trail
  // account would fall back to the management account, so it is asked for by name.)
  const settled = problems.count === before && [managementAccountId, logArchiveAccountId].every((a) => a !== "") && !flawed("trailAccountId");
  const members: OrganizationConfig["members"][number][] = [];
  const declared = resolved.map((r) => r.config.environment);
  for (const environment of o.members ?? []) {
    const config = resolved.find((r) => r.config.environment === environment)?.config;
    if (config === undefined) {
      problems.add(`${O}.members`, `each entry must be an environment of cdktf.json (${declared.join(", ")})`, environment);
    } else if (members.some((m) => m.environment === environment)) {
      problems.add(`${O}.members`, "must list each environment once", environment);
    } else if (config.accountIdIsExample) {
      problems.add(`${O}.members`, `each member needs its own accountId (environments.${environment}.accountId): the example account is no member of any organization`, environment);
    } else if (config.accountId === managementAccountId) {
      problems.add(`${O}.members`, `each member must be outside the management account ${managementAccountId}: SCPs never apply there, so its administrators could not be kept from the guardrails`, environment);
    } else if (config.accountId === logArchiveAccountId) {
      problems.add(`${O}.members`, `each member must be outside the log-archive account ${logArchiveAccountId}: workloads there could reach the evidence`, environment);
    } else {
      members.push({ environment, accountId: config.accountId, localTrail: config.audit.localTrail });
    }
  }

  const accounts = new Set([managementAccountId, trailAccountId, logArchiveAccountId, ...members.map((m) => m.accountId)]);
  const breakGlass = o.breakGlassPrincipalArns ?? [];
  for (const arn of settled ? breakGlass : []) {
    const account = arn.split(":")[4];
    if (!accounts.has(account)) problems.add(`${O}.breakGlassPrincipalArns`, `each entry must be a principal of an account of the organization (${[...accounts].join(", ")})`, arn);
  }
  const withoutBreakGlass = new Set<string>();
  for (const [account, what] of [
    [logArchiveAccountId, "the log-archive account (it applies the archive's denies)"],
    [trailAccountId, "the trail account (the guardrails stop everyone else from changing the trail)"],
  ] as const) {
    if (settled && !flawed("breakGlassPrincipalArns") && !breakGlass.some((a) => a.split(":")[4] === account)) {
      problems.raw(`${O}.breakGlassPrincipalArns: must name at least one principal of ${what}, ${account}; got ${breakGlass.length === 0 ? "none" : breakGlass.join(", ")}`);
      withoutBreakGlass.add(account);
    }
  }

  const account = (key: "management" | "trail" | "logArchive", accountId: string, appliesDenies: boolean): OrganizationAccount => {
    const d = o.deployRoles?.[key];
    if (d === undefined) return { accountId };
    if (d.arn === undefined) {
      if (!flawed(`deployRoles.${key}.arn`)) problems.raw(`${O}.deployRoles.${key}: must give arn, the role to assume`);
      return { accountId };
    }
    if (!settled) {
      // Checked once the accounts are.
    } else if (d.arn.split(":")[4] !== accountId) {
      problems.add(`${O}.deployRoles.${key}.arn`, `must be a role of the ${key === "logArchive" ? "log-archive" : key} account ${accountId}`, d.arn);
    } else if (appliesDenies && !flawed("breakGlassPrincipalArns") && !withoutBreakGlass.has(accountId) && !breakGlass.includes(d.arn)) {
      // (A rejected break-glass list is already reported: the role is not checked against what is left of it.)
      problems.add(`${O}.deployRoles.${key}.arn`, "must be one of organization.breakGlassPrincipalArns: Terraform applies as this role, and the guardrails would stop it halfway", d.arn);
    }
    const role: DeployRole = { arn: d.arn, ...(d.externalId !== undefined ? { externalId: d.externalId } : {}), sessionName: d.sessionName ?? "cdktf-organization" };
    return { accountId, deployRole: role };
  };
  const management = account("management", managementAccountId, false);
  const trail = account("trail", trailAccountId, true);
  const logArchive = account("logArchive", logArchiveAccountId, true);

  const attachTo = o.guardrails?.attachTo ?? [];
  if (attachTo.length === 0 && !flawed("guardrails.attachTo")) {
    problems.raw(`${O}.guardrails.attachTo: must name where the guardrails attach: the root (r-...), OUs (ou-...-...) or member accounts; got none`);
  }
  for (const [i, target] of attachTo.entries()) {
    if (attachTo.indexOf(target) !== i) problems.add(`${O}.guardrails.attachTo`, "must list each target once", target);
    else if (target === managementAccountId) problems.add(`${O}.guardrails.attachTo`, "must not be the management account: AWS Organizations does not apply SCPs to it", target);
  }

  // The archive's and the trail's settings are the top level's; their evidence is always kept.
  const top = completeSettings(fileSettings(root, {}) as SettingsInput);
  const topAudit = resolveAudit({ ...top, audit: { ...top.audit, retainOnDestroy: true, breakGlassPrincipalArns: [] } }, O, undefined, () => "", new Problems());
  const audit = { ...topAudit, keyDeletionWindowDays: top.audit.keyDeletionWindowDays ?? 30, breakGlassPrincipalArns: breakGlass };
  const project = top.project;
  const names = deriveOrganizationNames({ project, region: top.region, trailAccountId, logArchiveAccountId });
  // `organization` names the organization's stacks in the lifecycle commands; an environment's
  // stacks must not take their names either (an environment "org" would: <project>-org-state).
  const organizationStacks = [names.stateStack, names.archiveStack, names.managementStack, names.trailStack];
  for (const { config } of resolved) {
    // Only the state stack can: "<project>-<env>-foundation" never ends as the organization's do.
    const taken = organizationStacks.includes(config.names.stateStack);
    if (config.environment === ORGANIZATION_TARGET) {
      problems.raw(`environments.${ORGANIZATION_TARGET}: no environment may be named ${ORGANIZATION_TARGET} beside an organization block: npm run deploy|diff|output -- ${ORGANIZATION_TARGET} names the organization's stacks; rename it`);
    } else if (taken) {
      problems.raw(`environments.${config.environment}: its stacks would take the names of the organization's (${config.names.stateStack}); rename the environment`);
    }
  }

  const recorded = members.flatMap((m) => {
    const c = resolved.find((r) => r.config.environment === m.environment)!.config;
    return [c.dataBucket.name, ...(c.audit.stateBucketDataEvents ? [c.names.stateBucket] : []), ...c.audit.extraDataEventBuckets];
  });
  for (const bucket of recorded) {
    if (bucket === names.logBucket || bucket === names.accessLogBucket) {
      problems.add(`${O}.members`, "must not record the archive's own buckets as data events (each delivery would log itself, forever)", bucket);
    }
  }
  // The archive key's ARN is known once deployed: priced here at its longest (a multi-Region key's).
  const longestKey = `arn:aws:kms:${top.region}:${logArchiveAccountId}:key/mrk-${"0".repeat(32)}`;
  const scpSize = renderPolicy(serviceControlStatements(guardrailInputs({ project, id, region: top.region, management, trail, names, breakGlassPrincipalArns: breakGlass }, longestKey))).length;
  if (scpSize > MAX_ORGANIZATIONS_POLICY_SIZE) {
    problems.add(
      `${O}.breakGlassPrincipalArns`,
      `must be short enough for the guardrail SCP to fit AWS Organizations' ${MAX_ORGANIZATIONS_POLICY_SIZE} characters (each statement exempts every principal listed): it would be ${scpSize}; list fewer principals, or roles with shorter paths`,
      `${breakGlass.length} principals`,
    );
  }
  const dataEventBuckets = [...new Set([...recorded, ...(top.audit.stateBucketDataEvents ? [names.stateBucket] : [])])];

  return {
    project,
    region: top.region,
    tags: top.tags,
    id,
    management,
    trail,
    delegated: trailAccountId !== managementAccountId,
    logArchive,
    members,
    breakGlassPrincipalArns: breakGlass,
    decryptForOrganization: o.decryptForOrganization ?? false,
    guardrails: { attachTo, resourceControlPolicy: o.guardrails?.resourceControlPolicy ?? true },
    audit,
    alarms: {
      metricNamespace: top.alarms.metricNamespace ?? `CISBenchmark/${project}-org`,
      disabledControls: top.alarms.disabledControls,
      unauthorizedApiCallsThreshold: top.alarms.unauthorizedApiCallsThreshold,
      consoleAuthFailuresThreshold: top.alarms.consoleAuthFailuresThreshold,
    },
    alarmEmails: top.alarmEmails,
    dataEventBuckets,
    names,
    costAssumptions: top.costAssumptions,
  };
}
