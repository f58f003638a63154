import { compliant, nonCompliant, type Rule } from "../types";
import { s3ObjectSelectors, trailOwnBuckets } from "./util";

export const cloudTrailDataEvents: Rule = {
  id: "CT-5",
  level: "error",
  info: "The trail records S3 object reads and writes for the data buckets and never for its own buckets",
  explanation:
    "Object-level events show who read or changed training data. Recording the trail's own buckets makes every log delivery an event that is itself delivered, forever.",
  cisV5: ["3.8", "3.9"],
  cisV3: ["3.8", "3.9"],
  cisV6: ["4.8", "4.9"],
  securityHub: ["S3.22", "S3.23"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail, stack) => {
    const selectors = s3ObjectSelectors(trail.config);
    const prefixes = selectors.flatMap((s) => s.prefixes);
    if (prefixes.length === 0) return nonCompliant("no S3 object data events are recorded");
    const own = trailOwnBuckets(trail, stack).filter((bucket) => prefixes.some((p) => `arn:aws:s3:::${bucket}/`.startsWith(p)));
    if (own.length > 0) return nonCompliant(`records data events of its own bucket ${own.join(", ")}`);
    // CIS 3.8 asks for writes and 3.9 for reads: a selector limited to one leaves the other unrecorded.
    const partial = selectors.find((s) => s.readOnly !== undefined);
    return partial ? nonCompliant(`records only ${partial.readOnly === "true" ? "reads" : "writes"} of ${partial.prefixes.join(", ")}`) : compliant;
  },
};
