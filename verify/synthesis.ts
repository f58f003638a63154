/**
 * What verify compares the account with: the stacks the current configuration synthesizes (in a
 * scratch folder, or as a test provides them), read by name. A configuration that does not
 * synthesize is a refusal (exit 2), with the synthesis's own log.
 */
import { synthesizeInScratch } from "../stacks/foundation-app";
import { CannotRun } from "../aws/api";
import type { VerifyOptions } from "./run";

export function synthesizedStacks(options: Pick<VerifyOptions, "context" | "synthesize">, env: Readonly<Record<string, string | undefined>>): (name: string) => unknown {
  const { code, log, stacks } = (options.synthesize ?? synthesizeInScratch)({ context: options.context, env });
  if (code !== 0) throw new CannotRun(`the configuration does not synthesize:\n${log.join("\n")}`);
  return (name) => JSON.parse(stacks.find((s) => s.name === name)!.text);
}
