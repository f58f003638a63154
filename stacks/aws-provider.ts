import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { DeployRole } from "../config/types";

/** Where a stack deploys: an environment, or one account of the organization. */
export interface ProviderPlacement {
  readonly project: string;
  /** The Environment tag: the environment's name, or "organization". */
  readonly environment: string;
  readonly region: string;
  readonly accountId: string;
  readonly deployRole?: DeployRole;
  readonly tags: Readonly<Record<string, string>>;
}

/** Terraform >= 1.10 for the S3 backend's native lock file (`use_lockfile`). */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/**
 * The AWS provider for one environment: its home region, `allowed_account_ids` so Terraform
 * refuses to touch any other account, the environment's deploy role assumed where one is set,
 * and default tags on every resource.
 */
export function addAwsProvider(scope: Construct, config: ProviderPlacement): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: config.region,
    allowedAccountIds: [config.accountId],
    ...(config.deployRole ? { assumeRole: [assumeRoleOf(config.deployRole)] } : {}),
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

/** Terraform's assume_role block (provider and S3 backend alike) for the environment's deploy role. */
export function assumeRoleOf(role: DeployRole): { roleArn: string; externalId?: string; sessionName: string } {
  return { roleArn: role.arn, ...(role.externalId !== undefined ? { externalId: role.externalId } : {}), sessionName: role.sessionName };
}
