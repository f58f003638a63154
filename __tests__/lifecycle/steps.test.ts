import { CannotRun } from "../../aws/api";
import { planSteps, refuseOffline, type Command, type Facts, type Flags } from "../../lifecycle/steps";
import { resolveTargets } from "../../lifecycle/targets";
import { ACCOUNT, DEPLOYER } from "../helpers";

const FOUNDATION = {
  accountId: ACCOUNT,
  audit: { breakGlassPrincipalArns: [DEPLOYER] },
  environments: { dev: {}, staging: {}, prod: {} },
};
const P = "mlops-retail-prediction";
const NONE: Flags = { autoApprove: false, stateBucket: false };
const FRESH: Facts = { stateBucketExists: false, localState: false };
const DEPLOYED: Facts = { stateBucketExists: true, localState: true };
const ELSEWHERE: Facts = { stateBucketExists: true, localState: false };

/** The cdktf argument lists a command runs, or its refusal. */
function plan(command: Command, names: string[], facts: Facts, flags: Flags = NONE, foundation: Record<string, unknown> = FOUNDATION, env: Record<string, string> = {}): string[] | string {
  try {
    const targets = resolveTargets(foundation, env, names);
    refuseOffline(command, targets, flags);
    const planned = planSteps(command, targets, flags, () => facts);
    return [...planned.notes.map((n) => `note: ${n}`), ...planned.steps.map((s) => `${s.environment}: ${s.args.join(" ")}`)];
  } catch (error) {
    if (error instanceof CannotRun) return error.message;
    throw error;
  }
}

describe("lifecycle steps: what each command runs, in Terraform's order", () => {
  test.each<[string, Command, string[], Facts, Flags, string[]]>([
    ["deploy on a fresh account: state, then foundation", "deploy", ["dev"], FRESH, NONE, [`dev: deploy ${P}-dev-state`, `dev: deploy ${P}-dev-foundation --ignore-missing-stack-dependencies --skip-synth`]],
    ["deploy again from the same folder", "deploy", ["dev"], DEPLOYED, { autoApprove: true, stateBucket: false }, [
      `dev: deploy ${P}-dev-state --auto-approve`,
      `dev: deploy ${P}-dev-foundation --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
    ]],
    ["deploy from another clone: the state stack is left alone, with the reason", "deploy", ["dev"], ELSEWHERE, NONE, [
      `note: ${P}-dev-state: left as it is: its bucket ${P}-dev-tfstate-${ACCOUNT} exists, but its bootstrap state (terraform.${P}-dev-state.tfstate) is not in this folder ` +
        "(deployed from another clone?); copy that file here to manage the bucket from this folder",
      `dev: deploy ${P}-dev-foundation --ignore-missing-stack-dependencies`,
    ]],
    ["deploy of a stack by name", "deploy", [`${P}-prod-foundation`], DEPLOYED, NONE, [`prod: deploy ${P}-prod-foundation --ignore-missing-stack-dependencies`]],
    ["deploy of two environments: one synthesis", "deploy", ["staging", "prod"], DEPLOYED, NONE, [
      `staging: deploy ${P}-staging-state`,
      `staging: deploy ${P}-staging-foundation --ignore-missing-stack-dependencies --skip-synth`,
      `prod: deploy ${P}-prod-state --skip-synth`,
      `prod: deploy ${P}-prod-foundation --ignore-missing-stack-dependencies --skip-synth`,
    ]],
    ["an environment named twice, once by a stack, runs once", "deploy", ["dev", `${P}-dev-state`], DEPLOYED, NONE, [
      `dev: deploy ${P}-dev-state`,
      `dev: deploy ${P}-dev-foundation --ignore-missing-stack-dependencies --skip-synth`,
    ]],
    ["diff of a deployed environment", "diff", ["prod"], DEPLOYED, NONE, [`prod: diff ${P}-prod-state`, `prod: diff ${P}-prod-foundation --skip-synth`]],
    ["output", "output", ["dev"], DEPLOYED, NONE, [`dev: output ${P}-dev-state`, `dev: output ${P}-dev-foundation --skip-synth`]],
    ["deploy of the state stack by name: that stack alone", "deploy", [`${P}-dev-state`], DEPLOYED, NONE, [`dev: deploy ${P}-dev-state`]],
    ["diff of the state stack by name, before the first deploy", "diff", [`${P}-dev-state`], FRESH, NONE, [`dev: diff ${P}-dev-state`]],
    ["diff of the foundation by name", "diff", [`${P}-dev-foundation`], DEPLOYED, NONE, [`dev: diff ${P}-dev-foundation`]],
    ["output of the state stack by name, before the foundation exists", "output", [`${P}-dev-state`], FRESH, NONE, [`dev: output ${P}-dev-state`]],
    ["destroy of dev: the foundation only", "destroy", ["dev"], DEPLOYED, { autoApprove: true, stateBucket: false }, [`dev: destroy ${P}-dev-foundation --auto-approve`]],
  ])("%s", (_name, command, names, facts, flags, expected) => {
    expect(plan(command, names, facts, flags)).toEqual(expected);
  });

  test("destroy of dev with its state bucket, where allowed", () => {
    const foundation = { ...FOUNDATION, environments: { dev: { allowStateBucketDestroy: true } } };
    expect(plan("destroy", ["dev"], DEPLOYED, { autoApprove: false, stateBucket: true }, foundation)).toEqual([
      `dev: destroy ${P}-dev-foundation`,
      `dev: deploy ${P}-dev-state --skip-synth`,
      `dev: destroy ${P}-dev-state --ignore-missing-stack-dependencies --skip-synth`,
    ]);
    expect(plan("destroy", ["dev"], DEPLOYED, { autoApprove: false, stateBucket: true }, FOUNDATION, { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "true" })).toHaveLength(3);
  });
});

describe("lifecycle steps: refusals, before anything runs", () => {
  test.each<[string, Command, string[], Facts, Flags, Record<string, unknown>, string]>([
    ["the example account", "deploy", ["dev"], FRESH, NONE, { environments: { dev: {} } },
      "dev: accountId is the documented example account 123456789012, which nobody can deploy to; set environments.dev.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) to the account's 12 digits"],
    ["destroying an environment that keeps its evidence", "destroy", ["prod"], DEPLOYED, NONE, FOUNDATION,
      "prod keeps its audit evidence (audit.retainOnDestroy is true): its key, log buckets and log group carry prevent_destroy, so a destroy would stop at Terraform's plan. " +
        "Evidence is not deleted by a command; docs/break-glass.md says how to retire an environment that keeps it"],
    ["the state bucket without its opt-in", "destroy", ["dev"], DEPLOYED, { autoApprove: false, stateBucket: true }, FOUNDATION,
      "dev: --state-bucket needs allowStateBucketDestroy (set environments.dev.allowStateBucketDestroy to true in cdktf.json, or MLOPS_ALLOW_STATE_BUCKET_DESTROY=true for this command): until then the bucket carries prevent_destroy"],
    ["the state stack destroyed by name, before its foundation", "destroy", [`${P}-dev-state`], DEPLOYED, NONE, FOUNDATION,
      `${P}-dev-state: the state bucket holds the foundation's state, so it is removed only after the foundation: npm run destroy -- dev --state-bucket`],
    ["the foundation by name before its state bucket exists", "deploy", [`${P}-dev-foundation`], FRESH, NONE, FOUNDATION,
      `dev's state bucket ${P}-dev-tfstate-${ACCOUNT} does not exist in account ${ACCOUNT}: deploy it first with npm run deploy -- dev`],
    ["a diff of the foundation alone before its state bucket exists", "diff", [`${P}-dev-foundation`], FRESH, NONE, FOUNDATION,
      `dev's state bucket ${P}-dev-tfstate-${ACCOUNT} does not exist in account ${ACCOUNT}: npm run diff -- dev plans the state stack that creates it`],
    ["outputs of an environment never deployed", "output", ["dev"], FRESH, NONE, FOUNDATION, `dev's state bucket ${P}-dev-tfstate-${ACCOUNT} does not exist in account ${ACCOUNT}: dev is not deployed`],
    ["destroying an environment never deployed", "destroy", ["dev"], FRESH, NONE, FOUNDATION, `dev's state bucket ${P}-dev-tfstate-${ACCOUNT} does not exist in account ${ACCOUNT}: there is nothing of dev to destroy`],
    ["the state bucket from a folder without its bootstrap state", "destroy", ["dev"], ELSEWHERE, { autoApprove: false, stateBucket: true }, { ...FOUNDATION, allowStateBucketDestroy: true },
      `dev: the bootstrap state of ${P}-dev-state (terraform.${P}-dev-state.tfstate) is not in this folder, so its bucket cannot be destroyed from here`],
    ["no environment named", "deploy", [], FRESH, NONE, FOUNDATION, "name at least one environment (dev, staging, prod)"],
    ["an unknown name", "deploy", ["qa"], FRESH, NONE, FOUNDATION,
      `qa is neither an environment of cdktf.json (dev, staging, prod) nor one of their stacks (${P}-dev-state, ${P}-dev-foundation, ${P}-staging-state, ${P}-staging-foundation, ${P}-prod-state, ${P}-prod-foundation)`],
  ])("%s", (_name, command, names, facts, flags, foundation, message) => {
    expect(plan(command, names, facts, flags, foundation)).toBe(message);
  });

  test("an invalid configuration is a refusal listing every problem", () => {
    expect(plan("deploy", ["prod"], FRESH, NONE, { accountId: ACCOUNT, environments: { prod: {} } })).toBe(
      "Invalid configuration:\n  - audit.breakGlassPrincipalArns: must name at least one IAM role or user of the account, including the principal that runs Terraform, " +
        "because prod keeps its audit evidence (audit.retainOnDestroy); without it nobody could change or remove the protected logs, keys and alarm topic. Got none",
    );
  });

  test("MLOPS_ENVIRONMENTS that selects something else is refused; the same selection is fine", () => {
    expect(plan("deploy", ["prod"], DEPLOYED, NONE, FOUNDATION, { MLOPS_ENVIRONMENTS: "dev" })).toBe(
      "MLOPS_ENVIRONMENTS=dev selects other environments than the command's arguments (prod): unset it; the arguments choose",
    );
    expect(plan("deploy", ["prod"], DEPLOYED, NONE, FOUNDATION, { MLOPS_ENVIRONMENTS: " prod " })).toHaveLength(2);
  });

  test("an environment that does not validate on its own does not hide a stack name of another", () => {
    const foundation = { accountId: ACCOUNT, environments: { dev: {}, prod: {} } };
    expect(plan("deploy", [`${P}-dev-foundation`], DEPLOYED, NONE, foundation)).toEqual([`dev: deploy ${P}-dev-foundation --ignore-missing-stack-dependencies`]);
  });
});
