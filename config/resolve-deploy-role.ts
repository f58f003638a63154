/**
 * The role an environment is deployed through: Terraform's provider and backend assume it, and so
 * do verify, cleanup and the lifecycle commands, from the caller's credentials (a CI account, an
 * administrator's SSO session). It must be a role of the environment's account, and where the
 * evidence is protected it is the principal that applies, so it must be a break-glass principal.
 */
import type { Problems } from "./problems";
import type { Settings } from "./schema";
import type { AuditSettings, DeployRole, Environment } from "./types";

export function resolveDeployRole(
  s: Settings,
  environment: Environment,
  /** The configured account; undefined for the example account. */
  accountId: string | undefined,
  audit: AuditSettings,
  label: (path: string) => string,
  /** Whether a setting's value was rejected already (at the top level or for this environment): its absence is not a second mistake. */
  rejected: (path: string) => boolean,
  problems: Problems,
): DeployRole | undefined {
  const d = s.deployRole;
  if (d === undefined) return undefined;
  if (d.arn === undefined) {
    if (!rejected("deployRole.arn")) problems.raw(`${label("deployRole")}: must give arn, the role to assume (externalId and sessionName only tell how)`);
    return undefined;
  }
  const roleAccount = d.arn.split(":")[4];
  if (accountId !== undefined && roleAccount !== accountId) {
    const setting = label("deployRole.arn");
    // Set at the top level, it is one mistake however many environments are in other accounts.
    if (setting === "deployRole.arn") {
      problems.raw(`${setting}: is set at the top level, so every environment would assume it, but a role belongs to one account (${roleAccount}); set deployRole under environments.<environment> for each`);
    } else {
      problems.add(setting, `must be a role of ${environment}'s account ${accountId}: Terraform and the commands assume it to work there`, d.arn);
    }
  } else if (audit.retainOnDestroy && audit.breakGlassPrincipalArns.length > 0 && !audit.breakGlassPrincipalArns.includes(d.arn)) {
    problems.add(
      label("deployRole.arn"),
      `must be one of audit.breakGlassPrincipalArns, since ${environment} keeps its evidence: Terraform applies as this role, and the evidence protection would stop it halfway`,
      d.arn,
    );
  }
  return { arn: d.arn, ...(d.externalId !== undefined ? { externalId: d.externalId } : {}), sessionName: d.sessionName ?? `cdktf-${environment}` };
}
