import { compliant, nonCompliant, type Rule } from "../types";

export const s3AclsDisabled: Rule = {
  id: "S3-8",
  level: "error",
  info: "The bucket disables ACLs (BucketOwnerEnforced)",
  explanation: "With ACLs disabled, only policies grant access, and the bucket owner owns every object.",
  cisV5: "none",
  securityHub: ["S3.12"],
  checkov: ["CKV2_AWS_65"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) =>
    stack.attachedTo("aws_s3_bucket_ownership_controls", bucket).some((o) => o.config.rule?.object_ownership === "BucketOwnerEnforced")
      ? compliant
      : nonCompliant("object ownership is not BucketOwnerEnforced"),
};
