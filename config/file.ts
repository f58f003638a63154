/**
 * Reading cdktf.json as users write it. The file is plain JSON: the cdktf CLI parses it with
 * JSON.parse before our app runs, so a comment or a trailing comma would break `cdktf synth`
 * whatever this app accepted. A mistake is reported with the file, line and column and what to
 * do, never as a stack trace; the configuration itself lives in `context.foundation`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** cdktf.json cannot be read or has no configuration: nothing can run (exit 1 for synth, 2 for the commands that touch AWS). */
export class ConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigFileError";
  }
}

/** What the file holds that this app needs. */
export interface ProjectFile {
  /** cdktf.json's `context`, as `cdktf synth` passes it to the app. */
  readonly context: Record<string, unknown>;
}

/** A plain JSON object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads and checks cdktf.json at `path`; `name` is how messages call it (default: the path). */
export function readProjectFile(path: string, name = path): ProjectFile {
  if (!existsSync(path)) throw new ConfigFileError(`${name}: not found; the project's configuration file must be in the project folder`);
  const text = readFileSync(path, "utf8");
  if (text.trim() === "") {
    throw new ConfigFileError(`${name}: the file is empty; it needs at least "language", "app" and "context": { "foundation": { ... } } (see docs/settings.md)`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ConfigFileError(syntaxProblem(text, name));
  }
  if (!isObject(doc)) throw new ConfigFileError(`${name}: must hold a JSON object, got ${JSON.stringify(doc)}`);
  return { context: contextOf(doc.context, `${name}: "context"`) };
}

/**
 * The context of a run: as `cdktf synth` passes it (CDKTF_CONTEXT_JSON), or from cdktf.json in
 * `folder` for a run without the cdktf CLI (the benchmark, review, verify, cleanup).
 */
export function projectContext(env: Readonly<Record<string, string | undefined>>, folder: string): Record<string, unknown> {
  return env.CDKTF_CONTEXT_JSON ? contextOf(JSON.parse(env.CDKTF_CONTEXT_JSON), 'cdktf.json: "context"') : readProjectFile(join(folder, "cdktf.json"), "cdktf.json").context;
}

/**
 * The `context` object, checked to carry the `foundation` configuration. `where` names it in
 * messages (the file, or CDKTF_CONTEXT_JSON when the cdktf CLI passes it).
 */
export function contextOf(context: unknown, where: string): Record<string, unknown> {
  const hint = 'add "context": { "foundation": { "project": "mlops-retail-prediction", "environments": { "dev": {} } } } (see docs/settings.md)';
  if (context === undefined) throw new ConfigFileError(`${where} is missing; ${hint}`);
  if (!isObject(context)) throw new ConfigFileError(`${where}: must be an object, got ${JSON.stringify(context)}; ${hint}`);
  if (context.foundation === undefined) throw new ConfigFileError(`${where}.foundation is missing: the configuration lives there; ${hint}`);
  return context;
}

/**
 * The first syntax error of a text that JSON.parse rejected, as `file:line:column: what`. The
 * jsonc-parser (VS Code's) is loaded only here: it names the error where JSON.parse gives an offset.
 */
function syntaxProblem(text: string, name: string): string {
  if (text.startsWith("\ufeff")) return `${name}:1:1: a byte order mark (the file was saved as "UTF-8 with BOM"), which JSON does not allow; save it as UTF-8`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsonc = require("jsonc-parser") as typeof import("jsonc-parser");
  const errors: import("jsonc-parser").ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0] ?? { error: jsonc.ParseErrorCode.InvalidSymbol, offset: 0, length: 0 };
  const before = text.slice(0, first.offset).split("\n");
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  return `${name}:${line}:${column}: ${describe(jsonc.printParseErrorCode(first.error))}; cdktf.json is plain JSON (the cdktf CLI reads it too): no comments, no trailing commas`;
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  InvalidCommentToken: "a comment, which JSON does not allow",
  PropertyNameExpected: "a property name in double quotes expected (a trailing comma, or an unquoted name?)",
  ValueExpected: "a value expected (a trailing comma?)",
  CommaExpected: "a comma expected between two entries",
  ColonExpected: "a colon expected after the property name",
  CloseBraceExpected: "a closing } expected",
  CloseBracketExpected: "a closing ] expected",
  EndOfFileExpected: "the file should end after the top-level object",
  UnexpectedEndOfString: "a string is not closed",
  InvalidSymbol: "an invalid symbol",
  InvalidCharacter: "a control character (a tab or a line break) inside a string; write it escaped (\\t, \\n)",
  InvalidEscapeCharacter: "an escape JSON does not know inside a string (a Windows path? write each \\ as \\\\)",
  UnexpectedEndOfNumber: "a number is not complete",
};

function describe(code: string): string {
  return DESCRIPTIONS[code] ?? code;
}
