/**
 * Compares a declared policy document with the one IAM, S3 or KMS returns. AWS rewrites
 * documents (a single action becomes a string, `{"AWS": "*"}` may come back as `"*"`, statement
 * order changes), so both sides are normalized first; what remains is a real difference.
 */

// Policy documents are untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const sorted = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String).sort());

function principal(p: Json): Json {
  if (p === undefined) return undefined;
  if (p === "*" || (typeof p === "object" && p !== null && Object.keys(p).length === 1 && p.AWS === "*")) return "*";
  if (typeof p !== "object" || p === null) return p;
  return Object.fromEntries(Object.keys(p).sort().map((k) => [k, sorted(p[k])]));
}

function condition(c: Json): Json {
  if (!c) return undefined;
  return Object.fromEntries(
    Object.keys(c)
      .sort()
      .map((op) => [op, Object.fromEntries(Object.keys(c[op]).sort().map((key) => [key, sorted(c[op][key])]))]),
  );
}

export function normalizeStatement(s: Json): Json {
  const out: Json = { Sid: s.Sid ?? "", Effect: s.Effect };
  for (const key of ["Action", "NotAction", "Resource", "NotResource"]) if (s[key] !== undefined) out[key] = sorted(s[key]);
  if (s.Principal !== undefined) out.Principal = principal(s.Principal);
  if (s.NotPrincipal !== undefined) out.NotPrincipal = principal(s.NotPrincipal);
  if (s.Condition !== undefined) out.Condition = condition(s.Condition);
  return out;
}

const statements = (doc: Json): Json[] => (doc?.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]);

/** A short description of a statement, for expected/observed cells. */
export function describeStatement(s: Json): string {
  const n = normalizeStatement(s);
  const who = n.Principal === undefined ? "" : ` for ${n.Principal === "*" ? "*" : JSON.stringify(n.Principal)}`;
  return `${n.Sid || "(no Sid)"}: ${n.Effect} ${(n.Action ?? n.NotAction ?? []).join(",")}${who}`;
}

/** The differences between two documents, or none when they are the same after normalization. */
export function policyDifferences(declared: Json, observed: Json): string[] {
  const key = (s: Json): string => JSON.stringify(normalizeStatement(s));
  const want = statements(declared);
  const have = statements(observed);
  const haveKeys = new Set(have.map(key));
  const wantKeys = new Set(want.map(key));
  return [
    ...want.filter((s) => !haveKeys.has(key(s))).map((s) => `missing or changed ${describeStatement(s)}`),
    ...have.filter((s) => !wantKeys.has(key(s))).map((s) => `not declared ${describeStatement(s)}`),
  ];
}
