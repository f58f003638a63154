import { readFileSync } from "node:fs";
import { Annotations, App, Aspects } from "cdktf";
import { CompliancePack } from "./compliance/pack";
import { ConfigError, loadConfig } from "./config/load";
import { StateStack } from "./stacks/state-stack";
import { FoundationStack } from "./stacks/foundation-stack";

/**
 * Composes the app: configuration -> stacks -> compliance pack. The `foundation` object of cdktf.json's context is
 * the configuration; `cdktf synth` passes it in CDKTF_CONTEXT_JSON, and a plain `node` run
 * (the benchmark, the tests) reads cdktf.json itself.
 */
function main(): void {
  const context = process.env.CDKTF_CONTEXT_JSON
    ? JSON.parse(process.env.CDKTF_CONTEXT_JSON)
    : JSON.parse(readFileSync(`${__dirname}/cdktf.json`, "utf8")).context;

  let loaded;
  try {
    loaded = loadConfig({ settings: context?.foundation, env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Stack traces in the manifest carry absolute paths: without them the output is the same in every clone.
  const app = new App({ context, stackTraces: false });
  for (const config of loaded.environments) {
    const state = new StateStack(app, config);
    const foundation = new FoundationStack(app, config);
    // The foundation's backend is the state stack's bucket: `cdktf deploy '*'` must run them in order.
    foundation.addDependency(state);
    const stacks = [state, foundation];
    const pack = new CompliancePack({ disabledMonitoringControls: config.alarms.disabledControls });
    for (const stack of stacks) Aspects.of(stack).add(pack);
    for (const warning of loaded.warnings.filter((w) => w.environment === config.environment)) {
      for (const stack of stacks) Annotations.of(stack).addWarning(warning.message);
    }
  }
  app.synth();
}

main();
