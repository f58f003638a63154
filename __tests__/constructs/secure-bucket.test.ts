import { TerraformStack } from "cdktf";
import { SecureBucket } from "../../constructs/secure-bucket";
import { ALLOW_ALL, decide } from "../support/iam";
import { ACCOUNT, OTHER_ACCOUNT, resourcesOf, synthesize, testApp, type Json } from "../helpers";

/** A SecureBucket with no optional props: every default is what the construct promises. */
function bare(props: Partial<ConstructorParameters<typeof SecureBucket>[2]> = {}): Json {
  const stack = new TerraformStack(testApp(), "Defaults");
  new SecureBucket(stack, "Bucket", { bucketName: "defaults-bucket", ...props });
  return synthesize(stack);
}

const only = (json: Json, type: string): Json => {
  const all = Object.values(resourcesOf(json, type));
  expect(all).toHaveLength(1);
  return all[0];
};

describe("SecureBucket with no optional props", () => {
  const json = bare();

  test("can be destroyed by Terraform but is never force-emptied", () => {
    expect(only(json, "aws_s3_bucket")).toMatchObject({ bucket: "defaults-bucket", force_destroy: false, lifecycle: { prevent_destroy: false } });
  });

  test("blocks all public access, disables ACLs and versions every object", () => {
    expect(only(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(only(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(only(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
  });

  test("encrypts with SSE-S3, and with a key and no S3 Bucket Key when given one", () => {
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    const kms = only(bare({ kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k` }), "aws_s3_bucket_server_side_encryption_configuration").rule;
    expect(kms).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k` }, bucket_key_enabled: false }]);
  });

  test("has no lifecycle, Object Lock or access logging unless asked", () => {
    for (const type of ["aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_object_lock_configuration", "aws_s3_bucket_logging"]) {
      expect([type, Object.keys(resourcesOf(json, type)).length]).toEqual([type, 0]);
    }
    // An empty list is no lifecycle either: S3 refuses a lifecycle configuration without rules.
    expect(Object.keys(resourcesOf(bare({ lifecycleRules: [] }), "aws_s3_bucket_lifecycle_configuration"))).toEqual([]);
  });

  test("writes its policy last: after the public access block (S3 refuses a policy write while that block is applied) and every other setting", () => {
    const ref = (type: string): string => `${type}.${Object.keys(resourcesOf(json, type))[0]}`;
    expect(only(json, "aws_s3_bucket_policy").depends_on).toEqual([
      ref("aws_s3_bucket_public_access_block"),
      ref("aws_s3_bucket_ownership_controls"),
      ref("aws_s3_bucket_versioning"),
      ref("aws_s3_bucket_server_side_encryption_configuration"),
    ]);
    expect(only(json, "aws_s3_bucket_policy").lifecycle).toBeUndefined();
  });

  test("its policy denies every request without TLS, even to a principal holding Allow *, and grants nothing else", async () => {
    const policy = JSON.parse(only(json, "aws_s3_bucket_policy").policy);
    const request = (secure: string, principal = `arn:aws:iam::${ACCOUNT}:role/admin`) => ({
      principal,
      action: "s3:GetObject",
      resource: "arn:aws:s3:::defaults-bucket/x",
      resourceAccount: ACCOUNT,
      context: { "aws:SecureTransport": secure },
    });
    expect(await decide({ resource: policy, identity: [ALLOW_ALL] }, request("false"))).toBe("ExplicitlyDenied");
    // The twin over TLS: the admin's own policy allows it, the bucket policy does not stop it.
    expect(await decide({ resource: policy, identity: [ALLOW_ALL] }, request("true"))).toBe("Allowed");
    // Another account holding Allow *: the bucket policy grants it nothing.
    expect(await decide({ resource: policy, identity: [ALLOW_ALL] }, request("true", `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`))).toBe("ImplicitlyDenied");
  });
});
