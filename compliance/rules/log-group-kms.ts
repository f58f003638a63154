import { compliant, nonCompliant, type Rule } from "../types";
import { isSet } from "./util";

export const logGroupKms: Rule = {
  id: "LOG-2",
  level: "error",
  info: "The log group is encrypted with a customer KMS key",
  explanation: "Audit events in CloudWatch Logs deserve the same key-policy control as the log files in S3.",
  cisV5: "none",
  checkov: ["CKV_AWS_158"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  evaluate: ({ config }) => (isSet(config.kms_key_id) ? compliant : nonCompliant("kms_key_id is not set")),
};
