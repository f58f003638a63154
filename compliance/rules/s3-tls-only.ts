import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList, isEveryone, statementsOf } from "./util";

/** A Deny of s3:* to every principal when aws:SecureTransport is false; the review's "TLS only" column uses it too. */
export const deniesInsecureTransport = (s: Json): boolean =>
  s.Effect === "Deny" &&
  isEveryone(s.Principal) &&
  asList(s.Action).some((a: string) => a === "*" || a.toLowerCase() === "s3:*") &&
  (s.Condition?.Bool?.["aws:SecureTransport"] === "false" || s.Condition?.Bool?.["aws:SecureTransport"] === false);

export const s3TlsOnly: Rule = {
  id: "S3-4",
  level: "error",
  info: "The bucket policy denies every request made without TLS",
  explanation: "Without the deny, a misconfigured client can read or write objects in clear text.",
  cisV5: ["2.1.1"],
  cisV3: ["2.1.1"],
  cisV6: ["3.1.1"],
  securityHub: ["S3.5"],
  resourceTypes: ["aws_s3_bucket"],
  evaluate: (bucket, stack) =>
    stack.attachedTo("aws_s3_bucket_policy", bucket).some((p) => statementsOf(p.config.policy).some(deniesInsecureTransport))
      ? compliant
      : nonCompliant("no bucket policy statement denies s3:* when aws:SecureTransport is false"),
};
