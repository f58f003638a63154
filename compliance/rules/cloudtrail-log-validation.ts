import { compliant, nonCompliant, type Rule } from "../types";

export const cloudTrailLogValidation: Rule = {
  id: "CT-2",
  level: "error",
  info: "The trail validates its log files",
  explanation: "Digest files let auditors prove that no log file was changed or deleted after delivery.",
  cisV5: ["3.2"],
  cisV3: ["3.2"],
  cisV6: ["4.2"],
  securityHub: ["CloudTrail.4"],
  checkov: ["CKV_AWS_36"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: ({ config }) => (config.enable_log_file_validation === true ? compliant : nonCompliant("enable_log_file_validation is not true")),
};
