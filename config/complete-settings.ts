/**
 * The second pass of the schema: once the top level, an environment's block and the variables are
 * merged (each checked already), valibot fills in every default the schema declares. What it
 * returns has every setting with a declared default; the others (defaults that depend on the
 * project, the environment or the account, and settings without a default) may still be missing.
 */
import * as v from "valibot";
import { COMPLETE_SETTINGS, type Settings, type SettingsInput } from "./schema";

export function completeSettings(given: SettingsInput): Settings {
  return v.parse(COMPLETE_SETTINGS, given);
}
