/** CloudFront distributions in front of the workshop bucket or the REST API. */
import {
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  paginateListDistributions,
  ListTagsForResourceCommand as ListCloudFrontTagsCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
} from "@aws-sdk/client-cloudfront";
import type { CleanupContext, Handler } from "../types";
import { compare, Findings, item, reread, tagRecord, waitUntil, type Json } from "./common";
import { restApi } from "./apigateway-rest-api";

function workshopOrigin(c: CleanupContext, domain: string, apiId: string | undefined): boolean {
  const bucket = c.config.cleanup.workshopBucket;
  return domain.startsWith(`${bucket}.s3.`) || domain.startsWith(`${bucket}.s3-website`) || (apiId !== undefined && domain.startsWith(`${apiId}.execute-api.`));
}

export const distributions: Handler = {
  kind: "cloudfront.distribution",
  async discover(c) {
    const { api } = c;
    const apiId = (await restApi(c))?.id;
    const found = new Findings(c, "cloudfront.distribution");
    for await (const result of paginateListDistributions({ client: api.via(api.clients.cloudfront) }, { MaxItems: 100 })) {
      const page: Json = result.DistributionList ?? {};
      for (const d of (page.Items ?? []) as Json[]) {
        const origins: string[] = (d.Origins?.Items ?? []).map((o: Json) => String(o.DomainName));
        const matched = origins.filter((o) => workshopOrigin(c, o, apiId));
        if (matched.length === 0) continue;
        const tags = tagRecord((await api.send<Json>(api.clients.cloudfront, new ListCloudFrontTagsCommand({ Resource: d.ARN }))).Tags?.Items);
        await found.consider(d.Id, tags, () =>
          item("cloudfront.distribution", d.Id, "global", `distribution with the workshop origin ${matched.join(", ")}`, { tags, origins: origins.sort() }, {
              arn: d.ARN,
            cost: `${d.Enabled ? "enabled" : "disabled"}, ${d.DomainName}: billed per request and transfer while it serves`,
          }),
        );
      }
    }
    return found;
  },
  recheck: (c, planned) =>
    reread(async () => {
      const d = (await c.api.send<Json>(c.api.clients.cloudfront, new GetDistributionCommand({ Id: planned.name }))).Distribution;
      const origins: string[] = (d.DistributionConfig?.Origins?.Items ?? []).map((o: Json) => String(o.DomainName)).sort();
      const apiId = (await restApi(c))?.id;
      if (!origins.some((o) => workshopOrigin(c, o, apiId) || (planned.match.origins as string[]).includes(o))) return { state: "changed", why: "no longer has a workshop origin" };
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.cloudfront, new ListCloudFrontTagsCommand({ Resource: d.ARN }))).Tags?.Items);
      return compare(c, planned, planned.name, tags, { origins });
    }),
  async remove(c, planned) {
    const { api } = c;
    const current = await api.send<Json>(api.clients.cloudfront, new GetDistributionConfigCommand({ Id: planned.name }));
    let etag: string = current.ETag;
    if (current.DistributionConfig.Enabled) {
      c.record("UpdateDistribution (disable)", planned.name);
      etag = (await api.send<Json>(api.clients.cloudfront, new UpdateDistributionCommand({ Id: planned.name, IfMatch: etag, DistributionConfig: { ...current.DistributionConfig, Enabled: false } }))).ETag;
    }
    // A distribution can be deleted only once it is disabled and deployed (about 15 minutes).
    await waitUntil(c, "cloudfront.distribution", `CloudFront distribution ${planned.name} to deploy the disabled state`, api.clients.cloudfront, (config) =>
      waitUntilDistributionDeployed(config, { Id: planned.name }),
    );
    const deployed = await api.send<Json>(api.clients.cloudfront, new GetDistributionCommand({ Id: planned.name }));
    if (deployed.Distribution.DistributionConfig.Enabled !== false) throw new Error(`${planned.name} was enabled again while it deployed; nothing was deleted`);
    etag = deployed.ETag;
    c.record("DeleteDistribution", planned.name, { etag });
    await api.send(api.clients.cloudfront, new DeleteDistributionCommand({ Id: planned.name, IfMatch: etag }));
  },
};
