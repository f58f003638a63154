/**
 * The AWS SDK clients `npm run verify` uses, with the default credential chain, the configured
 * region and the SDK's adaptive retry mode, and one `send` that counts calls and runs at most a
 * few at a time. This module is loaded only by the verify command: synthesis never imports it.
 */
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { EnvironmentConfig } from "../config/types";

export interface Clients {
  readonly sts: STSClient;
  readonly cloudtrail: CloudTrailClient;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly iam: IAMClient;
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
}

/** A client with `send` (every SDK v3 client); typed loosely so one helper serves them all. */
export interface Sender {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
}

export function createClients(region: string): Clients {
  const config = { region, retryMode: "adaptive", maxAttempts: 6 };
  return {
    sts: new STSClient(config),
    cloudtrail: new CloudTrailClient(config),
    s3: new S3Client(config),
    kms: new KMSClient(config),
    iam: new IAMClient({ ...config, region: "us-east-1" }),
    cloudwatch: new CloudWatchClient(config),
    logs: new CloudWatchLogsClient(config),
    sns: new SNSClient(config),
  };
}

/** Counts the API calls made and keeps at most `limit` in flight (verify and cleanup share it). */
export class Api<C = Clients> {
  calls = 0;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly clients: C,
    private readonly limit = 8,
  ) {}

  async send<T>(client: Sender, command: unknown): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.calls++;
    try {
      return (await client.send(command)) as T;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** The command cannot run at all (exit 2): no credentials, another account, no configuration. */
export class CannotRun extends Error {}

/**
 * Before anything else: the caller's account must be the configured one (the promise of the
 * provider's allowed_account_ids), and there must be credentials. `action` completes "refusing to
 * ... another account".
 */
export async function requireConfiguredAccount(api: Api<{ readonly sts: STSClient }>, config: EnvironmentConfig, action: string): Promise<void> {
  let identity: { Account?: string; Arn?: string };
  try {
    identity = await api.send(api.clients.sts, new GetCallerIdentityCommand({}));
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === "CredentialsProviderError" || /credential/i.test(e.message ?? "")) {
      throw new CannotRun(
        "no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, " +
          `SSO after aws sso login, or a container or instance role). ${e.message ?? ""}`.trim(),
      );
    }
    throw new CannotRun(`could not call sts:GetCallerIdentity: ${e.name ?? "Error"}: ${e.message ?? String(error)}`);
  }
  if (config.accountIdIsExample) {
    throw new CannotRun(
      `${config.environment}: no accountId is configured (the example account ${config.accountId} is used); the credentials are for account ${identity.Account}. ` +
        `Set environments.${config.environment}.accountId in cdktf.json or MLOPS_ACCOUNT_ID`,
    );
  }
  if (identity.Account !== config.accountId) {
    throw new CannotRun(
      `${config.environment}: the credentials are for account ${identity.Account} (${identity.Arn}), but ${config.environment} is configured for ${config.accountId}; ` +
        `refusing to ${action} another account (sign in to the configured one)`,
    );
  }
}
