/**
 * The review report: what an engineer approving `terraform plan` needs to know about the
 * synthesized stacks, read from cdktf.out alone. Plain Markdown: tables where people compare,
 * short lines elsewhere.
 */
import type { Evaluation, Summary } from "../compliance/pack";
import { asList } from "../compliance/rules/util";
import { stackView } from "../compliance/stack-view";
import { createHash } from "node:crypto";
import { EXAMPLE_ACCOUNT_ID } from "../facts/example-account";
import type { CostAssumptions } from "../facts/cost-assumptions";
import { estimateCost, type CostEstimate } from "./cost";
import { guardrailsSection } from "./guardrails-section";
import { alarmsSection, billedResources, bucketsSection, code, complianceSection, costSection, evidenceSection, rolesSection, table, trailSection, usd } from "./sections";

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface StackInput {
  readonly name: string;
  /** cdk.tf.json as written: the stamp is computed from these bytes. */
  readonly text: string;
  readonly json: Json;
  /** The workload to price; only foundation stacks (with a trail) get an estimate. */
  readonly costAssumptions?: CostAssumptions;
  /** How the workload was derived, shown above the estimate (the organization trail's). */
  readonly workloadNote?: string;
}

/** What the configuration says about one environment, for the header. */
export interface EnvironmentSummary {
  readonly environment: string;
  readonly accountId: string;
  readonly accountIdIsExample: boolean;
  readonly region: string;
  /** The names of its stacks (state, then foundation). */
  readonly stacks: readonly string[];
}

/** How many resources a synthesized stack declares. */
export const resourceCount = (json: Json): number => Object.values((json.resource ?? {}) as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);

/** The environment a stack belongs to, by its name. */
export function environmentOf(input: Pick<ReviewInput, "environments">, stack: string): string | undefined {
  return input.environments.find((e) => e.stacks.includes(stack))?.environment;
}

export interface ReviewInput {
  readonly stacks: readonly StackInput[];
  readonly environments: readonly EnvironmentSummary[];
  /** The accounts of the organization, when one is configured: its trail delivers their first copy of management events. */
  readonly organizationAccounts?: readonly string[];
  /** The commit the stacks were synthesized from, when the project is a git work tree. */
  readonly git?: { readonly commit: string; readonly dirty: boolean };
}

export interface Review {
  readonly markdown: string;
  /** One line per stack, for the terminal. */
  readonly summary: readonly string[];
  readonly costs: Readonly<Record<string, CostEstimate>>;
  /** sha256 of the synthesized stacks (names and bytes): the same stacks give the same stamp. */
  readonly stamp: string;
  /** Failed findings of level error, over all stacks. */
  readonly errors: number;
}

/** sha256 over each stack's name and cdk.tf.json bytes, in name order. */
export function stampOf(stacks: readonly Pick<StackInput, "name" | "text">[]): string {
  const hash = createHash("sha256");
  for (const s of [...stacks].sort((a, b) => a.name.localeCompare(b.name))) hash.update(`${s.name}\0${s.text}\0`);
  return hash.digest("hex");
}

const summaryOf = (json: Json): { summary?: Summary; evaluations: Evaluation[] } => ({
  summary: json["//"]?.compliance?.summary,
  evaluations: json["//"]?.compliance?.evaluations ?? [],
});

/** The account a stack's provider is pinned to (allowed_account_ids). */
const accountOf = (json: Json): string | undefined => asList(json.provider?.aws?.[0]?.allowed_account_ids)[0];
const regionOf = (json: Json): string => json.provider?.aws?.[0]?.region ?? "us-east-1";

function header(input: ReviewInput, stamp: string): string[] {
  const out = ["# Review of the synthesized stacks", ""];
  const examples = input.environments.filter((e) => e.accountIdIsExample);
  if (examples.length > 0) {
    out.push(
      `> **WARNING: ${examples.map((e) => e.environment).join(", ")} ${examples.length > 1 ? "use" : "uses"} the documented example account ${EXAMPLE_ACCOUNT_ID}.** ` +
        "These stacks cannot be deployed to a real account; set `accountId` in cdktf.json (or MLOPS_ACCOUNT_ID), synthesize and review again.",
      "",
    );
  }
  out.push(
    ...table(
      ["reviewed", "value"],
      [
        ["Environments", input.environments.map((e) => e.environment).join(", ")],
        ["Accounts", [...new Set(input.environments.map((e) => (e.accountIdIsExample ? `${e.accountId} (**example account**)` : e.accountId)))].join(", ")],
        ["Regions", [...new Set(input.environments.map((e) => e.region))].join(", ")],
        ["Stacks", input.stacks.map((s) => code(s.name)).join(", ")],
        ["Git commit", input.git ? `${input.git.commit}${input.git.dirty ? " (with uncommitted changes)" : ""}` : "unknown (not a git work tree)"],
        ["Stamp", `sha256 ${stamp} of the stacks' cdk.tf.json; \`npm run review\` refuses output that no longer matches the configuration`],
      ],
    ),
  );
  return out;
}

export function renderReview(input: ReviewInput): Review {
  const stamp = stampOf(input.stacks);
  const lines: string[] = [];
  const costs: Record<string, CostEstimate> = {};
  const overview: string[][] = [];
  const sections: string[] = [];
  // CloudTrail delivers an account's first copy of management events free; each further trail pays.
  // An organization trail (synthesized whenever there are organization accounts) is the first copy
  // in every account of the organization.
  const firstCopyTaken = new Set<string>(input.organizationAccounts ?? []);
  let errors = 0;
  for (const stack of input.stacks) {
    const { summary, evaluations } = summaryOf(stack.json);
    errors += summary?.errors ?? 0;
    const counts = Object.entries(stack.json.resource ?? {})
      .map(([type, byName]) => [type, Object.keys(byName as object).length] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    const total = counts.reduce((n, [, c]) => n + c, 0);
    const view = stackView(stack.json);
    let copy: "first" | "paid" = "first";
    if (view.resources("aws_cloudtrail").length > 0 && view.resources("aws_cloudtrail")[0].config.is_organization_trail !== true) {
      const account = accountOf(stack.json) ?? stack.name;
      copy = firstCopyTaken.has(account) ? "paid" : "first";
      firstCopyTaken.add(account);
    }
    const billed = billedResources(view, copy, regionOf(stack.json));
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
    sections.push(...trailSection(view), ...bucketsSection(view), ...evidenceSection(view), ...alarmsSection(view), ...rolesSection(view), ...guardrailsSection(view));
    sections.push(...complianceSection(evaluations));
    if (estimate) sections.push(...(stack.workloadNote ? ["", stack.workloadNote] : []), ...costSection(estimate));
  }
  const byEnvironment = input.environments.length > 1 ? environmentRows(input, costs) : [];
  const md = [
    ...header(input, stamp),
    ...(byEnvironment.length > 0 ? table(["environment", "account", "region", "resources", "errors", "warnings", "est. per month"], byEnvironment) : []),
    ...table(["stack", "resources", "compliance", "est. per month"], overview),
    ...sections,
  ];
  const environmentLines = byEnvironment.map(([env, account, region, resources, errs, warnings, cost]) => `${env} (${account}, ${region}): ${resources} resources, ${errs} errors, ${warnings} warnings, ${cost}/month`);
  return { markdown: md.join("\n"), summary: [...environmentLines, ...lines], costs, stamp, errors };
}

/** One row per environment, in the order configured: account, region, resources, failed findings and the estimate over its stacks. */
function environmentRows(input: ReviewInput, costs: Readonly<Record<string, CostEstimate>>): string[][] {
  return input.environments.map((e) => {
    const stacks = input.stacks.filter((s) => e.stacks.includes(s.name));
    const sum = (f: (s: StackInput) => number): number => stacks.reduce((n, s) => n + f(s), 0);
    const resources = sum((s) => resourceCount(s.json));
    const count = (level: string): number => sum((s) => summaryOf(s.json).evaluations.filter((x) => x.outcome === "fail" && x.level === level).length);
    return [
      e.environment,
      e.accountIdIsExample ? `${e.accountId} (example)` : e.accountId,
      e.region,
      String(resources),
      String(count("error")),
      String(count("warning")),
      usd(sum((s) => costs[s.name]?.totalUsd ?? 0)),
    ];
  });
}
