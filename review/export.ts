/**
 * Machine-readable forms of the review: review.json (every evaluated rule and resource, with the
 * benchmark IDs) and compliance.sarif (SARIF 2.1.0, one result per finding, for code-scanning
 * dashboards). Both are built from the same stacks as review.md.
 */
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from "node-sarif-builder";
import { ALL_RULES, RULES, type Evaluation } from "../compliance/pack";
import { environmentOf, resourceCount, type Review, type ReviewInput } from "./report";

export const REVIEW_JSON_FORMAT = "mlops-foundation-review/2";

const ids = (values: readonly string[] | "none" | undefined): string[] | "none" => (values === "none" ? "none" : [...(values ?? [])]);

function evaluationsOf(json: { "//"?: { compliance?: { evaluations?: Evaluation[] } } }): Evaluation[] {
  return json["//"]?.compliance?.evaluations ?? [];
}

/** review.json: one finding per rule and resource (not-applicable ones left out). */
export function reviewJson(input: ReviewInput, review: Review): Record<string, unknown> {
  return {
    format: REVIEW_JSON_FORMAT,
    stamp: review.stamp,
    git: input.git ?? null,
    environments: input.environments,
    errors: review.errors,
    stacks: input.stacks.map((s) => ({
      name: s.name,
      environment: environmentOf(input, s.name) ?? null,
      resources: resourceCount(s.json),
      compliance: s.json["//"]?.compliance?.summary ?? null,
      estimatedMonthlyUsd: review.costs[s.name]?.totalUsd ?? null,
    })),
    findings: input.stacks.flatMap((s) =>
      evaluationsOf(s.json)
        .filter((e) => e.outcome !== "not-applicable")
        .map((e) => {
          const rule = ALL_RULES.find((r) => r.id === e.rule);
          return {
            rule: e.rule,
            level: e.level,
            outcome: e.outcome,
            environment: environmentOf(input, s.name) ?? null,
            stack: s.name,
            path: e.path,
            address: e.address,
            message: e.message,
            ...(e.reason !== undefined ? { reason: e.reason } : {}),
            cisV5: ids(rule?.cisV5),
            cisV3: ids(rule?.cisV3),
            cisV6: ids(rule?.cisV6),
            securityHub: ids(rule?.securityHub),
            checkov: ids(rule?.checkov),
          };
        }),
    ),
  };
}

/** The 1-based line of a resource's block in cdk.tf.json, for the SARIF location. */
function lineOf(text: string, logicalId: string): number {
  const index = text.split("\n").findIndex((line) => line.trimStart().startsWith(`"${logicalId}": {`));
  return index >= 0 ? index + 1 : 1;
}

/**
 * compliance.sarif: a result per failed or suppressed finding (passes are in review.json), at the
 * resource's line in its cdk.tf.json and, as a logical location, its construct path.
 */
export function complianceSarif(input: ReviewInput, outdirFromRoot: string, toolVersion: string): string {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: "mlops-foundation-compliance", toolDriverVersion: toolVersion });
  const evaluated = new Set(input.stacks.flatMap((s) => evaluationsOf(s.json).map((e) => e.rule)));
  for (const rule of ALL_RULES.filter((r) => RULES.includes(r) || evaluated.has(r.id))) {
    const builder = new SarifRuleBuilder().initSimple({ ruleId: rule.id, shortDescriptionText: rule.info, fullDescriptionText: rule.explanation });
    builder.rule.properties = { level: rule.level, cisV5: ids(rule.cisV5), securityHub: ids(rule.securityHub), checkov: ids(rule.checkov) };
    run.addRule(builder);
  }
  for (const stack of input.stacks) {
    const file = `${outdirFromRoot}/stacks/${stack.name}/cdk.tf.json`;
    for (const e of evaluationsOf(stack.json).filter((x) => x.outcome === "fail" || x.outcome === "suppressed")) {
      const result = new SarifResultBuilder().initSimple({
        level: e.level === "error" ? "error" : "warning",
        messageText: e.message,
        ruleId: e.rule,
        fileUri: file,
        startLine: lineOf(stack.text, e.address.slice(e.address.indexOf(".") + 1)),
      });
      for (const location of result.result.locations ?? []) {
        location.logicalLocations = [{ fullyQualifiedName: `${stack.name}/${e.path}`, kind: "resource" }];
      }
      result.result.properties = { environment: environmentOf(input, stack.name) ?? null, stack: stack.name };
      if (e.outcome === "suppressed") result.result.suppressions = [{ kind: "external", justification: e.reason ?? "" }];
      run.addResult(result);
    }
  }
  const log = new SarifBuilder();
  log.addRun(run);
  return `${log.buildSarifJsonString({ indent: true })}\n`;
}
