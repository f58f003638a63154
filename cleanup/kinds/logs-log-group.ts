/** Container Insights log groups of the workshop's EKS clusters. */
import { DeleteLogGroupCommand, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand, paginateDescribeLogGroups } from "@aws-sdk/client-cloudwatch-logs";
import type { Handler } from "../types";
import { compare, Findings, item, matchesPattern, reread, tagRecord, type Json } from "./common";


export const logGroups: Handler = {
  kind: "logs.log-group",
  async discover(c) {
    const { api } = c;
    const found = new Findings(c, "logs.log-group");
    for await (const page of paginateDescribeLogGroups({ client: api.via(api.clients.logs) }, { logGroupNamePrefix: "/aws/containerinsights/" })) {
      for (const group of (page.logGroups ?? []) as Json[]) {
        const cluster = String(group.logGroupName).split("/")[3] ?? "";
        if (!matchesPattern(cluster, c.config.cleanup.eksClusterPattern)) continue;
        const arn = String(group.arn ?? "").replace(/:\*$/, "");
        const tags = tagRecord((await api.send<Json>(api.clients.logs, new ListLogTagsCommand({ resourceArn: arn }))).tags);
        await found.consider(group.logGroupName, tags, () =>
          item("logs.log-group", group.logGroupName, c.config.region, `Container Insights log group of a cluster matching ${c.config.cleanup.eksClusterPattern}`, { tags }, {
              arn,
            cost: `${Math.round(Number(group.storedBytes ?? 0) / 1e6)} MB stored`,
          }),
        );
      }
    }
    return found;
  },
  recheck: (c, planned) =>
    reread(async () => {
      const [, aws, insights, cluster] = planned.name.split("/");
      if (aws !== "aws" || insights !== "containerinsights" || !matchesPattern(cluster ?? "", c.config.cleanup.eksClusterPattern)) {
        return { state: "changed", why: `not a Container Insights log group of a cluster matching ${c.config.cleanup.eksClusterPattern}` };
      }
      const page = await c.api.send<Json>(c.api.clients.logs, new DescribeLogGroupsCommand({ logGroupNamePrefix: planned.name }));
      const group = (page.logGroups ?? []).find((g: Json) => g.logGroupName === planned.name);
      if (!group) return { state: "gone" };
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.logs, new ListLogTagsCommand({ resourceArn: String(group.arn).replace(/:\*$/, "") }))).tags);
      return compare(c, planned, planned.name, tags);
    }),
  async remove(c, planned) {
    c.record("DeleteLogGroup", planned.name);
    await c.api.send(c.api.clients.logs, new DeleteLogGroupCommand({ logGroupName: planned.name }));
  },
};
