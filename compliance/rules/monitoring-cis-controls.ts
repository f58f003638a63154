import { CIS_MONITORING_CONTROLS } from "../../constructs/cis-monitoring";
import { compliant, nonCompliant, notApplicable, type Rule } from "../types";
import { asList } from "./util";

export const monitoringCisControls: Rule = {
  id: "MON-1",
  level: "error",
  info: "Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration",
  explanation: "The CIS section 4 alarms are how a compromise or drift is noticed while it happens; a gap must be a decision, not an accident.",
  cisV5: ["4.1-4.15"],
  cisV3: ["4.1-4.15"],
  cisV6: ["5.1-5.15"],
  securityHub: ["CloudWatch.1-14"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail, stack) => {
    const groupArn = String(trail.config.cloud_watch_logs_group_arn ?? "");
    // The trail names its group by ARN, literally (`arn:aws:logs:...:log-group:<name>:*`) or by reference.
    const group = stack
      .resources("aws_cloudwatch_log_group")
      .find((g) => groupArn.startsWith(`\${${g.address}.arn}`) || (groupArn.startsWith("arn:aws:logs:") && groupArn.includes(`:log-group:${g.config.name}:`)));
    if (!group) return notApplicable;
    const filters = stack.attachedTo("aws_cloudwatch_log_metric_filter", group, "log_group_name");
    const alarms = stack.resources("aws_cloudwatch_metric_alarm").filter((a) => asList(a.config.alarm_actions).length > 0 && a.config.actions_enabled !== false);
    const missing = CIS_MONITORING_CONTROLS.filter((c) => !stack.disabledMonitoringControls.includes(c.key)).filter((c) => {
      const filter = filters.find((f) => f.config.pattern === c.pattern);
      const metric = filter?.config.metric_transformation;
      return !filter || !alarms.some((a) => a.config.metric_name === metric?.name && a.config.namespace === metric?.namespace);
    });
    return missing.length === 0 ? compliant : nonCompliant(`no filter and alarm for CIS ${missing.map((c) => c.cis).join(", ")}`);
  },
};
