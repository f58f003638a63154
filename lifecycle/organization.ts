/**
 * Organization mode in the lifecycle commands: which of the organization's stacks an argument
 * names (`organization` for all four, or a stack's name), what is refused before any account is
 * asked, and the cdktf runs in the order the accounts need them: the state bucket (trail
 * account), the log archive, the management account's guardrails, the trail. The member
 * environments' runs follow (lifecycle/steps.ts).
 */
import type { OrganizationConfig } from "../config/types";
import { CannotRun } from "../aws/api";
import { ORGANIZATION_TARGET } from "../facts/organization";
import type { Command } from "./steps";

export type OrganizationStack = "state" | "archive" | "management" | "trail";

/** In deploy order. */
export const ORGANIZATION_STACKS: readonly OrganizationStack[] = ["state", "archive", "management", "trail"];

export interface OrganizationTarget {
  readonly organization: OrganizationConfig;
  /** In deploy order. */
  readonly stacks: readonly OrganizationStack[];
  /** The arguments that named them, as given. */
  readonly given: string;
}

/** What the trail account holds for the organization's stacks. */
export interface OrganizationFacts {
  /** The organization's state bucket exists in the trail account. */
  readonly stateBucketExists: boolean;
  /** The bootstrap state of the state stack is in this folder and records the bucket. */
  readonly localState: boolean;
  /** The log archive's state is in that bucket: the management and trail stacks read its key's ARN there. */
  readonly archiveDeployed: boolean;
}

export function stackOf(org: OrganizationConfig, stack: OrganizationStack): string {
  const { names } = org;
  return { state: names.stateStack, archive: names.archiveStack, management: names.managementStack, trail: names.trailStack }[stack];
}

/**
 * Takes out the arguments that name the organization or one of its stacks; the rest name
 * environments. `organization` without an organization block is refused, naming the block.
 */
export function organizationTarget(org: OrganizationConfig | undefined, args: readonly string[]): { target?: OrganizationTarget; rest: string[] } {
  if (org === undefined) {
    if (args.includes(ORGANIZATION_TARGET)) {
      throw new CannotRun(`${ORGANIZATION_TARGET}: cdktf.json has no organization block, so there are no organization stacks (docs/organization.md says how to configure one)`);
    }
    return { rest: [...args] };
  }
  const rest: string[] = [];
  const stacks = new Set<OrganizationStack>();
  const given: string[] = [];
  for (const arg of args) {
    const named = arg === ORGANIZATION_TARGET ? ORGANIZATION_STACKS : ORGANIZATION_STACKS.filter((s) => stackOf(org, s) === arg);
    if (named.length === 0) rest.push(arg);
    else {
      named.forEach((s) => stacks.add(s));
      given.push(arg);
    }
  }
  if (stacks.size === 0) return { rest };
  return { target: { organization: org, stacks: ORGANIZATION_STACKS.filter((s) => stacks.has(s)), given: given.join(" ") }, rest };
}

/**
 * The organization's evidence is always retained: its archive's key and buckets and the trail's
 * log group carry prevent_destroy, Object Lock keeps the log files, and the guardrails protect
 * them. No command destroys any of it; removing the guardrails alone would lift that protection.
 */
export function refuseOrganizationOffline(command: Command, target: OrganizationTarget): void {
  if (command !== "destroy") return;
  throw new CannotRun(
    `${target.given}: the organization keeps its audit evidence (always): the log archive's key and buckets and the trail's log group carry prevent_destroy, ` +
      "Object Lock keeps the log files, and the guardrails (the management stack) protect them, so a destroy would stop at Terraform's plan or lift the protection. " +
      "Evidence is not deleted by a command; docs/organization.md (Retiring) says how an organization's audit is retired",
  );
}

/** How a cdktf run is recorded: verb, stack, extra arguments (lifecycle/steps.ts adds --skip-synth). */
export type Run = (environment: string, verb: string, stack: string, ...extra: string[]) => void;

/** The organization's cdktf runs, in deploy order; what is left out goes to `notes`. */
export function planOrganizationSteps(command: Command, target: OrganizationTarget, approve: readonly string[], facts: OrganizationFacts, run: Run, notes: string[]): void {
  const { organization: org, stacks } = target;
  const { stateBucketExists, localState, archiveDeployed } = facts;
  const { stateStack, stateBucket, archiveStack } = org.names;
  const env = ORGANIZATION_TARGET;
  const missing = `the organization's state bucket ${stateBucket} does not exist in the trail account ${org.trail.accountId}`;
  const readsArchive = (stack: string): string => `${stack} reads the archive key's ARN from ${archiveStack}'s state, which is not in ${stateBucket} yet`;
  for (const role of stacks) {
    const stack = stackOf(org, role);
    if (command === "deploy") {
      if (role === "state") {
        if (localState || !stateBucketExists) run(env, "deploy", stack, ...approve);
        else {
          notes.push(
            `${stack}: left as it is: its bucket ${stateBucket} exists, but its bootstrap state (terraform.${stateStack}.tfstate) is not in this folder ` +
              "(deployed from another clone?); copy that file here to manage the bucket from this folder",
          );
        }
        continue;
      }
      if (!stacks.includes("state") && !stateBucketExists) throw new CannotRun(`${missing}: deploy it first with npm run deploy -- ${env}`);
      // The state stack went on above; the archive is in `stacks` when it is the role.
      if (!archiveDeployed && !stacks.includes("archive")) throw new CannotRun(`${readsArchive(stack)}: deploy it first with npm run deploy -- ${archiveStack}`);
      run(env, "deploy", stack, "--ignore-missing-stack-dependencies", ...approve);
    } else if (command === "diff") {
      if (role === "state") run(env, "diff", stack);
      else if (!stateBucketExists) {
        if (!stacks.includes("state")) throw new CannotRun(`${missing}: npm run diff -- ${stateStack} plans the stack that creates it`);
        notes.push(`${stack}: not planned yet: ${missing}; npm run deploy -- ${env} creates it, then shows this stack's plan and asks before applying`);
      } else if (role !== "archive" && !archiveDeployed) {
        if (!stacks.includes("archive")) throw new CannotRun(`${readsArchive(stack)}: deploy ${archiveStack} first (npm run deploy -- ${archiveStack})`);
        notes.push(`${stack}: not planned yet: ${readsArchive(stack)}; npm run deploy -- ${env} deploys the archive first, then shows this stack's plan and asks before applying`);
      } else run(env, "diff", stack);
    } else {
      if (role !== "state" && !stateBucketExists) throw new CannotRun(`${missing}: the organization is not deployed`);
      run(env, "output", stack);
    }
  }
}
