import type { Rule } from "./types";

const cell = (values: readonly string[] | "none" | undefined): string =>
  values === "none" ? "none" : values && values.length > 0 ? values.join(", ") : "-";

/** Where the mappings come from, and when they were checked. */
export const MAPPING_SOURCES = [
  "CIS Amazon Web Services Foundations Benchmark v5.0.0 (the version AWS Security Hub CSPM evaluates by default), v3.0.0 and v6.0.0: " +
    "recommendation numbers and titles as published by CIS, cross-checked against turbot/steampipe-mod-aws-compliance `cis_v300`, " +
    "`cis_v500` and `cis_v600` (commit a1d0b44, 2025-12-06). Checked 2026-11-27.",
  "AWS Security Hub CSPM User Guide, \"CIS AWS Foundations Benchmark\" (supported versions 5.0.0, 3.0.0, 1.4.0 and 1.2.0, and the " +
    "version comparison) and the controls reference for CloudTrail, CloudWatch, IAM, KMS and S3 (\"Related requirements\"). Checked 2026-11-27.",
  "checkov policy index (Terraform, AWS). Checked 2026-11-27.",
];

/** compliance/RULES.md, generated from the rules' metadata (`npm run rules` writes it). */
export function rulesMarkdown(rules: readonly Rule[]): string {
  const rows = rules.map((r) =>
    [r.id, r.level, r.info, cell(r.cisV5), cell(r.cisV3), cell(r.cisV6), cell(r.securityHub), cell(r.checkov), r.explanation]
      .join(" | ")
      .replace(/[<>*]/g, "\\$&"),
  );
  return [
    "# Compliance rules",
    "",
    "Generated from `compliance/rules/*.ts` by `npm run rules`; a test fails when this file and the rules differ.",
    "Errors stop `cdktf synth`; warnings are printed. Accept a rule for an environment with `complianceSuppressions`",
    "in `cdktf.json`, or for one construct with `suppress(construct, [{ id, reason }])` (`compliance/pack.ts`); the reason",
    "appears in `npm run review`'s report.",
    "",
    "The primary benchmark is **CIS AWS Foundations v5.0.0**; v3.0.0 and v6.0.0 numbers are cross-references (v6 moved",
    "logging to section 4 and monitoring to section 5). \"none\" means the benchmark has no such recommendation.",
    "Security Hub CSPM IDs are controls with the same intent; whether Security Hub evaluates one depends on the",
    "standards enabled, and each rule here checks the synthesized configuration, not the account.",
    "",
    "| ID | Level | Info | CIS v5.0.0 | CIS v3.0.0 | CIS v6.0.0 | Security Hub CSPM | checkov | Explanation |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r} |`),
    "",
    "## What the mappings do and do not say",
    "",
    "- **MON-1 and CloudWatch.1-14.** CIS v5.0.0 (and v3.0.0) words the monitoring recommendations 4.1-4.15 as \"ensure X is",
    "  monitored\", by CloudWatch Logs metric filters and alarms or by a SIEM. Security Hub CSPM's CloudWatch.1-14 controls",
    "  check the metric-filter-and-alarm form: they are part of its CIS v1.2.0 and v1.4.0 standards (CloudWatch.1 also of PCI",
    "  DSS v3.2.1), and are not evaluated by its CIS v3.0.0 and v5.0.0 standards, where these recommendations are manual",
    "  checks. MON-1 checks that this stack has the filter and alarm for each control (or that configuration turned it off).",
    "- **CT-5, CT-6 and S3.22/S3.23.** CIS 3.8 and 3.9 ask for object-level write and read events of S3 buckets. Security Hub's",
    "  S3.22 and S3.23 pass when a multi-Region trail records those events for all buckets of the account. This trail",
    "  records them for the project's data buckets and the Terraform state bucket, and never for its own log and access-log",
    "  buckets (each delivery would be an event that is itself delivered, forever); so Security Hub reports S3.22/S3.23 as",
    "  failed for this account unless another trail records every bucket. CT-5 and CT-6 check the intent: the buckets",
    "  whose data matters are recorded, reads and writes both.",
    "- **CT-4 and CloudTrail.5.** CloudWatch Logs delivery is not a CIS v3.0.0 or v5.0.0 recommendation (it was 3.4 in v1.4.0);",
    "  the monitoring of section 4 depends on it here.",
    "- **IAM-2 and IAM.27.** CIS v5.0.0 1.21 and IAM.27 are about AWSCloudShellFullAccess only; IAM-2 flags every AWS managed",
    "  `*FullAccess` policy, a superset.",
    "- **EVI-1 and S3.15.** S3.15 asks for Object Lock on buckets; EVI-1 also requires the explicit denies and the key's",
    "  deletion deny, and applies only where evidence is retained (`audit.retainOnDestroy`).",
    "",
    "## Sources",
    "",
    ...MAPPING_SOURCES.map((s) => `- ${s}`),
    "",
  ].join("\n");
}
