/**
 * The example organization (examples/organization/cdktf.json: management, log archive, a
 * delegated administrator for CloudTrail, three members) synthesizes as shipped, the same bytes
 * twice, and its review is the one in docs/organization-review.md
 * (`UPDATE_GOLDEN=1 npx jest __tests__/organization/example.test.ts` writes it after a reviewed change).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_RULES } from "../../compliance/pack";
import { ARCHIVE_KEY_REFERENCE } from "../../facts/organization";
import { runReview } from "../../review/run";
import { readSynthesizedStacks, synthesizeFoundation } from "../../stacks/foundation-app";
import { exampleSettings, EXAMPLE_FILE } from "./fixture";

const ROOT = join(__dirname, "../..");
const GOLDEN = join(ROOT, "docs/organization-review.md");
const context = JSON.parse(readFileSync(EXAMPLE_FILE, "utf8")).context;
const scratch = mkdtempSync(join(tmpdir(), "org-example-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function synth(outdir: string): { code: number; log: string[] } {
  const log: string[] = [];
  return { code: synthesizeFoundation({ context, env: {}, outdir, log: (l) => log.push(l) }), log };
}

describe("the example organization", () => {
  const first = synth(join(scratch, "a"));
  const second = synth(join(scratch, "b"));

  test("synthesizes every stack of the organization and of its three members", () => {
    expect(first).toEqual({ code: 0, log: [] });
    expect(readSynthesizedStacks(join(scratch, "a")).map((s) => s.name)).toEqual([
      "mlops-retail-prediction-dev-foundation",
      "mlops-retail-prediction-dev-state",
      "mlops-retail-prediction-org-log-archive",
      "mlops-retail-prediction-org-management",
      "mlops-retail-prediction-org-state",
      "mlops-retail-prediction-org-trail",
      "mlops-retail-prediction-prod-foundation",
      "mlops-retail-prediction-prod-state",
      "mlops-retail-prediction-staging-foundation",
      "mlops-retail-prediction-staging-state",
    ]);
  });

  test("the management and trail stacks name the archive key by the reference verify fills in (facts/organization.ts)", () => {
    const text = (name: string): string => readSynthesizedStacks(join(scratch, "a")).find((s) => s.name === name)!.text;
    expect(ARCHIVE_KEY_REFERENCE).toBe("${data.terraform_remote_state.LogArchive.outputs.kms_key_arn}");
    for (const stack of ["mlops-retail-prediction-org-management", "mlops-retail-prediction-org-trail"]) expect(text(stack)).toContain(ARCHIVE_KEY_REFERENCE.replace(/"/g, '\\"'));
  });

  test("is deterministic: the same configuration gives the same bytes", () => {
    expect(second.code).toBe(0);
    expect(readSynthesizedStacks(join(scratch, "b"))).toEqual(readSynthesizedStacks(join(scratch, "a")));
  });

  test("members without a local trail keep their roles and state, and no trail, bucket or alarm of their own", () => {
    const stacks = readSynthesizedStacks(join(scratch, "a"));
    const dev = JSON.parse(stacks.find((s) => s.name === "mlops-retail-prediction-dev-foundation")!.text);
    expect(Object.keys(dev.resource).sort()).toEqual(["aws_iam_instance_profile", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment"]);
    expect(dev.terraform.backend.s3.bucket).toBe("mlops-retail-prediction-dev-tfstate-444444444444");
    const prod = JSON.parse(stacks.find((s) => s.name === "mlops-retail-prediction-prod-foundation")!.text);
    expect(Object.keys(prod.resource.aws_cloudtrail)).toHaveLength(1);
  });

  test("the organization trail records the members' data and state buckets, never the archive's", () => {
    const trail = JSON.parse(readSynthesizedStacks(join(scratch, "a")).find((s) => s.name === "mlops-retail-prediction-org-trail")!.text);
    const [only] = Object.values(trail.resource.aws_cloudtrail) as { is_organization_trail: boolean; s3_bucket_name: string; advanced_event_selector: { field_selector: { field: string; starts_with?: string[] }[] }[] }[];
    expect(only.is_organization_trail).toBe(true);
    const recorded = only.advanced_event_selector.flatMap((s) => s.field_selector).flatMap((f) => f.starts_with ?? []);
    expect(recorded).toEqual([
      "arn:aws:s3:::mlops-retail-prediction-dev-444444444444/",
      "arn:aws:s3:::mlops-retail-prediction-dev-tfstate-444444444444/",
      "arn:aws:s3:::mlops-retail-prediction-staging-555555555555/",
      "arn:aws:s3:::mlops-retail-prediction-staging-tfstate-555555555555/",
      "arn:aws:s3:::mlops-retail-prediction-prod-666666666666/",
      "arn:aws:s3:::mlops-retail-prediction-prod-tfstate-666666666666/",
      "arn:aws:s3:::mlops-retail-prediction-org-tfstate-333333333333/",
    ]);
    expect(recorded.some((p) => p.includes(only.s3_bucket_name) || p.includes("org-cloudtrail-s3access"))).toBe(false);
  });

  test("its review is docs/organization-review.md", () => {
    const project = join(scratch, "project");
    rmSync(project, { recursive: true, force: true });
    require("node:fs").mkdirSync(project);
    copyFileSync(join(ROOT, "package.json"), join(project, "package.json"));
    const outdir = join(project, "cdktf.out");
    expect(synth(outdir).code).toBe(0);
    const problems: string[] = [];
    const code = runReview({ root: project, outdir, context, env: {}, log: () => undefined, problem: (l) => problems.push(l) });
    expect({ code, problems }).toEqual({ code: 0, problems: [] });
    const markdown = readFileSync(join(outdir, "review.md"), "utf8");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, "utf8"));
    // The SARIF's rules: every rule of the single-account pack, and the organization's two, which these stacks evaluated.
    const sarif = JSON.parse(readFileSync(join(outdir, "compliance.sarif"), "utf8"));
    const ruleIds: string[] = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toEqual(ALL_RULES.map((r) => r.id));
  });

  test("ships as a complete cdktf.json whose organization block names every account", () => {
    const org = exampleSettings().organization;
    expect(Object.keys(org).sort()).toEqual(["breakGlassPrincipalArns", "deployRoles", "guardrails", "id", "logArchiveAccountId", "managementAccountId", "members", "trailAccountId"]);
  });
});
