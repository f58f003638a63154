/**
 * Every command the README and `help` show, run as a newcomer would (npm run, in a project folder
 * with the README's own cdktf.json), up to the point where it needs AWS: offline, each reaches the
 * preflight and stops there with exit 2 and the message about credentials, or stops earlier with
 * the refusal the README describes. Nothing here has credentials or a network.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testProject, type TestProject } from "./support/project";

const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const HELP = readFileSync(join(ROOT, "help"), "utf8");
const SCRIPTS = Object.keys(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts);
const NO_CREDENTIALS =
  "no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, " +
  "SSO after aws sso login, or a container or instance role).";

/** Commands that get as far as the preflight offline, with the variables they need. */
const REACH_PREFLIGHT: [string, Record<string, string>][] = [
  ["npm run diff -- dev", {}],
  ["npm run deploy -- dev", {}],
  ["npm run output -- dev", {}],
  ["npm run destroy -- dev", {}],
  ["npm run destroy -- dev --state-bucket", { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "true" }],
  ["npm run diff -- prod", {}],
  ["npm run deploy -- prod", {}],
  ["npm run deploy -- prod --auto-approve", {}],
  ["npm run deploy -- dev prod", {}],
  ["npm run deploy -- mlops-retail-prediction-prod-foundation", {}],
  ["npm run verify -- dev", {}],
  ["npm run cleanup -- plan dev", {}],
  ["npm run verify -- prod", {}],
];

/** Commands that refuse before any account is asked, with the exact message. */
const REFUSALS: [string, Record<string, string>, string][] = [
  ["npm run destroy -- prod", {},
    "destroy: prod keeps its audit evidence (audit.retainOnDestroy is true): its key, log buckets and log group carry prevent_destroy, so a destroy would stop at Terraform's plan. " +
      "Evidence is not deleted by a command; docs/break-glass.md says how to retire an environment that keeps it\n"],
  ["npm run destroy -- dev --state-bucket", {},
    "destroy: dev: --state-bucket needs allowStateBucketDestroy (set environments.dev.allowStateBucketDestroy to true in cdktf.json, or MLOPS_ALLOW_STATE_BUCKET_DESTROY=true for this command): until then the bucket carries prevent_destroy\n"],
  ["npm run deploy -- dev --bogus", {}, expect.stringContaining("deploy: Unknown option '--bogus'") as unknown as string],
];

/** Synthesis and review, each pair run in order. */
const SYNTH_AND_REVIEW: [string, string][] = [
  ["npm run synth -- dev", "npm run review -- dev"],
  ["npm run synth -- prod", "npm run review -- prod"],
];

/** The `npm run ...` commands of a text: code spans and code-block lines, comments and placeholders dropped. */
function npmCommands(text: string): string[] {
  const spans = [...text.matchAll(/`(npm (?:run|test|ci)[^`]*)`/g)].map((m) => m[1]);
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n").filter((l) => /^npm /.test(l)));
  return [...new Set([...spans, ...blocks].flatMap((c) => c.split("&&")).map((c) => c.replace(/#.*$/, "").trim()))];
}

/** The README's example configuration: the JSON block of its first step. */
function readmeFoundation(): Record<string, unknown> {
  const block = /```json\n([\s\S]*?)```/.exec(README)![1];
  return JSON.parse(`{${block}}`).context.foundation;
}

/** Runs `npm run ...` in the project without credentials; resolves to the exit code and what it printed to stderr. */
function npm(project: TestProject, command: string, env: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  const args = command.split(/\s+/).slice(1);
  return new Promise((resolve) => {
    const child = spawn("npm", ["--silent", ...args], {
      cwd: project.root,
      env: {
        ...project.env,
        HOME: project.root,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: join(project.root, "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE: join(project.root, "no-aws-credentials"),
        npm_config_cache: join(ROOT, "node_modules", ".cache", "npm"),
        ...env,
      },
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => (stdout += d));
    child.on("exit", (code) => resolve({ code: code ?? 1, stderr: stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?trace-warnings \.\.\.` to show where the warning was created\)\n/, ""), stdout }));
  });
}

describe("the README's and help's commands", () => {
  test("every npm command they show is a script of package.json", () => {
    const commands = [...npmCommands(README), ...npmCommands(HELP)];
    expect(commands.length).toBeGreaterThan(15);
    const unknown = commands.filter((c) => c.startsWith("npm run ") && !SCRIPTS.includes(c.split(/\s+/)[2]));
    expect(unknown).toEqual([]);
  });

  test("every command of the README with arguments is run below (placeholders aside), and the lifecycle is by environment", () => {
    const withArguments = npmCommands(README).filter((c) => c.includes(" -- ") && !c.includes("<"));
    const exercised = [...REACH_PREFLIGHT.map(([c]) => c), ...REFUSALS.map(([c]) => c), ...SYNTH_AND_REVIEW.flat()];
    expect(withArguments.filter((c) => !exercised.includes(c))).toEqual([]);
    expect(withArguments.filter((c) => /^npm run (deploy|diff|destroy|output) -- \S*-(state|foundation)\b/.test(c))).toEqual([]);
  });

  describe("with the README's cdktf.json and no credentials", () => {
    let project: TestProject;
    beforeAll(() => (project = testProject(readmeFoundation())));
    afterAll(() => project.remove());

    test.each(REACH_PREFLIGHT)("%s reaches the preflight: exit 2, no credentials", async (command, env) => {
      const run = await npm(project, command, env);
      expect(run.stderr).toContain(NO_CREDENTIALS);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }, 60_000);

    test.each(REFUSALS)("%s refuses as the README says, before any account is asked", async (command, env, message) => {
      const run = await npm(project, command, env);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: message });
    }, 60_000);

    test.each(SYNTH_AND_REVIEW)("%s, then %s: exit 0, and the review is written", async (synth, review) => {
      const synthesized = await npm(project, synth);
      expect({ code: synthesized.code, stderr: synthesized.code === 0 ? "" : synthesized.stderr }).toEqual({ code: 0, stderr: "" });
      const reviewed = await npm(project, review);
      expect({ code: reviewed.code, stderr: reviewed.stderr }).toEqual({ code: 0, stderr: "" });
      expect(reviewed.stdout).toContain("Report: cdktf.out/review.md");
    }, 120_000);

    test.each(["synth", "deploy", "diff", "destroy", "output", "verify", "cleanup", "review"])("npm run %s -- --help prints the usage, exit 0", async (command) => {
      const run = await npm(project, `npm run ${command} -- --help`);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^usage: npm run ${command}`));
    }, 60_000);
  });

  describe("with the example organization's cdktf.json and no credentials", () => {
    let project: TestProject;
    beforeAll(() => (project = testProject(JSON.parse(readFileSync(join(ROOT, "examples", "organization", "cdktf.json"), "utf8")).context.foundation)));
    afterAll(() => project.remove());
    const assuming = "; they are needed to assume the deploy role arn:aws:iam::333333333333:role/terraform-deployer (organization.deployRoles.trail in cdktf.json)";

    test.each(["npm run deploy -- organization dev staging prod", "npm run verify -- organization"])("%s reaches the trail account's preflight: exit 2, no credentials", async (command) => {
      const run = await npm(project, command);
      expect(run.stderr).toContain(`organization: ${NO_CREDENTIALS} Could not load credentials from any providers${assuming}`);
      expect(run.code).toBe(2);
    }, 60_000);

    test("npm run destroy -- organization refuses, before any account is asked", async () => {
      const run = await npm(project, "npm run destroy -- organization");
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 2,
        stderr:
          "destroy: organization: the organization keeps its audit evidence (always): the log archive's key and buckets and the trail's log group carry prevent_destroy, " +
          "Object Lock keeps the log files, and the guardrails (the management stack) protect them, so a destroy would stop at Terraform's plan or lift the protection. " +
          "Evidence is not deleted by a command; docs/organization.md (Retiring) says how an organization's audit is retired\n",
      });
    }, 60_000);

    test("every organization command of help and docs/organization.md is one of these", () => {
      const shown = [...npmCommands(HELP), ...npmCommands(readFileSync(join(ROOT, "docs", "organization.md"), "utf8"))].filter((c) => c.includes("organization") && !c.includes("<"));
      expect(new Set(shown)).toEqual(new Set(["npm run deploy -- organization dev staging prod", "npm run verify -- organization", "npm run destroy -- organization", "npm run diff -- organization dev staging prod"]));
    });

    test("npm run diff -- organization dev staging prod reaches the preflight too", async () => {
      const run = await npm(project, "npm run diff -- organization dev staging prod");
      expect(run.stderr).toContain(assuming);
      expect(run.code).toBe(2);
    }, 60_000);
  });

  test("with the example account of a fresh clone, npm run deploy -- dev exits 2 naming accountId", async () => {
    const fresh = testProject(JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).context.foundation);
    try {
      const run = await npm(fresh, "npm run deploy -- dev");
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 2,
        stderr:
          "deploy: dev: accountId is the documented example account 123456789012, which nobody can deploy to; " +
          "set environments.dev.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) to the account's 12 digits\n",
      });
    } finally {
      fresh.remove();
    }
  }, 60_000);
});
