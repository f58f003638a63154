/** Endpoint configurations of the failed endpoints that no other endpoint uses. */
import {
  DeleteEndpointConfigCommand,
  DescribeEndpointConfigCommand,
} from "@aws-sdk/client-sagemaker";
import type { Handler } from "../types";
import { reread, type Json } from "./common";
import { describeEndpoints } from "./sagemaker-endpoint";

export const endpointConfigs: Handler = {
  kind: "sagemaker.endpoint-config",
  discover: async () => ({ items: [], excluded: [] }),
  recheck: (c, planned) =>
    reread(async () => {
      await c.api.send<Json>(c.api.clients.sagemaker, new DescribeEndpointConfigCommand({ EndpointConfigName: planned.name }));
      const users = (await describeEndpoints(c)).filter((e) => e.EndpointConfigName === planned.name).map((e) => e.EndpointName as string);
      // Its own endpoint is deleted first (a dependency); any endpoint still using it keeps it.
      return users.length === 0 ? { state: "match" } : { state: "changed", why: `still used by ${users.join(", ")}` };
    }),
  async remove(c, planned) {
    c.record("DeleteEndpointConfig", planned.name);
    await c.api.send(c.api.clients.sagemaker, new DeleteEndpointConfigCommand({ EndpointConfigName: planned.name }));
  },
};
