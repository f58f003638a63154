import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { Api } from "../../aws/api";
import { checkAccount } from "../../lifecycle/account";
import { checkOrganization } from "../../lifecycle/organization-account";
import { runLifecycle, type LifecycleOptions } from "../../lifecycle/run";
import { ACCOUNT, DEPLOYER } from "../helpers";
import { mockBuckets } from "../support/fake-buckets";
import { mockClusters } from "../support/fake-clusters";
import { mockIdentity, type FakeIdentity } from "../support/fake-identity";
import { organizationWorld } from "../support/fake-organization";
import { testProject, type TestProject } from "../support/project";

const DEPLOYER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deployer/ci`;
const DEV_STATE = "mlops-retail-prediction-dev-state";
const DEV_FOUNDATION = "mlops-retail-prediction-dev-foundation";
const PROD_STATE = "mlops-retail-prediction-prod-state";
const PROD_FOUNDATION = "mlops-retail-prediction-prod-foundation";
const FOUNDATION = {
  project: "mlops-retail-prediction",
  accountId: ACCOUNT,
  audit: { breakGlassPrincipalArns: [DEPLOYER] },
  synthesize: ["dev"],
  environments: { dev: { allowStateBucketDestroy: true }, prod: {} },
};

/** Runs a lifecycle command in the test project against a fake account, with the real cdktf CLI and a recording terraform. */
async function lifecycle(
  project: TestProject,
  command: LifecycleOptions["command"],
  names: string[],
  world: { identity?: Partial<FakeIdentity>; buckets?: Record<string, string>; flags?: Partial<LifecycleOptions["flags"]>; failing?: string } = {},
) {
  const identity = mockIdentity({ caller: { account: ACCOUNT, arn: DEPLOYER_SESSION }, roles: { "terraform-deployer": DEPLOYER }, ...world.identity });
  const { s3, s3Mock } = mockBuckets(world.buckets ?? {});
  const log: string[] = [];
  const problems: string[] = [];
  const code = await runLifecycle({
    root: project.root,
    command,
    names,
    flags: { autoApprove: true, stateBucket: false, ...world.flags },
    env: { PATH: process.env.PATH, ...(world.failing ? { FAKE_TF_FAIL: world.failing } : {}) },
    log: (l) => log.push(l),
    problem: (l) => problems.push(l),
    account: (config, applies, creates) => checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks: mockClusters({}).eks }), config, applies, project.root, creates),
    organization: () => Promise.reject(new Error("this configuration has no organization")),
    cdktf: project.cdktf,
    terraformVersion: () => "1.11.4",
  });
  const heads = s3Mock.commandCalls(HeadBucketCommand).map((c) => c.args[0].input);
  return { code, log, problems, heads, terraform: project.terraformCalls() };
}

/** What cdktf asks terraform for one stack of a run: init, the provider lock, then the command's own calls. */
const callsFor = (stack: string, ...calls: string[]): string[] =>
  ["init", "providers lock -platform=linux_amd64", ...calls].map((c) => `cdktf.out/stacks/${stack} :: ${c}`);
const applied = (stack: string): string[] => callsFor(stack, "apply -auto-approve", "output -json");

const stateOf = (bucket: string): string => JSON.stringify({ version: 4, resources: [{ type: "aws_s3_bucket", name: "x", instances: [{ attributes: { bucket } }] }] });

describe("lifecycle commands through the real cdktf CLI (stack selection, dependency check, order)", () => {
  let project: TestProject;
  beforeEach(() => (project = testProject(FOUNDATION)));
  afterEach(() => project.remove());

  test("deploy dev prod: each environment's state stack, then its foundation, one synthesis", async () => {
    const run = await lifecycle(project, "deploy", ["dev", "prod"]);
    expect(run.problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.log).toEqual([
      `deploy dev: cdktf deploy ${DEV_STATE} --auto-approve`,
      `deploy dev: cdktf deploy ${DEV_FOUNDATION} --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
      `deploy prod: cdktf deploy ${PROD_STATE} --auto-approve --skip-synth`,
      `deploy prod: cdktf deploy ${PROD_FOUNDATION} --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
    ]);
    // Each stack is initialized only when its turn comes: the foundation's backend bucket exists by then.
    expect(run.terraform).toEqual([...applied(DEV_STATE), ...applied(DEV_FOUNDATION), ...applied(PROD_STATE), ...applied(PROD_FOUNDATION)]);
    expect(run.heads).toEqual([
      { Bucket: `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`, ExpectedBucketOwner: ACCOUNT },
      { Bucket: `mlops-retail-prediction-prod-tfstate-${ACCOUNT}`, ExpectedBucketOwner: ACCOUNT },
    ]);
  }, 60_000);

  test("diff dev before the first deploy: plans the state stack and says why the foundation waits", async () => {
    const run = await lifecycle(project, "diff", ["dev"]);
    expect(run.code).toBe(0);
    expect(run.log).toEqual([
      `note: ${DEV_FOUNDATION}: not planned yet: dev's state bucket mlops-retail-prediction-dev-tfstate-${ACCOUNT} does not exist in account ${ACCOUNT}; ` +
        "npm run deploy -- dev creates it, then shows the foundation's plan and asks before applying",
      `diff dev: cdktf diff ${DEV_STATE}`,
    ]);
    expect(run.terraform).toEqual(callsFor(DEV_STATE, "plan -input=false -out plan"));
  }, 60_000);

  test("destroy dev --state-bucket: the foundation, then force_destroy applied, then the state bucket", async () => {
    const bucket = `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`;
    writeFileSync(join(project.root, `terraform.${DEV_STATE}.tfstate`), stateOf(bucket));
    const run = await lifecycle(project, "destroy", ["dev"], { buckets: { [bucket]: ACCOUNT }, flags: { stateBucket: true } });
    expect(run.problems).toEqual([]);
    expect(run.terraform).toEqual([...callsFor(DEV_FOUNDATION, "destroy -auto-approve"), ...applied(DEV_STATE), ...callsFor(DEV_STATE, "destroy -auto-approve")]);
    expect(run.code).toBe(0);
  }, 60_000);

  test("a failing apply of the state stack stops before the foundation, exit 1", async () => {
    const run = await lifecycle(project, "deploy", ["dev"], { failing: DEV_STATE });
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([`deploy: cdktf deploy ${DEV_STATE} --auto-approve failed (exit 1); the steps after it did not run`]);
    expect(run.terraform.filter((c) => c.includes(DEV_FOUNDATION))).toEqual([]);
  }, 60_000);

  test("output by stack name: that stack alone", async () => {
    const bucket = `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`;
    const run = await lifecycle(project, "output", [DEV_FOUNDATION], { buckets: { [bucket]: ACCOUNT } });
    expect(run.code).toBe(0);
    expect(run.terraform).toEqual(callsFor(DEV_FOUNDATION, "output -json"));
  }, 60_000);
});

describe("the organization's stacks through the real cdktf CLI", () => {
  const example = JSON.parse(readFileSync(join(__dirname, "../../examples/organization/cdktf.json"), "utf8")).context.foundation;
  const ORG = "mlops-retail-prediction-org";
  const DEV = "444444444444";
  let project: TestProject;
  beforeEach(() => (project = testProject(example)));
  afterEach(() => project.remove());

  test("deploy organization dev: the organization's four stacks in their accounts' order, then dev's, one synthesis; cdktf accepts each run", async () => {
    const world = organizationWorld({});
    const dev = mockIdentity({ caller: { account: DEV, arn: `arn:aws:sts::${DEV}:assumed-role/terraform-deployer/ci` }, roles: {} });
    const devS3 = mockBuckets({});
    const problems: string[] = [];
    const code = await runLifecycle({
      root: project.root,
      command: "deploy",
      names: ["organization", "dev"],
      flags: { autoApprove: true, stateBucket: false },
      env: { PATH: process.env.PATH },
      log: () => undefined,
      problem: (l) => problems.push(l),
      account: (config, applies, creates) => checkAccount(new Api({ sts: dev.sts, iam: dev.iam, s3: devS3.s3, eks: mockClusters({}).eks }), config, applies, project.root, creates),
      organization: (target, applies) => checkOrganization(world.apiFor, target, applies, project.root),
      cdktf: project.cdktf,
      terraformVersion: () => "1.11.4",
    });
    expect(problems).toEqual([]);
    expect(code).toBe(0);
    expect(project.terraformCalls()).toEqual(
      [`${ORG}-state`, `${ORG}-log-archive`, `${ORG}-management`, `${ORG}-trail`, "mlops-retail-prediction-dev-state", "mlops-retail-prediction-dev-foundation"].flatMap((s) => applied(s)),
    );
    expect(world.asked).toEqual(["trail 333333333333", "logArchive 222222222222", "management 111111111111"]);
  }, 90_000);
});
