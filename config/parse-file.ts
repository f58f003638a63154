/** The file checked against the schema, one line per rejected value, the rest kept. */
import * as v from "valibot";
import { deletePath, getPath, isObject, type Json } from "./object-paths";
import type { Problems } from "./problems";
import { FOUNDATION, type FoundationInput } from "./schema";
import { withoutDefaults } from "./without-defaults";

export interface ParsedFile {
  readonly doc: FoundationInput;
  /** The environment names the file declares, valid or not. */
  readonly declared: readonly string[];
  /** Environments with a rejected value in their block; "*" when one is at the top level. */
  readonly flawed: ReadonlySet<string>;
  /** The settings (as reported) that had a rejected value: a check of what is left of them would repeat the mistake. */
  readonly flawedSettings: ReadonlySet<string>;
}

/** Each level of the file is checked without filling in defaults: they apply once the levels are merged. */
const FILE_SCHEMA = withoutDefaults(FOUNDATION);

/** Marks a rejected list entry until the list is compacted. */
const REMOVED = Symbol("removed");

/**
 * Validates the file against the schema. Each rejected value is reported under the path the user
 * wrote and removed, and the rest is validated again, so one mistake gives one line. A rejected
 * entry of a list or a tag is removed alone, so that the other entries are still checked
 * (a duplicate address beside a malformed one, a reserved tag key beside a number).
 */
export function parseFile(input: unknown, problems: Problems): ParsedFile {
  const flawed = new Set<string>();
  const flawedSettings = new Set<string>();
  if (!isObject(input)) {
    problems.add("foundation (cdktf.json context)", "must be an object", input);
    return { doc: {}, declared: [], flawed: new Set(["*"]), flawedSettings };
  }
  const declared = isObject(input.environments) ? Object.keys(input.environments) : [];
  const doc = structuredClone(input);
  for (;;) {
    const result = v.safeParse(FILE_SCHEMA, doc, { abortPipeEarly: true });
    if (result.success) return { doc: result.output, declared, flawed, flawedSettings };
    const lists = new Set<unknown[]>();
    for (const issue of result.issues) {
      const path = settingPath(issue);
      problems.raw(`${path.join(".")}: ${issue.message}`);
      flawed.add(path[0] === "environments" && path.length > 1 ? path[1] : "*");
      flawedSettings.add(path.join("."));
      const entry = issue.path?.[path.length];
      const container = getPath(doc, path.join("."));
      if (entry !== undefined && path.length > 0 && Array.isArray(container)) {
        container[Number(entry.key)] = REMOVED;
        lists.add(container);
      } else if (entry !== undefined && path[path.length - 1] === "tags" && isObject(container)) {
        delete container[String(entry.key)];
      } else {
        deletePath(doc, path);
      }
    }
    compactLists(doc, lists);
  }
}

/** Drops the marked entries of each list; a list left empty is removed, as if it had not been written. */
function compactLists(doc: Json, lists: ReadonlySet<unknown[]>): void {
  const walk = (node: Json): void => {
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(value) && lists.has(value)) {
        const kept = value.filter((x) => x !== REMOVED);
        if (kept.length === 0) delete node[key];
        else node[key] = kept;
      } else if (isObject(value)) walk(value);
    }
  };
  walk(doc);
}

/**
 * The path of the setting an issue is about, as the user wrote it: up to the list or map whose
 * entry is wrong (`alarmEmails`, not `alarmEmails.1`), since the message names the entry.
 */
function settingPath(issue: v.BaseIssue<unknown>): string[] {
  const path: string[] = [];
  for (const item of issue.path ?? []) {
    // `tags` is the one map of the schema: its keys are the user's, not settings.
    if (item.type === "array" || path[path.length - 1] === "tags") break;
    path.push(String(item.key));
  }
  return path;
}
