import { readFileSync } from "node:fs";
import { join } from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const survivors = require("../scripts/mutation-survivors") as {
  cell(code: string): string;
  uncell(text: string): string;
  parseReasons(markdown: string): { file: string; line: number; mutator: string; original: string; replacement: string; reason: string }[];
};

const ROOT = join(__dirname, "..");
const normalized = (code: string): string => code.replace(/\s+/g, " ");

/** mutation-survivors.md, the reasons for the surviving mutants `npm run mutate` reports. */
describe("mutation-survivors.md", () => {
  const rows = survivors.parseReasons(readFileSync(join(ROOT, "mutation-survivors.md"), "utf8"));

  test("has rows, each with a reason that says equivalent or not worth a test", () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !/^(Equivalent|Not worth a test)\b.{10,}/.test(r.reason)).map((r) => `${r.file}:${r.line} ${r.reason}`)).toEqual([]);
  });

  test("names code that is still in its file", () => {
    const stale = rows.filter((r) => !normalized(readFileSync(join(ROOT, r.file), "utf8")).includes(r.original));
    expect(stale.map((r) => `${r.file}:${r.line} ${r.original}`)).toEqual([]);
  });

  test.each(["`x`", "a | b", "`${a}` | c", ""])("a code cell round-trips %j", (code) => {
    expect(survivors.uncell(survivors.cell(code))).toBe(code);
  });
});
