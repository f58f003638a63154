import { MAX_PROJECT_LENGTH, deriveNames } from "../../facts/naming";
import { loadConfig } from "../../config/load";

const ACCOUNT = "111122223333";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;

describe("deriveNames", () => {
  test("dev defaults equal the names later pipeline stages use", () => {
    const names = deriveNames({ project: "mlops-retail-prediction", environment: "dev", accountId: ACCOUNT, region: "us-east-1" });
    expect(names).toMatchObject({
      eksClusterRole: "mlops-retail-prediction-dev-eks-cluster-role",
      eksNodeGroupRole: "mlops-retail-prediction-dev-eks-nodegroup-role",
      sagemakerExecutionRole: "mlops-retail-prediction-dev-sagemaker-execution",
      lambdaInferenceRole: "mlops-retail-prediction-dev-lambda-inference-role",
      lambdaInferencePolicy: "mlops-retail-prediction-dev-lambda-inference-policy",
      trail: "mlops-retail-prediction-audit-trail",
      logBucket: `mlops-cloudtrail-logs-us-east-1-${ACCOUNT}`,
      kmsAlias: "alias/mlops-retail-prediction-dev-cloudtrail-key",
      logGroup: "mlops-cloudtrail-log-group",
      stateStack: "mlops-retail-prediction-dev-state",
      foundationStack: "mlops-retail-prediction-dev-foundation",
    });
  });

  test("every prod and staging name differs from dev's", () => {
    const dev = deriveNames({ project: "p", environment: "dev", accountId: ACCOUNT, region: "us-east-1" });
    for (const environment of ["staging", "prod"] as const) {
      const other = deriveNames({ project: "p", environment, accountId: ACCOUNT, region: "us-east-1" });
      for (const key of Object.keys(dev) as (keyof typeof dev)[]) {
        expect([key, other[key]]).not.toEqual([key, dev[key]]);
      }
    }
  });

  test("the longest allowed project name yields valid names in every environment", () => {
    const project = `p${"x".repeat(MAX_PROJECT_LENGTH - 1)}`;
    const names = ["dev", "staging", "prod"];
    const environments = Object.fromEntries(names.map((e) => [e, { accountId: ACCOUNT }]));
    const audit = { breakGlassPrincipalArns: [DEPLOYER] };
    const loaded = loadConfig({ settings: { project, audit, environments, synthesize: names } });
    expect(loaded.environments.map((e) => e.project)).toEqual([project, project, project]);
    const staging = loaded.environments[1].names;
    expect(staging.lambdaInferenceRole).toHaveLength(64);
    expect(staging.stateBucket).toHaveLength(63);
  });

  test("one character more than the longest project name is rejected", () => {
    const project = `p${"x".repeat(MAX_PROJECT_LENGTH)}`;
    expect(() => loadConfig({ settings: { project } })).toThrow(
      "Invalid configuration:\n" +
        `  - project: must be 2-34 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits), got "${project}" (35 characters)`,
    );
  });
});
