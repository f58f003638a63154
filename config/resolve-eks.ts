/** The pod-level identity of one environment: which pod roles, trusted how (docs/pod-identity.md). */
import { irsaRoleName } from "../facts/naming";
import { CNI_SERVICE_ACCOUNT, trustsIrsa, trustsPodIdentity, type PodAccess, type PodTrust } from "../facts/pod-identity";
import type { Problems } from "./problems";
import type { Settings, SettingsInput } from "./schema";
import type { EksSettings, IamSettings, PodRoleSettings } from "./types";

/**
 * Pod Identity is the default once a cluster name is set; IRSA where the user says so or gives
 * only the issuer; both trusts while both are set (the move, docs/pod-identity.md). The default
 * roles are today's IRSA roles: the retail API's, and the VPC CNI's when its policy leaves the
 * node role. Nothing here depends on another environment.
 */
export function resolveEks(
  s: Settings,
  given: SettingsInput,
  where: { project: string; environment: string; accountId: string; accountIsExample: boolean },
  iam: IamSettings,
  label: (path: string) => string,
  problems: Problems,
): EksSettings {
  const { clusterName, manageAgentAddon } = s.eks;
  const issuer = s.eksOidcIssuerUrl;
  const podIdentity = s.eks.podIdentity ?? clusterName !== undefined;
  if (podIdentity && clusterName === undefined) {
    problems.add(label("eks.podIdentity"), "needs eks.clusterName: Pod Identity associates the roles in a cluster named there", true);
  }
  if (!podIdentity && given.eks?.podIdentity === false && issuer === undefined) {
    problems.add(label("eks.podIdentity"), "false means IRSA, which needs eksOidcIssuerUrl to be set", false);
  }
  if (manageAgentAddon && clusterName === undefined) problems.add(label("eks.manageAgentAddon"), "needs eks.clusterName, the cluster the add-on goes to", true);
  const enabled = clusterName !== undefined || issuer !== undefined;
  const written = s.eks.podRoles;
  if (!enabled) {
    if (written !== undefined) problems.add(label("eks.podRoles"), "needs eks.clusterName (Pod Identity) or eksOidcIssuerUrl (IRSA) to be set", `${written.length} roles`);
    if (iam.cniPolicy !== "node-role") {
      problems.add(label("iam.cniPolicy"), `"${iam.cniPolicy}" needs eks.clusterName or eksOidcIssuerUrl to be set; use "node-role" until the cluster exists`, iam.cniPolicy);
    }
    return { clusterName, podIdentity, manageAgentAddon, podRoles: [] };
  }
  const defaultTrust: PodTrust = podIdentity ? (issuer !== undefined ? "both" : "pod-identity") : "irsa";
  const entries: { serviceAccount: string; access: readonly PodAccess[]; trust?: PodTrust; abac?: boolean; targetRoleArn?: string }[] = written
    ? written.map((e) => ({ ...e, access: e.access as PodAccess[] }))
    : [{ serviceAccount: iam.retailApiServiceAccount, access: ["read-model-artifacts"] }];
  const cniOnPods = iam.cniPolicy !== "node-role";
  if (cniOnPods && !entries.some((e) => e.access.includes("vpc-cni"))) entries.push({ serviceAccount: CNI_SERVICE_ACCOUNT, access: ["vpc-cni"] });

  const podRoles = entries.map((e, i): PodRoleSettings => {
    // Only a written entry can be wrong on its own: the default ones are valid by construction.
    const at = `${label("eks.podRoles")}[${i}]`;
    const trust = e.trust ?? defaultTrust;
    const role = { serviceAccount: e.serviceAccount, roleName: irsaRoleName(where.project, where.environment, e.serviceAccount), trust, access: e.access, abac: e.abac ?? false };
    checkEntry(role, e.trust !== undefined, e.targetRoleArn, at, { issuer, clusterName, cniOnPods, ...where }, problems);
    return e.targetRoleArn !== undefined ? { ...role, targetRoleArn: e.targetRoleArn } : role;
  });
  // A service account named twice is one mistake: the second entry is dropped, so that its role name and association are not reported again.
  const once = podRoles.filter((role, i) => {
    const first = podRoles.findIndex((r) => r.serviceAccount === role.serviceAccount);
    if (first !== i) problems.add(`${label("eks.podRoles")}[${i}].serviceAccount`, `must name each service account once (entry ${first} names it too)`, role.serviceAccount);
    return first === i;
  });
  return { clusterName, podIdentity, manageAgentAddon, podRoles: once };
}

function checkEntry(
  role: Omit<PodRoleSettings, "targetRoleArn">,
  /** The default trust's needs are reported at eks.podIdentity, once. */
  trustWritten: boolean,
  targetRoleArn: string | undefined,
  at: string,
  ctx: { issuer?: string; clusterName?: string; cniOnPods: boolean; accountId: string; accountIsExample: boolean },
  problems: Problems,
): void {
  const { trust, access } = role;
  if (trustWritten && trustsIrsa(trust) && ctx.issuer === undefined) problems.add(`${at}.trust`, `"${trust}" trusts IRSA, which needs eksOidcIssuerUrl to be set`, trust);
  if (trustWritten && trustsPodIdentity(trust) && ctx.clusterName === undefined) problems.add(`${at}.trust`, `"${trust}" trusts Pod Identity, which needs eks.clusterName to be set`, trust);
  if (access.includes("vpc-cni") && !ctx.cniOnPods) {
    problems.add(`${at}.access`, 'grants "vpc-cni", which the node role has while iam.cniPolicy is "node-role"; set iam.cniPolicy to "pod-role"', "vpc-cni");
  }
  if (role.abac && trust !== "pod-identity") problems.add(`${at}.abac`, `needs trust "pod-identity": an IRSA session carries no session tags, so its permissions would all be denied`, trust);
  if (role.abac && access.includes("vpc-cni")) problems.add(`${at}.abac`, 'cannot condition "vpc-cni", an AWS managed policy; leave abac false for this role', true);
  if (targetRoleArn === undefined) {
    if (access.length === 0) problems.add(`${at}.access`, "must grant at least one access, or name a targetRoleArn", "none");
    return;
  }
  if (trust !== "pod-identity") problems.add(`${at}.targetRoleArn`, `chains through Pod Identity only; set trust to "pod-identity"`, trust);
  if (access.length > 0) problems.add(`${at}.access`, "must be empty with a targetRoleArn: the pods get the target role's credentials, not this role's", access.join(", "));
  if (role.abac) problems.add(`${at}.abac`, "conditions this role's permissions, but with a targetRoleArn the pods get the target's", true);
  const targetAccount = targetRoleArn.split(":")[4];
  if (!ctx.accountIsExample && targetAccount === ctx.accountId) {
    problems.add(`${at}.targetRoleArn`, `must be a role in another account: a role of ${ctx.accountId} is associated directly, with its access here`, targetRoleArn);
  }
}
