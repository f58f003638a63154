/**
 * The arguments of `npm run cleanup`, parsed by Node's util.parseArgs: unknown options, a missing
 * or extra argument and an option of the other subcommand are errors; --help is not.
 */
import { parseArgs } from "node:util";

export const CLEANUP_USAGE =
  "usage: npm run cleanup -- plan <environment> [--out <file>] [--allow-prod] [--shared-account]\n" +
  "       npm run cleanup -- apply <plan file> [--yes] [--allow-prod]\n" +
  "  plan: read-only discovery of what Terraform does not own; apply: deletes exactly what the plan lists.";

export type CleanupArgs =
  | { readonly help: true }
  | { readonly error: string }
  | { readonly command: "plan"; readonly environment: string; readonly out?: string; readonly allowProd: boolean; readonly sharedAccount: boolean }
  | { readonly command: "apply"; readonly file: string; readonly yes: boolean; readonly allowProd: boolean };

export function parseCleanupArgs(argv: readonly string[]): CleanupArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { help: { type: "boolean", short: "h" }, out: { type: "string" }, yes: { type: "boolean" }, "allow-prod": { type: "boolean" }, "shared-account": { type: "boolean" } },
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [command, target, ...extra] = positionals;
  if (command !== "plan" && command !== "apply") return { error: `the first argument must be plan or apply, got ${JSON.stringify(command ?? "")}` };
  const what = command === "plan" ? "an environment" : "a plan file";
  if (target === undefined) return { error: `${command} takes ${what}, got none` };
  if (extra.length > 0) return { error: `${command} takes one ${what.replace(/^an? /, "")}, got also ${extra.map((e) => JSON.stringify(e)).join(", ")}` };
  const allowProd = values["allow-prod"] === true;
  if (command === "plan") {
    if (values.yes) return { error: "--yes is an option of apply (plan changes nothing)" };
    return { command, environment: target, ...(values.out !== undefined ? { out: values.out } : {}), allowProd, sharedAccount: values["shared-account"] === true };
  }
  if (values.out !== undefined) return { error: "--out is an option of plan (apply reads the plan file it is given)" };
  if (values["shared-account"]) return { error: "--shared-account is an option of plan (apply deletes what the plan lists)" };
  return { command, file: target, yes: values.yes === true, allowProd };
}
