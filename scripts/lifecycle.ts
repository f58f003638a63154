// `npm run synth|deploy|diff|destroy|output -- <environment> ...`: see lifecycle/run.ts.
// Exit 0: done; 1: a run failed (or synth found a problem); 2: could not run (nothing was started).
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Api } from "../aws/api";
import { runLifecycle } from "../lifecycle/run";
import type { Command } from "../lifecycle/steps";

// npm runs scripts in the project folder; the tests run copies of the project the same way.
const root = process.cwd();
const USAGE: Record<Command | "synth", string> = {
  synth: "usage: npm run synth [-- <environment> ...]\n  Synthesize the environments (default: cdktf.json's synthesize, or MLOPS_ENVIRONMENTS) into cdktf.out/.",
  deploy:
    "usage: npm run deploy -- [organization] <environment> ... [--auto-approve]\n" +
    "  Deploy each environment: its state stack, then its foundation (each plan shown and approved unless --auto-approve).\n" +
    "  organization (with an organization block): its state, log archive, management and trail stacks first, each in its account.",
  diff: "usage: npm run diff -- [organization] <environment> ...\n  Plan each environment's stacks (and the organization's); nothing changes.",
  destroy:
    "usage: npm run destroy -- <environment> ... [--state-bucket] [--auto-approve]\n" +
    "  Destroy each environment's foundation; with --state-bucket (and allowStateBucketDestroy) its state bucket after it.",
  output: "usage: npm run output -- [organization] <environment> ...\n  Print the foundation's outputs (the organization's stacks' outputs).",
};
const FLAGS: Record<Command | "synth", string[]> = { synth: [], deploy: ["auto-approve"], diff: [], destroy: ["auto-approve", "state-bucket"], output: [] };

function main(argv: string[]): Promise<number> | number {
  const command = argv[0] as Command | "synth";
  if (!(command in USAGE)) {
    console.error(`lifecycle: the first argument must be one of ${Object.keys(USAGE).join(", ")}, got ${JSON.stringify(command ?? "")}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      allowPositionals: true,
      strict: true,
      options: { help: { type: "boolean", short: "h" }, ...Object.fromEntries(FLAGS[command].map((f) => [f, { type: "boolean" as const }])) },
    });
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}\n${USAGE[command]}`);
    return 2;
  }
  const values = parsed.values as Record<string, boolean | undefined>;
  if (values.help) {
    console.log(USAGE[command]);
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  return runLifecycle({
    root,
    command,
    names: parsed.positionals,
    flags: { autoApprove: values["auto-approve"] === true, stateBucket: values["state-bucket"] === true },
    env: process.env,
    log: (line) => console.error(tty ? `\x1b[1m${line}\x1b[0m` : line),
    problem: (line) => console.error(line),
    account: async (config, applies, creates) => {
      // The SDK is loaded only by the commands that touch an account: synth never pays for it.
      const { checkAccount, createLifecycleClients } = await import("../lifecycle/account");
      const { deployRoleCredentials } = await import("../aws/deploy-role");
      return checkAccount(new Api(createLifecycleClients(config.region, deployRoleCredentials(config))), config, applies, root, creates);
    },
    organization: async (target, applies) => {
      const { createLifecycleClients } = await import("../lifecycle/account");
      const { checkOrganization } = await import("../lifecycle/organization-account");
      const { deployRoleCredentials } = await import("../aws/deploy-role");
      const { roleHolder } = await import("../aws/organization-accounts");
      const org = target.organization;
      return checkOrganization((_account, role) => new Api(createLifecycleClients(org.region, deployRoleCredentials(roleHolder(org, role)))), target, applies, root);
    },
    cdktf: (args, env) =>
      new Promise((resolve) => {
        const child = spawn(join(root, "node_modules", ".bin", "cdktf"), args, { cwd: root, env, stdio: "inherit" });
        child.on("error", () => resolve(2));
        child.on("exit", (code) => resolve(code ?? 1));
      }),
    terraformVersion: () => {
      const result = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
      if (result.status !== 0) return undefined;
      try {
        return String(JSON.parse(result.stdout).terraform_version);
      } catch {
        return undefined;
      }
    },
  });
}

Promise.resolve(main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`lifecycle: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
