/** deployRole: the role an environment is deployed through, checked before anything is written. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { configProblems } from "../helpers";
import { synthesizeFoundation } from "../../stacks/foundation-app";

const ACCOUNT = "111122223333";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
const base = { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] } };
const problemsOf = configProblems;

describe("deployRole settings", () => {
  test("defaults its session name to cdktf-<environment>; an external id is kept as given", () => {
    const loaded = loadConfig({ settings: { ...base, environments: { "team-a": { deployRole: { arn: DEPLOYER, externalId: "mlops-ci" } } }, synthesize: ["team-a"] } });
    expect(loaded.environments[0].deployRole).toEqual({ arn: DEPLOYER, externalId: "mlops-ci", sessionName: "cdktf-team-a" });
  });

  test("no external id is no externalId key; the example account, and a list that does not protect, ask nothing of the role", () => {
    const [dev] = loadConfig({ settings: { ...base, environments: { dev: { deployRole: { arn: `arn:aws:iam::${ACCOUNT}:role/ci` } } } } }).environments;
    expect(dev.deployRole).toStrictEqual({ arn: `arn:aws:iam::${ACCOUNT}:role/ci`, sessionName: "cdktf-dev" });
    // The example account belongs to nobody: any role, any list.
    const [prod] = loadConfig({ settings: { environments: { prod: { deployRole: { arn: "arn:aws:iam::444455556666:role/ci" } } }, synthesize: ["prod"] } }).environments;
    expect(prod.deployRole?.arn).toBe("arn:aws:iam::444455556666:role/ci");
  });

  test.each([
    ["a role of another account", { environments: { dev: { deployRole: { arn: "arn:aws:iam::444455556666:role/deployer" } } } }, [
      `environments.dev.deployRole.arn: must be a role of dev's account ${ACCOUNT}: Terraform and the commands assume it to work there, got "arn:aws:iam::444455556666:role/deployer" (39 characters)`,
    ]],
    ["no arn", { environments: { dev: { deployRole: { sessionName: "ci" } } } }, ["environments.dev.deployRole: must give arn, the role to assume (externalId and sessionName only tell how)"]],
    ["a user instead of a role", { environments: { dev: { deployRole: { arn: `arn:aws:iam::${ACCOUNT}:user/ci` } } } }, [
      'environments.dev.deployRole.arn: must be an IAM role ARN like arn:aws:iam::123456789012:role/terraform-deployer, got "arn:aws:iam::111122223333:user/ci" (33 characters)',
    ]],
    ["a session name with a space", { environments: { dev: { deployRole: { arn: DEPLOYER, sessionName: "ci run" } } } }, ['environments.dev.deployRole.sessionName: must be 2-64 letters, digits and +=,.@-_, got "ci run"']],
    ["an external id of one character", { environments: { dev: { deployRole: { arn: DEPLOYER, externalId: "x" } } } }, ['environments.dev.deployRole.externalId: must be 2-1224 letters, digits and +=,.@:/-_, got "x"']],
    ["an unknown key", { environments: { dev: { deployRole: { arn: DEPLOYER, duration: 3600 } } } }, ["environments.dev.deployRole.duration: unknown setting; allowed: arn, externalId, sessionName"]],
    ["a deploy role outside the break-glass list where evidence is kept", { environments: { prod: { deployRole: { arn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer` } } }, synthesize: ["prod"] }, [
      `environments.prod.deployRole.arn: must be one of audit.breakGlassPrincipalArns, since prod keeps its evidence: Terraform applies as this role, and the evidence protection would stop it halfway, got "arn:aws:iam::${ACCOUNT}:role/ci/deployer" (42 characters)`,
    ]],
    ["one top-level role for environments in two accounts: one line", { deployRole: { arn: DEPLOYER }, environments: { dev: {}, staging: { accountId: "444455556666", audit: { breakGlassPrincipalArns: ["arn:aws:iam::444455556666:role/x"] } }, prod: { accountId: "555566667777", audit: { breakGlassPrincipalArns: ["arn:aws:iam::555566667777:role/x"] } } } }, [
      `deployRole.arn: is set at the top level, so every environment would assume it, but a role belongs to one account (${ACCOUNT}); set deployRole under environments.<environment> for each`,
    ]],
  ])("%s is refused, one line", (_name, settings, problems) => {
    expect(problemsOf({ ...base, ...settings })).toEqual(problems);
  });
});

test("the provider and the state backend of a deployed-through environment assume its role; the others assume nothing", () => {
  const outdir = mkdtempSync(join(tmpdir(), "deploy-role-"));
  try {
    const environments = { dev: {}, "team-a": { deployRole: { arn: DEPLOYER, externalId: "mlops-ci" } } };
    expect(synthesizeFoundation({ context: { foundation: { ...base, environments, synthesize: ["dev", "team-a"] } }, env: {}, outdir, log: () => undefined })).toBe(0);
    const read = (stack: string) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const assume = [{ role_arn: DEPLOYER, external_id: "mlops-ci", session_name: "cdktf-team-a" }];
    const foundation = read("mlops-retail-prediction-team-a-foundation");
    expect(foundation.provider.aws[0].assume_role).toEqual(assume);
    expect(foundation.terraform.backend.s3.assume_role).toEqual(assume[0]);
    expect(read("mlops-retail-prediction-team-a-state").provider.aws[0].assume_role).toEqual(assume);
    expect(read("mlops-retail-prediction-dev-foundation").provider.aws[0].assume_role).toBeUndefined();
    expect(read("mlops-retail-prediction-dev-foundation").terraform.backend.s3.assume_role).toBeUndefined();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
