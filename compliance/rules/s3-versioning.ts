import { compliant, nonCompliant, type Rule } from "../types";

export const s3Versioning: Rule = {
  id: "S3-3",
  level: "error",
  info: "The bucket is versioned",
  explanation: "Versioning keeps overwritten and deleted objects, so a deletion is recoverable and visible.",
  cisV5: "none",
  securityHub: ["S3.14"],
  checkov: ["CKV_AWS_21"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) =>
    stack.attachedTo("aws_s3_bucket_versioning", bucket).some((v) => v.config.versioning_configuration?.status === "Enabled")
      ? compliant
      : nonCompliant("no aws_s3_bucket_versioning with status Enabled"),
};
