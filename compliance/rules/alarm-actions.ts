import { compliant, nonCompliant, type Rule } from "../types";
import { asList } from "./util";

export const alarmActions: Rule = {
  id: "MON-2",
  level: "error",
  info: "Every alarm has its actions enabled and notifies at least one target",
  explanation: "An alarm whose actions are off, or that has none, changes state in the console and tells nobody.",
  cisV5: "none",
  securityHub: ["CloudWatch.15", "CloudWatch.17"],
  resourceTypes: ["aws_cloudwatch_metric_alarm"],
  evaluate: ({ config }) => {
    // actions_enabled defaults to true in the provider.
    if (config.actions_enabled === false) return nonCompliant("actions_enabled is false");
    return asList(config.alarm_actions).length > 0 ? compliant : nonCompliant("no alarm_actions");
  },
};
