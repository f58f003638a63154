/**
 * What every stack of the organization shares: the account it deploys to, its state in the
 * organization's state bucket (in the trail account), and the log-archive stack's outputs, read
 * from that state by the stacks that need the archive key's ARN.
 */
import type { TerraformStack } from "cdktf";
import { DataTerraformRemoteStateS3, S3Backend } from "cdktf";
import type { OrganizationAccount, OrganizationConfig } from "../config/types";
import { ARCHIVE_STATE_ID, ORGANIZATION_TARGET } from "../facts/organization";
import { REQUIRED_TERRAFORM_VERSION, addAwsProvider, assumeRoleOf, type ProviderPlacement } from "./aws-provider";
import { stateKey } from "../facts/naming";

/** Where a stack of the organization deploys. */
export function placementOf(org: OrganizationConfig, account: OrganizationAccount): ProviderPlacement {
  return { project: org.project, environment: ORGANIZATION_TARGET, region: org.region, accountId: account.accountId, deployRole: account.deployRole, tags: org.tags };
}

/** The S3 backend in the organization's state bucket, as the trail account's deploy role, and the provider of `account`. */
export function placeOrganizationStack(stack: TerraformStack, org: OrganizationConfig, account: OrganizationAccount): void {
  new S3Backend(stack, { ...stateBucketOf(org, stack.node.id) });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  addAwsProvider(stack, placementOf(org, account));
}

/** The log-archive stack's outputs (its key's ARN), read from its state. */
export function archiveOutputs(stack: TerraformStack, org: OrganizationConfig): DataTerraformRemoteStateS3 {
  return new DataTerraformRemoteStateS3(stack, ARCHIVE_STATE_ID, stateBucketOf(org, org.names.archiveStack));
}

function stateBucketOf(org: OrganizationConfig, stack: string) {
  const role = org.trail.deployRole;
  return { bucket: org.names.stateBucket, key: stateKey(stack), region: org.region, encrypt: true, ...(role ? { assumeRole: assumeRoleOf(role) } : {}) };
}
