/**
 * The Pod Identity side of the pod roles: each association as declared (role, target role,
 * session tags on), no other association in the cluster using one of this environment's roles,
 * and the agent's add-on active where this app manages it. The roles' trust policies are
 * compared with the other roles' (checks/roles.ts).
 */
import { DescribeAddonCommand, DescribePodIdentityAssociationCommand, paginateListPodIdentityAssociations } from "@aws-sdk/client-eks";
import { collect } from "../../aws/api";
import { POD_IDENTITY_AGENT_ADDON } from "../../facts/pod-identity";
import type { ExpectedAssociation } from "../expected";
import { attempt, row, type CheckContext, type Json, type Row } from "./common";

const G = "Pod Identity";

export async function checkPodIdentity(c: CheckContext): Promise<Row[]> {
  const pods = c.expected.podIdentity;
  if (pods === undefined) return [];
  const { api } = c;
  const eks = api.clients.eks;
  const listed = await attempt(() => collect(paginateListPodIdentityAssociations({ client: api.via(eks) }, { clusterName: pods.clusterName }), (p) => p.associations));
  if (listed.error !== undefined) return [row(G, "associations of the cluster can be read", pods.clusterName, "ListPodIdentityAssociations answers", listed.error, false)];
  const all: Json[] = listed.value ?? [];
  const rows: Row[] = [];
  for (const expected of pods.associations) {
    rows.push(...(await checkAssociation(c, pods.clusterName, expected, all)));
  }
  const ours = new Set(pods.associations.map((a) => a.roleArn));
  const declared = new Set(pods.associations.map((a) => `${a.namespace}:${a.serviceAccount}`));
  const foreign = all.filter((a) => ours.has(a.roleArn) && !declared.has(`${a.namespace}:${a.serviceAccount}`));
  rows.push(
    row(
      G,
      "no other association uses this environment's pod roles",
      pods.clusterName,
      "none",
      foreign.map((a) => `${a.namespace}:${a.serviceAccount} -> ${a.roleArn} (${a.associationId})`).join(", ") || "none",
      foreign.length === 0,
    ),
  );
  if (pods.agentAddon) {
    const addon = await attempt(() => api.send<Json>(eks, new DescribeAddonCommand({ clusterName: pods.clusterName, addonName: POD_IDENTITY_AGENT_ADDON })));
    const status = addon.value?.addon?.status;
    rows.push(row(G, "the Pod Identity agent's add-on is active", `${pods.clusterName}/${POD_IDENTITY_AGENT_ADDON}`, "ACTIVE", addon.error ?? String(status), status === "ACTIVE"));
  }
  return rows;
}

async function checkAssociation(c: CheckContext, clusterName: string, expected: ExpectedAssociation, all: readonly Json[]): Promise<Row[]> {
  const name = `${clusterName}/${expected.namespace}:${expected.serviceAccount}`;
  const found = all.filter((a) => a.namespace === expected.namespace && a.serviceAccount === expected.serviceAccount);
  if (found.length !== 1) return [row(G, "association exists", name, `one, to ${expected.roleArn}`, found.length === 0 ? "none" : `${found.length}`, false)];
  const described = await attempt(() =>
    c.api.send<Json>(c.api.clients.eks, new DescribePodIdentityAssociationCommand({ clusterName, associationId: found[0].associationId })),
  );
  const a: Json = described.value?.association;
  if (!a) return [row(G, "association can be read", name, "DescribePodIdentityAssociation answers", described.error ?? "no association", false)];
  const rows = [
    row(G, "association exists", name, `one, to ${expected.roleArn}`, a.associationId, true),
    row(G, "association: role as declared", name, expected.roleArn, String(a.roleArn), a.roleArn === expected.roleArn),
    // The roles' trust pins the cluster, namespace and service account by session tags: without them every request is refused.
    row(G, "association: session tags on", name, "disableSessionTags false", `disableSessionTags ${a.disableSessionTags === true}`, a.disableSessionTags !== true),
  ];
  if (expected.targetRoleArn !== undefined || a.targetRoleArn) {
    rows.push(row(G, "association: target role as declared", name, expected.targetRoleArn ?? "none", a.targetRoleArn ?? "none", a.targetRoleArn === expected.targetRoleArn));
  }
  return rows;
}
