/** The pipeline's REST API. */
import { DeleteRestApiCommand, paginateGetRestApis } from "@aws-sdk/client-api-gateway";
import type { CleanupContext, Handler } from "../types";
import { compare, exclusion, item, tagRecord, type Json } from "./common";

export async function restApi(c: CleanupContext): Promise<Json | undefined> {
  for await (const page of paginateGetRestApis({ client: c.api.via(c.api.clients.apigateway) }, { limit: 500 })) {
    const found = (page.items ?? []).find((a: Json) => a.name === c.config.cleanup.restApiName);
    if (found) return found;
  }
  return undefined;
}

/** Origins that make a distribution the workshop's: its data bucket or the InferenceAPI endpoint. */
export const restApis: Handler = {
  kind: "apigateway.rest-api",
  async discover(c) {
    const found = await restApi(c);
    if (!found) return { items: [], excluded: [] };
    const tags = tagRecord(found.tags);
    const why = exclusion(c, found.name, tags);
    if (why) return { items: [], excluded: [{ kind: "apigateway.rest-api", name: found.name, why }] };
    return { items: [item("apigateway.rest-api", found.name, c.config.region, `REST API named ${c.config.cleanup.restApiName}`, { tags, id: found.id }, { arn: `arn:aws:apigateway:${c.config.region}::/restapis/${found.id}` })], excluded: [] };
  },
  recheck: async (c, planned) => {
    if (planned.name !== c.config.cleanup.restApiName) return { state: "changed", why: "not the configured REST API" };
    const found = await restApi(c);
    if (!found) return { state: "gone" };
    return compare(c, planned, found.name, tagRecord(found.tags), { id: found.id });
  },
  async remove(c, planned) {
    c.record("DeleteRestApi", planned.name, { id: planned.match.id });
    await c.api.send(c.api.clients.apigateway, new DeleteRestApiCommand({ restApiId: planned.match.id }));
  },
};
