import { compliant, nonCompliant, type Rule } from "../types";

const SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

export const s3PublicAccessBlock: Rule = {
  id: "S3-2",
  level: "error",
  info: "The bucket blocks all public access",
  explanation: "All four public-access blocks make a public ACL or policy impossible, whatever a later change tries.",
  cisV5: ["2.1.4"],
  cisV3: ["2.1.4"],
  cisV6: ["3.1.4"],
  securityHub: ["S3.8", "CloudTrail.6"],
  checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) => {
    const blocks = stack.attachedTo("aws_s3_bucket_public_access_block", bucket);
    if (blocks.length === 0) return nonCompliant("no aws_s3_bucket_public_access_block for the bucket");
    const off = SETTINGS.filter((s) => !blocks.some((b) => b.config[s] === true));
    return off.length === 0 ? compliant : nonCompliant(`${off.join(", ")} not true`);
  },
};
