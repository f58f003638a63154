/** The pipeline's Lambda functions. */
import { DeleteFunctionCommand, GetFunctionCommand } from "@aws-sdk/client-lambda";
import type { Handler } from "../types";
import { compare, Findings, ifExists, item, reread, tagRecord, type Json } from "./common";

export const functions: Handler = {
  kind: "lambda.function",
  async discover(c) {
    const found = new Findings(c, "lambda.function");
    for (const name of c.config.cleanup.lambdaFunctions) {
      const fn: Json = await ifExists(() => c.api.send<Json>(c.api.clients.lambda, new GetFunctionCommand({ FunctionName: name })));
      if (!fn) continue;
      const tags = tagRecord(fn.Tags);
      await found.consider(name, tags, () => item("lambda.function", name, c.config.region, `the pipeline's Lambda function ${name}`, { tags }, { arn: fn.Configuration?.FunctionArn }));
    }
    return found;
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!c.config.cleanup.lambdaFunctions.includes(planned.name)) return { state: "changed", why: "not one of the configured functions" };
      const fn = await c.api.send<Json>(c.api.clients.lambda, new GetFunctionCommand({ FunctionName: planned.name }));
      return compare(c, planned, planned.name, tagRecord(fn.Tags));
    }),
  async remove(c, planned) {
    c.record("DeleteFunction", planned.name);
    await c.api.send(c.api.clients.lambda, new DeleteFunctionCommand({ FunctionName: planned.name }));
  },
};
