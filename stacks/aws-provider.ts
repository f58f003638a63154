import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { EnvironmentConfig } from "../config/types";

/** Terraform >= 1.10 for the S3 backend's native lock file (`use_lockfile`). */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/**
 * The AWS provider for one environment: its home region, `allowed_account_ids` so Terraform
 * refuses to touch any other account, and default tags on every resource.
 */
export function addAwsProvider(scope: Construct, config: EnvironmentConfig): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: config.region,
    allowedAccountIds: [config.accountId],
    defaultTags: [
      {
        tags: {
          Project: config.project,
          Environment: config.environment,
          ManagedBy: "cdktf",
          ...config.tags,
        },
      },
    ],
  });
}
