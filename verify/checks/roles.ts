/** The roles, the node instance profile and the OIDC provider, as declared. */
import {
  GetInstanceProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  
} from "@aws-sdk/client-iam";
import { collect } from "../../aws/api";
import type {   ExpectedRole } from "../expected";
import { policyDifferences } from "../policy-diff";
import { attempt, row, sameSet, type CheckContext, type Json, type Row } from "./common";

export async function checkRole(c: CheckContext, role: ExpectedRole): Promise<Row[]> {
  const { api, expected: e } = c;
  const iam = api.clients.iam;
  const g = "Role";
  const got = await attempt(() => api.send<Json>(iam, new GetRoleCommand({ RoleName: role.name })));
  if (!got.value?.Role) return [row(g, "exists", role.name, "the role", got.error ?? "not found", false)];
  const rows: Row[] = [row(g, "exists", role.name, "the role", got.value.Role.Arn, true)];
  const trust = JSON.parse(decodeURIComponent(got.value.Role.AssumeRolePolicyDocument));
  const trustDiff = policyDifferences(role.trust, trust);
  rows.push(row(g, "trust policy: principal and conditions as declared", role.name, "the synthesized trust policy", trustDiff.join("; ") || "the same", trustDiff.length === 0));
  const boundary = got.value.Role.PermissionsBoundary?.PermissionsBoundaryArn;
  if (role.permissionsBoundary || boundary) {
    rows.push(row(g, "permissions boundary", role.name, role.permissionsBoundary ?? "none", boundary ?? "none", boundary === role.permissionsBoundary));
  }
  const [attachedList, inlineList] = await Promise.all([
    attempt(() => collect(paginateListAttachedRolePolicies({ client: api.via(iam) }, { RoleName: role.name }), (p) => p.AttachedPolicies)),
    attempt(() => collect(paginateListRolePolicies({ client: api.via(iam) }, { RoleName: role.name }), (p) => p.PolicyNames)),
  ]);
  const attachedArns: string[] = (attachedList.value ?? []).map((p) => String(p.PolicyArn)).sort();
  rows.push(
    row(
      g,
      "attached policies as declared",
      role.name,
      role.managedPolicyArns.join(", ") || "none",
      attachedList.error ?? (attachedArns.join(", ") || "none"),
      !attachedList.error && sameSet(attachedArns, role.managedPolicyArns),
    ),
  );
  const inlineNames: string[] = [...(inlineList.value ?? [])].sort();
  rows.push(
    row(g, "inline policies as declared", role.name, Object.keys(role.inline).sort().join(", ") || "none", inlineList.error ?? (inlineNames.join(", ") || "none"), !inlineList.error && sameSet(inlineNames, Object.keys(role.inline))),
  );
  for (const [name, document] of Object.entries(role.inline)) {
    if (!inlineNames.includes(name)) continue;
    const got2 = await attempt(() => api.send<Json>(iam, new GetRolePolicyCommand({ RoleName: role.name, PolicyName: name })));
    const diff = got2.value ? policyDifferences(document, JSON.parse(decodeURIComponent(got2.value.PolicyDocument))) : [got2.error ?? "unreadable"];
    rows.push(row(g, `inline policy ${name} as declared`, role.name, "the synthesized document", diff.join("; ") || "the same", diff.length === 0));
  }
  for (const [name, document] of Object.entries(role.customer)) {
    const arn = `arn:aws:iam::${e.accountId}:policy/${name}`;
    const policy = await attempt(() => api.send<Json>(iam, new GetPolicyCommand({ PolicyArn: arn })));
    const version = policy.value?.Policy?.DefaultVersionId;
    const doc = version ? await attempt(() => api.send<Json>(iam, new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))) : undefined;
    const diff = doc?.value ? policyDifferences(document, JSON.parse(decodeURIComponent(doc.value.PolicyVersion.Document))) : [policy.error ?? doc?.error ?? "no default version"];
    rows.push(row(g, `policy ${name} as declared`, role.name, "the synthesized document", diff.join("; ") || "the same", diff.length === 0));
  }
  return rows;
}

export async function checkInstanceProfileAndProvider(c: CheckContext): Promise<Row[]> {
  const { api, expected: e } = c;
  const rows: Row[] = [];
  const profile = await attempt(() => api.send<Json>(api.clients.iam, new GetInstanceProfileCommand({ InstanceProfileName: e.instanceProfile.name })));
  const roles: string[] = (profile.value?.InstanceProfile?.Roles ?? []).map((r: Json) => r.RoleName);
  rows.push(row("Role", "node instance profile holds the node role", e.instanceProfile.name, e.instanceProfile.role, profile.error ?? (roles.join(", ") || "no role"), sameSet(roles, [e.instanceProfile.role])));
  if (e.oidcProvider) {
    const provider = await attempt(() => api.send<Json>(api.clients.iam, new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: e.oidcProvider!.arn })));
    const audiences: string[] = provider.value?.ClientIDList ?? [];
    rows.push(
      row("Role", "IAM OIDC provider for the cluster", e.oidcProvider.arn, "exists, audience sts.amazonaws.com", provider.error ?? `audiences ${audiences.join(", ") || "none"}`, audiences.includes("sts.amazonaws.com")),
    );
  }
  return rows;
}
