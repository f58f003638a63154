import { compliant, nonCompliant, notApplicable, type Rule } from "../types";
import { s3ObjectSelectors } from "./util";

export const cloudTrailStateBucketEvents: Rule = {
  id: "CT-6",
  level: "error",
  info: "The trail records object-level reads and writes of the stack's Terraform state bucket",
  explanation:
    "State files hold every resource's attributes, secrets included; who read or replaced one must be on record like any other access to sensitive data.",
  cisV5: ["3.8", "3.9"],
  cisV3: ["3.8", "3.9"],
  cisV6: ["4.8", "4.9"],
  securityHub: ["S3.22", "S3.23"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail, stack) => {
    if (stack.backendBucket === undefined) return notApplicable;
    const object = `arn:aws:s3:::${stack.backendBucket}/`;
    const covering = s3ObjectSelectors(trail.config).filter((s) => s.prefixes.some((p) => object.startsWith(p)));
    if (covering.length === 0) return nonCompliant(`no S3 object data events are recorded for the state bucket ${stack.backendBucket}`);
    const reads = covering.some((s) => s.readOnly !== "false");
    const writes = covering.some((s) => s.readOnly !== "true");
    if (reads && writes) return compliant;
    return nonCompliant(`only ${reads ? "reads" : "writes"} of the state bucket ${stack.backendBucket} are recorded`);
  },
};
