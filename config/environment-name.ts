/**
 * How long an environment's name may be: as long as every name derived from it fits AWS's limit
 * for its kind. That depends on the project, the account and the region too (the access-log
 * bucket, `mlops-cloudtrail-s3access-<env>-<region>-<account>`, allows 14 characters in us-east-1
 * and 9 in ap-southeast-2), so it is checked per environment, once: a name too long is one mistake,
 * not one line per derived name it breaks.
 */
import { deriveNames, type NameInputs, type Names } from "../facts/naming";
import { KIND_MAX_LENGTH, NAME_KINDS } from "./owned-names";

/** The problem with the environment's name, or undefined when every derived name the user did not set fits. */
export function environmentNameProblem(inputs: NameInputs, setNames: ReadonlySet<string>): string | undefined {
  // Two probes of different lengths tell which names grow with the environment's name, and how fast.
  const one = deriveNames({ ...inputs, environment: "x" });
  const two = deriveNames({ ...inputs, environment: "xx" });
  const actual = deriveNames(inputs);
  const over: { key: keyof Names; allowed: number; max: number }[] = [];
  for (const key of Object.keys(actual) as (keyof Names)[]) {
    const growth = two[key].length - one[key].length;
    const max = KIND_MAX_LENGTH[NAME_KINDS[key]];
    if (setNames.has(key) || growth === 0 || actual[key].length <= max) continue;
    over.push({ key, allowed: Math.floor((max - one[key].length) / growth) + 1, max });
  }
  if (over.length === 0) return undefined;
  const allowed = Math.min(...over.map((o) => o.allowed));
  const tightest = over.filter((o) => o.allowed === allowed);
  const each = tightest.map(({ key, max }) => `names.${key} ("${actual[key]}", ${actual[key].length} characters, at most ${max})`);
  const which = each.length > 1 ? `${each.slice(0, -1).join(", ")} and ${each[each.length - 1]}` : each[0];
  return (
    `an environment name may have at most ${Math.max(allowed, 1)} characters with project "${inputs.project}", account ${inputs.accountId} and region ${inputs.region}: ` +
    `derived from it, ${which} would not fit; shorten the name, or set ${tightest.length > 1 ? "those names" : `names.${tightest[0].key}`} for it`
  );
}
