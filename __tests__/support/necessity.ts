/**
 * Proves that the tables of evaluated decisions can fail: for every condition of a policy (one
 * operator and key of one statement), the policy is evaluated again without that condition, and
 * at least one row of the table must then get another decision. A condition no row notices is one
 * the proofs would let anyone delete.
 */
import { decide, type Decision, type Policies, type Request } from "./iam";

// Policy documents are untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface Proof {
  readonly policies: Policies;
  readonly request: Request;
  readonly expected: Decision;
  readonly mode?: "unsafe";
}

export interface Condition {
  /** `<Sid or statement index> <operator> <key>`. */
  readonly label: string;
  /** The document without this one condition. */
  readonly without: object;
}

/** Every condition of `document`, each with the document that lacks it. */
export function conditionsOf(document: object, only: (statement: Json) => boolean = () => true): Condition[] {
  const statements: Json[] = [(document as Json).Statement].flat();
  const conditions: Condition[] = [];
  statements.forEach((statement, index) => {
    if (!only(statement)) return;
    for (const [operator, keys] of Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const key of Object.keys(keys)) {
        const copy: Json = JSON.parse(JSON.stringify(document));
        const target = [copy.Statement].flat()[index];
        delete target.Condition[operator][key];
        if (Object.keys(target.Condition[operator]).length === 0) delete target.Condition[operator];
        if (Object.keys(target.Condition).length === 0) delete target.Condition;
        conditions.push({ label: `${statement.Sid ?? `statement ${index}`} ${operator} ${key}`, without: copy });
      }
    }
  });
  return conditions;
}

const replaced = (policies: Policies, document: object, by: object): Policies | undefined => {
  const swap = (p: object | undefined): object | undefined => (p === document ? by : p);
  const uses =
    policies.resource === document ||
    policies.boundary === document ||
    [...(policies.identity ?? []), ...(policies.scps ?? []), ...(policies.rcps ?? [])].includes(document);
  const all = (list: readonly object[] | undefined) => list?.map((p) => swap(p) as object);
  return uses
    ? { resource: swap(policies.resource), boundary: swap(policies.boundary), identity: all(policies.identity), scps: all(policies.scps), rcps: all(policies.rcps) }
    : undefined;
};

/**
 * The conditions of `document` whose removal changes no decision of `proofs` (each proof that
 * uses the document, by identity, is evaluated with the document lacking that condition). `only`
 * limits the audit to some statements.
 */
export async function unprovenConditions(document: object, proofs: readonly Proof[], only?: (statement: Json) => boolean): Promise<string[]> {
  const unproven: string[] = [];
  for (const condition of conditionsOf(document, only)) {
    let noticed = false;
    for (const proof of proofs) {
      const policies = replaced(proof.policies, document, condition.without);
      if (!policies) continue;
      if ((await decide(policies, proof.request, proof.mode)) !== proof.expected) {
        noticed = true;
        break;
      }
    }
    if (!noticed) unproven.push(condition.label);
  }
  return unproven;
}
