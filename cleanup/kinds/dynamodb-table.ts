/** The pipeline's DynamoDB table. */
import { DeleteTableCommand, DescribeTableCommand, ListTagsOfResourceCommand, waitUntilTableNotExists } from "@aws-sdk/client-dynamodb";
import type { Handler } from "../types";
import { compare, exclusion, ifExists, item, reread, tagRecord, waitUntil, type Json } from "./common";

export const tables: Handler = {
  kind: "dynamodb.table",
  async discover(c) {
    const name = c.config.cleanup.dynamoDbTable;
    const table: Json = (await ifExists(() => c.api.send<Json>(c.api.clients.dynamodb, new DescribeTableCommand({ TableName: name }))))?.Table;
    if (!table) return { items: [], excluded: [] };
    const tags = tagRecord((await c.api.send<Json>(c.api.clients.dynamodb, new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }))).Tags);
    const why =
      exclusion(c, name, tags) ??
      (table.DeletionProtectionEnabled ? "deletion protection is on: turn it off (aws dynamodb update-table --no-deletion-protection-enabled) if the table really goes" : undefined);
    if (why) return { items: [], excluded: [{ kind: "dynamodb.table", name, why }] };
    const mode = table.BillingModeSummary?.BillingMode ?? "PROVISIONED";
    return {
      items: [
        item("dynamodb.table", name, c.config.region, `the pipeline's table ${name}`, { tags, protection: false }, {
          arn: table.TableArn,
          cost: `${mode}${mode === "PROVISIONED" ? ` ${table.ProvisionedThroughput?.ReadCapacityUnits} RCU / ${table.ProvisionedThroughput?.WriteCapacityUnits} WCU` : ""}, ${table.TableSizeBytes ?? 0} bytes`,
        }),
      ],
      excluded: [],
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.dynamoDbTable) return { state: "changed", why: "not the configured table" };
      const table = (await c.api.send<Json>(c.api.clients.dynamodb, new DescribeTableCommand({ TableName: planned.name }))).Table;
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.dynamodb, new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }))).Tags);
      return compare(c, planned, planned.name, tags, { protection: table.DeletionProtectionEnabled === true });
    }),
  async remove(c, planned) {
    c.record("DeleteTable", planned.name);
    await c.api.send(c.api.clients.dynamodb, new DeleteTableCommand({ TableName: planned.name }));
    await waitUntil(c, "dynamodb.table", `DynamoDB table ${planned.name} to be deleted`, c.api.clients.dynamodb, (config) => waitUntilTableNotExists(config, { TableName: planned.name }));
  },
};
