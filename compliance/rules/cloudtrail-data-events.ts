import { compliant, nonCompliant, type ResourceView, type Rule, type StackView } from "../types";
import { asList, field, fieldSelectors } from "./util";

/** The trail's own buckets: the log bucket and where that bucket's access logs go. */
function ownBuckets(trail: ResourceView, stack: StackView): string[] {
  const logBucket: string = trail.config.s3_bucket_name;
  const logging = stack
    .resources("aws_s3_bucket")
    .filter((b) => b.config.bucket === logBucket)
    .flatMap((b) => stack.attachedTo("aws_s3_bucket_logging", b))
    .map((l) => l.config.target_bucket as string);
  return [logBucket, ...logging];
}

export const cloudTrailDataEvents: Rule = {
  id: "CT-5",
  level: "error",
  info: "The trail records S3 object events for the data buckets and never for its own buckets",
  explanation:
    "Object-level events show who read or changed training data. Recording the trail's own buckets makes every log delivery an event that is itself delivered, forever.",
  cis: ["3.8", "3.9"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail, stack) => {
    const prefixes = fieldSelectors(trail.config)
      .filter((s) => asList(field(s, "eventCategory")?.equals).includes("Data") && asList(field(s, "resources.type")?.equals).includes("AWS::S3::Object"))
      .flatMap((s) => asList(field(s, "resources.ARN")?.starts_with) as string[]);
    if (prefixes.length === 0) return nonCompliant("no S3 object data events are recorded");
    const own = ownBuckets(trail, stack).filter((bucket) => prefixes.some((p) => `arn:aws:s3:::${bucket}/`.startsWith(p)));
    return own.length === 0 ? compliant : nonCompliant(`records data events of its own bucket ${own.join(", ")}`);
  },
};
