import { compliant, nonCompliant, type Rule } from "../types";
import { isSet } from "./util";

export const cloudTrailKms: Rule = {
  id: "CT-3",
  level: "error",
  info: "The trail encrypts its log files with a customer KMS key",
  explanation: "SSE-KMS adds a second permission (the key policy) to read logs, and records every decryption.",
  cisV5: ["3.5"],
  cisV3: ["3.5"],
  cisV6: ["4.5"],
  securityHub: ["CloudTrail.2"],
  checkov: ["CKV_AWS_35"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: ({ config }) => (isSet(config.kms_key_id) ? compliant : nonCompliant("kms_key_id is not set")),
};
