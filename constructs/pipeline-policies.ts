/**
 * Least-privilege policy statements of the pipeline's roles, as pure functions of the names
 * they scope to, so tests can evaluate them directly.
 */
import { s3BucketArn, type PolicyStatement } from "./policy";

export interface Scope {
  readonly accountId: string;
  readonly region: string;
  /** Name prefixes of the SageMaker resources the pipeline creates and uses. */
  readonly resourcePrefixes: readonly string[];
}

export interface DataAccess {
  readonly bucket: string;
  /** Key prefixes, each ending in "/". */
  readonly prefixes: readonly string[];
  /** Customer KMS key of the bucket, when it has one. */
  readonly kmsKeyArn?: string;
}

export interface DataAccessMode {
  /** Put objects too, and read the bucket's location (SDKs ask before writing). */
  readonly write: boolean;
  /** List the prefixes. */
  readonly list: boolean;
  /**
   * List the bucket's top level with the "/" delimiter (what `aws s3 ls s3://bucket/` asks):
   * folder names and top-level keys, nothing below them.
   */
  readonly listTopLevel?: boolean;
}

/** Read (and optionally write and list) objects under some prefixes of one bucket. */
export function dataBucketStatements(sid: string, { bucket, prefixes, kmsKeyArn }: DataAccess, { write, list, listTopLevel }: DataAccessMode, region: string): PolicyStatement[] {
  const arn = s3BucketArn(bucket);
  const statements: PolicyStatement[] = [
    {
      Sid: `${sid}Objects`,
      Effect: "Allow",
      Action: write ? ["s3:GetObject", "s3:PutObject"] : "s3:GetObject",
      Resource: prefixes.map((p) => `${arn}/${p}*`),
    },
  ];
  if (list) {
    statements.push({
      Sid: `${sid}List`,
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: arn,
      Condition: { StringLike: { "s3:prefix": prefixes.flatMap((p) => [p, `${p}*`]) } },
    });
  }
  if (listTopLevel) {
    statements.push({
      Sid: `${sid}ListTopLevel`,
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: arn,
      Condition: { StringEquals: { "s3:prefix": "", "s3:delimiter": "/" } },
    });
  }
  if (write) {
    statements.push({ Sid: `${sid}Location`, Effect: "Allow", Action: "s3:GetBucketLocation", Resource: arn });
  }
  if (kmsKeyArn) {
    statements.push({
      Sid: `${sid}Key`,
      Effect: "Allow",
      Action: write ? ["kms:Decrypt", "kms:GenerateDataKey"] : "kms:Decrypt",
      Resource: kmsKeyArn,
      // Only through S3, for the bucket's objects.
      Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
    });
  }
  return statements;
}

/** Describe calls SageMaker Projects and VPC-mode jobs make; EC2 describes have no resource scope. */
export const SAGEMAKER_EC2_DESCRIBE_ACTIONS = [
  "ec2:DescribeVpcs",
  "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeAvailabilityZones",
  "ec2:DescribeRouteTables",
  "ec2:DescribeDhcpOptions",
];

/** The inline policy `SageMakerEC2Access` that SageMaker Projects require. */
export function sagemakerEc2AccessStatements(): PolicyStatement[] {
  return [{ Sid: "SageMakerEC2Describe", Effect: "Allow", Action: SAGEMAKER_EC2_DESCRIBE_ACTIONS, Resource: "*" }];
}

/** SageMaker actions the pipeline uses, on resources named with the project prefix. */
export const SAGEMAKER_PIPELINE_ACTIONS = [
  "sagemaker:CreateTrainingJob",
  "sagemaker:DescribeTrainingJob",
  "sagemaker:StopTrainingJob",
  "sagemaker:CreateProcessingJob",
  "sagemaker:DescribeProcessingJob",
  "sagemaker:StopProcessingJob",
  "sagemaker:CreateModel",
  "sagemaker:DescribeModel",
  "sagemaker:DeleteModel",
  "sagemaker:CreateEndpointConfig",
  "sagemaker:DescribeEndpointConfig",
  "sagemaker:DeleteEndpointConfig",
  "sagemaker:CreateEndpoint",
  "sagemaker:UpdateEndpoint",
  "sagemaker:DescribeEndpoint",
  "sagemaker:DeleteEndpoint",
  "sagemaker:InvokeEndpoint",
  "sagemaker:CreatePipeline",
  "sagemaker:UpdatePipeline",
  "sagemaker:DescribePipeline",
  "sagemaker:StartPipelineExecution",
  "sagemaker:DescribePipelineExecution",
  "sagemaker:ListPipelineExecutionSteps",
  "sagemaker:DescribeProject",
  "sagemaker:CreateModelPackageGroup",
  "sagemaker:DescribeModelPackageGroup",
  "sagemaker:CreateModelPackage",
  "sagemaker:DescribeModelPackage",
  "sagemaker:UpdateModelPackage",
  "sagemaker:AddTags",
];

const SAGEMAKER_RESOURCE_TYPES = [
  "training-job",
  "processing-job",
  "model",
  "endpoint-config",
  "endpoint",
  "pipeline",
  "project",
  "model-package-group",
  "model-package",
];

/** ARNs of SageMaker resources of some types whose names start with one of the prefixes. */
export function sagemakerResourceArns(scope: Scope, types: readonly string[]): string[] {
  const { accountId, region, resourcePrefixes } = scope;
  return types.flatMap((type) => resourcePrefixes.map((prefix) => `arn:aws:sagemaker:${region}:${accountId}:${type}/${prefix}*`));
}

/** The SageMaker execution role's least-privilege policy for training, processing and deployment. */
export function sagemakerExecutionStatements(scope: Scope, data: DataAccess, roleArn: string): PolicyStatement[] {
  const { accountId, region } = scope;
  const logGroups = `arn:aws:logs:${region}:${accountId}:log-group:/aws/sagemaker/*`;
  return [
    ...dataBucketStatements("ProjectData", data, { write: true, list: true, listTopLevel: true }, region),
    {
      Sid: "SageMakerLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [logGroups, `${logGroups}:log-stream:*`],
    },
    {
      Sid: "SageMakerMetrics",
      Effect: "Allow",
      // PutMetricData has no resource scope; the namespace condition is the scope.
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringLike: { "cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"] } },
    },
    // GetAuthorizationToken has no resource scope.
    { Sid: "EcrAuthorization", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "EcrPullImages",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      // Any account in the home region: SageMaker's prebuilt framework images live in AWS-owned
      // accounts, whose repository policies must also admit the pull. Read-only.
      Resource: `arn:aws:ecr:${region}:*:repository/*`,
    },
    {
      Sid: "VpcModeNetworkInterfaces",
      Effect: "Allow",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterface",
        "ec2:DeleteNetworkInterfacePermission",
      ],
      Resource: [
        `arn:aws:ec2:${region}:${accountId}:network-interface/*`,
        `arn:aws:ec2:${region}:${accountId}:subnet/*`,
        `arn:aws:ec2:${region}:${accountId}:security-group/*`,
      ],
    },
    {
      Sid: "PassOnlyItselfToSageMaker",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: roleArn,
      Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
    },
    {
      Sid: "ProjectSageMakerResources",
      Effect: "Allow",
      Action: SAGEMAKER_PIPELINE_ACTIONS,
      Resource: sagemakerResourceArns(scope, SAGEMAKER_RESOURCE_TYPES),
    },
    // List calls have no resource scope; they return names and states, not data.
    { Sid: "ListTrainingJobs", Effect: "Allow", Action: "sagemaker:ListTrainingJobs", Resource: "*" },
  ];
}

export interface InferenceScope extends Scope {
  readonly functionNames: readonly string[];
  readonly tableName: string;
}

/** The Lambda inference role's customer-managed policy. */
export function lambdaInferenceStatements(scope: InferenceScope, data: DataAccess): PolicyStatement[] {
  const { accountId, region, functionNames, tableName } = scope;
  const logGroup = (fn: string): string => `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${fn}`;
  const table = `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`;
  return [
    { Sid: "FunctionLogGroups", Effect: "Allow", Action: "logs:CreateLogGroup", Resource: functionNames.map(logGroup) },
    {
      Sid: "FunctionLogStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: functionNames.map((fn) => `${logGroup(fn)}:log-stream:*`),
    },
    {
      Sid: "InferenceMetadataTable",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
      Resource: [table, `${table}/index/*`],
    },
    {
      Sid: "InvokeProjectEndpoints",
      Effect: "Allow",
      Action: "sagemaker:InvokeEndpoint",
      Resource: sagemakerResourceArns(scope, ["endpoint"]),
    },
    ...dataBucketStatements("ModelArtifacts", data, { write: false, list: false }, region),
  ];
}
