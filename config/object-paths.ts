/** Reading and writing settings by their dotted path, and merging the levels of the file. */
import { SETTING_KEYS, type FoundationInput, type SettingsInput as Settings } from "./schema";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; anything else (strings, lists) is replaced. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? deepMerge(out[key] as Json, value) : value;
  }
  return out;
}

export function getPath(obj: Json, path: string): unknown {
  let current: unknown = obj;
  for (const part of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

export function setPath(obj: Json, path: string, value: unknown): void {
  const parts = path.split(".");
  let current = obj;
  for (const part of parts.slice(0, -1)) {
    current[part] = isObject(current[part]) ? current[part] : {};
    current = current[part] as Json;
  }
  current[parts[parts.length - 1]] = value;
}

export function deletePath(obj: Json, path: readonly string[]): void {
  if (path.length === 0) {
    for (const key of Object.keys(obj)) delete obj[key];
    return;
  }
  let current: unknown = obj;
  for (const part of path.slice(0, -1)) {
    if (!isObject(current)) return;
    current = current[part];
  }
  if (isObject(current)) delete current[path[path.length - 1]];
}

/** The file's settings for one environment: top level, then its own block. */
export function fileSettings(root: FoundationInput, block: Json): Settings {
  const top = Object.fromEntries(Object.entries(root).filter(([k]) => (SETTING_KEYS as string[]).includes(k)));
  const own = Object.fromEntries(Object.entries(block).filter(([k]) => k !== "allowVariableOverrides"));
  return deepMerge(top, own) as Settings;
}
