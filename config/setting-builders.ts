/**
 * How each setting of the schema is built: its type, emptiness, allowed values or range, its format
 * (shown to editors as a JSON Schema pattern), its description and, where it depends on nothing
 * else, its default. Every message is `<what is allowed>, got <value>`.
 */
import * as v from "valibot";
import { describe } from "../facts/name-rules";

export const got = (value: unknown): string =>
  value === undefined ? "" : `, got ${typeof value === "string" ? describe(value) : JSON.stringify(value)}`;
export const list = (values: readonly (string | number)[]): string =>
  values.map((x) => (typeof x === "string" ? `"${x}"` : String(x))).join(", ");

/** A message naming what is allowed and the value that was given. */
export const says =
  (allowed: string) =>
  (issue: { input: unknown }): string =>
    `${allowed}${got(issue.input)}`;

export const info = <T>(text: string) => v.description<T, string>(text);

/** An anchored pattern (`^...$`) whose first and last characters cannot be spaces, and what it allows. */
export interface Format {
  readonly pattern: RegExp;
  readonly allowed: string;
}

/**
 * JSON Schema patterns of the format checks. The loader checks the trimmed value; editors see the
 * value as written, so their pattern also allows the surrounding spaces the loader trims.
 */
export const JSON_PATTERNS = new WeakMap<object, string>();

export function formatCheck(format: Format, entry: boolean) {
  const action = v.regex<string, (issue: { input: unknown }) => string>(format.pattern, says(`${entry ? "each entry " : ""}must be ${format.allowed}`));
  JSON_PATTERNS.set(action, `^\\s*(?:${format.pattern.source.slice(1, -1)})\\s*$`);
  return action;
}

/**
 * Every setting may be left out. One whose default depends on no other setting declares it here
 * (`fallback`): valibot fills it in when the settings of an environment are completed
 * (config/complete-settings.ts), the JSON Schema shows it and the description says it. Defaults
 * that depend on other settings (the project, the environment, the account) are computed by
 * config/resolve-*.ts, and the description says how. The description of a declared default ends
 * with "Default <value>.".
 */
export const described = (description: string, fallback: unknown): string => (fallback === undefined ? description : `${description} Default ${JSON.stringify(fallback)}.`);

/** A string that is not blank, trimmed, and when `format` is given, matching it. */
export function text<const D extends string | undefined = undefined>(description: string, format?: Format, fallback?: D) {
  const base = v.pipe(v.string(says("must be a string")), v.regex(/\S/, says("must not be empty")), v.trim());
  const info_ = info<string>(described(description, fallback));
  return v.optional(format ? v.pipe(base, formatCheck(format, false), info_) : v.pipe(base, info_), fallback as D);
}

export function flag<const D extends boolean | undefined = undefined>(description: string, fallback?: D) {
  return v.optional(v.pipe(v.boolean(says("must be true or false")), info<boolean>(described(description, fallback))), fallback as D);
}

export function whole<const D extends number | undefined = undefined>(description: string, min: number, max: number, fallback?: D) {
  const m = says(`must be a whole number from ${min} to ${max}`);
  return v.optional(v.pipe(v.number(m), v.integer(m), v.minValue(min, m), v.maxValue(max, m), info<number>(described(description, fallback))), fallback as D);
}

export function decimal<const D extends number | undefined = undefined>(description: string, min: number, max: number, fallback?: D) {
  const m = says(`must be a number from ${min} to ${max}`);
  return v.optional(v.pipe(v.number(m), v.finite(m), v.minValue(min, m), v.maxValue(max, m), info<number>(described(description, fallback))), fallback as D);
}

export function oneOf<const T extends readonly (string | number)[], const D extends T[number] | undefined = undefined>(description: string, allowed: T, fallback?: D) {
  return v.optional(v.pipe(v.picklist(allowed, says(`must be one of ${list(allowed)}`)), info<T[number]>(described(description, fallback))), fallback as D);
}

/** A list of non-blank strings, each matching `format` when given, with at least `min.items` entries when given. */
export function texts<D extends string[] | undefined = undefined>(description: string, format?: Format, min?: { items: number; message: string }, fallback?: D) {
  const blank = v.pipe(v.string(says("each entry must be a string")), v.regex(/\S/, says("each entry must not be empty")), v.trim());
  const entry = format ? v.pipe(blank, formatCheck(format, true)) : blank;
  const entries = v.array(entry, says("must be a list of strings"));
  const info_ = info<string[]>(described(description, fallback));
  return v.optional(min ? v.pipe(entries, v.minLength(min.items, says(min.message)), info_) : v.pipe(entries, info_), fallback as D);
}

/** Valibot's object schemas accept arrays; settings objects must not be lists. */
const isPlainObject = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value);

export function strict<const E extends v.ObjectEntries>(description: string, entries: E) {
  const allowed = `unknown setting; allowed: ${Object.keys(entries).join(", ")}`;
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, says("must be an object")),
    // What reaches the object schema is a plain object: its issues are unknown keys, and keys that
    // must be given. Only the entries of a list (complianceSuppressions) have those, and the
    // setting the loader names is the list, so the message says which key an entry lacks.
    v.strictObject(entries, (issue) => (issue.expected === "never" ? allowed : `each entry must give ${issue.expected}`)),
    info(description),
  );
}

/** A group of settings, completed as a whole: left out, its settings take their defaults. */
export function section<const E extends v.ObjectEntries>(description: string, entries: E) {
  return v.optional(strict(description, entries), {});
}
