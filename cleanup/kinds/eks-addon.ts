/** The CloudWatch observability add-on of the workshop's EKS clusters. */
import { DeleteAddonCommand, DescribeAddonCommand, paginateListClusters, waitUntilAddonDeleted } from "@aws-sdk/client-eks";
import type { Handler } from "../types";
import { compare, Findings, ifExists, item, matchesPattern, reread, tagRecord, waitUntil, type Json } from "./common";


const OBSERVABILITY_ADDON = "amazon-cloudwatch-observability";

export const eksAddons: Handler = {
  kind: "eks.addon",
  async discover(c) {
    const { api } = c;
    const found = new Findings(c, "eks.addon");
    for await (const page of paginateListClusters({ client: api.via(api.clients.eks) }, {})) {
      for (const cluster of (page.clusters ?? []) as Json[]) {
        if (!matchesPattern(cluster, c.config.cleanup.eksClusterPattern)) continue;
        const addon: Json = (await ifExists(() => api.send<Json>(api.clients.eks, new DescribeAddonCommand({ clusterName: cluster, addonName: OBSERVABILITY_ADDON }))))?.addon;
        if (!addon) continue;
        const name = `${cluster}/${OBSERVABILITY_ADDON}`;
        const tags = tagRecord(addon.tags);
        await found.consider(name, tags, () => item("eks.addon", name, c.config.region, `the ${OBSERVABILITY_ADDON} add-on of a cluster matching ${c.config.cleanup.eksClusterPattern}`, { tags }, { arn: addon.addonArn }));
      }
    }
    return found;
  },
  recheck: (c, planned) =>
    reread(async () => {
      const [cluster, addonName] = planned.name.split("/");
      if (addonName !== OBSERVABILITY_ADDON || !matchesPattern(cluster, c.config.cleanup.eksClusterPattern)) return { state: "changed", why: "no longer matches the cluster pattern" };
      const addon = (await c.api.send<Json>(c.api.clients.eks, new DescribeAddonCommand({ clusterName: cluster, addonName }))).addon;
      return compare(c, planned, planned.name, tagRecord(addon.tags));
    }),
  async remove(c, planned) {
    const [clusterName, addonName] = planned.name.split("/");
    c.record("DeleteAddon", planned.name);
    await c.api.send(c.api.clients.eks, new DeleteAddonCommand({ clusterName, addonName }));
    await waitUntil(c, "eks.addon", `EKS add-on ${planned.name} to be deleted`, c.api.clients.eks, (config) => waitUntilAddonDeleted(config, { clusterName, addonName }));
  },
};
