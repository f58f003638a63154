import type { Rule } from "./types";

const cell = (values: readonly string[] | undefined): string => (values && values.length > 0 ? values.join(", ") : "-");

/** compliance/RULES.md, generated from the rules' metadata (`npm run rules` writes it). */
export function rulesMarkdown(rules: readonly Rule[]): string {
  const rows = rules.map((r) =>
    `| ${r.id} | ${r.level} | ${r.info} | ${r.explanation} | ${cell(r.cis)} | ${cell(r.securityHub)} | ${cell(r.checkov)} |`.replace(/[<>*]/g, "\\$&"),
  );
  return [
    "# Compliance rules",
    "",
    "Generated from `compliance/rules/*.ts` by `npm run rules`; a test fails when this file and the rules differ.",
    "Errors stop `cdktf synth`; warnings are printed. Suppress a finding with `suppress(construct, [{ id, reason }])`",
    "(`compliance/pack.ts`): the reason appears in `npm run review`'s report. CIS ids are CIS AWS Foundations Benchmark v3.0.",
    "",
    "| ID | Level | Info | Explanation | CIS | Security Hub | checkov |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
