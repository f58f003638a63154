/**
 * The arguments of `npm run verify`, parsed by Node's util.parseArgs: unknown options and a
 * timeout that is not a positive number of minutes are errors; --help is not.
 */
import { parseArgs } from "node:util";

export const VERIFY_USAGE =
  "usage: npm run verify -- [<environment> ...] [--probe] [--probe-timeout <minutes>]\n" +
  "  Read-only checks of the deployed environments (default: those cdktf.json synthesizes).";

export type VerifyArgs =
  | { readonly help: true }
  | { readonly error: string }
  | { readonly environments: readonly string[]; readonly probe: boolean; readonly timeoutMinutes: number };

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { help: { type: "boolean", short: "h" }, probe: { type: "boolean" }, "probe-timeout": { type: "string" } },
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const raw = values["probe-timeout"];
  const timeoutMinutes = raw === undefined ? 15 : Number(raw);
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0 || raw?.trim() === "") {
    return { error: `--probe-timeout must be a number of minutes above 0, got ${JSON.stringify(raw)}` };
  }
  if (raw !== undefined && !values.probe) return { error: "--probe-timeout is an option of --probe" };
  return { environments: positionals, probe: values.probe === true, timeoutMinutes };
}
