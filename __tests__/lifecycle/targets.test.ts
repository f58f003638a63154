import { resolveTargets } from "../../lifecycle/targets";
import { ACCOUNT, DEPLOYER } from "../helpers";

const P = "mlops-retail-prediction";
const FOUNDATION = { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { dev: {}, staging: {}, prod: {} } };

/** Each target as environment, stacks and the arguments that named it, or the refusal. */
function targets(names: string[], env: Record<string, string> = {}, foundation: Record<string, unknown> = FOUNDATION) {
  try {
    return resolveTargets(foundation, env, names).map((t) => ({ environment: t.config.environment, stacks: t.stacks, given: t.given }));
  } catch (error) {
    return (error as Error).message;
  }
}

describe("resolveTargets", () => {
  test("environments and stack names, grouped by environment in the order first named", () => {
    expect(targets(["dev", `${P}-prod-foundation`, `${P}-dev-state`])).toEqual([
      { environment: "dev", stacks: ["state", "foundation"], given: `dev ${P}-dev-state` },
      { environment: "prod", stacks: ["foundation"], given: `${P}-prod-foundation` },
    ]);
  });

  test("a state stack by name is that stack alone", () => {
    expect(targets([`${P}-staging-state`])).toEqual([{ environment: "staging", stacks: ["state"], given: `${P}-staging-state` }]);
  });

  test("a stack name is found past an environment that does not validate on its own", () => {
    const foundation = { accountId: ACCOUNT, environments: { prod: {}, dev: {} } };
    expect(targets([`${P}-dev-foundation`], {}, foundation)).toEqual([{ environment: "dev", stacks: ["foundation"], given: `${P}-dev-foundation` }]);
  });

  test.each([
    [" dev , ,", ["dev"]],
    ["prod,dev", ["dev", "prod"]],
  ])("MLOPS_ENVIRONMENTS=%j selects the same environments: accepted", (preset, names) => {
    expect(targets(names, { MLOPS_ENVIRONMENTS: preset })).toHaveLength(names.length);
  });

  test.each([
    ["dev,dev", ["dev"]],
    ["dev,dev", ["dev", "prod"]],
    ["dev", ["dev", "prod"]],
    ["dev,prod", ["dev"]],
    ["dev,staging", ["dev", "prod"]],
  ])("MLOPS_ENVIRONMENTS=%j selects other environments than %j: refused", (preset, names) => {
    expect(targets(names, { MLOPS_ENVIRONMENTS: preset })).toBe(
      `MLOPS_ENVIRONMENTS=${preset} selects other environments than the command's arguments (${names.join(", ")}): unset it; the arguments choose`,
    );
  });
});
