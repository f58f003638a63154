import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigFileError, contextOf, projectContext, readProjectFile } from "../../config/file";

const HINT = 'add "context": { "foundation": { "project": "mlops-retail-prediction", "environments": { "dev": {} } } } (see docs/settings.md)';
const PLAIN = "cdktf.json is plain JSON (the cdktf CLI reads it too): no comments, no trailing commas";

describe("reading cdktf.json", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "cdktf-json-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `text` as cdktf.json and returns the error message reading it gives ("" when it reads). */
  const problem = (text: string | undefined): string => {
    const path = join(dir, "cdktf.json");
    if (text !== undefined) writeFileSync(path, text);
    try {
      readProjectFile(path, "cdktf.json");
      return "";
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigFileError);
      return (error as Error).message;
    }
  };

  test.each([
    ["a line comment", '{\n  "app": "x",\n  // the environments\n  "context": {}\n}', `cdktf.json:3:3: a comment, which JSON does not allow; ${PLAIN}`],
    ["a block comment", '{ /* x */ "context": {} }', `cdktf.json:1:3: a comment, which JSON does not allow; ${PLAIN}`],
    ["a trailing comma in an object", '{\n  "context": { "foundation": {}, }\n}', `cdktf.json:2:34: a property name in double quotes expected (a trailing comma, or an unquoted name?); ${PLAIN}`],
    ["a trailing comma in a list", '{ "context": { "foundation": { "synthesize": ["dev",] } } }', `cdktf.json:1:53: a value expected (a trailing comma?); ${PLAIN}`],
    ["a missing comma", '{\n  "app": "x"\n  "context": {}\n}', `cdktf.json:3:3: a comma expected between two entries; ${PLAIN}`],
    ["an unclosed object", '{ "context": { "foundation": {} }', `cdktf.json:1:34: a closing } expected; ${PLAIN}`],
    ["a missing colon", '{ "context" {} }', `cdktf.json:1:13: a colon expected after the property name; ${PLAIN}`],
    ["an unclosed list", '{ "context": [1', `cdktf.json:1:16: a closing ] expected; ${PLAIN}`],
    ["text after the object", '{ "context": {} } {}', `cdktf.json:1:19: the file should end after the top-level object; ${PLAIN}`],
    ["an unclosed string", '{ "context": "dev }', `cdktf.json:1:14: a string is not closed; ${PLAIN}`],
    ["an unclosed comment, a comment all the same", '{ "context": {} /* x', `cdktf.json:1:17: a comment, which JSON does not allow; ${PLAIN}`],
    ["an invalid symbol", '{ "context": @ }', `cdktf.json:1:14: an invalid symbol; ${PLAIN}`],
    ["a tab inside a string", '{ "context": "a\tb" }', `cdktf.json:1:14: a control character (a tab or a line break) inside a string; write it escaped (\\t, \\n); ${PLAIN}`],
    ["a Windows path", '{ "app": "C:\\x" }', `cdktf.json:1:10: an escape JSON does not know inside a string (a Windows path? write each \\ as \\\\); ${PLAIN}`],
    ["a number cut short", '{ "context": 1e }', `cdktf.json:1:14: a number is not complete; ${PLAIN}`],
  ])("%s: file, line and column, and what to do", (_name, text, message) => {
    expect(problem(text)).toBe(message);
  });

  test.each([
    ["the file is missing", undefined, "cdktf.json: not found; the project's configuration file must be in the project folder"],
    ["the file is empty", "", 'cdktf.json: the file is empty; it needs at least "language", "app" and "context": { "foundation": { ... } } (see docs/settings.md)'],
    ["the file is blank", " \n\t\n", 'cdktf.json: the file is empty; it needs at least "language", "app" and "context": { "foundation": { ... } } (see docs/settings.md)'],
    ["the file holds a list", "[]", "cdktf.json: must hold a JSON object, got []"],
    ["the file holds null", "null", "cdktf.json: must hold a JSON object, got null"],
    ["the file starts with a byte order mark", '\ufeff{ "context": {} }', 'cdktf.json:1:1: a byte order mark (the file was saved as "UTF-8 with BOM"), which JSON does not allow; save it as UTF-8'],
    ["context is missing", '{ "app": "x" }', `cdktf.json: "context" is missing; ${HINT}`],
    ["context is a string", '{ "context": "dev" }', `cdktf.json: "context": must be an object, got "dev"; ${HINT}`],
    ["context has no foundation", '{ "context": { "other": 1 } }', `cdktf.json: "context".foundation is missing: the configuration lives there; ${HINT}`],
  ])("%s: one clear error", (_name, text, message) => {
    expect(problem(text)).toBe(message);
  });

  test("a valid file gives its context, foundation included", () => {
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ app: "x", context: { foundation: { project: "p" }, other: 1 } }));
    expect(readProjectFile(join(dir, "cdktf.json"))).toEqual({ context: { foundation: { project: "p" }, other: 1 } });
  });

  test("a run's context: the one cdktf passes, else cdktf.json in the folder, named as the user knows them", () => {
    expect(projectContext({ CDKTF_CONTEXT_JSON: JSON.stringify({ foundation: { project: "p" } }) }, dir)).toEqual({ foundation: { project: "p" } });
    expect(() => projectContext({ CDKTF_CONTEXT_JSON: "{}" }, dir)).toThrow(`cdktf.json: "context".foundation is missing: the configuration lives there; ${HINT}`);
    expect(() => projectContext({}, dir)).toThrow("cdktf.json: not found; the project's configuration file must be in the project folder");
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ context: {} }));
    expect(() => projectContext({}, dir)).toThrow(`cdktf.json: "context".foundation is missing`);
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ context: { foundation: { region: "eu-west-1" } } }));
    expect(projectContext({ CDKTF_CONTEXT_JSON: "" }, dir)).toEqual({ foundation: { region: "eu-west-1" } });
    const error = new ConfigFileError("x");
    expect([error.name, error instanceof Error]).toEqual(["ConfigFileError", true]);
  });

  test("the context cdktf passes is checked the same way", () => {
    expect(() => contextOf({}, "CDKTF_CONTEXT_JSON")).toThrow(`CDKTF_CONTEXT_JSON.foundation is missing: the configuration lives there; ${HINT}`);
    expect(contextOf({ foundation: {} }, "CDKTF_CONTEXT_JSON")).toEqual({ foundation: {} });
  });
});
