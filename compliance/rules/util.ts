import type { Json } from "../types";

/** A list attribute that may be a single value. */
export const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The statements of a policy JSON string, or none when it is not a literal document. */
export function statementsOf(policy: unknown): Json[] {
  if (typeof policy !== "string") return [];
  try {
    return asList(JSON.parse(policy).Statement);
  } catch {
    return [];
  }
}

/** A set argument (string, reference or non-empty list) is present. */
export const isSet = (value: unknown): boolean => (typeof value === "string" ? value.length > 0 : value !== undefined && value !== null);

/** Field selectors of a trail's advanced event selectors, by selector. */
export function fieldSelectors(trail: Json): Json[][] {
  return asList(trail.advanced_event_selector).map((s: Json) => asList(s.field_selector));
}

export const field = (selectors: Json[], name: string): Json | undefined => selectors.find((f) => f.field === name);
