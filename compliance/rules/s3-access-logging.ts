import { compliant, nonCompliant, notApplicable, type Rule } from "../types";

export const s3AccessLogging: Rule = {
  id: "S3-1",
  level: "error",
  info: "The trail's log bucket has server access logging",
  explanation: "Access logs show who read or tried to delete audit evidence, which the trail itself does not record for its own bucket.",
  cisV5: ["3.4"],
  cisV3: ["3.4"],
  cisV6: ["4.4"],
  securityHub: ["CloudTrail.7"],
  checkov: ["CKV_AWS_18"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) => {
    if (!stack.isTrailBucket(bucket)) return notApplicable;
    return stack.attachedTo("aws_s3_bucket_logging", bucket).length > 0 ? compliant : nonCompliant("no aws_s3_bucket_logging for the bucket");
  },
};
