/**
 * The organization's accounts as the commands that touch them see them (lifecycle, verify): what
 * each is called in messages, the setting that configures it, whether an applying caller must be
 * break-glass there, and whose deploy role reaches it.
 */
import type { OrganizationConfig } from "../config/types";
import type { RoleHolder } from "./deploy-role";
import type { AccountSubject } from "./preflight";

/** The organization's accounts by what they do, with the setting that names each one. */
export type AccountRole = "trail" | "logArchive" | "management";

const SETTING: Record<AccountRole, string> = { trail: "trailAccountId", logArchive: "logArchiveAccountId", management: "managementAccountId" };
const WHAT: Record<AccountRole, string> = { trail: "trail account", logArchive: "log-archive account", management: "management account" };

/** The deploy role that reaches the account (organization.deployRoles.<role>), for aws/deploy-role.ts. */
export function roleHolder(org: OrganizationConfig, role: AccountRole): RoleHolder {
  return { environment: "organization", region: org.region, deployRole: org[role].deployRole, setting: `organization.deployRoles.${role}` };
}

export function accountSubject(org: OrganizationConfig, role: AccountRole): AccountSubject {
  const account = org[role];
  // A trail created from the management account is configured by managementAccountId.
  const setting = role === "trail" && !org.delegated ? SETTING.management : SETTING[role];
  const guarded = role === "logArchive" || (role === "trail" && org.delegated);
  const denies = role === "logArchive" ? "the archive's bucket and key policies" : "the guardrails (the SCP attached to the delegated administrator)";
  return {
    label: `organization (${WHAT[role]} ${account.accountId})`,
    accountId: account.accountId,
    region: org.region,
    configured: `organization.${setting} is ${account.accountId}`,
    ...(guarded
      ? {
          breakGlass: {
            principalArns: org.breakGlassPrincipalArns,
            why:
              `the organization's ${WHAT[role]} ${account.accountId} keeps its evidence, and ${denies} stop everyone but the break-glass principals ` +
              "(organization.breakGlassPrincipalArns); an apply by anyone else would fail halfway and leave the organization's audit unfinished.",
          },
        }
      : {}),
  };
}

