import { readFileSync } from "node:fs";
import { synthesizeFoundation } from "./stacks/foundation-app";

/**
 * The app's entry point. The `foundation` object of cdktf.json's context is the configuration;
 * `cdktf synth` passes the context in CDKTF_CONTEXT_JSON, and a plain `node` run (the benchmark,
 * the tests) reads cdktf.json itself. Composition lives in stacks/foundation-app.ts.
 */
const context = process.env.CDKTF_CONTEXT_JSON
  ? JSON.parse(process.env.CDKTF_CONTEXT_JSON)
  : JSON.parse(readFileSync(`${__dirname}/cdktf.json`, "utf8")).context;

process.exitCode = synthesizeFoundation({
  context,
  env: process.env,
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  log: (line) => console.error(line),
});
