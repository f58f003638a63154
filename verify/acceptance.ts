/**
 * Who can and who cannot: requests each pipeline role must be allowed or denied. The offline
 * tests evaluate this table against the synthesized policies with iam-simulate; `npm run verify`
 * asks IAM's own policy engine (SimulatePrincipalPolicy) the same questions in the account.
 * It includes the seed guide's own checks (section 3): the SageMaker role lists the data bucket
 * and training jobs and describes VPCs, the node role pulls from ECR, the Lambda role writes
 * InferenceMetadata.
 */
import type { EnvironmentConfig, Names } from "../config/types";

export type Expectation = "allowed" | "denied";

export interface AcceptanceRow {
  /** The role asked about, by its key in `names`. */
  readonly role: keyof Names;
  readonly why: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
  readonly expected: Expectation;
}

/** The ECR repository of the retail API, as the seed guide names it. */
export const RETAIL_API_REPOSITORY = "mlops/retail-api";

export function acceptanceTable(config: EnvironmentConfig): AcceptanceRow[] {
  const { accountId: account, region, dataBucket: data, iam } = config;
  const bucket = `arn:aws:s3:::${data.name}`;
  const repository = `arn:aws:ecr:${region}:${account}:repository/${RETAIL_API_REPOSITORY}`;
  const table = `arn:aws:dynamodb:${region}:${account}:table/${iam.inferenceTableName}`;
  const sagemaker = "sagemakerExecutionRole" as const;
  return [
    { role: sagemaker, why: "lists the data bucket's top level (aws s3 ls s3://<bucket>/)", action: "s3:ListBucket", resource: bucket, context: { "s3:prefix": "", "s3:delimiter": "/" }, expected: "allowed" },
    { role: sagemaker, why: "reads curated data", action: "s3:GetObject", resource: `${bucket}/${data.goldPrefix}train.csv`, expected: "allowed" },
    { role: sagemaker, why: "writes model artifacts", action: "s3:PutObject", resource: `${bucket}/${data.artifactsPrefix}model.tar.gz`, expected: "allowed" },
    { role: sagemaker, why: "cannot write outside its prefixes", action: "s3:PutObject", resource: `${bucket}/raw/upload.csv`, expected: "denied" },
    { role: sagemaker, why: "cannot read another bucket", action: "s3:GetObject", resource: `arn:aws:s3:::${data.name}-other/${data.goldPrefix}x`, expected: "denied" },
    { role: sagemaker, why: "cannot delete the data bucket", action: "s3:DeleteBucket", resource: bucket, expected: "denied" },
    { role: sagemaker, why: "lists training jobs", action: "sagemaker:ListTrainingJobs", resource: "*", expected: "allowed" },
    { role: sagemaker, why: "describes VPCs (VPC-mode jobs)", action: "ec2:DescribeVpcs", resource: "*", expected: "allowed" },
    { role: sagemaker, why: "cannot create IAM users", action: "iam:CreateUser", resource: `arn:aws:iam::${account}:user/intruder`, expected: "denied" },
    { role: "eksNodeGroupRole", why: "pulls the retail API image", action: "ecr:BatchGetImage", resource: repository, expected: "allowed" },
    { role: "eksNodeGroupRole", why: "gets an ECR token", action: "ecr:GetAuthorizationToken", resource: "*", expected: "allowed" },
    { role: "eksNodeGroupRole", why: "cannot push images", action: "ecr:PutImage", resource: repository, expected: "denied" },
    { role: "lambdaInferenceRole", why: `writes ${iam.inferenceTableName}`, action: "dynamodb:PutItem", resource: table, expected: "allowed" },
    { role: "lambdaInferenceRole", why: "cannot write another table", action: "dynamodb:PutItem", resource: `arn:aws:dynamodb:${region}:${account}:table/${iam.inferenceTableName}Other`, expected: "denied" },
    { role: "lambdaInferenceRole", why: `cannot delete ${iam.inferenceTableName}`, action: "dynamodb:DeleteTable", resource: table, expected: "denied" },
    { role: "eksClusterRole", why: "describes subnets to place the cluster", action: "ec2:DescribeSubnets", resource: "*", expected: "allowed" },
    { role: "eksClusterRole", why: "cannot read the data bucket", action: "s3:GetObject", resource: `${bucket}/${data.goldPrefix}train.csv`, expected: "denied" },
  ];
}
