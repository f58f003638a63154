/** The review's guardrails table: one row per statement, its exemptions, and where its policy is attached. */
import { stackView } from "../../compliance/stack-view";
import { guardrailsSection } from "../../review/guardrails-section";
import type { Json } from "../helpers";
import { organizationDocuments } from "./fixture";

const docs = organizationDocuments();
const copy = (x: Json): Json => JSON.parse(JSON.stringify(x));
const rows = (stack: Json): string[] => guardrailsSection(stackView(stack)).filter((l) => l.startsWith("| SCP") || l.startsWith("| RCP"));

test("the example: every statement of both policies, attached to the root", () => {
  const lines = rows(docs.management);
  expect(lines.length).toBeGreaterThan(5);
  expect(lines.every((l) => l.endsWith("| r-ab12 |"))).toBe(true);
});

test("a policy attached nowhere, a statement without conditions, a policy attached twice", () => {
  const stack = copy(docs.management);
  const [scpId, scp] = Object.entries(stack.resource.aws_organizations_policy).find(([, p]) => (p as Json).type === "SERVICE_CONTROL_POLICY") as [string, Json];
  const document = JSON.parse(scp.content);
  delete document.Statement[0].Condition;
  scp.content = JSON.stringify(document);
  for (const [name, a] of Object.entries(stack.resource.aws_organizations_policy_attachment) as [string, Json][]) {
    if (a.policy_id.includes(scpId)) delete stack.resource.aws_organizations_policy_attachment[name];
    else stack.resource.aws_organizations_policy_attachment[`${name}-ou`] = { ...a, target_id: "ou-ab12-11111111" };
  }
  const lines = rows(stack);
  const first = lines.find((l) => l.includes(`| ${document.Statement[0].Sid} |`))!;
  expect(first).toMatch(/\| nobody \| \*\*nowhere\*\* \|$/);
  expect(lines.filter((l) => l.startsWith("| RCP")).every((l) => l.endsWith("| r-ab12, ou-ab12-11111111 |"))).toBe(true);
});

test("several conditions and keys are each listed, separated", () => {
  const stack = copy(docs.management);
  const scp = Object.values(stack.resource.aws_organizations_policy).find((p) => (p as Json).type === "SERVICE_CONTROL_POLICY") as Json;
  const document = JSON.parse(scp.content);
  document.Statement[0].Condition = { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"], "aws:SourceArn": "x" }, Bool: { "aws:ViaAWSService": "false" } };
  scp.content = JSON.stringify(document);
  expect(rows(stack).find((l) => l.includes(`| ${document.Statement[0].Sid} |`))).toContain(
    "| ArnNotLike aws:PrincipalArn arn:aws:iam::1:role/a, arn:aws:iam::1:role/b; ArnNotLike aws:SourceArn x; Bool aws:ViaAWSService false |",
  );
});

test("a stack without guardrail policies has no section", () => {
  expect(guardrailsSection(stackView(docs.archive))).toEqual([]);
});
