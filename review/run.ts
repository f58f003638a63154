import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ConfigError, loadConfig } from "../config/load";
import { EXAMPLE_ACCOUNT_ID } from "../facts/example-account";
import { readSynthesizedStacks, synthesizeInScratch, type synthesizeFoundation } from "../stacks/foundation-app";
import { complianceSarif, reviewJson } from "./export";
import { renderReview, type ReviewInput, type StackInput } from "./report";
import { organizationAccounts, organizationWorkload } from "./organization-workload";

export interface ReviewOptions {
  /** The project folder (git work tree, package.json). */
  readonly root: string;
  /** The synthesized output to review (cdktf.out). */
  readonly outdir: string;
  /** cdktf.json's `context`, as synthesis read it. */
  readonly context: Record<string, unknown> | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the summary goes (stdout). */
  readonly log: (line: string) => void;
  /** Where refusals and problems go (stderr). */
  readonly problem: (line: string) => void;
  /** Synthesizes the current configuration for the staleness check (the app's own, unless a test replaces it). */
  readonly synthesize?: typeof synthesizeFoundation;
}

/** What differs between the reviewed output and what the current configuration synthesizes. */
function differences(reviewed: readonly { name: string; text: string }[], current: readonly { name: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const stack of current) {
    const old = reviewed.find((r) => r.name === stack.name);
    if (!old) out.push(`${stack.name} is missing`);
    else if (old.text !== stack.text) out.push(`${stack.name} differs`);
  }
  for (const old of reviewed) if (!current.some((c) => c.name === old.name)) out.push(`${old.name} is not in the current configuration`);
  return out;
}

function gitState(root: string): ReviewInput["git"] {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  if (head.status !== 0) return undefined;
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" });
  return { commit: head.stdout.trim(), dirty: status.status === 0 && status.stdout.trim() !== "" };
}

/**
 * `npm run review`: checks that cdktf.out is what the current configuration synthesizes, then
 * writes review.md, review.json and compliance.sarif next to the stacks. Returns the exit code:
 * 0 when the stacks may be deployed, 1 when there is nothing to review, the output is stale, or a
 * stack has an error finding (the report is still written, so the reason can be read).
 */
export function runReview(options: ReviewOptions): number {
  const { outdir, log, problem } = options;
  if (!existsSync(join(outdir, "manifest.json"))) {
    problem(`review: ${join(outdir, "manifest.json")} not found; run \`npm run synth\` first.`);
    return 1;
  }
  let environments;
  let organization;
  try {
    ({ environments, organization } = loadConfig({ settings: options.context?.foundation, env: options.env }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problem(error.message);
    return 1;
  }

  const reviewed = readSynthesizedStacks(outdir);
  const current = synthesizeInScratch({ context: options.context, env: options.env }, options.synthesize);
  if (current.code !== 0) {
    problem(["review: the current configuration does not synthesize; fix it and run `npm run synth`:", ...current.log].join("\n"));
    return 1;
  }
  const stale = differences(reviewed, current.stacks);
  if (stale.length > 0) {
    problem(
      `review: ${outdir} does not match the current configuration and code (${stale.join("; ")}); ` +
        "run `npm run synth` again (with the same MLOPS_* variables as this command), then `npm run review`.",
    );
    return 1;
  }

  const workload = organization ? organizationWorkload(organization) : undefined;
  const organizationTrailStack = organization?.names.trailStack;
  const stacks: StackInput[] = reviewed.map((s) => ({
    ...s,
    json: JSON.parse(s.text),
    ...(workload && s.name === organizationTrailStack
      ? { costAssumptions: workload.assumptions, workloadNote: workload.note }
      : { costAssumptions: environments.find((e) => e.names.foundationStack === s.name)?.costAssumptions }),
  }));
  const input: ReviewInput = {
    stacks,
    environments: [
      ...environments.map((e) => ({
        environment: e.environment,
        accountId: e.accountId,
        accountIdIsExample: e.accountIdIsExample,
        region: e.region,
        stacks: [e.names.stateStack, e.names.foundationStack],
      })),
      ...(organization
        ? [
            {
              environment: "organization",
              accountId: organizationAccounts(organization).slice(0, 3).join(", "),
              accountIdIsExample: false,
              region: organization.region,
              stacks: [organization.names.stateStack, organization.names.archiveStack, organization.names.managementStack, organization.names.trailStack],
            },
          ]
        : []),
    ],
    ...(organization ? { organizationAccounts: organizationAccounts(organization) } : {}),
    git: gitState(options.root),
  };
  const review = renderReview(input);
  const version = JSON.parse(readFileSync(join(options.root, "package.json"), "utf8")).version as string;
  const outdirFromRoot = relative(options.root, outdir).split("\\").join("/") || ".";
  writeFileSync(join(outdir, "review.md"), `${review.markdown}\n`);
  writeFileSync(join(outdir, "review.json"), `${JSON.stringify(reviewJson(input, review), null, 2)}\n`);
  writeFileSync(join(outdir, "compliance.sarif"), complianceSarif(input, outdirFromRoot, version));

  for (const line of review.summary) log(line);
  const examples = input.environments.filter((e) => e.accountIdIsExample).map((e) => e.environment);
  if (examples.length > 0) {
    log(`WARNING: ${examples.join(", ")} ${examples.length > 1 ? "use" : "uses"} the example account ${EXAMPLE_ACCOUNT_ID}: not deployable.`);
  }
  log(`Stamp: sha256 ${review.stamp}`);
  log(`Report: ${join(outdir, "review.md")} (also review.json, compliance.sarif)`);
  if (review.errors > 0) {
    problem(`review: ${review.errors} error finding${review.errors === 1 ? "" : "s"}: these stacks must not be deployed.`);
    return 1;
  }
  return 0;
}

