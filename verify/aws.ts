/**
 * The AWS SDK clients `npm run verify` uses, with the default credential chain and the settings
 * every command shares (aws/api.ts). Loaded only by the verify command: synthesis never imports it.
 */
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";
import { clientConfig, type Credentials } from "../aws/api";

export interface Clients {
  readonly sts: STSClient;
  readonly cloudtrail: CloudTrailClient;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly iam: IAMClient;
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
  /** Pod Identity associations and the agent's add-on. */
  readonly eks: EKSClient;
  /** Organization mode, from the management account: the guardrails and the delegated administrator. */
  readonly organizations: OrganizationsClient;
}

export function createClients(region: string, credentials?: Credentials): Clients {
  const config = clientConfig(region, credentials);
  return {
    sts: new STSClient(config),
    cloudtrail: new CloudTrailClient(config),
    s3: new S3Client(config),
    kms: new KMSClient(config),
    iam: new IAMClient({ ...config, region: "us-east-1" }),
    cloudwatch: new CloudWatchClient(config),
    logs: new CloudWatchLogsClient(config),
    sns: new SNSClient(config),
    eks: new EKSClient(config),
    // AWS Organizations' endpoint (commercial partition) is in us-east-1, as IAM's is.
    organizations: new OrganizationsClient({ ...config, region: "us-east-1" }),
  };
}
