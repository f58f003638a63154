/**
 * What a lifecycle command asks the organization's accounts before Terraform starts: one
 * preflight per account its stacks touch, each with that account's deploy role, and what the
 * trail account holds (the organization's state bucket, the log archive's state in it). Loaded
 * only by the commands that touch an account.
 *
 * Every organization stack keeps its state in the trail account's bucket, so the trail account
 * is always asked. Where an account applies explicit denies, an applying caller must be one of
 * organization.breakGlassPrincipalArns: the log-archive account (the archive's bucket and key
 * policies), and a delegated trail account (the guardrails cover it; they never cover the
 * management account).
 */
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import type { OrganizationAccount } from "../config/types";
import { CannotRun, errorOf, type Api } from "../aws/api";
import { accountSubject, type AccountRole } from "../aws/organization-accounts";
import { preflightAccount } from "../aws/preflight";
import { stateKey } from "../facts/naming";
import { bucketExists, hasLocalState, isS3NotFound, type LifecycleClients } from "./account";
import type { OrganizationFacts, OrganizationTarget } from "./organization";

/** The credentials of one account: its deploy role (organization.deployRoles.<role>) or the caller's own. */
export type ApiFor = (account: OrganizationAccount, role: AccountRole) => Api<LifecycleClients>;

/** The accounts the target's stacks touch besides the trail account (which holds every stack's state). */
export function otherAccountsOf(target: OrganizationTarget): AccountRole[] {
  const { stacks } = target;
  return [...(stacks.includes("archive") ? (["logArchive"] as const) : []), ...(stacks.includes("management") ? (["management"] as const) : [])];
}

export async function checkOrganization(apiFor: ApiFor, target: OrganizationTarget, applies: boolean, root: string): Promise<OrganizationFacts> {
  const org = target.organization;
  const options = { action: applies ? "change" : "read", applies };
  const trailApi = apiFor(org.trail, "trail");
  const trailSubject = accountSubject(org, "trail");
  // The trail account first; its caller is checked as break-glass only where the trail itself is applied.
  await preflightAccount(trailApi, target.stacks.includes("trail") ? trailSubject : { ...trailSubject, breakGlass: undefined }, options);
  for (const role of otherAccountsOf(target)) await preflightAccount(apiFor(org[role], role), accountSubject(org, role), options);
  const { stateBucket, stateStack, archiveStack } = org.names;
  const account = org.trail.accountId;
  const stateBucketExists = await bucketExists(trailApi, stateBucket, account, "its name is derived from project and the trail account: choose another project name");
  return {
    stateBucketExists,
    localState: hasLocalState(root, stateStack),
    archiveDeployed: stateBucketExists && (await objectExists(trailApi, stateBucket, stateKey(archiveStack), account)),
  };
}

/** HeadObject with the expected owner: a state file is there (404: it is not). */
async function objectExists(api: Api<LifecycleClients>, bucket: string, key: string, account: string): Promise<boolean> {
  try {
    await api.send(api.clients.s3, new HeadObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: account }));
    return true;
  } catch (error) {
    if (isS3NotFound(error)) return false;
    const { name, message } = errorOf(error);
    throw new CannotRun(`could not check for s3://${bucket}/${key} (the log archive's state) in account ${account}: ${name}: ${message}`);
  }
}
