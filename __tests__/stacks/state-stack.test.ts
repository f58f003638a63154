import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { StateStack } from "../../stacks/state-stack";
import { ACCOUNT, configFor, resourceAt, synthesize, testApp } from "../helpers";

describe("StateStack", () => {
  const config = configFor("dev", { tags: { Owner: "platform-team" } });
  const stack = new StateStack(testApp(), config);
  const synthesized = Testing.synth(stack);
  const json = synthesize(stack);

  test("is named after the project and environment and keeps its state locally, relative to the project", () => {
    expect(stack.node.id).toBe("mlops-retail-prediction-dev-state");
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.mlops-retail-prediction-dev-state.tfstate" } });
    expect(json.terraform.required_version).toBe(">= 1.10.0");
  });

  test("pins the AWS provider to the bindings' version", () => {
    expect(json.terraform.required_providers.aws).toEqual({ source: "aws", version: "6.25.0" });
  });

  test("restricts the provider to the configured account and tags everything", () => {
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      region: "us-east-1",
      allowed_account_ids: [ACCOUNT],
      default_tags: [{ tags: { Project: "mlops-retail-prediction", Environment: "dev", ManagedBy: "cdktf", Owner: "platform-team" } }],
    });
  });

  test("creates the state bucket with versioning, encryption and prevent_destroy", () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
  });

  test("blocks all public access and disables ACLs", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("denies every non-TLS request in the bucket policy", () => {
    const policy = JSON.parse(resourceAt(json, "aws_s3_bucket_policy", "StateBucket/Policy").policy);
    const bucketArn = `arn:aws:s3:::mlops-retail-prediction-dev-tfstate-${ACCOUNT}`;
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  test("can be destroyed, emptying the bucket, only when the configuration allows it", () => {
    const allowed = synthesize(new StateStack(testApp(), configFor("dev", { allowStateBucketDestroy: true })));
    expect(resourceAt(allowed, "aws_s3_bucket", "StateBucket/Bucket")).toMatchObject({ force_destroy: true, lifecycle: { prevent_destroy: false } });
    expect(resourceAt(json, "aws_s3_bucket", "StateBucket/Bucket")).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test("keeps every current state version, the ten newest old ones and others for 90 days, and aborts stale uploads", () => {
    expect(resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "StateBucket/Lifecycle").rule).toEqual([
      {
        id: "expire-old-state-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test("outputs the bucket name for the foundation stack's backend", () => {
    expect(json.output.state_bucket_name.value).toBe(`mlops-retail-prediction-dev-tfstate-${ACCOUNT}`);
  });
});
