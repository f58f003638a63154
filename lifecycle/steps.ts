/**
 * The cdktf runs a lifecycle command makes, in the order Terraform needs, and the refusals that
 * need no account: pure functions of the targets, the flags and what the account holds.
 *
 * cdktf checks that every stack it runs has its dependencies in the same run, but it also
 * initializes every stack of a run before applying the first: the foundation's S3 backend cannot
 * initialize before the state stack has created its bucket. So each stack is its own run, the
 * foundation's with --ignore-missing-stack-dependencies (its one dependency, the state stack, ran
 * just before or exists already), and every run after the first reuses the first synthesis.
 */
import type { EnvironmentConfig } from "../config/types";
import { CannotRun } from "../aws/api";
import { requireRealAccount } from "../aws/real-account";
import { planOrganizationSteps, type OrganizationFacts, type OrganizationTarget } from "./organization";
import type { Target } from "./targets";

export type Command = "deploy" | "diff" | "destroy" | "output";

export interface Flags {
  /** Apply or destroy without cdktf's approval prompt (CI, after a reviewed plan). */
  readonly autoApprove: boolean;
  /** destroy: also remove the environment's state bucket (needs allowStateBucketDestroy). */
  readonly stateBucket: boolean;
}

/** What the account and this folder hold for one environment. */
export interface Facts {
  /** The state bucket exists in the environment's account. */
  readonly stateBucketExists: boolean;
  /** The state stack's local state (terraform.<stack>.tfstate) is in this folder and records the bucket. */
  readonly localState: boolean;
}

export interface Step {
  /** The environment the run belongs to. */
  readonly environment: string;
  /** The cdktf CLI's arguments. */
  readonly args: readonly string[];
}

export interface Planned {
  readonly steps: readonly Step[];
  /** What is left out, and why. */
  readonly notes: readonly string[];
}

const IGNORE_DEPENDENCIES = "--ignore-missing-stack-dependencies";

/** Refusals that need no account: checked before credentials are even looked for. */
export function refuseOffline(command: Command, targets: readonly Target[], flags: Flags): void {
  for (const { config, stacks, given } of targets) {
    const env = config.environment;
    requireRealAccount(config);
    if (command !== "destroy") continue;
    if (config.audit.retainOnDestroy) {
      throw new CannotRun(
        `${env} keeps its audit evidence (audit.retainOnDestroy is true): its key, log buckets and log group carry prevent_destroy, so a destroy ` +
          "would stop at Terraform's plan. Evidence is not deleted by a command; docs/break-glass.md says how to retire an environment that keeps it",
      );
    }
    if (!stacks.includes("foundation")) {
      throw new CannotRun(
        `${given}: the state bucket holds the foundation's state, so it is removed only after the foundation: npm run destroy -- ${env} --state-bucket`,
      );
    }
    if (flags.stateBucket && !config.allowStateBucketDestroy) {
      throw new CannotRun(
        `${env}: --state-bucket needs allowStateBucketDestroy (set environments.${env}.allowStateBucketDestroy to true in cdktf.json, ` +
          "or MLOPS_ALLOW_STATE_BUCKET_DESTROY=true for this command): until then the bucket carries prevent_destroy",
      );
    }
  }
}

/**
 * The cdktf runs, given what the account holds for each target's environment: the
 * organization's first where it is named (its archive and trail before the members).
 */
export function planSteps(
  command: Command,
  targets: readonly Target[],
  flags: Flags,
  facts: (config: EnvironmentConfig) => Facts,
  organization?: { readonly target: OrganizationTarget; readonly facts: OrganizationFacts },
): Planned {
  const steps: Step[] = [];
  const notes: string[] = [];
  const approve = flags.autoApprove ? ["--auto-approve"] : [];
  const runIn = (environment: string, verb: string, stack: string, ...extra: string[]): void => {
    steps.push({ environment, args: [verb, stack, ...extra, ...(steps.length > 0 ? ["--skip-synth"] : [])] });
  };
  const run = (config: EnvironmentConfig, verb: string, stack: string, ...extra: string[]): void => runIn(config.environment, verb, stack, ...extra);
  if (organization) planOrganizationSteps(command, organization.target, approve, organization.facts, runIn, notes);
  for (const { config, stacks } of targets) {
    const { stateStack, foundationStack, stateBucket } = config.names;
    const env = config.environment;
    const { stateBucketExists, localState } = facts(config);
    const missing = `${env}'s state bucket ${stateBucket} does not exist in account ${config.accountId}`;
    if (command === "deploy") {
      if (stacks.includes("state")) {
        if (localState || !stateBucketExists) run(config, "deploy", stateStack, ...approve);
        else {
          notes.push(
            `${stateStack}: left as it is: its bucket ${stateBucket} exists, but its bootstrap state (terraform.${stateStack}.tfstate) is not in this folder ` +
              "(deployed from another clone?); copy that file here to manage the bucket from this folder",
          );
        }
      }
      if (stacks.includes("foundation")) {
        if (!stacks.includes("state") && !stateBucketExists) throw new CannotRun(`${missing}: deploy it first with npm run deploy -- ${env}`);
        run(config, "deploy", foundationStack, IGNORE_DEPENDENCIES, ...approve);
      }
    } else if (command === "diff") {
      if (stacks.includes("state")) run(config, "diff", stateStack);
      if (stacks.includes("foundation")) {
        if (stateBucketExists) run(config, "diff", foundationStack);
        else if (stacks.includes("state")) notes.push(`${foundationStack}: not planned yet: ${missing}; npm run deploy -- ${env} creates it, then shows the foundation's plan and asks before applying`);
        else throw new CannotRun(`${missing}: npm run diff -- ${env} plans the state stack that creates it`);
      }
    } else if (command === "output") {
      if (!stateBucketExists && stacks.includes("foundation")) throw new CannotRun(`${missing}: ${env} is not deployed`);
      for (const role of stacks) run(config, "output", role === "state" ? stateStack : foundationStack);
    } else {
      if (!stateBucketExists) throw new CannotRun(`${missing}: there is nothing of ${env} to destroy`);
      run(config, "destroy", foundationStack, ...approve);
      if (flags.stateBucket) {
        if (!localState) {
          throw new CannotRun(`${env}: the bootstrap state of ${stateStack} (terraform.${stateStack}.tfstate) is not in this folder, so its bucket cannot be destroyed from here`);
        }
        // Terraform's destroy empties a bucket only if force_destroy is in its state: apply it first.
        run(config, "deploy", stateStack, ...approve);
        run(config, "destroy", stateStack, IGNORE_DEPENDENCIES, ...approve);
      }
    }
  }
  return { steps, notes };
}
