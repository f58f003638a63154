/**
 * The sections of review.md a stack gets (trail, buckets, evidence protection, alarms, roles,
 * compliance, cost), and the Markdown helpers they share. review/report.ts puts them together.
 */
import { ALL_RULES, RULES, type Evaluation } from "../compliance/pack";
import { deniesInsecureTransport } from "../compliance/rules/s3-tls-only";
import { WILDCARD_MANAGED_POLICIES } from "../compliance/rules/iam-no-wildcard-admin";
import { asList, awsManagedPolicyName, field, fieldSelectors, s3ObjectSelectors, statementsOf } from "../compliance/rules/util";
import type { ResourceView, StackView } from "../compliance/types";
import { CIS_MONITORING_CONTROLS } from "../constructs/cis-monitoring";
import { PRICED_REGIONS } from "../facts/prices";
import type { BilledResources, CostEstimate } from "./cost";

// Synthesized Terraform JSON is read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const code = (v: unknown): string => `\`${String(v).replace(/`/g, "'")}\``;
/** Free text in Markdown: angle brackets and asterisks would be read as HTML and emphasis. */
const text = (v: string): string => v.replace(/[<>*_]/g, "\\$&");
const yesNo = (v: boolean): string => (v ? "yes" : "**no**");
export const usd = (v: number): string => `$${v.toFixed(2)}`;
export const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(" | ")} |`,
  `| ${head.map(() => "---").join(" | ")} |`,
  ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ")} |`),
  "",
];

/** The configuration of the first resource of `type` attached to `target` (by `bucket`, or `attribute`). */
const firstAttached = (view: StackView, type: string, target: ResourceView, attribute?: string): Json => view.attachedTo(type, target, attribute)[0]?.config;

/** The deny of any request not made over TLS that every bucket and topic policy here carries. */
/** A deny of requests without TLS, on any service: not evidence protection (the bucket column uses S3-4's stricter test). */
const isTlsDeny = (s: Json): boolean => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false";

const isBroad = (s: Json): boolean =>
  s.Effect === "Allow" && (asList(s.Resource).includes("*") || asList(s.Action).some((a: string) => a === "*" || a.endsWith(":*")));

function principalOf(trust: Json[]): string {
  return trust
    .map((s) => (typeof s.Principal === "string" ? s.Principal : Object.entries(s.Principal ?? {}).map(([k, v]) => `${k}: ${asList(v as string).join(", ")}`).join("; ")))
    .join("; ");
}

function conditionsOf(trust: Json[]): string {
  const parts = trust.flatMap((s) =>
    Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([op, keys]) =>
      Object.entries(keys).map(([k, v]) => `${op} ${k} = ${asList(v as string).join(", ")}`),
    ),
  );
  return parts.length > 0 ? parts.join("; ") : "none";
}

export function rolesSection(view: StackView): string[] {
  const roles = view.resources("aws_iam_role");
  if (roles.length === 0) return [];
  const out = ["### Roles", ""];
  const attachments = (role: ResourceView): Json[] => view.attachedTo("aws_iam_role_policy_attachment", role, "role").map((a) => a.config);
  const managed = (role: ResourceView): string[] => attachments(role).flatMap((a) => awsManagedPolicyName(String(a.policy_arn)) ?? []);
  // Broad as IAM-1 and IAM-2 judge them: administrator access, or every action of a service.
  const broad = (name: string): boolean => WILDCARD_MANAGED_POLICIES.has(name) || name.includes("FullAccess");
  out.push(
    ...table(
      ["role", "trusted by", "conditions", "AWS managed policies"],
      roles.map((role) => {
        const trust = statementsOf(role.config.assume_role_policy);
        const mp = managed(role);
        return [code(role.config.name), principalOf(trust), conditionsOf(trust), mp.length > 0 ? mp.map((p) => (broad(p) ? `**${p} (broad)**` : p)).join(", ") : "none"];
      }),
    ),
  );
  for (const role of roles) {
    const inline = view.attachedTo("aws_iam_role_policy", role, "role").map((p) => [String(p.config.name), p.config.policy] as const);
    const attachedArns = attachments(role).map((a) => a.policy_arn);
    const customer = view
      .resources("aws_iam_policy")
      .filter((p) => attachedArns.includes(`\${${p.address}.arn}`))
      .map((p) => [String(p.config.name), p.config.policy] as const);
    const policies = [...inline, ...customer];
    if (policies.length === 0) continue;
    out.push(`#### ${code(role.config.name)}`, "");
    for (const [policyName, policy] of policies) {
      out.push(`Policy ${code(policyName)}:`, "");
      out.push(
        ...table(
          ["effect", "actions", "resources", "conditions"],
          statementsOf(policy).map((s) => [
            isBroad(s) ? `**${s.Effect} (broad)**` : s.Effect,
            asList(s.Action).join(", "),
            asList(s.Resource).join(", "),
            s.Condition ? conditionsOf([s]) : "",
          ]),
        ),
      );
    }
  }
  return out;
}

export function trailSection(view: StackView): string[] {
  const out: string[] = [];
  for (const { config: t } of view.resources("aws_cloudtrail")) {
    out.push(`### Trail ${code(t.name)}`, "");
    out.push(
      `- Regions: ${t.is_multi_region_trail ? "all (multi-region)" : "**home region only**"}; global service events: ${yesNo(t.include_global_service_events === true)}`,
      `- Log file validation: ${yesNo(t.enable_log_file_validation === true)}; KMS encryption: ${yesNo(Boolean(t.kms_key_id))}`,
      `- Delivery: s3://${t.s3_bucket_name}/${t.s3_key_prefix ?? ""}; CloudWatch Logs: ${t.cloud_watch_logs_group_arn ? code(String(t.cloud_watch_logs_group_arn).replace(/:\*$/, "")) : "**none**"}`,
      `- Insights: ${asList(t.insight_selector).map((i: Json) => i.insight_type).join(", ") || "off"}`,
      "",
    );
    out.push(
      ...table(
        ["event selector", "fields"],
        asList(t.advanced_event_selector).map((s: Json) => [
          String(s.name ?? ""),
          asList(s.field_selector)
            .map((f: Json) => {
              const operator = Object.entries(f).find(([k]) => k !== "field");
              return operator ? `${f.field} ${operator[0]} ${asList(operator[1] as string[]).join(", ")}` : `${f.field} (no operator)`;
            })
            .join("; "),
        ]),
      ),
    );
  }
  return out;
}

/**
 * What a bucket's enabled lifecycle rules do, in the order S3 applies them to an object: moves
 * between storage classes, expiry of current versions, of old versions and of delete markers, and
 * the abort of incomplete uploads. Disabled rules are counted, not described.
 */
function lifecycleOf(configuration: Json | undefined): string {
  const rules = asList(configuration?.rule);
  const enabled = rules.filter((r: Json) => r.status === "Enabled");
  const parts = [
    enabled.flatMap((r: Json) => asList(r.transition).map((t: Json) => `${t.days} d ${t.storage_class}`)).join(", "),
    ...enabled.flatMap((r: Json) => asList(r.expiration).filter((e: Json) => e.days).map((e: Json) => `expire ${e.days} d`)),
    ...enabled.flatMap((r: Json) =>
      asList(r.noncurrent_version_expiration).map(
        (e: Json) => `old versions expire ${e.noncurrent_days} d${e.newer_noncurrent_versions ? ` (newest ${e.newer_noncurrent_versions} kept)` : ""}`,
      ),
    ),
    ...enabled.flatMap((r: Json) => asList(r.expiration).filter((e: Json) => e.expired_object_delete_marker === true).map(() => "expired delete markers removed")),
    ...enabled.flatMap((r: Json) => asList(r.abort_incomplete_multipart_upload).map((a: Json) => `uploads aborted after ${a.days_after_initiation} d`)),
    rules.length > enabled.length ? `**${rules.length - enabled.length} disabled rule(s)**` : "",
  ].filter(Boolean);
  return parts.join("; ") || "none";
}

export function bucketsSection(view: StackView): string[] {
  const buckets = view.resources("aws_s3_bucket");
  if (buckets.length === 0) return [];
  const rows = buckets.map((bucket) => {
    const b = bucket.config;
    const pab = firstAttached(view, "aws_s3_bucket_public_access_block", bucket);
    const sse = asList(firstAttached(view, "aws_s3_bucket_server_side_encryption_configuration", bucket)?.rule)[0]?.apply_server_side_encryption_by_default;
    const policy = firstAttached(view, "aws_s3_bucket_policy", bucket);
    const logging = firstAttached(view, "aws_s3_bucket_logging", bucket);
    const tls = statementsOf(policy?.policy).some(deniesInsecureTransport);
    const lifecycle = lifecycleOf(firstAttached(view, "aws_s3_bucket_lifecycle_configuration", bucket));
    return [
      code(b.bucket),
      yesNo(pab !== undefined && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => pab[k] === true)),
      yesNo(firstAttached(view, "aws_s3_bucket_ownership_controls", bucket)?.rule?.object_ownership === "BucketOwnerEnforced"),
      yesNo(firstAttached(view, "aws_s3_bucket_versioning", bucket)?.versioning_configuration?.status === "Enabled"),
      sse ? String(sse.sse_algorithm) : "**none**",
      yesNo(tls),
      logging ? `to ${code(logging.target_bucket)}` : "no",
      lifecycle,
      b.force_destroy ? "force_destroy" : b.lifecycle?.prevent_destroy ? "prevent_destroy" : "refuses if not empty",
    ];
  });
  return [
    "### Buckets",
    "",
    ...table(["bucket", "public access blocked", "ACLs disabled", "versioning", "encryption", "TLS only", "access logs", "lifecycle", "on destroy"], rows),
  ];
}

/**
 * Who may still tamper with the evidence: the explicit denies of each bucket, key and topic
 * policy, the principals they exempt, and the log bucket's Object Lock, as synthesized.
 */
export function evidenceSection(view: StackView): string[] {
  if (view.resources("aws_cloudtrail").length === 0) return [];
  const guarded = [
    ...view.resources("aws_s3_bucket").map((r) => {
      const policy = firstAttached(view, "aws_s3_bucket_policy", r);
      return [`bucket ${code(r.config.bucket)}`, policy?.policy, r, policy?.lifecycle] as const;
    }),
    ...view.resources("aws_kms_key").map((r) => [`key ${code(r.config.description)}`, r.config.policy, r, r.config.lifecycle] as const),
    ...view.resources("aws_sns_topic_policy").map((r) => [`topic policy ${code(r.path)}`, r.config.policy, r, r.config.lifecycle] as const),
  ];
  const rows = guarded.map(([what, policy, resource, lifecycle]) => {
    const denies = statementsOf(policy).filter((s) => s.Effect === "Deny" && !isTlsDeny(s));
    const exempt = [...new Set(denies.flatMap((s) => asList(s.Condition?.ArnNotEquals?.["aws:PrincipalArn"])))];
    const actions = denies.flatMap((s) => asList(s.Action)).length;
    const lock = resource.type === "aws_s3_bucket" ? firstAttached(view, "aws_s3_bucket_object_lock_configuration", resource)?.rule?.default_retention : undefined;
    return [
      what,
      denies.length > 0 ? `${denies.map((s) => code(s.Sid)).join(", ")} (${actions} actions)` : "**none**",
      exempt.length > 0 ? exempt.map(code).join(", ") : "-",
      resource.type !== "aws_s3_bucket" ? "-" : lock ? `${lock.mode}, ${lock.days} d` : "none",
      // The denies' resource checks the caller (BreakGlassGuard) before Terraform plans it.
      denies.length === 0 ? "-" : (lifecycle?.precondition?.length ?? 0) > 0 ? "plan stops for others" : "**no**",
    ];
  });
  if (rows.length === 0) return [];
  return ["### Evidence protection", "", ...table(["resource", "explicit denies", "exempt (break-glass)", "Object Lock", "who may apply"], rows)];
}

export function alarmsSection(view: StackView): string[] {
  const configs = (type: string): Json[] => view.resources(type).map((r) => r.config);
  const filters = configs("aws_cloudwatch_log_metric_filter");
  const alarms = configs("aws_cloudwatch_metric_alarm");
  if (alarms.length === 0) return [];
  const rows = CIS_MONITORING_CONTROLS.map((c) => {
    const filter = filters.find((f) => f.pattern === c.pattern);
    const alarm = alarms.find((a) => a.metric_name === filter?.metric_transformation?.name);
    return [c.cis, c.securityHub ?? "-", c.title, alarm ? code(alarm.alarm_name) : "**off**", alarm ? `>= ${alarm.threshold} in ${alarm.period / 60} min` : "-"];
  });
  const topics = configs("aws_sns_topic").map((t) => code(t.name));
  const emails = configs("aws_sns_topic_subscription").map((s) => String(s.endpoint));
  return [
    "### Security alarms",
    "",
    `Topic ${topics.join(", ")}; e-mail subscribers: ${emails.length > 0 ? emails.join(", ") + " (each must confirm)" : "**none**"}.`,
    "",
    ...table(["CIS", "Security Hub", "control", "alarm", "fires on"], rows),
  ];
}

export function complianceSection(evaluations: readonly Evaluation[]): string[] {
  // Organization rules have rows in the organization's stacks only, where they are evaluated.
  const rules = [...RULES, ...ALL_RULES.filter((r) => !RULES.includes(r) && evaluations.some((e) => e.rule === r.id))];
  const rows = rules.map((rule) => {
    const results = evaluations.filter((e) => e.rule === rule.id && e.outcome !== "not-applicable");
    const failed = results.filter((e) => e.outcome === "fail");
    const suppressed = results.filter((e) => e.outcome === "suppressed");
    const result =
      results.length === 0
        ? "not applicable"
        : failed.length > 0
          ? `**${rule.level === "error" ? "FAIL" : "WARN"}** (${failed.length})`
          : suppressed.length > 0
            ? `suppressed (${suppressed.length})`
            : "pass";
    const details = [
      ...failed.map((e) => `${code(e.path)}: ${text(e.message.slice(e.message.indexOf(" (") + 2, -1))}`),
      ...suppressed.map((e) => `${code(e.path)}: suppressed, "${text(e.reason ?? "")}"`),
    ].join("; ");
    const ids = (values: readonly string[] | "none" | undefined): string => (values === "none" ? "none" : values?.length ? values.join(", ") : "-");
    return [rule.id, rule.level, text(rule.info), result, String(results.length), ids(rule.cisV5), ids(rule.securityHub), ids(rule.checkov), details];
  });
  return ["### Compliance", "", ...table(["rule", "level", "checks that", "result", "resources", "CIS v5.0.0", "Security Hub", "checkov", "findings"], rows)];
}

/** What the stack says about the resources that cost money. */
export function billedResources(view: StackView, managementEventsCopy: "first" | "paid", region: string): BilledResources | undefined {
  const trail = view.resources("aws_cloudtrail")[0]?.config;
  if (!trail) return undefined;
  const glacier = view
    .resources("aws_s3_bucket_lifecycle_configuration")
    .flatMap((l) => asList(l.config.rule))
    .flatMap((r: Json) => asList(r.transition))
    .find((t: Json) => t.days === 90)?.storage_class;
  const recorded = s3ObjectSelectors(trail).flatMap((s) => s.prefixes);
  const stateBucket = view.backendBucket === undefined ? undefined : `arn:aws:s3:::${view.backendBucket}/`;
  const selectors = fieldSelectors(trail);
  const categoryOf = (f: Json[]): string[] => asList(field(f, "eventCategory")?.equals);
  const network = selectors.filter((f) => categoryOf(f).includes("NetworkActivity"));
  return {
    region,
    insights: asList(trail.insight_selector).length > 0,
    dataEventBuckets: recorded.filter((p) => p !== stateBucket).length,
    stateBucketDataEvents: stateBucket !== undefined && recorded.includes(stateBucket),
    managementEventsCopy,
    ...(trail.is_organization_trail === true ? { organizationTrail: true } : {}),
    glacierStorageClass: glacier === "GLACIER_IR" ? "GLACIER_IR" : "GLACIER",
    logRetentionDays: view.resources("aws_cloudwatch_log_group")[0]?.config.retention_in_days ?? 0,
    kmsKeys: view.resources("aws_kms_key").length,
    alarms: view.resources("aws_cloudwatch_metric_alarm").length,
    mlDataEventTypes: selectors.filter((f) => categoryOf(f).includes("Data") && !asList(field(f, "resources.type")?.equals).includes("AWS::S3::Object")).length,
    // Priced as refused requests only when every source records only those (none recorded: no line either way).
    networkActivity: { sources: network.length, errorsOnly: network.every((f) => field(f, "errorCode") !== undefined) },
  };
}

export function costSection(estimate: CostEstimate): string[] {
  const a = estimate.assumptions;
  const prices = [...new Set(estimate.lines.map((l) => l.price))];
  return [
    "### Monthly cost estimate",
    "",
    `Month ${a.month} of operation; workload: ${a.managementEventsPerMonth} management events (${a.writeEventShare * 100}% writes), ` +
      `${a.dataEventsPerMonth} data events on the data buckets and ${a.stateBucketDataEventsPerMonth} on the state bucket, ` +
      `${a.logGbPerMonth} GB of log files and ${a.cloudWatchLogsGbPerMonth} GB into CloudWatch Logs, ${a.kmsRequestsPerMonth} KMS requests per month, ` +
      `${a.mlDataEventsPerMonth} data events per ML resource type recorded, ${a.networkActivityEventsPerMonth} requests per VPC endpoint event source recorded (${a.vpceDeniedShare * 100}% refused) ` +
      "(`costAssumptions` in cdktf.json). Log files under 128 KB stay in STANDARD, which changes storage lines by cents at this volume.",
    "",
    ...table(
      ["item", "quantity", "unit price", "formula", "per month"],
      estimate.lines.map((l) => [
        l.item,
        String(Math.round(l.quantity * 1000) / 1000),
        `$${l.price.usd} / ${l.price.unit}${l.assumed ? " (us-east-1 price assumed)" : ""}`,
        l.formula,
        usd(l.usd),
      ]),
    ),
    `**Total: ${usd(estimate.totalUsd)} per month** (the sum of the lines above).`,
    "",
    estimate.lines.some((l) => l.assumed)
      ? `**Prices are assumed:** the price table has list prices for ${PRICED_REGIONS.join(", ")} only; this region is priced at us-east-1's, ` +
        "and S3 and CloudWatch Logs cost more in most other regions."
      : `Prices: list prices of this region (${PRICED_REGIONS.join(", ")} share us-east-1's).`,
    "",
    ...table(["price", "source", "checked"], prices.map((p) => [`$${p.usd} / ${p.unit}`, p.source, p.checked])),
  ];
}
