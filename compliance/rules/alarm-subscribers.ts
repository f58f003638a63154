import { compliant, nonCompliant, notApplicable, type Rule } from "../types";
import { asList, statementsOf } from "./util";

/** The topic policy carries the evidence-protection denies: the environment keeps its evidence. */
const protects = (policy: unknown): boolean => statementsOf(policy).some((s) => s.Effect === "Deny" && s.Condition?.ArnNotEquals?.["aws:PrincipalArn"] !== undefined);

export const alarmSubscribers: Rule = {
  id: "MON-3",
  level: "warning",
  info: "Where evidence is protected, the alarms' topic has at least one subscription",
  explanation:
    "A topic without subscribers receives every CIS alarm and tells nobody: the review would read all checks passed while no one is notified. " +
    "Where evidence is kept, set alarmEmails (each address must confirm) or subscribe another endpoint.",
  cisV5: ["4.1-4.15"],
  cisV3: ["4.1-4.15"],
  cisV6: ["5.1-5.15"],
  securityHub: ["CloudWatch.1-14"],
  resourceTypes: ["aws_sns_topic"],
  evaluate: (topic, stack) => {
    const arn = `\${${topic.address}.arn}`;
    const alarmed = stack.resources("aws_cloudwatch_metric_alarm").some((a) => asList(a.config.alarm_actions).includes(arn));
    const protectedTopic = stack.attachedTo("aws_sns_topic_policy", topic, "arn").some((p) => protects(p.config.policy));
    if (!alarmed || !protectedTopic) return notApplicable;
    return stack.attachedTo("aws_sns_topic_subscription", topic, "topic_arn").length > 0 ? compliant : nonCompliant("no subscription: the alarms reach no one");
  },
};
