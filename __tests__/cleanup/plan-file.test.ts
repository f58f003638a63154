import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLAN_FORMAT, readPlan } from "../../cleanup/plan-file";
import { runApply } from "../../cleanup/run";

const ITEM = {
  id: "s3.bucket:ml-workshop-data-111122223333",
  kind: "s3.bucket",
  name: "ml-workshop-data-111122223333",
  region: "us-east-1",
  rule: "the workshop's data bucket",
  dependsOn: [],
  match: { tags: {} },
  order: 1,
};
const PLAN = { format: PLAN_FORMAT, environment: "dev", accountId: "111122223333", region: "us-east-1", project: "p", createdAt: "2026-12-03T00:00:00.000Z", items: [ITEM], excluded: [] };

describe("reading a plan file", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "plan-file-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The refusal reading `content` gives, or "read" when it is accepted. */
  const read = (content: string | undefined): string => {
    const file = join(dir, "plan.json");
    if (content !== undefined) writeFileSync(file, content);
    try {
      readPlan(file);
      return "read";
    } catch (error) {
      return (error as Error).message.replace(file, "<file>");
    }
  };

  test("a plan as cleanup plan writes it", () => expect(read(JSON.stringify(PLAN))).toBe("read"));

  test.each<[string, string | undefined, string]>([
    ["no file", undefined, "<file>: no such plan file; run npm run cleanup -- plan <environment> first"],
    ["not JSON", "{", expect.stringMatching(/^<file>: not a plan file \(/) as unknown as string],
    ["null", "null", '<file>: not a plan file of this tool: it must hold an object, got null'],
    ["a list", "[]", "<file>: not a plan file of this tool: it must hold an object, got []"],
    ["a number", "5", "<file>: not a plan file of this tool: it must hold an object, got 5"],
    ["a long wrong value, cut at 80 characters", JSON.stringify({ ...PLAN, items: "x".repeat(200) }), `<file>: not a plan file of this tool: items must be Array, got "${"x".repeat(79)}`],
    ["an excluded entry of an unknown kind", JSON.stringify({ ...PLAN, excluded: [{ kind: "ec2.instance", name: "i-1", why: "w" }] }), expect.stringMatching(/^<file>: not a plan file of this tool: excluded\[0\]\.kind must be /) as unknown as string],
    ["an excluded entry without its reason", JSON.stringify({ ...PLAN, excluded: [{ kind: "s3.bucket", name: "b" }] }), "<file>: not a plan file of this tool: excluded[0].why is missing"],
    ["another format", JSON.stringify({ ...PLAN, format: "other/1" }), '<file>: not a plan file of this tool: format must be "mlops-foundation-cleanup-plan/1", got "other/1"'],
    ["items: [null]", JSON.stringify({ ...PLAN, items: [null] }), "<file>: not a plan file of this tool: items[0] must be Object, got null"],
    ["no items", JSON.stringify({ ...PLAN, items: undefined }), "<file>: not a plan file of this tool: items is missing"],
    ["an unknown kind", JSON.stringify({ ...PLAN, items: [{ ...ITEM, kind: "ec2.instance" }] }), expect.stringMatching(/^<file>: not a plan file of this tool: items\[0\]\.kind must be \("cloudfront\.distribution" \| .*\), got "ec2\.instance"$/) as unknown as string],
    ["an order that is not a number", JSON.stringify({ ...PLAN, items: [{ ...ITEM, order: "1" }] }), '<file>: not a plan file of this tool: items[0].order must be number, got "1"'],
    ["an account that is not 12 digits", JSON.stringify({ ...PLAN, accountId: "1" }), '<file>: not a plan file of this tool: accountId must be /^\\d{12}$/, got "1"'],
    ["an id that does not name its item", JSON.stringify({ ...PLAN, items: [{ ...ITEM, id: "s3.bucket:other" }] }), '<file>: item "s3.bucket:other" is not one this tool plans'],
    ["a dependency outside the plan", JSON.stringify({ ...PLAN, items: [{ ...ITEM, dependsOn: ["lambda.function:x"] }] }), `<file>: item ${ITEM.id} depends on lambda.function:x, which is not in the plan`],
  ])("%s: one line", (_name, content, message) => {
    expect(read(content)).toEqual(message);
  });
});

describe("cleanup apply with a malformed plan file", () => {
  test.each(["null", '{"format":"mlops-foundation-cleanup-plan/1","items":[null]}'])("%s: exit 2, one line, nothing asked of AWS", async (content) => {
    const dir = mkdtempSync(join(tmpdir(), "plan-file-"));
    try {
      const file = join(dir, "plan.json");
      writeFileSync(file, content);
      const problems: string[] = [];
      const code = await runApply(
        {
          context: { foundation: {} },
          env: {},
          clients: () => {
            throw new Error("no client may be created");
          },
          outdir: dir,
          log: () => undefined,
          problem: (l) => problems.push(l),
        },
        file,
        { yes: true, allowProd: false },
      );
      expect({ code, lines: problems.length, stackTrace: problems.some((p) => /\n\s+at /.test(p)) }).toEqual({ code: 2, lines: 1, stackTrace: false });
      expect(problems[0]).toMatch(new RegExp(`^cleanup: ${file.replace(/[/.]/g, "\\$&")}: not a plan file of this tool: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
