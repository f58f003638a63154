import { compliant, nonCompliant, type Rule } from "../types";
import { isSet } from "./util";

export const cloudTrailCloudWatchLogs: Rule = {
  id: "CT-4",
  level: "error",
  info: "The trail delivers its events to CloudWatch Logs",
  explanation: "Metric filters and alarms (CIS section 4) can only watch events that reach CloudWatch Logs.",
  cisV5: "none",
  securityHub: ["CloudTrail.5"],
  checkov: ["CKV2_AWS_10"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: ({ config }) =>
    isSet(config.cloud_watch_logs_group_arn) && isSet(config.cloud_watch_logs_role_arn)
      ? compliant
      : nonCompliant("cloud_watch_logs_group_arn or cloud_watch_logs_role_arn is not set"),
};
