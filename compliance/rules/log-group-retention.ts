import { compliant, nonCompliant, type Rule } from "../types";

export const logGroupRetention: Rule = {
  id: "LOG-1",
  level: "error",
  info: "The log group keeps events for at least 365 days",
  explanation: "Investigations routinely reach back months; a year is the usual audit minimum.",
  cisV5: "none",
  securityHub: ["CloudWatch.16"],
  checkov: ["CKV_AWS_338"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  evaluate: ({ config }) => {
    const days = config.retention_in_days;
    // 0 or absent: never expire.
    return days === undefined || days === 0 || days >= 365 ? compliant : nonCompliant(`retention_in_days is ${days}`);
  },
};
