/**
 * The AWS SDK clients `npm run cleanup` uses (default credential chain, the configured region,
 * adaptive retries). Loaded only by the cleanup command: synthesis never imports it.
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECRClient } from "@aws-sdk/client-ecr";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { STSClient } from "@aws-sdk/client-sts";
import { clientConfig, type Credentials } from "../aws/api";

export interface CleanupClients {
  readonly sts: STSClient;
  readonly logs: CloudWatchLogsClient;
  readonly eks: EKSClient;
  readonly ecr: ECRClient;
  readonly sagemaker: SageMakerClient;
  readonly cloudfront: CloudFrontClient;
  readonly apigateway: APIGatewayClient;
  readonly lambda: LambdaClient;
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly iam: IAMClient;
}

export function createCleanupClients(region: string, credentials?: Credentials): CleanupClients {
  const config = clientConfig(region, credentials);
  return {
    sts: new STSClient(config),
    logs: new CloudWatchLogsClient(config),
    eks: new EKSClient(config),
    ecr: new ECRClient(config),
    sagemaker: new SageMakerClient(config),
    // CloudFront and IAM are global; their endpoints are in us-east-1.
    cloudfront: new CloudFrontClient({ ...config, region: "us-east-1" }),
    apigateway: new APIGatewayClient(config),
    lambda: new LambdaClient(config),
    dynamodb: new DynamoDBClient(config),
    s3: new S3Client(config),
    iam: new IAMClient({ ...config, region: "us-east-1" }),
  };
}
