import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, App, Aspects, TerraformStack } from "cdktf";
import { ALL_RULES, CompliancePack, suppress } from "../compliance/pack";
import { ConfigError, loadConfig, type LoadedConfig } from "../config/load";
import { withoutTokenTraces } from "./token-traces";
import { FoundationStack } from "./foundation-stack";
import { StateStack } from "./state-stack";
import { addOrganizationStacks } from "./organization-stacks";

/** Files `npm run review` writes next to the stacks; a new synthesis makes them stale. */
export const REVIEW_FILES = ["review.md", "review.json", "compliance.sarif"];

export interface SynthesisOptions {
  /** cdktf.json's `context` (its `foundation` object is the configuration). */
  readonly context: Record<string, unknown> | undefined;
  /** Process environment, for the MLOPS_* variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the stacks are written (cdktf.out). */
  readonly outdir: string;
  /** Where problems and notices are printed. */
  readonly log: (line: string) => void;
}

/**
 * Validates the configuration, builds every selected environment's stacks and writes them.
 * Returns the process exit code: 0 when written, 1 when the configuration is invalid (nothing is
 * written) or a stack has a compliance error (what was written is removed, so no stack that
 * failed its checks can be deployed from the output folder by mistake).
 */
export function synthesizeFoundation(options: SynthesisOptions): number {
  // A review describes one synthesis: whatever happens next, the previous one's files are stale.
  removeReviewFiles(options.outdir);
  let loaded;
  try {
    loaded = loadConfig({ settings: options.context?.foundation, env: options.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    options.log(error.message);
    return 1;
  }

  return withoutTokenTraces(() => synthesizeLoaded(options, loaded));
}

/** Builds and synthesizes the stacks of the loaded environments; 0 when every stack passed its checks. */
function synthesizeLoaded(options: SynthesisOptions, loaded: LoadedConfig): number {
  // Stack traces in the manifest carry absolute paths: without them the output is the same in every clone.
  const app = new App({ context: options.context, outdir: options.outdir, stackTraces: false });
  const stacks: TerraformStack[] = [];
  for (const config of loaded.environments) {
    const state = new StateStack(app, config);
    const foundation = new FoundationStack(app, config);
    // The foundation's backend is the state stack's bucket: `cdktf deploy '*'` must run them in order.
    foundation.addDependency(state);
    const pack = new CompliancePack({ disabledMonitoringControls: config.alarms.disabledControls });
    const suppressions = config.complianceSuppressions.map((s) => ({ id: s.rule, reason: `${s.reason} (complianceSuppressions)` }));
    if (config.accountIdIsExample && config.audit.retainOnDestroy && config.audit.breakGlassPrincipalArns.length === 0) {
      // The loader warned: without break-glass principals the denies are left out, and this output is not deployable.
      suppressions.push({ id: "EVI-1", reason: `example account ${config.accountId} without audit.breakGlassPrincipalArns: the evidence protection denies are left out of this synthesis` });
    }
    for (const stack of [state, foundation]) {
      Aspects.of(stack).add(pack);
      suppress(stack, suppressions);
      for (const warning of loaded.warnings.filter((w) => w.environment === config.environment)) {
        Annotations.of(stack).addWarning(warning.message);
      }
      stacks.push(stack);
    }
  }

  if (loaded.organization) {
    for (const stack of addOrganizationStacks(app, loaded.organization)) {
      Aspects.of(stack).add(new CompliancePack({ disabledMonitoringControls: loaded.organization.alarms.disabledControls, rules: ALL_RULES }));
      stacks.push(stack);
    }
  }

  try {
    app.synth();
  } catch (error) {
    // Without CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS (a plain `node main.ts`), cdktf stops at
    // the first stack with an error; `cdktf synth` sets it and leaves the verdict to us.
    if (errorsOf(stacks).length === 0) throw error;
  }
  const errors = errorsOf(stacks);
  if (errors.length === 0) return 0;

  const removed = stacks.map((s) => join(options.outdir, "stacks", s.node.id)).filter((dir) => existsSync(dir));
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  rmSync(join(options.outdir, "manifest.json"), { force: true });
  options.log(
    [
      `Compliance errors in ${errors.length === 1 ? "1 finding" : `${errors.length} findings`}:`,
      ...errors.map((e) => `  - [${e.path}] ${e.message}`),
      `Removed ${removed.length > 0 ? removed.map((d) => d.replace(/\\/g, "/")).join(", ") : "nothing (no stack was written)"} and the manifest, ` +
        "so no stack that failed its checks can be deployed. Fix the configuration, or accept a rule with complianceSuppressions and a reason.",
    ].join("\n"),
  );
  return 1;
}

/** Removes the files `npm run review` wrote next to the stacks of an earlier synthesis. */
export function removeReviewFiles(outdir: string): void {
  for (const file of REVIEW_FILES) rmSync(join(outdir, file), { force: true });
}

/** Error annotations (compliance errors) of the stacks, with the construct they are on. */
function errorsOf(stacks: readonly TerraformStack[]): { path: string; message: string }[] {
  return stacks.flatMap((stack) =>
    stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/error").map((m) => ({ path: c.node.path, message: String(m.data) }))),
  );
}

/** A synthesized stack: its name and cdk.tf.json as written. */
export interface SynthesizedStack {
  readonly name: string;
  readonly text: string;
}

/** The stacks an output folder's manifest lists, in name order. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { name: string; synthesizedStackPath: string }> };
  return Object.values(manifest.stacks)
    .map((s) => ({ name: s.name, text: readFileSync(join(outdir, s.synthesizedStackPath), "utf8") }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Synthesizes into a scratch folder that is removed afterwards, for the commands that compare an
 * account or an output folder with what the current configuration produces (review, verify).
 */
export function synthesizeInScratch(
  options: Omit<SynthesisOptions, "outdir" | "log">,
  synthesize: typeof synthesizeFoundation = synthesizeFoundation,
): { code: number; log: string[]; stacks: SynthesizedStack[] } {
  const scratch = mkdtempSync(join(tmpdir(), "foundation-scratch-"));
  try {
    const log: string[] = [];
    const outdir = join(scratch, "out");
    const code = synthesize({ ...options, outdir, log: (l) => log.push(l) });
    return { code, log, stacks: code === 0 ? readSynthesizedStacks(outdir) : [] };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
