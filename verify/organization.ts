/**
 * `npm run verify -- organization`: the organization trail checked from the trail account (the
 * delegated administrator, or the management account), the archive from the log-archive account,
 * the guardrails from the management account, each with its own deploy role, against what the
 * configuration synthesizes. The same checks as an environment's (verify/checks), each in the
 * account that holds what it reads, and the guardrails' own (verify/checks/guardrails.ts).
 */
import type { OrganizationConfig } from "../config/types";
import { Api } from "../aws/api";
import { deployRoleCredentials } from "../aws/deploy-role";
import { accountSubject, roleHolder, type AccountRole } from "../aws/organization-accounts";
import { preflightAccount } from "../aws/preflight";
import { checkAccessLogs, checkAlarms, checkBucket, checkKeys, checkLogFiles, checkTrail, type Row } from "./checks";
import type { AccountCheckContext } from "./checks/common";
import { checkGuardrails } from "./checks/guardrails";
import { expectedOrganization } from "./organization-expected";
import { synthesizedStacks } from "./synthesis";
import type { VerifyOptions } from "./run";

export async function verifyOrganization(options: VerifyOptions, org: OrganizationConfig): Promise<{ rows: Row[]; calls: number; seconds: number }> {
  const started = Date.now();
  const apiOf = (role: AccountRole) => new Api(options.clients(org.region, deployRoleCredentials(roleHolder(org, role)), org[role].accountId));
  const trailApi = apiOf("trail");
  const archiveApi = apiOf("logArchive");
  const managementApi = apiOf("management");
  for (const [api, role] of [[trailApi, "trail"], [archiveApi, "logArchive"], [managementApi, "management"]] as const) {
    await preflightAccount(api, accountSubject(org, role), { action: "verify", applies: false });
  }

  // The organization's stacks are synthesized with any selection of environments.
  const read = synthesizedStacks(options, options.env);
  const expected = expectedOrganization(org, read(org.names.archiveStack), read(org.names.trailStack), read(org.names.managementStack));

  const now = options.now ?? (() => new Date());
  const archive: AccountCheckContext = { api: archiveApi, expected: expected.logArchive, now };
  const trail: AccountCheckContext = { api: trailApi, expected: expected.trailAccount, now };
  // The trail encrypts with the archive's key: its ARN is the log-archive account's answer.
  const archiveKeys = await checkKeys(archive);
  const [trailKeys, trailRows, buckets, alarms, guardrails] = await Promise.all([
    checkKeys(trail),
    checkTrail(trail, archiveKeys.arns),
    Promise.all(expected.logArchive.buckets.map((b) => checkBucket(archive, b, archiveKeys.arns))),
    checkAlarms(trail),
    // The guardrails name the archive key by its ARN.
    checkGuardrails(managementApi, expected.guardrails, archiveKeys.arns[org.names.kmsAlias]),
  ]);
  // Log files of the trail account itself: its calls (this verification's among them) are recorded.
  const logFiles = await checkLogFiles(archive, trailRows.startedAt, expected.logPath);
  const accessLogs = await checkAccessLogs(archive, trailRows.startedAt);
  const rows = [...trailRows.rows, ...buckets.flat(), logFiles, ...(accessLogs ? [accessLogs] : []), ...archiveKeys.rows, ...trailKeys.rows, ...alarms, ...guardrails];
  return { rows, calls: trailApi.calls + archiveApi.calls + managementApi.calls, seconds: (Date.now() - started) / 1000 };
}
