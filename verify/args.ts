/**
 * The arguments of `npm run verify`, parsed by Node's util.parseArgs: unknown options and a
 * timeout that is not a positive number of minutes are errors; --help is not.
 */
import { parseArgs } from "node:util";

export const VERIFY_USAGE =
  "usage: npm run verify -- [<environment> ... | organization | --all] [--probe] [--probe-timeout <minutes>]\n" +
  "  Read-only checks of the deployed environments (default: those cdktf.json synthesizes; --all: every configured one),\n" +
  "  and of the organization's trail and archive, each from its own account (organization; included by default and by --all),\n" +
  "  four at a time, with a summary line per environment when there are several.";

export type VerifyArgs =
  | { readonly help: true }
  | { readonly error: string }
  | { readonly environments: readonly string[]; readonly all: boolean; readonly probe: boolean; readonly timeoutMinutes: number };

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { help: { type: "boolean", short: "h" }, all: { type: "boolean" }, probe: { type: "boolean" }, "probe-timeout": { type: "string" } },
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const raw = values["probe-timeout"];
  const timeoutMinutes = raw === undefined ? 15 : Number(raw);
  // Number("") and Number(" ") are 0: a blank timeout is refused with the others.
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) {
    return { error: `--probe-timeout must be a number of minutes above 0, got ${JSON.stringify(raw)}` };
  }
  if (raw !== undefined && !values.probe) return { error: "--probe-timeout is an option of --probe" };
  if (values.all && positionals.length > 0) return { error: `--all verifies every configured environment; name environments (${positionals.join(" ")}) or give --all, not both` };
  return { environments: positionals, all: values.all === true, probe: values.probe === true, timeoutMinutes };
}
