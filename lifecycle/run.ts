/**
 * `npm run deploy|diff|destroy|output -- <environment> ...` (and `npm run synth`): one command per
 * lifecycle step and environment. In order, before Terraform starts: cdktf.json and the
 * configuration, the refusals that need no account (the example account, a destroy of evidence,
 * the state bucket without its opt-in), Terraform on PATH, then per environment the preflight and
 * the state bucket; only then the cdktf runs of lifecycle/steps.ts, one stack each. Exit 0 when
 * every run succeeded, 1 when one failed (the rest do not start), 2 when nothing could run.
 */
import { join } from "node:path";
import { CannotRun } from "../aws/api";
import { ConfigFileError, readProjectFile } from "../config/file";
import type { EnvironmentConfig } from "../config/types";
import { refuseOrganizationOffline, type OrganizationFacts, type OrganizationTarget } from "./organization";
import { planSteps, refuseOffline, type Command, type Facts, type Flags } from "./steps";
import { resolveAll } from "./targets";

type Env = Readonly<Record<string, string | undefined>>;

export interface LifecycleOptions {
  /** The project folder: cdktf.json, and the state stacks' local state. */
  readonly root: string;
  readonly command: Command | "synth";
  /** Environments or stack names, as given. */
  readonly names: readonly string[];
  readonly flags: Flags;
  readonly env: Env;
  readonly log: (line: string) => void;
  readonly problem: (line: string) => void;
  /** The preflight and the facts of one environment (lifecycle/account.ts on a real account). */
  readonly account: (config: EnvironmentConfig, applies: boolean, creates: boolean) => Promise<Facts>;
  /** The preflights of the organization's accounts its stacks touch, and what the trail account holds (lifecycle/organization-account.ts). */
  readonly organization: (target: OrganizationTarget, applies: boolean) => Promise<OrganizationFacts>;
  /** Runs the cdktf CLI with these arguments and variables; resolves to its exit code. */
  readonly cdktf: (args: readonly string[], env: Env) => Promise<number>;
  /** `terraform version` as found on PATH, or undefined when there is none. */
  readonly terraformVersion: () => string | undefined;
}

/** Terraform >= 1.10: the S3 backend's native lock file (use_lockfile). */
const MINIMUM_TERRAFORM = [1, 10];

export async function runLifecycle(options: LifecycleOptions): Promise<number> {
  const { command, problem } = options;
  let context: Record<string, unknown>;
  try {
    context = readProjectFile(join(options.root, "cdktf.json"), "cdktf.json").context;
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    problem(error.message);
    return command === "synth" ? 1 : 2;
  }
  const env = { ...options.env, CHECKPOINT_DISABLE: "1" };
  if (command === "synth") {
    return options.cdktf(["synth"], options.names.length > 0 ? { ...env, MLOPS_ENVIRONMENTS: options.names.join(",") } : env);
  }
  try {
    const { targets, organization } = resolveAll(context.foundation, options.env, options.names);
    if (organization !== undefined) refuseOrganizationOffline(command, organization);
    refuseOffline(command, targets, options.flags);
    requireTerraform(options.terraformVersion());
    const applies = command !== "output";
    // The organization's accounts first: its stacks deploy before the members'.
    const organizationFacts = organization !== undefined ? { target: organization, facts: await options.organization(organization, applies) } : undefined;
    const facts = new Map<string, Facts>();
    for (const { config } of targets) facts.set(config.environment, await options.account(config, applies, command === "diff" || command === "deploy"));
    const planned = planSteps(command, targets, options.flags, (config) => facts.get(config.environment)!, organizationFacts);
    for (const note of planned.notes) options.log(`note: ${note}`);
    // The organization's stacks are synthesized with any selection: alone, they keep the default one.
    const selected = targets.length > 0 ? { ...env, MLOPS_ENVIRONMENTS: targets.map((t) => t.config.environment).join(",") } : env;
    for (const step of planned.steps) {
      options.log(`${command} ${step.environment}: cdktf ${step.args.join(" ")}`);
      const code = await options.cdktf(step.args, selected);
      if (code !== 0) {
        problem(`${command}: cdktf ${step.args.join(" ")} failed (exit ${code}); the steps after it did not run`);
        return 1;
      }
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CannotRun)) throw error;
    problem(`${command}: ${error.message}`);
    return 2;
  }
}

function requireTerraform(version: string | undefined): void {
  if (version === undefined) throw new CannotRun("terraform is not on PATH; install Terraform >= 1.10 (the S3 backend's native locking needs it)");
  const [major, minor] = version.split(".").map(Number);
  if (!(major > MINIMUM_TERRAFORM[0] || (major === MINIMUM_TERRAFORM[0] && minor >= MINIMUM_TERRAFORM[1]))) {
    throw new CannotRun(`terraform ${version} is on PATH; the S3 backend's native locking (use_lockfile) needs Terraform >= 1.10`);
  }
}
