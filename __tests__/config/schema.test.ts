import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { ConfigError, loadConfig } from "../../config/load";
import { cdktfJsonSchema } from "../../config/json-schema";

const ROOT = join(__dirname, "..", "..");
const ACCOUNT = "111122223333";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
const schema = JSON.parse(readFileSync(join(ROOT, "config", "cdktf.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true }).compile(schema);

const editorAccepts = (foundation: unknown): boolean => validate({ context: { foundation } }) === true;
function loaderAccepts(foundation: unknown): boolean {
  try {
    loadConfig({ settings: foundation });
    return true;
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}

describe("the JSON Schema for editors", () => {
  test("is the one generated from config/schema.ts (run npm run schema after changing it)", () => {
    expect(schema).toEqual(JSON.parse(JSON.stringify(cdktfJsonSchema())));
  });

  test("accepts the project's own cdktf.json", () => {
    expect(validate(JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")))).toBe(true);
  });

  // Documents the schema can judge on their own: the editor and the loader must agree.
  const VALID: [string, unknown][] = [
    ["nothing", {}],
    ["three environments", { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { dev: {}, staging: {}, prod: {} }, synthesize: ["dev", "prod"] }],
    ["padded strings", { project: " mlops-retail-prediction ", accountId: ` ${ACCOUNT} `, alarmEmails: [" ops@example.com "] }],
    ["every audit setting", { environments: { dev: { audit: { logRetentionDays: 3653, insights: false, glacierStorageClass: "GLACIER_IR", transitionMinimumObjectSize: "varies_by_storage_class", noncurrentVersionRetentionDays: 0, accessLogRetentionDays: 1, keyDeletionWindowDays: 30, stateBucketDataEvents: false }, complianceSuppressions: [{ rule: "CT-6", reason: "state bucket reads are audited by the org trail" }] } } }],
    ["IAM settings", { environments: { dev: { iam: { sagemakerAccess: "seed-managed-policies", ecrAccess: "read-only", lambdaFunctionNames: ["fn_1"], maxSessionDurationSeconds: 43200, sagemakerResourcePrefixes: ["retail-"] } } } }],
    ["a suppression with a reason", { environments: { dev: { audit: { logRetentionDays: 30 }, complianceSuppressions: [{ rule: "LOG-1", reason: "copied to the org archive" }] } } }],
    ["tags with an empty value", { tags: { Owner: "" } }],
    ["a project at the length limit", { project: `p${"x".repeat(33)}` }],
    ["a namespace with an inner space", { alarms: { metricNamespace: "CIS Benchmark/dev" } }],
  ];
  const INVALID: [string, unknown][] = [
    ["a misspelt key", { projet: "x" }],
    ["an environment name with an uppercase letter", { environments: { QA: {} } }],
    ["a list where an object goes", { audit: [] }],
    ["an empty project", { project: "" }],
    ["a blank account", { accountId: "  " }],
    ["a project with two hyphens in a row", { project: "ml--ops" }],
    ["a project of 35 characters", { project: `p${"x".repeat(34)}` }],
    ["a padded project of 35 characters", { project: ` p${"x".repeat(34)} ` }],
    ["an account of 11 digits", { accountId: "11112222333" }],
    ["a region outside the commercial partition", { region: "us-gov-west-1" }],
    ["a padded region (enums are exact)", { region: " us-east-1 " }],
    ["a fractional whole number", { audit: { accessLogRetentionDays: 1.5 } }],
    ["a log retention CloudWatch does not offer", { audit: { logRetentionDays: 100 } }],
    ["a number as a string", { costAssumptions: { writeEventShare: "0.5" } }],
    ["a share above 1", { costAssumptions: { writeEventShare: 1.01 } }],
    ["a wildcard key prefix", { dataBucket: { goldPrefix: "gold*/" } }],
    ["a namespace under AWS/", { alarms: { metricNamespace: "AWS/Logs" } }],
    ["a padded namespace under AWS/", { alarms: { metricNamespace: " AWS/Logs" } }],
    ["an issuer that is not EKS's", { eksOidcIssuerUrl: "https://example.com/id/ABCDEF0123456789ABCDEF0123456789" }],
    ["no Lambda function", { iam: { lambdaFunctionNames: [] } }],
    ["an unknown alarm control", { alarms: { disabledControls: ["rootUsage"] } }],
    ["a suppression without a reason", { complianceSuppressions: [{ rule: "LOG-1", reason: "  short   " }] }],
    ["a suppression of an unknown rule", { complianceSuppressions: [{ rule: "X-1", reason: "a perfectly good reason" }] }],
    ["an empty synthesize", { synthesize: [] }],
    ["a non-boolean opt-in", { environments: { dev: { allowVariableOverrides: "yes" } } }],
  ];

  test.each(VALID)("the editor and the loader both accept %s", (_name, doc) => {
    expect([editorAccepts(doc), loaderAccepts(doc)]).toEqual([true, true]);
  });

  test.each(INVALID)("the editor and the loader both reject %s", (_name, doc) => {
    expect([editorAccepts(doc), loaderAccepts(doc)]).toEqual([false, false]);
  });

  // What needs several settings or AWS's naming rules is the loader's alone.
  test.each<[string, unknown]>([
    ["a bucket name with upper case", { names: { logBucket: "Audit-Logs" } }],
    ["two roles with one name", { names: { eksClusterRole: "r", eksNodeGroupRole: "r" } }],
    ["log retention below a year without a suppression", { audit: { logRetentionDays: 90 } }],
    ["a break-glass principal in another account", { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: ["arn:aws:iam::444455556666:role/x"] } }],
  ])("only the loader rejects %s", (_name, doc) => {
    expect([editorAccepts(doc), loaderAccepts(doc)]).toEqual([true, false]);
  });
});
