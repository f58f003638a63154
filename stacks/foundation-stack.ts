import type { Construct } from "constructs";
import { S3Backend, TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../config/types";
import { REQUIRED_TERRAFORM_VERSION, addAwsProvider } from "./aws-provider";

/** The backend settings of a stack whose state lives in the environment's state bucket. */
export function stateKey(stack: string): string {
  return `${stack}/terraform.tfstate`;
}

/**
 * One environment's security baseline: the audit trail and the service roles. Its state is in
 * the bucket the environment's StateStack creates, so that stack is deployed first.
 */
export class FoundationStack extends TerraformStack {
  constructor(scope: Construct, config: EnvironmentConfig) {
    const id = config.names.foundationStack;
    super(scope, id);
    // Terraform reads the backend block before any interpolation: every value is a literal.
    new S3Backend(this, {
      bucket: config.names.stateBucket,
      key: stateKey(id),
      region: config.region,
      encrypt: true,
    });
    // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no option for it.
    this.addOverride("terraform.backend.s3.use_lockfile", true);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    addAwsProvider(this, config);
  }
}
