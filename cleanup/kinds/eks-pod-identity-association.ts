/**
 * Pod Identity associations of the pipeline's service accounts that this app's stack does not
 * own: made by hand or by eksctl in the workshop. EKS allows one association per service account
 * in a cluster, so such an association also blocks the stack's own (ResourceInUseException).
 * Looked for in the configured cluster and the clusters matching the cleanup pattern; only the
 * service accounts of the environment's pod roles (the retail API's without any).
 */
import { DeletePodIdentityAssociationCommand, DescribePodIdentityAssociationCommand, paginateListClusters, paginateListPodIdentityAssociations } from "@aws-sdk/client-eks";
import { collect } from "../../aws/api";
import type { CleanupContext, Handler } from "../types";
import { compare, Findings, item, matchesPattern, reread, tagRecord, type Json } from "./common";

/** The service accounts whose associations are the pipeline's. */
const serviceAccountsOf = (c: CleanupContext): string[] =>
  c.config.eks.podRoles.length > 0 ? c.config.eks.podRoles.map((r) => r.serviceAccount) : [c.config.iam.retailApiServiceAccount];

async function clustersOf(c: CleanupContext): Promise<string[]> {
  const { api } = c;
  const all = await collect(paginateListClusters({ client: api.via(api.clients.eks) }, {}), (p) => p.clusters);
  return all.filter((name) => name === c.config.eks.clusterName || matchesPattern(name, c.config.cleanup.eksClusterPattern));
}

export const podIdentityAssociations: Handler = {
  kind: "eks.pod-identity-association",
  async discover(c) {
    const { api } = c;
    const found = new Findings(c, "eks.pod-identity-association");
    const wanted = serviceAccountsOf(c);
    for (const clusterName of await clustersOf(c)) {
      const listed = await collect(paginateListPodIdentityAssociations({ client: api.via(api.clients.eks) }, { clusterName }), (p) => p.associations);
      for (const summary of listed as Json[]) {
        const serviceAccount = `${summary.namespace}:${summary.serviceAccount}`;
        if (!wanted.includes(serviceAccount)) continue;
        const association: Json = (await api.send<Json>(api.clients.eks, new DescribePodIdentityAssociationCommand({ clusterName, associationId: summary.associationId }))).association;
        const name = `${clusterName}/${serviceAccount}`;
        const tags = tagRecord(association.tags);
        await found.consider(name, tags, () =>
          item(
            "eks.pod-identity-association",
            name,
            c.config.region,
            `the Pod Identity association of ${serviceAccount}, made outside this app's stack (it would block the stack's own)`,
            { tags, associationId: association.associationId, roleArn: association.roleArn },
            { arn: association.associationArn },
          ),
        );
      }
    }
    return found;
  },
  recheck: (c, planned) =>
    reread(async () => {
      const [clusterName, serviceAccount] = planned.name.split("/");
      if (!serviceAccountsOf(c).includes(serviceAccount)) return { state: "changed", why: "no longer a service account of this environment's pod roles" };
      const a = (await c.api.send<Json>(c.api.clients.eks, new DescribePodIdentityAssociationCommand({ clusterName, associationId: planned.match.associationId }))).association;
      return compare(c, planned, planned.name, tagRecord(a.tags), { associationId: a.associationId, roleArn: a.roleArn });
    }),
  async remove(c, planned) {
    const clusterName = planned.name.split("/")[0];
    c.record("DeletePodIdentityAssociation", planned.name);
    await c.api.send(c.api.clients.eks, new DeletePodIdentityAssociationCommand({ clusterName, associationId: planned.match.associationId }));
  },
};
