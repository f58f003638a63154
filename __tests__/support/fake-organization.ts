/**
 * The example organization's accounts, mocked: each answers for itself as the deploy role's
 * credentials reach it (its caller, its roles with their paths, the buckets and keys S3 holds).
 * `apiFor` is what lifecycle/organization-account.ts asks for each account; what each account was
 * sent is kept per account, so a test can assert which account was asked what.
 */
import { Api } from "../../aws/api";
import type { AccountRole } from "../../aws/organization-accounts";
import { mockBuckets } from "./fake-buckets";
import { mockClusters } from "./fake-clusters";
import { mockIdentity } from "./fake-identity";

export const MANAGEMENT = "111111111111";
export const LOG_ARCHIVE = "222222222222";
export const TRAIL = "333333333333";
export const deployer = (account: string): string => `arn:aws:iam::${account}:role/terraform-deployer`;
export const session = (account: string, role = "terraform-deployer"): string => `arn:aws:sts::${account}:assumed-role/${role}/cdktf-organization`;

/** One mocked account: who the deploy role's session is there, its roles, and its buckets with their keys. */
export interface FakeAccount {
  readonly caller: { account: string; arn: string };
  readonly roles: Record<string, string>;
}

/** The organization's accounts, each answering for itself, as the deploy roles' credentials reach them. */
export function organizationWorld(accounts: Partial<Record<AccountRole, Partial<FakeAccount>>>, buckets: Record<string, string> = {}, keys: Record<string, string[]> = {}) {
  const fakes = new Map<AccountRole, ReturnType<typeof mockIdentity>>();
  const s3s = new Map<AccountRole, ReturnType<typeof mockBuckets>>();
  const own: Record<AccountRole, string> = { management: MANAGEMENT, logArchive: LOG_ARCHIVE, trail: TRAIL };
  const asked: string[] = [];
  /** A test's change to every account's S3 (a failure S3 can answer). */
  const changes = { s3For: undefined as undefined | ((s3Mock: ReturnType<typeof mockBuckets>["s3Mock"]) => void) };
  const apiFor = (account: { accountId: string }, role: AccountRole) => {
    asked.push(`${role} ${account.accountId}`);
    const world = accounts[role] ?? {};
    const id = own[role];
    const identity = mockIdentity({ caller: world.caller ?? { account: id, arn: session(id) }, roles: world.roles ?? { "terraform-deployer": deployer(id) } });
    const s3 = mockBuckets(buckets, keys);
    changes.s3For?.(s3.s3Mock);
    fakes.set(role, identity);
    s3s.set(role, s3);
    return new Api({ sts: identity.sts, iam: identity.iam, s3: s3.s3, eks: mockClusters({}).eks });
  };
  return Object.assign(changes, { apiFor, asked, fakes, s3s });
}

