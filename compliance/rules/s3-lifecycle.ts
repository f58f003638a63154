import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList } from "./util";

export const s3Lifecycle: Rule = {
  id: "S3-6",
  level: "error",
  info: "The bucket has an enabled lifecycle configuration",
  explanation: "Without lifecycle rules, logs and old versions stay in the most expensive storage class forever.",
  cisV5: "none",
  securityHub: ["S3.13"],
  checkov: ["CKV2_AWS_61"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) =>
    stack.attachedTo("aws_s3_bucket_lifecycle_configuration", bucket).some((l) => asList(l.config.rule).some((r: Json) => r.status === "Enabled"))
      ? compliant
      : nonCompliant("no enabled lifecycle rule"),
};
