/**
 * runLifecycle's own logic, fast: what it refuses and when, what it hands cdktf, and what it
 * returns. The runs through the real cdktf CLI are in __tests__/cdktf/lifecycle.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CannotRun } from "../../aws/api";
import type { EnvironmentConfig } from "../../config/types";
import { runLifecycle, type LifecycleOptions } from "../../lifecycle/run";
import type { OrganizationFacts } from "../../lifecycle/organization";
import type { Facts } from "../../lifecycle/steps";
import { ACCOUNT, DEPLOYER } from "../helpers";

const FOUNDATION = { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { dev: {}, prod: {} } };
const DEPLOYED: Facts = { stateBucketExists: true, localState: true };

interface Run {
  code: number;
  log: string[];
  problems: string[];
  cdktf: { args: readonly string[]; selected: string | undefined; checkpoint: string | undefined }[];
  asked: { environment: string; applies: boolean; creates: boolean }[];
}

/** Runs a command in a folder with `cdktf.json` (a foundation object, or the raw text). */
async function lifecycle(
  command: LifecycleOptions["command"],
  names: string[],
  options: {
    file?: Record<string, unknown> | string;
    exitCodes?: number[];
    terraform?: string | undefined;
    account?: (config: EnvironmentConfig) => Facts;
    organization?: OrganizationFacts;
    env?: Record<string, string>;
  } = {},
): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), "lifecycle-run-"));
  try {
    const file = options.file ?? FOUNDATION;
    writeFileSync(join(root, "cdktf.json"), typeof file === "string" ? file : JSON.stringify({ app: "x", context: { foundation: file } }));
    const run: Run = { code: -1, log: [], problems: [], cdktf: [], asked: [] };
    const exitCodes = [...(options.exitCodes ?? [])];
    run.code = await runLifecycle({
      root,
      command,
      names,
      flags: { autoApprove: false, stateBucket: false },
      env: { PATH: "/bin", ...options.env },
      log: (l) => run.log.push(l),
      problem: (l) => run.problems.push(l),
      account: async (config, applies, creates) => {
        run.asked.push({ environment: config.environment, applies, creates });
        return (options.account ?? (() => DEPLOYED))(config);
      },
      organization: async (target, applies) => {
        run.asked.push({ environment: `organization: ${target.stacks.join(", ")}`, applies, creates: true });
        return options.organization ?? { stateBucketExists: true, localState: true, archiveDeployed: true };
      },
      cdktf: async (args, env) => {
        run.cdktf.push({ args, selected: env.MLOPS_ENVIRONMENTS, checkpoint: env.CHECKPOINT_DISABLE });
        return exitCodes.shift() ?? 0;
      },
      terraformVersion: () => ("terraform" in options ? options.terraform : "1.11.4"),
    });
    return run;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("runLifecycle", () => {
  test("deploy: asks the account of each environment (as a change), then runs cdktf with exactly those environments selected", async () => {
    const run = await lifecycle("deploy", ["prod", "dev"]);
    expect(run).toEqual({
      code: 0,
      log: [
        "deploy prod: cdktf deploy mlops-retail-prediction-prod-state",
        "deploy prod: cdktf deploy mlops-retail-prediction-prod-foundation --ignore-missing-stack-dependencies --skip-synth",
        "deploy dev: cdktf deploy mlops-retail-prediction-dev-state --skip-synth",
        "deploy dev: cdktf deploy mlops-retail-prediction-dev-foundation --ignore-missing-stack-dependencies --skip-synth",
      ],
      problems: [],
      cdktf: [
        { args: ["deploy", "mlops-retail-prediction-prod-state"], selected: "prod,dev", checkpoint: "1" },
        { args: ["deploy", "mlops-retail-prediction-prod-foundation", "--ignore-missing-stack-dependencies", "--skip-synth"], selected: "prod,dev", checkpoint: "1" },
        { args: ["deploy", "mlops-retail-prediction-dev-state", "--skip-synth"], selected: "prod,dev", checkpoint: "1" },
        { args: ["deploy", "mlops-retail-prediction-dev-foundation", "--ignore-missing-stack-dependencies", "--skip-synth"], selected: "prod,dev", checkpoint: "1" },
      ],
      asked: [
        { environment: "prod", applies: true, creates: true },
        { environment: "dev", applies: true, creates: true },
      ],
    });
  });

  test("output reads: the account is asked as a read", async () => {
    const run = await lifecycle("output", ["dev"]);
    expect(run.asked).toEqual([{ environment: "dev", applies: false, creates: false }]);
    expect(run.code).toBe(0);
  });

  test.each([
    ["diff", true],
    ["destroy", false],
  ] as const)("%s asks the account as a change; whether what the stacks build on must exist: %s", async (command, creates) => {
    const run = await lifecycle(command, ["dev"]);
    expect(run.asked).toEqual([{ environment: "dev", applies: true, creates }]);
  });

  test("notes come before the runs", async () => {
    const run = await lifecycle("diff", ["dev"], { account: () => ({ stateBucketExists: false, localState: false }) });
    expect(run.log[0]).toMatch(/^note: mlops-retail-prediction-dev-foundation: not planned yet: /);
    expect(run.log[1]).toBe("diff dev: cdktf diff mlops-retail-prediction-dev-state");
  });

  test("a failing run stops the rest: exit 1, naming it", async () => {
    const run = await lifecycle("deploy", ["dev"], { exitCodes: [3] });
    expect(run.code).toBe(1);
    expect(run.cdktf).toHaveLength(1);
    expect(run.problems).toEqual(["deploy: cdktf deploy mlops-retail-prediction-dev-state failed (exit 3); the steps after it did not run"]);
  });

  test("synth hands cdktf the environments given, or none", async () => {
    const given = await lifecycle("synth", ["prod", "dev"], { exitCodes: [1] });
    expect({ code: given.code, cdktf: given.cdktf, asked: given.asked }).toEqual({ code: 1, cdktf: [{ args: ["synth"], selected: "prod,dev", checkpoint: "1" }], asked: [] });
    const none = await lifecycle("synth", [], { env: { MLOPS_ENVIRONMENTS: "dev" } });
    expect(none.cdktf).toEqual([{ args: ["synth"], selected: "dev", checkpoint: "1" }]);
  });

  test.each<[string, LifecycleOptions["command"], number]>([
    ["synth", "synth", 1],
    ["deploy", "deploy", 2],
  ])("a cdktf.json that cannot be read: %s exits %d with the file's error, before anything runs", async (_name, command, code) => {
    const run = await lifecycle(command, ["dev"], { file: "{ // no\n}" });
    expect(run).toEqual({
      code,
      log: [],
      problems: ["cdktf.json:1:3: a comment, which JSON does not allow; cdktf.json is plain JSON (the cdktf CLI reads it too): no comments, no trailing commas"],
      cdktf: [],
      asked: [],
    });
  });

  test.each<[string | undefined, string]>([
    [undefined, "deploy: terraform is not on PATH; install Terraform >= 1.10 (the S3 backend's native locking needs it)"],
    ["1.9.8", "deploy: terraform 1.9.8 is on PATH; the S3 backend's native locking (use_lockfile) needs Terraform >= 1.10"],
    ["0.15.5", "deploy: terraform 0.15.5 is on PATH; the S3 backend's native locking (use_lockfile) needs Terraform >= 1.10"],
  ])("Terraform %s: refused before the account is asked", async (terraform, message) => {
    const run = await lifecycle("deploy", ["dev"], { terraform });
    expect({ code: run.code, problems: run.problems, asked: run.asked, cdktf: run.cdktf }).toEqual({ code: 2, problems: [message], asked: [], cdktf: [] });
  });

  test("a cdktf.json that is not a file is not taken for a configuration problem", async () => {
    const root = mkdtempSync(join(tmpdir(), "lifecycle-run-"));
    mkdirSync(join(root, "cdktf.json"));
    try {
      const options = { root, command: "deploy" as const, names: ["dev"], flags: { autoApprove: false, stateBucket: false }, env: {}, log: () => undefined, problem: () => undefined };
      await expect(runLifecycle({ ...options, account: async () => DEPLOYED, organization: async () => ({ ...DEPLOYED, archiveDeployed: true }), cdktf: async () => 0, terraformVersion: () => "1.11.4" })).rejects.toThrow(/EISDIR/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test.each(["1.10.0", "1.11.4", "2.0.0"])("Terraform %s is enough", async (terraform) => {
    expect((await lifecycle("deploy", ["dev"], { terraform })).code).toBe(0);
  });

  test("the preflight's refusal stops everything: exit 2, the command named", async () => {
    const run = await lifecycle("deploy", ["dev", "prod"], {
      account: (config) => {
        if (config.environment === "prod") throw new CannotRun("prod: refused");
        return DEPLOYED;
      },
    });
    expect({ code: run.code, problems: run.problems, cdktf: run.cdktf }).toEqual({ code: 2, problems: ["deploy: prod: refused"], cdktf: [] });
  });

  test("an error that is not a refusal is not reported as one", async () => {
    await expect(lifecycle("deploy", ["dev"], { account: () => { throw new TypeError("bug"); } })).rejects.toThrow("bug");
  });
});
