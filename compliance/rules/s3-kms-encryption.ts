import { compliant, nonCompliant, notApplicable, type Json, type Rule } from "../types";
import { asList } from "./util";

export const s3KmsEncryption: Rule = {
  id: "S3-5",
  level: "error",
  info: "The trail's log bucket encrypts new objects with a KMS key by default",
  explanation: "Default SSE-KMS covers every object, including ones written without encryption headers.",
  cisV5: "none",
  securityHub: ["S3.17"],
  checkov: ["CKV_AWS_145"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) => {
    if (!stack.isTrailBucket(bucket)) return notApplicable;
    const kms = stack
      .attachedTo("aws_s3_bucket_server_side_encryption_configuration", bucket)
      .flatMap((c) => asList(c.config.rule))
      .some((r: Json) => String(r.apply_server_side_encryption_by_default?.sse_algorithm ?? "").startsWith("aws:kms"));
    return kms ? compliant : nonCompliant("default encryption is not aws:kms");
  },
};
