import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, configFor, synthesize, testApp } from "../helpers";

describe("FoundationStack", () => {
  test("keeps its state in the environment's state bucket with S3-native locking", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev")));
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`,
        key: "mlops-retail-prediction-dev-foundation/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(json.terraform.required_version).toBe(">= 1.10.0");
  });

  test("outputs what the pipeline's later stages read, each with its value", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev")));
    const values = Object.fromEntries(Object.entries(json.output as Record<string, { value: string }>).map(([k, o]) => [k, o.value]));
    expect(values).toEqual({
      access_log_bucket_name: `mlops-cloudtrail-s3access-us-east-1-${ACCOUNT}`,
      eks_cluster_role_arn: "${aws_iam_role.Roles_EksCluster_Role_9E47CB00.arn}",
      eks_cluster_role_name: "mlops-retail-prediction-dev-eks-cluster-role",
      eks_nodegroup_instance_profile_name: "mlops-retail-prediction-dev-eks-nodegroup-profile",
      eks_nodegroup_role_arn: "${aws_iam_role.Roles_EksNodeGroup_Role_00157FC6.arn}",
      eks_nodegroup_role_name: "mlops-retail-prediction-dev-eks-nodegroup-role",
      kms_key_alias: "alias/mlops-retail-prediction-dev-cloudtrail-key",
      kms_key_arn: "${aws_kms_key.Audit_Key_AD418882.arn}",
      lambda_inference_role_arn: "${aws_iam_role.Roles_LambdaInference_Role_177355B2.arn}",
      lambda_inference_role_name: "mlops-retail-prediction-dev-lambda-inference-role",
      log_bucket_arn: `arn:aws:s3:::mlops-cloudtrail-logs-us-east-1-${ACCOUNT}`,
      log_bucket_name: `mlops-cloudtrail-logs-us-east-1-${ACCOUNT}`,
      log_group_arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:mlops-cloudtrail-log-group`,
      log_group_name: "mlops-cloudtrail-log-group",
      sagemaker_execution_role_arn: "${aws_iam_role.Roles_SageMakerExecution_Role_199DEDDF.arn}",
      sagemaker_execution_role_name: "mlops-retail-prediction-dev-sagemaker-execution",
      security_alarms_topic_arn: `arn:aws:sns:us-east-1:${ACCOUNT}:mlops-retail-prediction-dev-security-alarms`,
      trail_arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/mlops-retail-prediction-audit-trail`,
    });
    for (const [name, output] of Object.entries(json.output as Record<string, { description?: string }>)) expect([name, (output.description?.length ?? 0) > 10]).toEqual([name, true]);
  });

  test("uses the configured region for the backend and the provider", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("prod", { region: "eu-west-1" })));
    expect(json.terraform.backend.s3).toMatchObject({ bucket: `mlops-retail-prediction-prod-tfstate-${ACCOUNT}`, region: "eu-west-1" });
    expect(json.provider.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: [ACCOUNT] });
    expect(json.provider.aws[0].default_tags[0].tags.Environment).toBe("prod");
  });
});
