import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList, field, fieldSelectors, trailOwnBuckets } from "./util";

/** The ARN prefixes a selector is limited to (StartsWith or Equals); none: every resource of its type. */
const arnsOf = (selector: Json[]): string[] => {
  const arn = field(selector, "resources.ARN");
  return [...asList(arn?.starts_with), ...asList(arn?.equals)] as string[];
};

export const cloudTrailEventSelectors: Rule = {
  id: "CT-7",
  level: "error",
  info: "Every data event selector names its resource type, and none (ML, S3 or other) can match the trail's own buckets",
  explanation:
    "A data selector without a resource type is refused by CloudTrail; one that matches the trail's own log or access-log bucket, such as an S3 selector " +
    "without ARNs or an ML selector whose ARN prefix is too short, records every log delivery as an event that is itself delivered, forever.",
  cisV5: "none",
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail, stack) => {
    const own = trailOwnBuckets(trail, stack);
    const problems = fieldSelectors(trail.config).flatMap((selector, i) => {
      if (!asList(field(selector, "eventCategory")?.equals).includes("Data")) return [];
      const name = asList(trail.config.advanced_event_selector)[i]?.name ?? `selector ${i}`;
      const types = asList(field(selector, "resources.type")?.equals) as string[];
      if (types.length === 0) return [`"${name}" names no resources.type`];
      const arns = arnsOf(selector);
      if (types.includes("AWS::S3::Object") && arns.length === 0) return [`"${name}" records every bucket's objects, the trail's own included`];
      const matched = own.filter((bucket) => arns.some((p) => `arn:aws:s3:::${bucket}/`.startsWith(p)));
      return matched.length > 0 ? [`"${name}" matches the trail's own bucket ${matched.join(", ")}`] : [];
    });
    return problems.length === 0 ? compliant : nonCompliant(problems.join("; "));
  },
};
