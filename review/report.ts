/**
 * The review report: what an engineer approving `terraform plan` needs to know about the
 * synthesized stacks, read from cdktf.out alone. Plain Markdown: tables where people compare,
 * short lines elsewhere.
 */
import { RULES, type Evaluation, type Summary } from "../compliance/pack";
import { asList, statementsOf } from "../compliance/rules/util";
import { stackView } from "../compliance/stack-view";
import type { ResourceView, StackView } from "../compliance/types";
import { CIS_MONITORING_CONTROLS } from "../constructs/cis-monitoring";
import { estimateCost, type BilledResources, type CostAssumptions, type CostEstimate } from "./cost";

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface StackInput {
  readonly name: string;
  readonly json: Json;
  /** The workload to price; only foundation stacks (with a trail) get an estimate. */
  readonly costAssumptions?: CostAssumptions;
}

export interface Review {
  readonly markdown: string;
  /** One line per stack, for the terminal. */
  readonly summary: readonly string[];
  readonly costs: Readonly<Record<string, CostEstimate>>;
}

const code = (v: unknown): string => `\`${String(v).replace(/`/g, "'")}\``;
/** Free text in Markdown: angle brackets and asterisks would be read as HTML and emphasis. */
const text = (v: string): string => v.replace(/[<>*_]/g, "\\$&");
const yesNo = (v: boolean): string => (v ? "yes" : "**no**");
const usd = (v: number): string => `$${v.toFixed(2)}`;
const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.join(" | ")} |`,
  `| ${head.map(() => "---").join(" | ")} |`,
  ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ")} |`),
  "",
];

/** The configuration of the first resource of `type` attached to `target` (by `bucket`, or `attribute`). */
const firstAttached = (view: StackView, type: string, target: ResourceView, attribute?: string): Json => view.attachedTo(type, target, attribute)[0]?.config;

/** The deny of any request not made over TLS that every bucket and topic policy here carries. */
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

function rolesSection(view: StackView): string[] {
  const roles = view.resources("aws_iam_role");
  if (roles.length === 0) return [];
  const out = ["### Roles", ""];
  const attachments = (role: ResourceView): Json[] => view.attachedTo("aws_iam_role_policy_attachment", role, "role").map((a) => a.config);
  const managed = (role: ResourceView): string[] =>
    attachments(role)
      .map((a) => String(a.policy_arn))
      .filter((arn) => arn.startsWith("arn:aws:iam::aws:policy/"))
      .map((arn) => arn.slice(arn.lastIndexOf("/") + 1));
  out.push(
    ...table(
      ["role", "trusted by", "conditions", "AWS managed policies"],
      roles.map((role) => {
        const trust = statementsOf(role.config.assume_role_policy);
        const mp = managed(role);
        return [code(role.config.name), principalOf(trust), conditionsOf(trust), mp.length > 0 ? mp.map((p) => (p.endsWith("FullAccess") ? `**${p} (broad)**` : p)).join(", ") : "none"];
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

function trailSection(view: StackView): string[] {
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
              const [op, values] = Object.entries(f).find(([k]) => k !== "field") ?? ["", []];
              return `${f.field} ${op} ${asList(values as string[]).join(", ")}`;
            })
            .join("; "),
        ]),
      ),
    );
  }
  return out;
}

function bucketsSection(view: StackView): string[] {
  const buckets = view.resources("aws_s3_bucket");
  if (buckets.length === 0) return [];
  const rows = buckets.map((bucket) => {
    const b = bucket.config;
    const pab = firstAttached(view, "aws_s3_bucket_public_access_block", bucket);
    const sse = asList(firstAttached(view, "aws_s3_bucket_server_side_encryption_configuration", bucket)?.rule)[0]?.apply_server_side_encryption_by_default;
    const policy = firstAttached(view, "aws_s3_bucket_policy", bucket);
    const logging = firstAttached(view, "aws_s3_bucket_logging", bucket);
    const tls = statementsOf(policy?.policy).some(isTlsDeny);
    const lifecycle = firstAttached(view, "aws_s3_bucket_lifecycle_configuration", bucket);
    const transitions = asList(lifecycle?.rule)
      .flatMap((r: Json) => asList(r.transition).map((t: Json) => `${t.days} d ${t.storage_class}`))
      .join(", ");
    const expiry = asList(lifecycle?.rule)
      .flatMap((r: Json) => asList(r.expiration).filter((e: Json) => e.days).map((e: Json) => `expire ${e.days} d`))
      .join(", ");
    return [
      code(b.bucket),
      yesNo(pab !== undefined && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => pab[k] === true)),
      yesNo(firstAttached(view, "aws_s3_bucket_ownership_controls", bucket)?.rule?.object_ownership === "BucketOwnerEnforced"),
      yesNo(firstAttached(view, "aws_s3_bucket_versioning", bucket)?.versioning_configuration?.status === "Enabled"),
      sse ? String(sse.sse_algorithm) : "**none**",
      yesNo(tls),
      logging ? `to ${code(logging.target_bucket)}` : "no",
      [transitions, expiry].filter(Boolean).join("; ") || "none",
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
function evidenceSection(view: StackView): string[] {
  if (view.resources("aws_cloudtrail").length === 0) return [];
  const guarded = [
    ...view.resources("aws_s3_bucket").map((r) => [`bucket ${code(r.config.bucket)}`, firstAttached(view, "aws_s3_bucket_policy", r)?.policy, r] as const),
    ...view.resources("aws_kms_key").map((r) => [`key ${code(r.config.description)}`, r.config.policy, r] as const),
    ...view.resources("aws_sns_topic_policy").map((r) => [`topic policy ${code(r.path)}`, r.config.policy, r] as const),
  ];
  const rows = guarded.map(([what, policy, resource]) => {
    const denies = statementsOf(policy).filter((s) => s.Effect === "Deny" && !isTlsDeny(s));
    const exempt = [...new Set(denies.flatMap((s) => asList(s.Condition?.ArnNotEquals?.["aws:PrincipalArn"])))];
    const actions = denies.flatMap((s) => asList(s.Action)).length;
    const lock = resource.type === "aws_s3_bucket" ? firstAttached(view, "aws_s3_bucket_object_lock_configuration", resource)?.rule?.default_retention : undefined;
    return [
      what,
      denies.length > 0 ? `${denies.map((s) => code(s.Sid)).join(", ")} (${actions} actions)` : "**none**",
      exempt.length > 0 ? exempt.map(code).join(", ") : "-",
      resource.type !== "aws_s3_bucket" ? "-" : lock ? `${lock.mode}, ${lock.days} d` : "none",
    ];
  });
  if (rows.length === 0) return [];
  return ["### Evidence protection", "", ...table(["resource", "explicit denies", "exempt (break-glass)", "Object Lock"], rows)];
}

function alarmsSection(view: StackView): string[] {
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

function complianceSection(evaluations: readonly Evaluation[]): string[] {
  const rows = RULES.map((rule) => {
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
    return [rule.id, rule.level, text(rule.info), result, String(results.length), details];
  });
  return ["### Compliance", "", ...table(["rule", "level", "checks that", "result", "resources", "findings"], rows)];
}

/** What the stack says about the resources that cost money. */
export function billedResources(view: StackView): BilledResources | undefined {
  const trail = view.resources("aws_cloudtrail")[0]?.config;
  if (!trail) return undefined;
  const glacier = view
    .resources("aws_s3_bucket_lifecycle_configuration")
    .flatMap((l) => asList(l.config.rule))
    .flatMap((r: Json) => asList(r.transition))
    .find((t: Json) => t.days === 90)?.storage_class;
  return {
    insights: asList(trail.insight_selector).length > 0,
    dataEvents: asList(trail.advanced_event_selector).some((s: Json) => asList(s.field_selector).some((f: Json) => asList(f.equals).includes("Data"))),
    glacierStorageClass: glacier === "GLACIER_IR" ? "GLACIER_IR" : "GLACIER",
    logRetentionDays: view.resources("aws_cloudwatch_log_group")[0]?.config.retention_in_days ?? 0,
    kmsKeys: view.resources("aws_kms_key").length,
    alarms: view.resources("aws_cloudwatch_metric_alarm").length,
  };
}

function costSection(estimate: CostEstimate): string[] {
  const a = estimate.assumptions;
  const prices = [...new Set(estimate.lines.map((l) => l.price))];
  return [
    "### Monthly cost estimate",
    "",
    `Month ${a.month} of operation; workload: ${a.managementEventsPerMonth} management events (${a.writeEventShare * 100}% writes), ${a.dataEventsPerMonth} data events, ` +
      `${a.logGbPerMonth} GB of log files and ${a.cloudWatchLogsGbPerMonth} GB into CloudWatch Logs, ${a.kmsRequestsPerMonth} KMS requests per month ` +
      "(`costAssumptions` in cdktf.json). Log files under 128 KB stay in STANDARD, which changes storage lines by cents at this volume.",
    "",
    ...table(
      ["item", "quantity", "unit price", "formula", "per month"],
      estimate.lines.map((l) => [l.item, String(Math.round(l.quantity * 1000) / 1000), `$${l.price.usd} / ${l.price.unit}`, l.formula, usd(l.usd)]),
    ),
    `**Total: ${usd(estimate.totalUsd)} per month** (the sum of the lines above, us-east-1 prices).`,
    "",
    ...table(["price", "source", "checked"], prices.map((p) => [`$${p.usd} / ${p.unit}`, p.source, p.checked])),
  ];
}

const summaryOf = (json: Json): { summary?: Summary; evaluations: Evaluation[] } => ({
  summary: json["//"]?.compliance?.summary,
  evaluations: json["//"]?.compliance?.evaluations ?? [],
});

export function renderReview(stacks: readonly StackInput[]): Review {
  const md = ["# Review of the synthesized stacks", ""];
  const lines: string[] = [];
  const costs: Record<string, CostEstimate> = {};
  const overview: string[][] = [];
  const sections: string[] = [];
  for (const stack of stacks) {
    const { summary, evaluations } = summaryOf(stack.json);
    const counts = Object.entries(stack.json.resource ?? {})
      .map(([type, byName]) => [type, Object.keys(byName as object).length] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    const total = counts.reduce((n, [, c]) => n + c, 0);
    const view = stackView(stack.json);
    const billed = billedResources(view);
    const estimate = billed && stack.costAssumptions ? estimateCost(billed, stack.costAssumptions) : undefined;
    if (estimate) costs[stack.name] = estimate;
    const compliance = summary
      ? `${summary.passed}/${summary.checks} passed, ${summary.errors} errors, ${summary.warnings} warnings, ${summary.suppressed} suppressed`
      : "not evaluated";
    overview.push([code(stack.name), String(total), compliance, estimate ? usd(estimate.totalUsd) : "-"]);
    lines.push(`${stack.name}: ${total} resources; compliance ${compliance}${estimate ? `; about ${usd(estimate.totalUsd)}/month` : ""}`);

    const backend = Object.entries(stack.json.terraform?.backend ?? {})[0] as [string, Json] | undefined;
    sections.push(`## ${stack.name}`, "");
    sections.push(
      backend
        ? `Backend: ${backend[0]} ${Object.entries(backend[1])
            .map(([k, v]) => `${k}=${code(v)}`)
            .join(", ")}`
        : "Backend: local (default)",
      "",
    );
    sections.push("### Resources", "", ...table(["type", "count"], counts.map(([t, c]) => [code(t), String(c)])));
    sections.push(...trailSection(view), ...bucketsSection(view), ...evidenceSection(view), ...alarmsSection(view), ...rolesSection(view));
    sections.push(...complianceSection(evaluations));
    if (estimate) sections.push(...costSection(estimate));
  }
  md.push(...table(["stack", "resources", "compliance", "est. per month"], overview), ...sections);
  return { markdown: md.join("\n"), summary: lines, costs };
}
