import type { Json } from "../types";
import { compliant, nonCompliant, notApplicable, type Rule } from "../types";
import { deniesExceptNamedPrincipals, statementsOf } from "./util";

/** What the organization's SCP must deny, each with an example of the resource it protects. */
export const GUARDED_ACTIONS: readonly { action: string; what: string }[] = [
  { action: "cloudtrail:StopLogging", what: "stopping the organization trail" },
  { action: "cloudtrail:DeleteTrail", what: "deleting the organization trail" },
  { action: "cloudtrail:PutEventSelectors", what: "changing what the trail records" },
  { action: "s3:DeleteObjectVersion", what: "deleting archived log versions" },
  { action: "s3:PutBucketPolicy", what: "re-policying the archive buckets" },
  { action: "kms:ScheduleKeyDeletion", what: "deleting the archive key" },
  { action: "cloudwatch:DeleteAlarms", what: "deleting the CIS alarms" },
];

/** A Deny of `action` that applies to every request but those of named principals. */
const denies = (statements: readonly Json[], action: string): boolean => statements.some((s) => deniesExceptNamedPrincipals(s, action));

export const organizationGuardrails: Rule = {
  id: "ORG-1",
  level: "error",
  info: "The organization's SCP denies stopping or changing the trail, tampering with the archive and its key, and deleting the CIS alarms, to all but break-glass, and is attached",
  explanation:
    "StopLogging, DeleteTrail, PutEventSelectors and DeleteAlarms have no resource policy, and an account's root can always rewrite its bucket policies: only a service control policy, which no member account can change, keeps a member account's administrators (the delegated administrator's and the log archive's included) from them. An SCP that is not attached protects nothing.",
  cisV5: "none",
  resourceTypes: ["aws_organizations_policy"],
  evaluate: (policy, stack) => {
    if (policy.config.type !== "SERVICE_CONTROL_POLICY") return notApplicable;
    const statements = statementsOf(policy.config.content);
    const problems = GUARDED_ACTIONS.filter((g) => !denies(statements, g.action)).map((g) => `it does not deny ${g.action} (${g.what}) to all but named principals`);
    if (stack.attachedTo("aws_organizations_policy_attachment", policy, "policy_id").length === 0) problems.push("it is attached nowhere");
    return problems.length === 0 ? compliant : nonCompliant(problems.join("; "));
  },
};
