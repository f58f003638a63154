/** The review's table of an organization's guardrail policies, statement by statement. */
import { asList, statementsOf } from "../compliance/rules/util";
import type { Json, StackView } from "../compliance/types";
import { code, table } from "./sections";

const KIND: Record<string, string> = { SERVICE_CONTROL_POLICY: "SCP", RESOURCE_CONTROL_POLICY: "RCP" };

/** Each statement of each SCP and RCP: what it denies, on what, to whom, and where the policy is attached. */
export function guardrailsSection(view: StackView): string[] {
  const policies = view.resources("aws_organizations_policy");
  if (policies.length === 0) return [];
  const rows = policies.flatMap((p) => {
    const attached = view.attachedTo("aws_organizations_policy_attachment", p, "policy_id").map((a) => String(a.config.target_id));
    return statementsOf(p.config.content).map((s: Json) => [
      `${KIND[p.config.type] ?? p.config.type} ${code(p.config.name)}`,
      s.Sid,
      s.Effect,
      asList(s.Action).join(", "),
      asList(s.Resource).map((r: string) => code(r)).join(", "),
      exemptOf(s),
      attached.join(", ") || "**nowhere**",
    ]);
  });
  return [
    "### Guardrails",
    "",
    "SCPs restrict every principal of the accounts below the targets except the management account's, and never AWS service principals; RCPs restrict requests to those accounts' resources.",
    "",
    ...table(["policy", "statement", "effect", "actions", "resources", "except", "attached to"], rows),
  ];
}

function exemptOf(statement: Json): string {
  const conditions = Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>);
  if (conditions.length === 0) return "nobody";
  return conditions.map(([operator, keys]) => Object.entries(keys).map(([key, value]) => `${operator} ${key} ${asList(value as string | string[]).join(", ")}`).join("; ")).join("; ");
}
