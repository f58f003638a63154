/** What involves several environments: which are selected, and what two of them would both create. */
import { ENV_SELECT, splitList } from "./overrides";
import { KIND_SCOPES, type OwnedName } from "./owned-names";
import type { Problems } from "./problems";
import type { Resolved } from "./resolve-environment";
import type { FoundationInput } from "./schema";
import type { Environment } from "./types";

/**
 * IAM allows one OIDC provider per issuer URL in an account: two environments that would both
 * create it fail on apply with EntityAlreadyExists.
 */
function checkOidcProviders(resolved: readonly Resolved[], problems: Problems): void {
  const creators = new Map<string, Environment>();
  for (const { config } of resolved) {
    if (config.iam.oidcProvider !== "create" || !config.eks.podRoles.some((r) => r.trust !== "pod-identity")) continue;
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
 * EKS allows one Pod Identity association per service account in a cluster: two environments
 * that associate the same one in the same cluster fail on apply (ResourceInUseException), and
 * the later would take the pods' credentials from the first.
 */
function checkPodIdentityAssociations(resolved: readonly Resolved[], problems: Problems): void {
  const owners = new Map<string, Environment>();
  for (const { config } of resolved) {
    const { clusterName } = config.eks;
    for (const role of config.eks.podRoles) {
      if (role.trust === "irsa") continue;
      const id = `${config.accountId}|${config.region}|${clusterName}|${role.serviceAccount}`;
      const first = owners.get(id);
      if (first === undefined) {
        owners.set(id, config.environment);
        continue;
      }
      problems.raw(
        `environments.${config.environment}.eks.podRoles: ${first} and ${config.environment} would both associate ${role.serviceAccount} in the cluster ${clusterName} ` +
          `of account ${config.accountId} in ${config.region} (EKS allows one association per service account); give each environment its own cluster or service accounts`,
      );
    }
  }
}

/**
 * Environments being synthesized that keep their evidence need someone who can still change it.
 * One line for all of them when the setting is missing at the same place; the example account
 * only gets a warning, so the README's first command works.
 */
export function checkBreakGlassPresent(selected: readonly Resolved[], problems: Problems): void {
  const missing = new Map<string, Environment[]>();
  for (const { config, breakGlassLabel } of selected) {
    if (!config.audit.retainOnDestroy || !config.audit.localTrail || config.audit.breakGlassPrincipalArns.length > 0 || config.accountIdIsExample) continue;
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
export function checkCollisions(resolved: readonly Resolved[], problems: Problems): void {
  checkOidcProviders(resolved, problems);
  checkPodIdentityAssociations(resolved, problems);
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

export function selectEnvironments(
  root: FoundationInput,
  env: Readonly<Record<string, string | undefined>>,
  configured: readonly Environment[],
  excused: (name: string) => boolean,
  problems: Problems,
): Environment[] {
  const fromEnv = env[ENV_SELECT];
  const label = fromEnv !== undefined ? ENV_SELECT : "synthesize";
  const wanted = fromEnv !== undefined ? splitList(fromEnv) : (root.synthesize ?? ["dev"]);
  if (wanted.length === 0) problems.add(label, "must be a non-empty list of environment names", wanted);
  const selected: Environment[] = [];
  for (const name of wanted) {
    if (!configured.includes(name as Environment)) {
      if (excused(name)) continue;
      const allowed = configured.length > 0 ? configured.map((e) => `"${e}"`).join(", ") : "none is configured";
      problems.add(label, `each entry must be a configured environment (${allowed})`, name);
    } else if (!selected.includes(name as Environment)) {
      selected.push(name as Environment);
    }
  }
  return selected;
}
