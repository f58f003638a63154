import { ConfigFileError, projectContext } from "./config/file";
import { removeReviewFiles, synthesizeFoundation } from "./stacks/foundation-app";

/**
 * The app's entry point. The `foundation` object of cdktf.json's context is the configuration;
 * `cdktf synth` passes the context in CDKTF_CONTEXT_JSON, and a plain `node` run (the benchmark,
 * the tests) reads cdktf.json itself. Composition lives in stacks/foundation-app.ts.
 */
function run(): number {
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  let context: Record<string, unknown>;
  try {
    context = projectContext(process.env, __dirname);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    removeReviewFiles(outdir);
    console.error(error.message);
    return 1;
  }
  return synthesizeFoundation({
    context,
    env: process.env,
    outdir,
    log: (line) => console.error(line),
  });
}

process.exitCode = run();
