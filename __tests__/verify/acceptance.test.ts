import { acceptanceTable } from "../../verify/acceptance";
import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, configFor, synthesize, testApp } from "../helpers";
import { decide } from "../support/iam";
import { rolePolicies } from "../support/role-policies";

/** The construct path of each role `npm run verify` asks IAM about. */
const PATHS = {
  sagemakerExecutionRole: "Roles/SageMakerExecution/Role",
  eksNodeGroupRole: "Roles/EksNodeGroup/Role",
  lambdaInferenceRole: "Roles/LambdaInference/Role",
  eksClusterRole: "Roles/EksCluster/Role",
} as const;

const config = configFor("dev");
const dev = synthesize(new FoundationStack(testApp(), config));

describe("the acceptance table npm run verify asks IAM about", () => {
  test("covers the seed guide's checks and has a denied row for every role", () => {
    const rows = acceptanceTable(config);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(["s3:ListBucket", "sagemaker:ListTrainingJobs", "ec2:DescribeVpcs", "ecr:BatchGetImage", "dynamodb:PutItem"]));
    for (const role of Object.keys(PATHS)) expect(rows.filter((r) => r.role === role && r.expected === "denied").length).toBeGreaterThan(0);
  });

  test.each(acceptanceTable(config).map((r) => [r.role, r.why, r]))("holds offline: %s %s", async (_role, _why, row) => {
    const role = rolePolicies(dev, PATHS[row.role as keyof typeof PATHS]);
    const decision = await decide(
      { identity: role.identity },
      { principal: `arn:aws:iam::${ACCOUNT}:role/${role.name}`, action: row.action, resource: row.resource, resourceAccount: ACCOUNT, context: row.context },
    );
    expect(decision === "Allowed" ? "allowed" : "denied").toBe(row.expected);
  });
});
