/**
 * The plan file `cleanup plan` writes and `cleanup apply` reads. Apply trusts nothing in it: the
 * file is checked against this schema (valibot) before anything is asked of the account, and a
 * file that does not fit is one line and exit 2, never a stack trace. Each item is re-checked
 * against the account and the configuration before it is deleted (cleanup/run.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import * as v from "valibot";
import { CannotRun } from "../aws/api";
import { KINDS, type Excluded, type PlanItem } from "./types";

export const PLAN_FORMAT = "mlops-foundation-cleanup-plan/1";

export interface Plan {
  readonly format: typeof PLAN_FORMAT;
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly project: string;
  readonly createdAt: string;
  /** In deletion order. */
  readonly items: readonly (PlanItem & { readonly order: number })[];
  readonly excluded: readonly Excluded[];
}

const text = v.pipe(v.string(), v.minLength(1));
const ITEM = v.object({
  id: text,
  kind: v.picklist(KINDS),
  name: text,
  arn: v.optional(v.string()),
  region: text,
  rule: v.string(),
  dependsOn: v.array(v.string()),
  cost: v.optional(v.string()),
  match: v.record(v.string(), v.unknown()),
  order: v.pipe(v.number(), v.integer()),
});
const PLAN = v.object({
  format: v.literal(PLAN_FORMAT),
  environment: text,
  accountId: v.pipe(v.string(), v.regex(/^\d{12}$/)),
  region: text,
  project: text,
  createdAt: v.string(),
  items: v.array(ITEM),
  excluded: v.array(v.object({ kind: v.picklist(KINDS), name: v.string(), why: v.string() })),
});

/** Reads and checks a plan file; every problem is a CannotRun naming the file and where in it. */
export function readPlan(file: string): Plan {
  if (!existsSync(file)) throw new CannotRun(`${file}: no such plan file; run npm run cleanup -- plan <environment> first`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CannotRun(`${file}: not a plan file (${(error as Error).message})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new CannotRun(`${file}: not a plan file of this tool: it must hold an object, got ${JSON.stringify(doc)}`);
  const result = v.safeParse(PLAN, doc);
  if (!result.success) {
    const issue = result.issues[0];
    const where = (issue.path ?? []).map((p) => (typeof p.key === "number" ? `[${p.key}]` : `.${String(p.key)}`)).join("").replace(/^\./, "");
    throw new CannotRun(
      `${file}: not a plan file of this tool: ${where} ` +
        (issue.input === undefined ? "is missing" : `must be ${issue.expected}, got ${JSON.stringify(issue.input).slice(0, 80)}`),
    );
  }
  const plan = result.output as Plan;
  const ids = new Set(plan.items.map((i) => i.id));
  for (const i of plan.items) {
    if (i.id !== `${i.kind}:${i.name}`) throw new CannotRun(`${file}: item ${JSON.stringify(i.id)} is not one this tool plans`);
    for (const d of i.dependsOn) if (!ids.has(d)) throw new CannotRun(`${file}: item ${i.id} depends on ${d}, which is not in the plan`);
  }
  return plan;
}
