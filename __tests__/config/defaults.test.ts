import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { completeSettings } from "../../config/complete-settings";
import { cdktfJsonSchema } from "../../config/json-schema";
import { loadConfig, writtenPlacement } from "../../config/load";
import { parseFile } from "../../config/parse-file";
import { Problems } from "../../config/problems";
import { COMPLETE_SETTINGS, ENVIRONMENT_BLOCK, FOUNDATION } from "../../config/schema";
import { withoutDefaults } from "../../config/without-defaults";

type Schema = v.GenericSchema & { pipe?: readonly { kind: string }[]; wrapped?: Schema; default?: unknown; entries?: Record<string, Schema>; item?: Schema; value?: Schema };

/** The object schema inside a setting (a group's pipe starts with a plain-object check), if any. */
const objectOf = (schema: Schema): Schema | undefined =>
  schema.entries !== undefined ? schema : ((schema.pipe ?? []).find((s) => s.kind === "schema" && (s as Schema).entries !== undefined) as Schema | undefined);

/** Every setting with a declared default, by path; groups (whose default is {}) are walked into instead. */
function declaredDefaults(schema: Schema, prefix = ""): [string, unknown][] {
  const object = objectOf(schema)!;
  return Object.entries(object.entries!).flatMap(([key, entry]) => {
    const inner = entry.type === "optional" ? entry.wrapped! : entry;
    const nested = objectOf(inner);
    if (nested !== undefined) return declaredDefaults(nested, `${prefix}${key}.`);
    return entry.default === undefined ? [] : [[`${prefix}${key}`, entry.default] as [string, unknown]];
  });
}

/** Every default anywhere in a schema, groups included. */
function anyDefault(schema: Schema): boolean {
  if (schema.default !== undefined) return true;
  const children = [schema.wrapped, schema.item, schema.value, ...Object.values(schema.entries ?? {}), ...((schema.pipe ?? []).filter((s) => s.kind === "schema") as Schema[]).filter((s) => s !== schema)];
  return children.some((child) => child !== undefined && child !== schema && anyDefault(child));
}

/** The defaults of docs/settings.md, written out by hand: the schema must declare exactly these. */
const DOCUMENTED = {
  project: "mlops-retail-prediction",
  region: "us-east-1",
  "dataBucket.goldPrefix": "gold/",
  "dataBucket.artifactsPrefix": "artifacts/",
  alarmEmails: [],
  tags: {},
  allowStateBucketDestroy: false,
  "audit.logRetentionDays": 365,
  "audit.insights": true,
  "audit.excludeNoisyManagementEvents": false,
  "audit.glacierStorageClass": "GLACIER",
  "audit.transitionMinimumObjectSize": "all_storage_classes_128K",
  "audit.noncurrentVersionRetentionDays": 365,
  "audit.accessLogRetentionDays": 365,
  "audit.extraDataEventBuckets": [],
  "audit.breakGlassPrincipalArns": [],
  "audit.objectLock.retentionDays": 365,
  "audit.stateBucketDataEvents": true,
  "audit.mlDataEvents": [],
  "audit.networkActivity.eventSources": [],
  "audit.networkActivity.errorsOnly": true,
  "alarms.disabledControls": [],
  "alarms.unauthorizedApiCallsThreshold": 1,
  "alarms.consoleAuthFailuresThreshold": 1,
  "iam.sagemakerAccess": "least-privilege",
  "iam.cniPolicy": "node-role",
  "iam.ecrAccess": "pull-only",
  "iam.inferenceTableName": "InferenceMetadata",
  "iam.lambdaFunctionNames": ["preprocessing-function", "inference-function"],
  "iam.retailApiServiceAccount": "retail:retail-api",
  "iam.maxSessionDurationSeconds": 3600,
  "iam.oidcProvider": "create",
  "eks.manageAgentAddon": false,
  "costAssumptions.managementEventsPerMonth": 300000,
  "costAssumptions.writeEventShare": 0.1,
  "costAssumptions.dataEventsPerMonth": 1000000,
  "costAssumptions.stateBucketDataEventsPerMonth": 5000,
  "costAssumptions.logGbPerMonth": 1,
  "costAssumptions.cloudWatchLogsGbPerMonth": 3,
  "costAssumptions.kmsRequestsPerMonth": 20000,
  "costAssumptions.mlDataEventsPerMonth": 200000,
  "costAssumptions.networkActivityEventsPerMonth": 1000000,
  "costAssumptions.vpceDeniedShare": 0.001,
  "costAssumptions.month": 13,
  "cleanup.eksClusterPattern": "mlops-retail-*",
  "cleanup.ecrRepository": "mlops/retail-api",
  "cleanup.ecrUntagged": true,
  "cleanup.sagemakerPrefix": "retail-",
  "cleanup.modelPackageGroup": "retail-forecast-models",
  "cleanup.restApiName": "InferenceAPI",
  "cleanup.lambdaFunctions": ["preprocessing-function", "inference-function"],
  "cleanup.dynamoDbTable": "InferenceMetadata",
  "cleanup.iamPolicy": "lambda-inference-policy",
  "cleanup.iamRole": "lambda-inference-role",
  complianceSuppressions: [],
};

describe("the defaults the schema declares", () => {
  const declared = declaredDefaults(COMPLETE_SETTINGS as Schema);

  test("are the documented ones, and an environment's block also declares allowVariableOverrides: false", () => {
    expect(Object.fromEntries(declared)).toEqual(DOCUMENTED);
    expect(declaredDefaults(ENVIRONMENT_BLOCK as Schema).filter(([path]) => !(path in DOCUMENTED))).toEqual([["allowVariableOverrides", false]]);
  });

  test("fill in settings given nothing, each group completed even when left out", () => {
    const complete = completeSettings({}) as Record<string, unknown>;
    for (const [path, value] of Object.entries(DOCUMENTED)) {
      expect([path, path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], complete)]).toEqual([path, value]);
    }
    // What has no default of its own stays missing: the resolvers compute it from other settings.
    expect(complete).not.toHaveProperty("accountId");
    expect(complete).not.toHaveProperty("dataBucket.name");
    expect(complete).not.toHaveProperty("audit.retainOnDestroy");
    expect(complete).not.toHaveProperty("audit.objectLock.mode");
    expect(complete).not.toHaveProperty("deployRole");
  });

  test("keep what is given, at every depth, and fill in only what is not", () => {
    const complete = completeSettings({ region: "eu-west-1", audit: { objectLock: { mode: "COMPLIANCE" }, insights: false }, iam: { lambdaFunctionNames: ["one"] } });
    expect(complete.region).toBe("eu-west-1");
    expect(complete.audit).toMatchObject({ insights: false, logRetentionDays: 365, objectLock: { mode: "COMPLIANCE", retentionDays: 365 } });
    expect(complete.iam).toMatchObject({ lambdaFunctionNames: ["one"], ecrAccess: "pull-only" });
  });

  test("are each shown in docs/settings.md's table, in the setting's row", () => {
    const doc = readFileSync(join(__dirname, "../../docs/settings.md"), "utf8");
    const rows = doc
      .slice(doc.indexOf("| setting | default | allowed |"))
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split(" | "));
    const shown = (value: unknown): string[] =>
      Array.isArray(value) ? (value.length === 0 ? ["none"] : value.map((x) => `\`${x}\``)) : typeof value === "object" ? ["none"] : [`\`${String(value)}\``];
    for (const [path, value] of [...declared, ["allowVariableOverrides", false] as [string, unknown]]) {
      const row = rows.find((cells) => cells[0].includes(`\`${path}\``));
      expect([path, row === undefined ? "no row" : shown(value).filter((s) => !row[1].includes(s))]).toEqual([path, []]);
    }
  });

  test("are each in the JSON Schema for editors, at the setting", () => {
    const schema = cdktfJsonSchema() as { properties: { context: { properties: { foundation: { properties: Record<string, unknown> } } } } };
    const top = schema.properties.context.properties.foundation.properties;
    for (const [path, value] of declared) {
      const node = path.split(".").reduce<Record<string, unknown>>((n, key) => ((n.properties ?? n) as Record<string, Record<string, unknown>>)[key], { properties: top });
      expect([path, node.default]).toEqual([path, value]);
    }
  });

  test("are left out where each level of the file is checked, with every check kept", () => {
    expect(anyDefault(FOUNDATION as Schema)).toBe(true);
    const stripped = withoutDefaults(FOUNDATION);
    expect(anyDefault(stripped as Schema)).toBe(false);
    expect(v.parse(stripped, { environments: { dev: {} } })).toEqual({ environments: { dev: {} } });
    const bad = { region: "us-east-9", audit: { objectLock: { retentionDays: 0 } }, environments: { dev: { tags: { a: 1 }, alarmEmails: ["x"], iam: { ecrAccess: "all" } } } };
    const messages = (schema: v.GenericSchema) => (v.safeParse(schema, bad).issues ?? []).map((i) => i.message);
    expect(messages(stripped)).toEqual(messages(FOUNDATION));
    expect(messages(stripped)).toHaveLength(5);

    const problems = new Problems();
    expect(parseFile({ audit: { insights: false }, environments: { dev: { audit: { logRetentionDays: 30 } } } }, problems).doc).toEqual({
      audit: { insights: false },
      environments: { dev: { audit: { logRetentionDays: 30 } } },
    });
    expect(problems.count).toBe(0);
  });
});

describe("defaults apply after the levels are merged", () => {
  test("a top-level value is kept when an environment's block sets another setting of the same group", () => {
    const [dev, staging] = loadConfig({
      settings: {
        audit: { insights: false, objectLock: { retentionDays: 30 } },
        iam: { ecrAccess: "read-only" },
        synthesize: ["dev", "staging"],
        environments: { dev: { audit: { logRetentionDays: 400 } }, staging: { iam: { cniPolicy: "node-role" }, audit: { objectLock: { mode: "COMPLIANCE" } } } },
      },
    }).environments;
    expect(dev.audit).toMatchObject({ insights: false, logRetentionDays: 400, objectLock: { mode: "NONE", retentionDays: 30 } });
    expect(staging.audit).toMatchObject({ insights: false, logRetentionDays: 365, objectLock: { mode: "COMPLIANCE", retentionDays: 30 } });
    expect([dev.iam.ecrAccess, staging.iam.ecrAccess]).toEqual(["read-only", "read-only"]);
  });

  test("a variable replaces one value of a group and the group's other settings keep the file's values", () => {
    const [dev] = loadConfig({ settings: { dataBucket: { goldPrefix: "curated/" }, environments: { dev: {} } }, env: { MLOPS_DATA_BUCKET: "my-data" } }).environments;
    expect(dev.dataBucket).toEqual({ name: "my-data", goldPrefix: "curated/", artifactsPrefix: "artifacts/", kmsKeyArn: undefined });
  });
});

describe("writtenPlacement", () => {
  test("an environment's account and region as the file writes them, the block over the top level, without validating", () => {
    const settings = { accountId: "111122223333", region: "eu-west-1", environments: { a: {}, b: { accountId: " 444455556666 ", region: "us-west-2" }, c: { accountId: 5 }, d: [] } };
    expect(writtenPlacement(settings, "a")).toEqual({ accountId: "111122223333", region: "eu-west-1" });
    expect(writtenPlacement(settings, "b")).toEqual({ accountId: "444455556666", region: "us-west-2" });
    expect(writtenPlacement(settings, "c")).toEqual({ accountId: undefined, region: "eu-west-1" });
    expect(writtenPlacement(settings, "d")).toEqual({ accountId: "111122223333", region: "eu-west-1" });
    expect(writtenPlacement({ environments: { a: {} } }, "a")).toEqual({ accountId: undefined, region: "us-east-1" });
    expect(writtenPlacement(undefined, "a")).toEqual({ accountId: undefined, region: "us-east-1" });
    expect(writtenPlacement({ environments: [] }, "a")).toEqual({ accountId: undefined, region: "us-east-1" });
  });
});
