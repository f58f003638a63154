import { compliant, nonCompliant, type Rule } from "../types";

/** The tags that say whose a resource is, and that the foundation sets on every resource. */
export const REQUIRED_TAGS = ["Project", "Environment", "ManagedBy"] as const;

export const tagged: Rule = {
  id: "TAG-1",
  level: "error",
  info: "The trail and every bucket, key and log group carry the Project, Environment and ManagedBy tags",
  explanation:
    "Tags tell an investigator and a cost report whose a resource is, and let clean-up tools tell this project's resources from everyone else's.",
  cisV5: "none",
  securityHub: ["CloudTrail.9"],
  resourceTypes: ["aws_cloudtrail", "aws_s3_bucket", "aws_kms_key", "aws_cloudwatch_log_group"],
  evaluate: ({ config }, stack) => {
    const tags = { ...stack.defaultTags, ...(config.tags ?? {}) } as Record<string, unknown>;
    const missing = REQUIRED_TAGS.filter((t) => typeof tags[t] !== "string" || (tags[t] as string).trim() === "");
    return missing.length === 0 ? compliant : nonCompliant(`no ${missing.join(", ")} tag`);
  },
};
