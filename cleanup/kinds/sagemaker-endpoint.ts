/** SageMaker endpoints that failed. */
import {
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  paginateListEndpoints,
  waitUntilEndpointDeleted,
} from "@aws-sdk/client-sagemaker";
import type { CleanupContext, Excluded, Handler, PlanItem } from "../types";
import { compare, exclusion, isNotFound, item, reread, sageMakerTags, waitUntil, type Json } from "./common";

export async function describeEndpoints(c: CleanupContext): Promise<Json[]> {
  const described: Json[] = [];
  for await (const page of paginateListEndpoints({ client: c.api.via(c.api.clients.sagemaker) }, { MaxResults: 100 })) {
    for (const endpoint of (page.Endpoints ?? []) as Json[]) {
      described.push(await c.api.send<Json>(c.api.clients.sagemaker, new DescribeEndpointCommand({ EndpointName: endpoint.EndpointName })));
    }
  }
  return described;
}

export const failedEndpoints: Handler = {
  kind: "sagemaker.endpoint",
  async discover(c) {
    const { api } = c;
    const prefix = c.config.cleanup.sagemakerPrefix;
    const items: PlanItem[] = [];
    const excluded: Excluded[] = [];
    const all = await describeEndpoints(c);
    const configUsers = new Map<string, string[]>();
    for (const e of all) configUsers.set(e.EndpointConfigName, [...(configUsers.get(e.EndpointConfigName) ?? []), e.EndpointName]);
    const failed = all.filter((e) => e.EndpointStatus === "Failed" && String(e.EndpointName).startsWith(prefix));
    for (const endpoint of failed) {
      const tags = await sageMakerTags(c, endpoint.EndpointArn);
      const why = exclusion(c, endpoint.EndpointName, tags);
      if (why) {
        excluded.push({ kind: "sagemaker.endpoint", name: endpoint.EndpointName, why });
        continue;
      }
      let config: Json;
      try {
        config = await api.send<Json>(api.clients.sagemaker, new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      const variants = config
        ? (config.ProductionVariants ?? []).map((v: Json) => `${v.InitialInstanceCount ?? "serverless"} x ${v.InstanceType ?? "serverless"}`).join(", ")
        : "no longer exists";
      const endpointItem = item("sagemaker.endpoint", endpoint.EndpointName, c.config.region, `Failed endpoint named ${prefix}*`, { tags, status: "Failed", config: endpoint.EndpointConfigName }, {
        arn: endpoint.EndpointArn,
        cost: `config ${endpoint.EndpointConfigName}: ${variants} (a Failed endpoint runs no instances)`,
      });
      items.push(endpointItem);
      const users = configUsers.get(endpoint.EndpointConfigName) ?? [];
      if (!config) continue;
      if (users.length === 1) {
        items.push(
          item("sagemaker.endpoint-config", endpoint.EndpointConfigName, c.config.region, `endpoint config used only by ${endpoint.EndpointName}`, { users: [endpoint.EndpointName] }, {
            arn: config.EndpointConfigArn,
            dependsOn: [endpointItem.id],
          }),
        );
      } else {
        excluded.push({ kind: "sagemaker.endpoint-config", name: endpoint.EndpointConfigName, why: `also used by ${users.filter((u) => u !== endpoint.EndpointName).join(", ")}` });
      }
    }
    return { items, excluded };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!planned.name.startsWith(c.config.cleanup.sagemakerPrefix)) return { state: "changed", why: "not named with the configured prefix" };
      const endpoint = await c.api.send<Json>(c.api.clients.sagemaker, new DescribeEndpointCommand({ EndpointName: planned.name }));
      return compare(c, planned, planned.name, await sageMakerTags(c, endpoint.EndpointArn), { status: endpoint.EndpointStatus, config: endpoint.EndpointConfigName });
    }),
  async remove(c, planned) {
    c.record("DeleteEndpoint", planned.name);
    await c.api.send(c.api.clients.sagemaker, new DeleteEndpointCommand({ EndpointName: planned.name }));
    await waitUntil(c, "sagemaker.endpoint", `SageMaker endpoint ${planned.name} to be deleted`, c.api.clients.sagemaker, (config) =>
      waitUntilEndpointDeleted(config, { EndpointName: planned.name }),
    );
  },
};

/** Endpoint configs are planned with their failed endpoint (see failedEndpoints). */
