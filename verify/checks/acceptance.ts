/** Acceptance by IAM's own policy engine: the decision table, simulated. */
import { SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { acceptanceTable } from "../acceptance";
import { attempt, row, type CheckContext, type Json, type Row } from "./common";

/** IAM's own policy engine on the acceptance table: the live account confirms the offline proofs. */
export async function checkAcceptance(c: CheckContext): Promise<Row[]> {
  const { api, expected: e, config } = c;
  const rows = await Promise.all(
    acceptanceTable(config).map(async (a) => {
      const roleName = config.names[a.role];
      const simulated = await attempt(() =>
        api.send<Json>(
          api.clients.iam,
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: `arn:aws:iam::${e.accountId}:role/${roleName}`,
            ActionNames: [a.action],
            ResourceArns: [a.resource],
            ContextEntries: Object.entries(a.context ?? {}).map(([key, value]) => ({ ContextKeyName: key, ContextKeyValues: [value], ContextKeyType: "string" })),
          }),
        ),
      );
      const decision: string | undefined = simulated.value?.EvaluationResults?.[0]?.EvalDecision;
      const allowed = decision === "allowed";
      return row(
        "Acceptance (IAM policy simulator)",
        `${a.why}: ${a.action}`,
        roleName,
        a.expected,
        simulated.error ?? String(decision),
        !simulated.error && decision !== undefined && allowed === (a.expected === "allowed"),
      );
    }),
  );
  rows.push(
    row(
      "Acceptance (IAM policy simulator)",
      "aws sts assume-role from a user (seed guide)",
      config.names.sagemakerExecutionRole,
      "not possible by design",
      "the role trusts only sagemaker.amazonaws.com, so a user's assume-role is refused; SageMaker assumes it for jobs",
      true,
    ),
  );
  return rows;
}
