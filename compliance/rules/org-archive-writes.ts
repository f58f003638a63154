import type { Json } from "../types";
import { compliant, nonCompliant, type Rule } from "../types";
import { actionMatches, asList, statementsOf } from "./util";

const CLOUDTRAIL = "cloudtrail.amazonaws.com";
/** `<bucket>/<prefix>/AWSLogs/<account or organization id>/...`: one account's or one organization's files (or fewer). */
const OWN_PREFIX = /^arn:aws:s3:::[^/]+\/(.+\/)?AWSLogs\/(\d{12}|o-[a-z0-9]{10,32})\//;

const servicesOf = (principal: Json): string[] => asList(principal?.Service);

export const organizationArchiveWrites: Rule = {
  id: "ORG-2",
  level: "error",
  info: "Every bucket policy statement that lets CloudTrail write names one trail (aws:SourceArn), one account's or organization's AWSLogs prefix, and bucket-owner-full-control",
  explanation:
    "An archive that admits cloudtrail.amazonaws.com without aws:SourceArn takes log files from any trail of any account or organization that names the bucket (a confused deputy filling or poisoning the evidence); a prefix of AWSLogs/* lets one organization's trail write as another account.",
  cisV5: "none",
  resourceTypes: ["aws_s3_bucket_policy"],
  evaluate: (policy) => {
    const writes = statementsOf(policy.config.policy).filter(
      (s) => s.Effect === "Allow" && servicesOf(s.Principal).includes(CLOUDTRAIL) && asList(s.Action).some((a: string) => actionMatches(a, "s3:PutObject")),
    );
    const problems: string[] = [];
    for (const s of writes) {
      const sourceArn = asList(s.Condition?.StringEquals?.["aws:SourceArn"] ?? s.Condition?.ArnEquals?.["aws:SourceArn"]) as string[];
      if (sourceArn.length !== 1 || !/^arn:aws:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[^*?]+$/.test(sourceArn[0])) problems.push(`${s.Sid}: aws:SourceArn must name one trail`);
      for (const resource of asList(s.Resource) as string[]) {
        if (!OWN_PREFIX.test(resource)) problems.push(`${s.Sid}: ${resource} is not one account's or organization's AWSLogs prefix`);
      }
      if (s.Condition?.StringEquals?.["s3:x-amz-acl"] !== "bucket-owner-full-control") problems.push(`${s.Sid}: s3:x-amz-acl must be bucket-owner-full-control`);
    }
    return problems.length === 0 ? compliant : nonCompliant(problems.join("; "));
  },
};
