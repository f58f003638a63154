import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
const DEPLOYER = "arn:aws:iam::111122223333:role/terraform-deployer";

/** cdktf.json's context with extra top-level `foundation` settings, as `cdktf synth` passes it. */
function contextWith(settings: Record<string, unknown>): string {
  const context = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).context;
  return JSON.stringify({ ...context, foundation: { ...context.foundation, ...settings } });
}

/** Runs the app as `cdktf synth` does (same command as cdktf.json's `app`), into a fresh folder. */
function runApp(env: Record<string, string> = {}): { status: number | null; stderr: string; outdir: string } {
  const outdir = join(mkdtempSync(join(tmpdir(), "foundation-")), "out");
  const result = spawnSync(process.execPath, ["-r", "./scripts/register.js", "main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

describe("the app", () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((d) => rmSync(join(d, ".."), { recursive: true, force: true })));

  test("synthesizes both dev stacks with the example account and a warning", () => {
    const run = runApp();
    outdirs.push(run.outdir);
    expect(run.status).toBe(0);
    expect(readdirSync(join(run.outdir, "stacks")).sort()).toEqual([
      "mlops-retail-prediction-dev-foundation",
      "mlops-retail-prediction-dev-state",
    ]);
    const manifest = JSON.parse(readFileSync(join(run.outdir, "manifest.json"), "utf8"));
    // cdktf deploy '*' orders stacks by these: the foundation's backend bucket comes from the state stack.
    expect(manifest.stacks["mlops-retail-prediction-dev-foundation"].dependencies).toEqual(["mlops-retail-prediction-dev-state"]);
    expect(manifest.stacks["mlops-retail-prediction-dev-state"].dependencies).toEqual([]);
    expect(manifest.stacks["mlops-retail-prediction-dev-state"].annotations).toEqual([
      {
        constructPath: "mlops-retail-prediction-dev-state",
        level: "@cdktf/warn",
        message:
          "dev: no accountId configured; synthesizing with the example account 123456789012. " +
          "Set environments.dev.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) before npm run deploy -- dev.",
      },
      {
        constructPath: "mlops-retail-prediction-dev-state",
        level: "@cdktf/info",
        message: "compliance: 7/7 checks passed (9 rules); 0 errors, 0 warnings, 0 suppressed",
      },
    ]);
    const foundation = manifest.stacks["mlops-retail-prediction-dev-foundation"].annotations.map((a: { message: string }) => a.message);
    expect(foundation).toContain("compliance: 72/72 checks passed (30 rules); 0 errors, 0 warnings, 0 suppressed");
  });

  test("gives byte-identical output on every run with the same configuration", () => {
    const env = { MLOPS_ENVIRONMENTS: "dev,prod", MLOPS_ACCOUNT_ID: "111122223333", CDKTF_CONTEXT_JSON: contextWith({ audit: { breakGlassPrincipalArns: [DEPLOYER] } }) };
    const first = runApp(env);
    const second = runApp(env);
    outdirs.push(first.outdir, second.outdir);
    const a = filesUnder(first.outdir);
    const b = filesUnder(second.outdir);
    expect([...a.keys()]).toContain("stacks/mlops-retail-prediction-prod-foundation/cdk.tf.json");
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, content] of a) expect([file, b.get(file)]).toEqual([file, content]);
  });

  test("refuses a real-account prod synthesis without break-glass principals, naming the setting", () => {
    const run = runApp({ MLOPS_ENVIRONMENTS: "dev,prod", MLOPS_ACCOUNT_ID: "111122223333" });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "Invalid configuration:\n" +
        "  - audit.breakGlassPrincipalArns: must name at least one IAM role or user of the account, including the principal that runs Terraform, " +
        "because prod keeps its audit evidence (audit.retainOnDestroy); without it nobody could change or remove the protected logs, keys and alarm topic. Got none\n",
    );
    expect(existsSync(run.outdir)).toBe(false);
  });

  test("exits non-zero with every problem listed and writes nothing on bad configuration", () => {
    const run = runApp({ MLOPS_ACCOUNT_ID: "1234", MLOPS_REGION: "us-east-9" });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "Invalid configuration:\n" +
        '  - MLOPS_ACCOUNT_ID: must be 12 digits, got "1234"\n' +
        '  - MLOPS_REGION: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "us-east-9"\n',
    );
    expect(existsSync(run.outdir)).toBe(false);
  });

  test("a context without the foundation configuration: one line, no stack trace, and the previous review files are gone", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "foundation-")), "out");
    outdirs.push(outdir);
    mkdirSync(outdir, { recursive: true });
    for (const file of ["review.md", "review.json", "compliance.sarif"]) writeFileSync(join(outdir, file), "stale");
    const result = spawnSync(process.execPath, ["-r", "./scripts/register.js", "main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify({ other: 1 }) },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'cdktf.json: "context".foundation is missing: the configuration lives there; ' +
        'add "context": { "foundation": { "project": "mlops-retail-prediction", "environments": { "dev": {} } } } (see docs/settings.md)\n',
    );
    expect(readdirSync(outdir)).toEqual([]);
  });
});
