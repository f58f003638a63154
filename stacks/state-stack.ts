import { SelfContainedStack } from "./self-contained-stack";
import type { Construct } from "constructs";
import { LocalBackend, TerraformOutput } from "cdktf";
import type { Names } from "../config/types";
import { SecureBucket } from "../constructs/secure-bucket";
import { REQUIRED_TERRAFORM_VERSION, addAwsProvider, type ProviderPlacement } from "./aws-provider";

/** What the bootstrap stack needs: where it deploys, its names, and whether its bucket may be destroyed. */
export interface StateStackConfig extends ProviderPlacement {
  readonly names: Pick<Names, "stateStack" | "stateBucket">;
  readonly allowStateBucketDestroy: boolean;
}

/**
 * Bootstrap stack: the S3 bucket that holds every other stack's Terraform state. Its own state
 * stays local (terraform.<stack>.tfstate in the project folder, ignored by git), because the
 * bucket cannot hold the state of the stack that creates it before it exists.
 */
export class StateStack extends SelfContainedStack {
  readonly stateBucket: SecureBucket;

  constructor(scope: Construct, config: StateStackConfig) {
    const id = config.names.stateStack;
    super(scope, id);
    // Relative to cdktf.out/stacks/<stack>, where Terraform runs: the project folder. cdktf's
    // default is an absolute path, which would make the output differ from clone to clone.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    addAwsProvider(this, config);

    this.stateBucket = new SecureBucket(this, "StateBucket", {
      bucketName: config.names.stateBucket,
      // Losing this bucket loses every other stack's state: Terraform refuses to destroy it
      // unless the configuration explicitly allows it, for tearing an environment down.
      preventDestroy: !config.allowStateBucketDestroy,
      forceDestroy: config.allowStateBucketDestroy,
      lifecycleRules: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: 90, newerNoncurrentVersions: 10 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    new TerraformOutput(this, "state_bucket_name", { value: config.names.stateBucket });
    new TerraformOutput(this, "state_bucket_arn", { value: this.stateBucket.bucketArn });
  }
}
