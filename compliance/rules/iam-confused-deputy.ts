import { compliant, nonCompliant, notApplicable, type Json, type Rule } from "../types";
import { statementsOf } from "./util";

/**
 * Service principals that send aws:SourceAccount / aws:SourceArn when they assume a role, so a
 * trust policy can pin them to this account (AWS's confused-deputy guidance for each service).
 * Not here: ec2 (instance profiles), eks (cluster role) and CloudTrail's CloudWatch Logs role,
 * where AWS documents no such keys and a condition would break the service.
 */
export const CONFUSED_DEPUTY_SERVICES = ["sagemaker.amazonaws.com", "lambda.amazonaws.com", "states.amazonaws.com"];

const hasSourceCondition = (s: Json): boolean =>
  Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).some((keys) =>
    Object.keys(keys).some((k) => ["aws:sourceaccount", "aws:sourcearn"].includes(k.toLowerCase())),
  );

export const iamConfusedDeputy: Rule = {
  id: "IAM-4",
  level: "error",
  info: "Trust policies of services that support it carry aws:SourceAccount or aws:SourceArn",
  explanation: "Without the condition, the service could be made to act with this role on behalf of another account.",
  cisV5: "none",
  resourceTypes: ["aws_iam_role"],
  evaluate: ({ config }) => {
    const service = statementsOf(config.assume_role_policy).filter((s) => CONFUSED_DEPUTY_SERVICES.includes(s.Principal?.Service));
    if (service.length === 0) return notApplicable;
    const open = service.filter((s) => !hasSourceCondition(s));
    return open.length === 0 ? compliant : nonCompliant(`${open.map((s) => s.Principal.Service).join(", ")} is trusted without aws:SourceAccount or aws:SourceArn`);
  },
};
