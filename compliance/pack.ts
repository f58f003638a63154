import { Annotations, Lazy, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { alarmActions } from "./rules/alarm-actions";
import { alarmSubscribers } from "./rules/alarm-subscribers";
import { cloudTrailCloudWatchLogs } from "./rules/cloudtrail-cloudwatch-logs";
import { cloudTrailDataEvents } from "./rules/cloudtrail-data-events";
import { cloudTrailKms } from "./rules/cloudtrail-kms";
import { cloudTrailLogValidation } from "./rules/cloudtrail-log-validation";
import { cloudTrailMultiRegion } from "./rules/cloudtrail-multi-region";
import { cloudTrailStateBucketEvents } from "./rules/cloudtrail-state-bucket-events";
import { evidenceProtection } from "./rules/evidence-protection";
import { iamConfusedDeputy } from "./rules/iam-confused-deputy";
import { iamFullAccessManagedPolicy } from "./rules/iam-full-access-managed-policy";
import { iamIrsaConditions } from "./rules/iam-irsa-conditions";
import { cloudTrailEventSelectors } from "./rules/cloudtrail-event-selectors";
import { iamPodIdentityTrust } from "./rules/iam-pod-identity-trust";
import { iamNoWildcardAdmin } from "./rules/iam-no-wildcard-admin";
import { iamSinglePrincipal } from "./rules/iam-single-principal";
import { kmsNoOpenPrincipal } from "./rules/kms-no-open-principal";
import { kmsRotation } from "./rules/kms-rotation";
import { logGroupKms } from "./rules/log-group-kms";
import { logGroupRetention } from "./rules/log-group-retention";
import { monitoringCisControls } from "./rules/monitoring-cis-controls";
import { s3AbortIncompleteUploads } from "./rules/s3-abort-incomplete-uploads";
import { s3AccessLogging } from "./rules/s3-access-logging";
import { s3AclsDisabled } from "./rules/s3-acls-disabled";
import { s3KmsEncryption } from "./rules/s3-kms-encryption";
import { s3Lifecycle } from "./rules/s3-lifecycle";
import { s3PublicAccessBlock } from "./rules/s3-public-access-block";
import { s3TlsOnly } from "./rules/s3-tls-only";
import { s3Versioning } from "./rules/s3-versioning";
import { tagged } from "./rules/tagged";
import { organizationArchiveWrites } from "./rules/org-archive-writes";
import { organizationGuardrails } from "./rules/org-guardrails";
import { stackView } from "./stack-view";
import type { Json, Rule } from "./types";

/** The pack: every rule, in report order. */
export const RULES: readonly Rule[] = [
  cloudTrailMultiRegion,
  cloudTrailLogValidation,
  cloudTrailKms,
  cloudTrailCloudWatchLogs,
  cloudTrailDataEvents,
  cloudTrailStateBucketEvents,
  cloudTrailEventSelectors,
  evidenceProtection,
  s3AccessLogging,
  s3PublicAccessBlock,
  s3Versioning,
  s3TlsOnly,
  s3KmsEncryption,
  s3Lifecycle,
  s3AbortIncompleteUploads,
  s3AclsDisabled,
  kmsRotation,
  kmsNoOpenPrincipal,
  logGroupRetention,
  logGroupKms,
  iamNoWildcardAdmin,
  iamFullAccessManagedPolicy,
  iamSinglePrincipal,
  iamConfusedDeputy,
  iamIrsaConditions,
  iamPodIdentityTrust,
  monitoringCisControls,
  alarmActions,
  alarmSubscribers,
  tagged,
];

/**
 * The rules of organization mode, evaluated on the organization's stacks only: the single-account
 * stacks' records stay as they were.
 */
export const ORGANIZATION_RULES: readonly Rule[] = [organizationGuardrails, organizationArchiveWrites];

/** Every rule, for the documentation and the reports. */
export const ALL_RULES: readonly Rule[] = [...RULES, ...ORGANIZATION_RULES];

export interface Suppression {
  /** The rule suppressed. */
  readonly id: string;
  /** Why the finding is acceptable here (at least 10 characters). */
  readonly reason: string;
}

const SUPPRESSIONS = "mlops/compliance-suppression";

/**
 * Suppresses rules for a construct and everything below it. Each suppression names a rule of the
 * pack and gives a reason; the report lists suppressed findings with that reason.
 */
export function suppress(construct: IConstruct, suppressions: readonly Suppression[]): void {
  for (const s of suppressions) {
    if (!RULES.some((r) => r.id === s.id)) {
      throw new Error(`suppress: unknown rule "${s.id}" on ${construct.node.path}; rules are ${RULES.map((r) => r.id).join(", ")}`);
    }
    if (typeof s.reason !== "string" || s.reason.trim().length < 10) {
      throw new Error(`suppress: rule ${s.id} on ${construct.node.path} needs a reason of at least 10 characters, got ${JSON.stringify(s.reason ?? "")}`);
    }
    construct.node.addMetadata(SUPPRESSIONS, { id: s.id, reason: s.reason.trim() });
  }
}

export type Outcome = "pass" | "fail" | "suppressed" | "not-applicable";

export interface Evaluation {
  readonly rule: string;
  readonly level: "error" | "warning";
  readonly outcome: Outcome;
  /** Construct path below the stack. */
  readonly path: string;
  readonly address: string;
  /** `<id>: <info> (<detail>)` for failures and suppressions; the rule's info otherwise. */
  readonly message: string;
  readonly reason?: string;
}

export interface EvaluateOptions {
  readonly disabledMonitoringControls?: readonly string[];
  /** The rules evaluated. @default RULES */
  readonly rules?: readonly Rule[];
  /** Suppressions that apply at a construct path (below the stack). */
  readonly suppressionsAt?: (path: string) => readonly Suppression[];
}

/** Evaluates every rule on every resource of one synthesized stack. Pure. */
export function evaluateStack(synthesized: Json, options: EvaluateOptions = {}): Evaluation[] {
  const view = stackView(synthesized, options.disabledMonitoringControls);
  const evaluations: Evaluation[] = [];
  for (const rule of options.rules ?? RULES) {
    for (const resource of rule.resourceTypes.flatMap((t) => view.resources(t))) {
      const result = rule.evaluate(resource, view);
      const base = { rule: rule.id, level: rule.level, path: resource.path, address: resource.address };
      if (result.status !== "non-compliant") {
        evaluations.push({ ...base, outcome: result.status === "compliant" ? "pass" : "not-applicable", message: `${rule.id}: ${rule.info}` });
        continue;
      }
      const message = `${rule.id}: ${rule.info} (${result.detail})`;
      const suppression = options.suppressionsAt?.(resource.path).find((s) => s.id === rule.id);
      evaluations.push(suppression ? { ...base, outcome: "suppressed", message, reason: suppression.reason } : { ...base, outcome: "fail", message });
    }
  }
  return evaluations;
}

export interface Summary {
  readonly rules: number;
  readonly checks: number;
  readonly passed: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

export function summarize(evaluations: readonly Evaluation[]): Summary {
  const count = (f: (e: Evaluation) => boolean): number => evaluations.filter(f).length;
  return {
    rules: new Set(evaluations.map((e) => e.rule)).size,
    checks: count((e) => e.outcome !== "not-applicable"),
    passed: count((e) => e.outcome === "pass"),
    errors: count((e) => e.outcome === "fail" && e.level === "error"),
    warnings: count((e) => e.outcome === "fail" && e.level === "warning"),
    suppressed: count((e) => e.outcome === "suppressed"),
  };
}

export const summaryLine = (s: Summary): string =>
  `compliance: ${s.passed}/${s.checks} checks passed (${s.rules} rules); ${s.errors} errors, ${s.warnings} warnings, ${s.suppressed} suppressed`;

/**
 * The compliance pack as a cdktf Aspect. On each stack it evaluates every rule against the
 * stack's resolved configuration, annotates each failing construct (errors stop `cdktf synth`,
 * listing every one; warnings are printed), and records all results in the stack's `//`
 * comment block, where `npm run review` reads them.
 */
export class CompliancePack implements IAspect {
  private readonly done = new WeakSet<IConstruct>();

  constructor(private readonly options: { readonly disabledMonitoringControls?: readonly string[]; readonly rules?: readonly Rule[] } = {}) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.done.has(node)) return;
    this.done.add(node);
    const stack = node;
    const byPath = new Map(stack.node.findAll().map((c) => [c.node.path.split("/").slice(1).join("/"), c]));
    const suppressionsAt = (path: string): Suppression[] => {
      const found: Suppression[] = [];
      // From the resource up to the stack itself ("").
      for (let p: string | undefined = path; p !== undefined; p = p === "" ? undefined : p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "") {
        for (const m of byPath.get(p)?.node.metadata ?? []) if (m.type === SUPPRESSIONS) found.push(m.data as Suppression);
      }
      return found;
    };
    // The record's place is declared before the stack is resolved, so that the one resolution the
    // rules read is also what cdk.tf.json gets (below).
    stack.addOverride("//.compliance", Lazy.anyValue({ produce: () => ({}) }));
    const resolved = stack.toTerraform();
    const evaluations = evaluateStack(resolved, { ...this.options, suppressionsAt });
    for (const e of evaluations.filter((x) => x.outcome === "fail")) {
      const annotations = Annotations.of(byPath.get(e.path) ?? stack);
      if (e.level === "error") annotations.addError(e.message);
      else annotations.addWarning(e.message);
    }
    const summary = summarize(evaluations);
    Annotations.of(stack).addInfo(summaryLine(summary));
    resolved["//"].compliance = { summary, evaluations };
    // Resolving a stack is the costliest step of a synthesis, and the synthesizer would resolve it
    // again to write cdk.tf.json. The pack is the stack's last aspect and the validations after it
    // only read, so the synthesizer writes this resolution, which now holds the record. (cdktf
    // writes with json-stable-stringify: key order cannot differ.)
    Object.defineProperty(stack, "toTerraform", { value: () => resolved, configurable: true, writable: true });
  }
}
