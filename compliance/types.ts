/** A rule's verdict on one resource. */
export type RuleResult =
  | { readonly status: "compliant" }
  | { readonly status: "non-compliant"; readonly detail: string }
  | { readonly status: "not-applicable" };

export const compliant: RuleResult = { status: "compliant" };
export const notApplicable: RuleResult = { status: "not-applicable" };
export const nonCompliant = (detail: string): RuleResult => ({ status: "non-compliant", detail });

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** One resource of a synthesized stack. */
export interface ResourceView {
  readonly type: string;
  /** Logical id (`Audit_Trail_3BF4E139`). */
  readonly name: string;
  /** Terraform address (`aws_cloudtrail.Audit_Trail_3BF4E139`). */
  readonly address: string;
  /** Construct path below the stack (`Audit/Trail`). */
  readonly path: string;
  /** The resource's arguments, tokens resolved to Terraform expressions. */
  readonly config: Json;
}

/** Read-only access to the other resources of the stack, for rules that relate resources. */
export interface StackView {
  resources(type: string): readonly ResourceView[];
  /** Resources of `type` whose `attribute` names `target` (by reference or by literal name). */
  attachedTo(type: string, target: ResourceView, attribute?: string): readonly ResourceView[];
  /** Buckets a trail of this stack writes its log files to. */
  isTrailBucket(bucket: ResourceView): boolean;
  /** CIS monitoring controls turned off by configuration, by key. */
  readonly disabledMonitoringControls: readonly string[];
  /** The AWS provider's default tags, which every taggable resource of the stack carries. */
  readonly defaultTags: Readonly<Record<string, string>>;
  /** The bucket of the stack's S3 backend (its Terraform state), when it has one. */
  readonly backendBucket: string | undefined;
}

export interface Rule {
  /** Stable id, used in suppressions and reports. */
  readonly id: string;
  readonly level: "error" | "warning";
  /** One line: what compliant looks like. */
  readonly info: string;
  /** Why it matters. */
  readonly explanation: string;
  /**
   * CIS AWS Foundations Benchmark v5.0.0 recommendations the rule checks (the benchmark Security
   * Hub CSPM evaluates today), or "none" when the benchmark has no such recommendation.
   */
  readonly cisV5: readonly string[] | "none";
  /** The same recommendations in CIS v3.0.0 (still offered by Security Hub CSPM). */
  readonly cisV3?: readonly string[];
  /** The same recommendations in CIS v6.0.0 (2026), which renumbered the sections. */
  readonly cisV6?: readonly string[];
  /** AWS Security Hub CSPM control IDs with the same intent (see RULES.md for which standards evaluate them). */
  readonly securityHub?: readonly string[];
  readonly checkov?: readonly string[];
  /** Terraform resource types the rule looks at. */
  readonly resourceTypes: readonly string[];
  readonly evaluate: (resource: ResourceView, stack: StackView) => RuleResult;
}
