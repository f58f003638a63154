/**
 * The review report: what an engineer approving `terraform plan` needs to know about the
 * synthesized stacks, read from cdktf.out alone. Plain Markdown: tables where people compare,
 * short lines elsewhere.
 */
import { RULES, type Evaluation, type Summary } from "../compliance/pack";
import { asList, statementsOf } from "../compliance/rules/util";
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

function resources(json: Json, type: string): [string, Json][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** Finds the resources of `type` whose `attribute` references resource `address`. */
function attached(json: Json, type: string, address: string, attribute = "bucket"): Json[] {
  return resources(json, type)
    .map(([, r]) => r)
    .filter((r) => typeof r[attribute] === "string" && r[attribute].startsWith(`\${${address}.`));
}

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

function rolesSection(json: Json): string[] {
  const roles = resources(json, "aws_iam_role");
  if (roles.length === 0) return [];
  const out = ["### Roles", ""];
  const managed = (address: string): string[] =>
    attached(json, "aws_iam_role_policy_attachment", address, "role")
      .map((a) => String(a.policy_arn))
      .filter((arn) => arn.startsWith("arn:aws:iam::aws:policy/"))
      .map((arn) => arn.slice(arn.lastIndexOf("/") + 1));
  out.push(
    ...table(
      ["role", "trusted by", "conditions", "AWS managed policies"],
      roles.map(([name, r]) => {
        const trust = statementsOf(r.assume_role_policy);
        const mp = managed(`aws_iam_role.${name}`);
        return [code(r.name), principalOf(trust), conditionsOf(trust), mp.length > 0 ? mp.map((p) => (p.endsWith("FullAccess") ? `**${p} (broad)**` : p)).join(", ") : "none"];
      }),
    ),
  );
  for (const [name, r] of roles) {
    const address = `aws_iam_role.${name}`;
    const inline = attached(json, "aws_iam_role_policy", address, "role").map((p) => [String(p.name), p.policy] as const);
    const customer = attached(json, "aws_iam_role_policy_attachment", address, "role")
      .map((a) => /^\$\{aws_iam_policy\.([^.]+)\.arn\}$/.exec(String(a.policy_arn))?.[1])
      .filter((id): id is string => id !== undefined)
      .map((id) => [String(json.resource.aws_iam_policy[id].name), json.resource.aws_iam_policy[id].policy] as const);
    const policies = [...inline, ...customer];
    if (policies.length === 0) continue;
    out.push(`#### ${code(r.name)}`, "");
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

function trailSection(json: Json): string[] {
  const out: string[] = [];
  for (const [, t] of resources(json, "aws_cloudtrail")) {
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

function bucketsSection(json: Json): string[] {
  const buckets = resources(json, "aws_s3_bucket");
  if (buckets.length === 0) return [];
  const rows = buckets.map(([name, b]) => {
    const address = `aws_s3_bucket.${name}`;
    const pab = attached(json, "aws_s3_bucket_public_access_block", address)[0];
    const sse = asList(attached(json, "aws_s3_bucket_server_side_encryption_configuration", address)[0]?.rule)[0]?.apply_server_side_encryption_by_default;
    const policy = attached(json, "aws_s3_bucket_policy", address)[0];
    const tls = statementsOf(policy?.policy).some((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false");
    const lifecycle = attached(json, "aws_s3_bucket_lifecycle_configuration", address)[0];
    const transitions = asList(lifecycle?.rule)
      .flatMap((r: Json) => asList(r.transition).map((t: Json) => `${t.days} d ${t.storage_class}`))
      .join(", ");
    const expiry = asList(lifecycle?.rule)
      .flatMap((r: Json) => asList(r.expiration).filter((e: Json) => e.days).map((e: Json) => `expire ${e.days} d`))
      .join(", ");
    return [
      code(b.bucket),
      yesNo(pab !== undefined && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => pab[k] === true)),
      yesNo(attached(json, "aws_s3_bucket_ownership_controls", address)[0]?.rule?.object_ownership === "BucketOwnerEnforced"),
      yesNo(attached(json, "aws_s3_bucket_versioning", address)[0]?.versioning_configuration?.status === "Enabled"),
      sse ? String(sse.sse_algorithm) : "**none**",
      yesNo(tls),
      attached(json, "aws_s3_bucket_logging", address)[0] ? `to ${code(attached(json, "aws_s3_bucket_logging", address)[0].target_bucket)}` : "no",
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

function alarmsSection(json: Json): string[] {
  const filters = resources(json, "aws_cloudwatch_log_metric_filter").map(([, f]) => f);
  const alarms = resources(json, "aws_cloudwatch_metric_alarm").map(([, a]) => a);
  if (alarms.length === 0) return [];
  const rows = CIS_MONITORING_CONTROLS.map((c) => {
    const filter = filters.find((f) => f.pattern === c.pattern);
    const alarm = alarms.find((a) => a.metric_name === filter?.metric_transformation?.name);
    return [c.cis, c.securityHub ?? "-", c.title, alarm ? code(alarm.alarm_name) : "**off**", alarm ? `>= ${alarm.threshold} in ${alarm.period / 60} min` : "-"];
  });
  const topics = resources(json, "aws_sns_topic").map(([, t]) => code(t.name));
  const emails = resources(json, "aws_sns_topic_subscription").map(([, s]) => String(s.endpoint));
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
export function billedResources(json: Json): BilledResources | undefined {
  const trail = resources(json, "aws_cloudtrail")[0]?.[1];
  if (!trail) return undefined;
  const glacier = resources(json, "aws_s3_bucket_lifecycle_configuration")
    .flatMap(([, l]) => asList(l.rule))
    .flatMap((r: Json) => asList(r.transition))
    .find((t: Json) => t.days === 90)?.storage_class;
  return {
    insights: asList(trail.insight_selector).length > 0,
    dataEvents: asList(trail.advanced_event_selector).some((s: Json) => asList(s.field_selector).some((f: Json) => asList(f.equals).includes("Data"))),
    glacierStorageClass: glacier === "GLACIER_IR" ? "GLACIER_IR" : "GLACIER",
    logRetentionDays: resources(json, "aws_cloudwatch_log_group")[0]?.[1].retention_in_days ?? 0,
    kmsKeys: resources(json, "aws_kms_key").length,
    alarms: resources(json, "aws_cloudwatch_metric_alarm").length,
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
    const billed = billedResources(stack.json);
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
    sections.push(...trailSection(stack.json), ...bucketsSection(stack.json), ...alarmsSection(stack.json), ...rolesSection(stack.json));
    sections.push(...complianceSection(evaluations));
    if (estimate) sections.push(...costSection(estimate));
  }
  md.push(...table(["stack", "resources", "compliance", "est. per month"], overview), ...sections);
  return { markdown: md.join("\n"), summary: lines, costs };
}
