/**
 * The organization's guardrails, read from the management account: each policy (the SCP, the RCP)
 * exists with the declared content and is attached where configured, the root has their policy
 * types enabled, CloudTrail has trusted access, and the trail account is CloudTrail's delegated
 * administrator where one is configured. Without these the archive's and the trail's protection
 * is only what their own resource policies give.
 */
import {
  DescribePolicyCommand,
  paginateListAWSServiceAccessForOrganization,
  paginateListDelegatedAdministrators,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
  type PolicyTypeSummary,
} from "@aws-sdk/client-organizations";
import { collect, type Api } from "../../aws/api";
import type { Clients } from "../aws";
import { policyDifferences } from "../policy-diff";
import { attempt, row, sameSet, type Json, type Row } from "./common";

/** A guardrail policy as the management stack declares it. */
export interface ExpectedGuardrail {
  readonly name: string;
  readonly type: "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";
  /** The content with the archive key's ARN still a reference to the archive's state. */
  readonly content: string;
  readonly targets: readonly string[];
}

export interface ExpectedGuardrails {
  readonly policies: readonly ExpectedGuardrail[];
  /** The reference in `content` that stands for the archive key's ARN. */
  readonly keyReference: string;
  /** The trail account, where it is CloudTrail's delegated administrator. */
  readonly delegatedAdministrator?: string;
}

const CLOUDTRAIL = "cloudtrail.amazonaws.com";
const G = "Guardrails";

export async function checkGuardrails(api: Api<Clients>, e: ExpectedGuardrails, archiveKeyArn: string | undefined): Promise<Row[]> {
  const client = api.via(api.clients.organizations);
  const rows: Row[] = [];
  for (const policy of e.policies) {
    const listed = await attempt(() => collect(paginateListPolicies({ client }, { Filter: policy.type }), (p) => p.Policies));
    const found = (listed.value ?? []).find((p) => p.Name === policy.name);
    rows.push(row(G, "policy exists", policy.name, `a ${policy.type} named ${policy.name}`, listed.error ?? (found ? String(found.Id) : "not found"), found !== undefined));
    if (!found) continue;
    const declared = JSON.parse(policy.content.split(e.keyReference).join(archiveKeyArn ?? "(the archive key, not found)"));
    const described = await attempt(() => api.send<Json>(api.clients.organizations, new DescribePolicyCommand({ PolicyId: found.Id })));
    const differences = described.value ? policyDifferences(declared, JSON.parse(described.value.Policy?.Content ?? "{}")) : [];
    rows.push(
      row(G, "content as declared", policy.name, "the synthesized statements", described.error ?? (differences.length === 0 ? "the same statements" : differences.join("; ")), !described.error && differences.length === 0),
    );
    const targets = await attempt(() => collect(paginateListTargetsForPolicy({ client }, { PolicyId: found.Id }), (p) => p.Targets));
    const attached = (targets.value ?? []).map((t) => String(t.TargetId));
    const missing = policy.targets.filter((t) => !attached.includes(t));
    rows.push(row(G, "attached where configured", policy.name, policy.targets.join(", "), targets.error ?? (attached.join(", ") || "nowhere"), !targets.error && missing.length === 0));
  }
  const roots = await attempt(() => collect(paginateListRoots({ client }, {}), (p) => p.Roots));
  const types = [...new Set(e.policies.map((p) => p.type))].sort();
  const enabled = ((roots.value ?? [])[0]?.PolicyTypes ?? []).filter((t: PolicyTypeSummary) => t.Status === "ENABLED").map((t: PolicyTypeSummary) => String(t.Type));
  rows.push(
    row(G, "policy types enabled on the root", String((roots.value ?? [])[0]?.Id ?? "root"), types.join(", "), roots.error ?? (enabled.sort().join(", ") || "none"), !roots.error && types.every((t) => enabled.includes(t))),
  );
  const access = await attempt(() => collect(paginateListAWSServiceAccessForOrganization({ client }, {}), (p) => p.EnabledServicePrincipals));
  const trusted = (access.value ?? []).some((s) => s.ServicePrincipal === CLOUDTRAIL);
  rows.push(row(G, "trusted access for CloudTrail", CLOUDTRAIL, "enabled", access.error ?? (trusted ? "enabled" : "not enabled"), trusted));
  if (e.delegatedAdministrator !== undefined) {
    const admins = await attempt(() => collect(paginateListDelegatedAdministrators({ client }, { ServicePrincipal: CLOUDTRAIL }), (p) => p.DelegatedAdministrators));
    const ids = (admins.value ?? []).map((a) => String(a.Id));
    rows.push(
      // Every delegated administrator can change the organization trail: only the configured one.
      row(G, "CloudTrail delegated administrator", CLOUDTRAIL, `${e.delegatedAdministrator} only`, admins.error ?? (ids.join(", ") || "none"), !admins.error && sameSet(ids, [e.delegatedAdministrator])),
    );
  }
  return rows;
}
