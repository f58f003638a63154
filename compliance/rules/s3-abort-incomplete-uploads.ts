import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList } from "./util";

export const s3AbortIncompleteUploads: Rule = {
  id: "S3-7",
  level: "error",
  info: "The bucket aborts incomplete multipart uploads",
  explanation: "Parts of abandoned uploads are billed storage that no listing shows.",
  cisV5: "none",
  checkov: ["CKV_AWS_300"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) =>
    stack
      .attachedTo("aws_s3_bucket_lifecycle_configuration", bucket)
      .some((l) => asList(l.config.rule).some((r: Json) => r.status === "Enabled" && asList(r.abort_incomplete_multipart_upload).length > 0))
      ? compliant
      : nonCompliant("no enabled lifecycle rule with abort_incomplete_multipart_upload"),
};
