/**
 * `npm run deploy|diff|destroy|output -- organization`: the example organization's stacks, in
 * the order its accounts need them, against mocked accounts that answer as AWS does (each
 * account its own callers, roles and buckets). The runs through the real cdktf CLI are in
 * __tests__/cdktf/lifecycle.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { HeadBucketCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { loadConfig } from "../../config/load";
import type { OrganizationConfig } from "../../config/types";
import { checkOrganization } from "../../lifecycle/organization-account";
import { organizationTarget, type OrganizationFacts } from "../../lifecycle/organization";
import { runLifecycle, type LifecycleOptions } from "../../lifecycle/run";
import { resolveAll } from "../../lifecycle/targets";
import type { Facts } from "../../lifecycle/steps";
import { LOG_ARCHIVE, MANAGEMENT, TRAIL, deployer, organizationWorld, session } from "../support/fake-organization";

const EXAMPLE = JSON.parse(readFileSync(join(__dirname, "../../examples/organization/cdktf.json"), "utf8")).context.foundation;
const P = "mlops-retail-prediction";
const STATE = `${P}-org-state`;
const ARCHIVE = `${P}-org-log-archive`;
const MGMT = `${P}-org-management`;
const TRAIL_STACK = `${P}-org-trail`;
const STATE_BUCKET = `${P}-org-tfstate-${TRAIL}`;
const ARCHIVE_STATE = `${ARCHIVE}/terraform.tfstate`;

const org = (): OrganizationConfig => loadConfig({ settings: EXAMPLE, env: {} }).organization!;

interface Run {
  code: number;
  log: string[];
  problems: string[];
  cdktf: { args: readonly string[]; selected: string | undefined }[];
  members: string[];
}

async function lifecycle(
  command: LifecycleOptions["command"],
  names: string[],
  world: { organization?: (root: string, applies: boolean) => Promise<OrganizationFacts>; facts?: OrganizationFacts; autoApprove?: boolean; settings?: unknown } = {},
): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), "lifecycle-org-"));
  try {
    writeFileSync(join(root, "cdktf.json"), JSON.stringify({ app: "x", context: { foundation: world.settings ?? EXAMPLE } }));
    const run: Run = { code: -1, log: [], problems: [], cdktf: [], members: [] };
    run.code = await runLifecycle({
      root,
      command,
      names,
      flags: { autoApprove: world.autoApprove ?? true, stateBucket: false },
      env: { PATH: "/bin" },
      log: (l) => run.log.push(l),
      problem: (l) => run.problems.push(l),
      account: async (config): Promise<Facts> => {
        run.members.push(config.environment);
        return { stateBucketExists: true, localState: true };
      },
      organization: (_target, applies) => (world.organization ? world.organization(root, applies) : Promise.resolve(world.facts ?? { stateBucketExists: false, localState: false, archiveDeployed: false })),
      cdktf: async (args, env) => {
        run.cdktf.push({ args, selected: env.MLOPS_ENVIRONMENTS });
        return 0;
      },
      terraformVersion: () => "1.11.4",
    });
    return run;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("the arguments that name the organization", () => {
  test("organization names its four stacks in deploy order; a stack's name names that one; the rest are environments", () => {
    expect(organizationTarget(org(), ["dev", "organization", "prod"])).toEqual({
      target: { organization: org(), stacks: ["state", "archive", "management", "trail"], given: "organization" },
      rest: ["dev", "prod"],
    });
    expect(organizationTarget(org(), [TRAIL_STACK, ARCHIVE])).toEqual({ target: { organization: org(), stacks: ["archive", "trail"], given: `${TRAIL_STACK} ${ARCHIVE}` }, rest: [] });
    expect(organizationTarget(org(), ["dev"])).toEqual({ rest: ["dev"] });
  });

  test("without an organization block, organization is refused naming the block; stack-like names stay environments' to judge", async () => {
    expect(() => organizationTarget(undefined, ["organization"])).toThrow(
      "organization: cdktf.json has no organization block, so there are no organization stacks (docs/organization.md says how to configure one)",
    );
    expect(organizationTarget(undefined, [TRAIL_STACK])).toEqual({ rest: [TRAIL_STACK] });
    const run = await lifecycle("deploy", ["organization"], { settings: { ...EXAMPLE, organization: undefined, environments: { dev: { accountId: "444444444444" } } } });
    expect({ code: run.code, problems: run.problems, cdktf: run.cdktf }).toEqual({
      code: 2,
      problems: ["deploy: organization: cdktf.json has no organization block, so there are no organization stacks (docs/organization.md says how to configure one)"],
      cdktf: [],
    });
  });
});

describe("deploy, diff, output and destroy of the organization", () => {
  test("deploy organization dev prod: state, log archive, management, trail, then the members; the default selection is kept for the organization alone", async () => {
    const run = await lifecycle("deploy", ["dev", "organization", "prod"]);
    expect(run.problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.log).toEqual([
      `deploy organization: cdktf deploy ${STATE} --auto-approve`,
      `deploy organization: cdktf deploy ${ARCHIVE} --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
      `deploy organization: cdktf deploy ${MGMT} --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
      `deploy organization: cdktf deploy ${TRAIL_STACK} --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
      `deploy dev: cdktf deploy ${P}-dev-state --auto-approve --skip-synth`,
      `deploy dev: cdktf deploy ${P}-dev-foundation --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
      `deploy prod: cdktf deploy ${P}-prod-state --auto-approve --skip-synth`,
      `deploy prod: cdktf deploy ${P}-prod-foundation --ignore-missing-stack-dependencies --auto-approve --skip-synth`,
    ]);
    expect(new Set(run.cdktf.map((c) => c.selected))).toEqual(new Set(["dev,prod"]));
    expect(run.members).toEqual(["dev", "prod"]);
    const alone = await lifecycle("deploy", ["organization"]);
    expect(alone.cdktf.map((c) => c.selected)).toEqual([undefined, undefined, undefined, undefined]);
    expect(alone.members).toEqual([]);
  });

  test("deploy with the bucket made from another clone: the state stack is left, with why", async () => {
    const run = await lifecycle("deploy", ["organization"], { facts: { stateBucketExists: true, localState: false, archiveDeployed: true } });
    expect(run.log[0]).toBe(
      `note: ${STATE}: left as it is: its bucket ${STATE_BUCKET} exists, but its bootstrap state (terraform.${STATE}.tfstate) is not in this folder ` +
        "(deployed from another clone?); copy that file here to manage the bucket from this folder",
    );
    expect(run.cdktf.map((c) => c.args[1])).toEqual([ARCHIVE, MGMT, TRAIL_STACK]);
  });

  test.each<[string, string[], OrganizationFacts, string]>([
    [
      "the trail before any state bucket",
      [TRAIL_STACK],
      { stateBucketExists: false, localState: false, archiveDeployed: false },
      `deploy: the organization's state bucket ${STATE_BUCKET} does not exist in the trail account ${TRAIL}: deploy it first with npm run deploy -- organization`,
    ],
    [
      "the trail before the archive",
      [TRAIL_STACK],
      { stateBucketExists: true, localState: true, archiveDeployed: false },
      `deploy: ${TRAIL_STACK} reads the archive key's ARN from ${ARCHIVE}'s state, which is not in ${STATE_BUCKET} yet: deploy it first with npm run deploy -- ${ARCHIVE}`,
    ],
    [
      "the management stack before the archive",
      [MGMT],
      { stateBucketExists: true, localState: true, archiveDeployed: false },
      `deploy: ${MGMT} reads the archive key's ARN from ${ARCHIVE}'s state, which is not in ${STATE_BUCKET} yet: deploy it first with npm run deploy -- ${ARCHIVE}`,
    ],
  ])("deploy of %s: refused, naming what comes first, nothing run", async (_what, names, facts, message) => {
    const run = await lifecycle("deploy", names, { facts });
    expect({ code: run.code, problems: run.problems, cdktf: run.cdktf }).toEqual({ code: 2, problems: [message], cdktf: [] });
  });

  test("deploy of the trail once the archive is in: that stack alone", async () => {
    const run = await lifecycle("deploy", [TRAIL_STACK], { facts: { stateBucketExists: true, localState: true, archiveDeployed: true } });
    expect(run.cdktf.map((c) => c.args)).toEqual([["deploy", TRAIL_STACK, "--ignore-missing-stack-dependencies", "--auto-approve"]]);
  });

  test("diff before the first deploy: the state stack planned, each other stack's wait explained", async () => {
    const run = await lifecycle("diff", ["organization"]);
    expect(run.code).toBe(0);
    const wait = `not planned yet: the organization's state bucket ${STATE_BUCKET} does not exist in the trail account ${TRAIL}; npm run deploy -- organization creates it, then shows this stack's plan and asks before applying`;
    expect(run.log).toEqual([`note: ${ARCHIVE}: ${wait}`, `note: ${MGMT}: ${wait}`, `note: ${TRAIL_STACK}: ${wait}`, `diff organization: cdktf diff ${STATE}`]);
  });

  test("diff with the state bucket but no archive yet: the archive planned, management and trail wait for its key", async () => {
    const run = await lifecycle("diff", ["organization"], { facts: { stateBucketExists: true, localState: true, archiveDeployed: false } });
    const wait = (stack: string): string =>
      `note: ${stack}: not planned yet: ${stack} reads the archive key's ARN from ${ARCHIVE}'s state, which is not in ${STATE_BUCKET} yet; ` +
      "npm run deploy -- organization deploys the archive first, then shows this stack's plan and asks before applying";
    expect(run.log).toEqual([wait(MGMT), wait(TRAIL_STACK), `diff organization: cdktf diff ${STATE}`, `diff organization: cdktf diff ${ARCHIVE} --skip-synth`]);
  });

  test.each<[string[], OrganizationFacts, string]>([
    [[ARCHIVE], { stateBucketExists: false, localState: false, archiveDeployed: false }, `diff: the organization's state bucket ${STATE_BUCKET} does not exist in the trail account ${TRAIL}: npm run diff -- ${STATE} plans the stack that creates it`],
    [[TRAIL_STACK], { stateBucketExists: true, localState: true, archiveDeployed: false }, `diff: ${TRAIL_STACK} reads the archive key's ARN from ${ARCHIVE}'s state, which is not in ${STATE_BUCKET} yet: deploy ${ARCHIVE} first (npm run deploy -- ${ARCHIVE})`],
  ])("diff of %p alone when it cannot be planned: refused", async (names, facts, message) => {
    const run = await lifecycle("diff", names, { facts });
    expect({ code: run.code, problems: run.problems }).toEqual({ code: 2, problems: [message] });
  });

  test("diff of a deployed organization: every stack planned, in order", async () => {
    const run = await lifecycle("diff", ["organization"], { facts: { stateBucketExists: true, localState: true, archiveDeployed: true } });
    expect(run.cdktf.map((c) => c.args)).toEqual([["diff", STATE], ["diff", ARCHIVE, "--skip-synth"], ["diff", MGMT, "--skip-synth"], ["diff", TRAIL_STACK, "--skip-synth"]]);
  });

  test("output: every stack's outputs; of an organization not deployed, refused, but for the state stack (its state is local)", async () => {
    const deployed = await lifecycle("output", ["organization"], { facts: { stateBucketExists: true, localState: true, archiveDeployed: true } });
    expect(deployed.cdktf.map((c) => c.args)).toEqual([["output", STATE], ["output", ARCHIVE, "--skip-synth"], ["output", MGMT, "--skip-synth"], ["output", TRAIL_STACK, "--skip-synth"]]);
    const not = await lifecycle("output", [TRAIL_STACK]);
    expect(not.problems).toEqual([`output: the organization's state bucket ${STATE_BUCKET} does not exist in the trail account ${TRAIL}: the organization is not deployed`]);
    const state = await lifecycle("output", [STATE]);
    expect({ code: state.code, cdktf: state.cdktf.map((c) => c.args) }).toEqual({ code: 0, cdktf: [["output", STATE]] });
  });

  test("no names: refused, naming the environments and organization", async () => {
    const run = await lifecycle("deploy", []);
    expect(run.problems).toEqual(["deploy: name at least one environment (dev, staging, prod), or organization for the organization's stacks"]);
  });

  test("without an organization block: no names say so without the organization; no foundation object at all is the default configuration", async () => {
    const run = await lifecycle("deploy", [], { settings: { environments: { dev: { accountId: "444444444444" } } } });
    expect(run.problems).toEqual(["deploy: name at least one environment (dev)"]);
    expect(resolveAll(undefined, {}, ["dev"]).targets.map((t) => [t.config.environment, t.config.accountIdIsExample])).toEqual([["dev", true]]);
  });

  test("a mistake in the organization block: refused with the configuration's message, nothing asked", async () => {
    const run = await lifecycle("deploy", ["organization"], { settings: { ...EXAMPLE, organization: { ...EXAMPLE.organization, id: undefined } } });
    expect({ code: run.code, problems: run.problems, members: run.members }).toEqual({
      code: 2,
      problems: ["deploy: Invalid configuration:\n  - organization.id: must be given: the organization's id, like o-a1b2c3d4e5"],
      members: [],
    });
  });

  test.each([["organization"], [ARCHIVE], [MGMT], ["dev", TRAIL_STACK]])("destroy of %p is refused before any account is asked, as prod's is", async (...names) => {
    let asked = false;
    const run = await lifecycle("destroy", names, {
      organization: async () => {
        asked = true;
        return { stateBucketExists: true, localState: true, archiveDeployed: true };
      },
    });
    expect({ code: run.code, cdktf: run.cdktf, asked, members: run.members }).toEqual({ code: 2, cdktf: [], asked: false, members: [] });
    expect(run.problems).toEqual([
      `destroy: ${names.filter((n) => n !== "dev").join(" ")}: the organization keeps its audit evidence (always): the log archive's key and buckets and the trail's log group carry prevent_destroy, ` +
        "Object Lock keeps the log files, and the guardrails (the management stack) protect them, so a destroy would stop at Terraform's plan or lift the protection. " +
        "Evidence is not deleted by a command; docs/organization.md (Retiring) says how an organization's audit is retired",
    ]);
  });

  test("destroy of a member alone is not the organization's business", async () => {
    const run = await lifecycle("destroy", ["dev"]);
    expect(run.cdktf.map((c) => c.args)).toEqual([["destroy", `${P}-dev-foundation`, "--auto-approve"]]);
  });
});

describe("checkOrganization: one preflight per account, each as its deploy role, then the trail account's state", () => {
  const target = (stacks: readonly ("state" | "archive" | "management" | "trail")[]) => ({ organization: org(), stacks, given: "organization" });
  const root = mkdtempSync(join(tmpdir(), "lifecycle-org-account-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("every stack: the trail account first, then the log archive and the management account; the state bucket and the archive's state asked of the trail account", async () => {
    const world = organizationWorld({}, { [STATE_BUCKET]: TRAIL }, { [STATE_BUCKET]: [ARCHIVE_STATE] });
    expect(await checkOrganization(world.apiFor, target(["state", "archive", "management", "trail"]), true, root)).toEqual({ stateBucketExists: true, localState: false, archiveDeployed: true });
    expect(world.asked).toEqual([`trail ${TRAIL}`, `logArchive ${LOG_ARCHIVE}`, `management ${MANAGEMENT}`]);
    for (const role of ["trail", "logArchive", "management"] as const) expect(world.fakes.get(role)!.stsMock.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    const trailS3 = world.s3s.get("trail")!.s3Mock;
    expect(trailS3.commandCalls(HeadBucketCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: STATE_BUCKET, ExpectedBucketOwner: TRAIL }]);
    expect(trailS3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: STATE_BUCKET, Key: ARCHIVE_STATE, ExpectedBucketOwner: TRAIL }]);
    // The break-glass check resolves the role's path where denies apply: trail and log archive, not management.
    expect(world.fakes.get("management")!.iamMock.calls()).toHaveLength(0);
    expect(world.fakes.get("logArchive")!.iamMock.calls()).toHaveLength(1);
  });

  test("no state bucket yet: the archive's state is not asked for", async () => {
    const world = organizationWorld({});
    expect(await checkOrganization(world.apiFor, target(["state", "archive", "management", "trail"]), true, root)).toEqual({ stateBucketExists: false, localState: false, archiveDeployed: false });
    expect(world.s3s.get("trail")!.s3Mock.commandCalls(HeadObjectCommand)).toHaveLength(0);
  });

  test("the bucket without the archive's state: not deployed; the bootstrap state in this folder is seen", async () => {
    writeFileSync(join(root, `terraform.${STATE}.tfstate`), JSON.stringify({ version: 4, resources: [{ type: "aws_s3_bucket" }] }));
    const world = organizationWorld({}, { [STATE_BUCKET]: TRAIL }, { [STATE_BUCKET]: [`${P}-org-trail/terraform.tfstate`] });
    expect(await checkOrganization(world.apiFor, target(["state"]), true, root)).toEqual({ stateBucketExists: true, localState: true, archiveDeployed: false });
    expect(world.asked).toEqual([`trail ${TRAIL}`]);
    rmSync(join(root, `terraform.${STATE}.tfstate`));
  });

  test("the state bucket's name held by another account: refused, saying the name is derived", async () => {
    const world = organizationWorld({}, { [STATE_BUCKET]: "999999999999" });
    await expect(checkOrganization(world.apiFor, target(["state"]), true, root)).rejects.toThrow(
      `the state bucket ${STATE_BUCKET} exists but is not account ${TRAIL}'s, or the caller may not read it (HeadBucket: 403); ` +
        "S3 bucket names are global: if another account holds the name, its name is derived from project and the trail account: choose another project name",
    );
  });

  test.each<[string, number | undefined]>([
    ["NotFound", undefined],
    ["NoSuchKey", undefined],
    ["UnknownError", 404],
  ])("the archive's state answered %s (status %p): not deployed", async (name, status) => {
    const world = organizationWorld({}, { [STATE_BUCKET]: TRAIL });
    world.s3For = (s3Mock) => s3Mock.on(HeadObjectCommand).rejects(Object.assign(new Error("gone"), { name, $metadata: status ? { httpStatusCode: status } : {} }));
    expect((await checkOrganization(world.apiFor, target(["trail"]), true, root)).archiveDeployed).toBe(false);
  });

  test("any other answer about the archive's state is named, and nothing runs", async () => {
    const world = organizationWorld({}, { [STATE_BUCKET]: TRAIL });
    world.s3For = (s3Mock) => s3Mock.on(HeadObjectCommand).rejects(Object.assign(new Error("Forbidden"), { name: "Forbidden", $metadata: { httpStatusCode: 403 } }));
    await expect(checkOrganization(world.apiFor, target(["trail"]), true, root)).rejects.toThrow(
      `could not check for s3://${STATE_BUCKET}/${ARCHIVE_STATE} (the log archive's state) in account ${TRAIL}: Forbidden: Forbidden`,
    );
  });

  test("a failure before any answer (the network) is named too", async () => {
    const world = organizationWorld({}, { [STATE_BUCKET]: TRAIL });
    world.s3For = (s3Mock) => s3Mock.on(HeadObjectCommand).rejects(new Error("connect ECONNREFUSED 127.0.0.1:443"));
    await expect(checkOrganization(world.apiFor, target(["trail"]), true, root)).rejects.toThrow(
      `could not check for s3://${STATE_BUCKET}/${ARCHIVE_STATE} (the log archive's state) in account ${TRAIL}: Error: connect ECONNREFUSED 127.0.0.1:443`,
    );
  });

  test("a read (output) in the wrong account is refused as a read", async () => {
    const world = organizationWorld({ management: { caller: { account: TRAIL, arn: session(TRAIL) } } });
    await expect(checkOrganization(world.apiFor, target(["management"]), false, root)).rejects.toThrow(/refusing to read another account/);
  });

  test("credentials of another account where the log archive's deploy role should be: refused, naming the setting", async () => {
    const world = organizationWorld({ logArchive: { caller: { account: TRAIL, arn: session(TRAIL) } } });
    await expect(checkOrganization(world.apiFor, target(["archive"]), true, root)).rejects.toThrow(
      `organization (log-archive account ${LOG_ARCHIVE}): the credentials are for account ${TRAIL} (${session(TRAIL)}), but organization.logArchiveAccountId is ${LOG_ARCHIVE}; ` +
        "refusing to change another account (sign in to the configured one)",
    );
  });

  test("a caller of the log archive who is not break-glass cannot apply there; reading is fine", async () => {
    const admin = `arn:aws:iam::${LOG_ARCHIVE}:role/admin`;
    const world = () => organizationWorld({ logArchive: { caller: { account: LOG_ARCHIVE, arn: session(LOG_ARCHIVE, "admin") }, roles: { admin } } }, { [STATE_BUCKET]: TRAIL });
    const refused = await checkOrganization(world().apiFor, target(["archive"]), true, root).catch((e: Error) => e.message);
    expect(refused).toBe(
      [
        `the organization's log-archive account ${LOG_ARCHIVE} keeps its evidence, and the archive's bucket and key policies stop everyone but the break-glass principals ` +
          "(organization.breakGlassPrincipalArns); an apply by anyone else would fail halfway and leave the organization's audit unfinished.",
        `  you are:     ${admin} (signed in as ${session(LOG_ARCHIVE, "admin")})`,
        `  break-glass: ${EXAMPLE.organization.breakGlassPrincipalArns.join(", ")}`,
        "Sign in as one of them, or have one of them add your ARN to the list and apply that first (docs/break-glass.md).",
      ].join("\n"),
    );
    expect(await checkOrganization(world().apiFor, target(["archive"]), false, root)).toEqual({ stateBucketExists: true, localState: false, archiveDeployed: false });
  });

  test("the delegated trail account: break-glass where the trail is applied, not for the state stack alone", async () => {
    const admin = `arn:aws:iam::${TRAIL}:role/admin`;
    const world = () => organizationWorld({ trail: { caller: { account: TRAIL, arn: session(TRAIL, "admin") }, roles: { admin } } });
    await expect(checkOrganization(world().apiFor, target(["trail"]), true, root)).rejects.toThrow(/^the organization's trail account 333333333333 keeps its evidence, and the guardrails \(the SCP attached to the delegated administrator\)/);
    expect(await checkOrganization(world().apiFor, target(["state"]), true, root)).toEqual({ stateBucketExists: false, localState: false, archiveDeployed: false });
  });

  test("the management account is never asked for break-glass (SCPs do not apply to it)", async () => {
    const world = organizationWorld({ management: { caller: { account: MANAGEMENT, arn: session(MANAGEMENT, "admin") }, roles: {} } });
    await checkOrganization(world.apiFor, target(["management"]), true, root);
    expect(world.fakes.get("management")!.iamMock.calls()).toHaveLength(0);
  });

  test("a trail in the management account: configured by managementAccountId, no break-glass asked there", async () => {
    const settings = { ...EXAMPLE, organization: { ...EXAMPLE.organization, trailAccountId: undefined, deployRoles: undefined, breakGlassPrincipalArns: [deployer(LOG_ARCHIVE), deployer(MANAGEMENT)] } };
    const own = loadConfig({ settings, env: {} }).organization!;
    const world = organizationWorld({ trail: { caller: { account: TRAIL, arn: session(TRAIL) } } });
    await expect(checkOrganization(world.apiFor, { organization: own, stacks: ["trail"], given: "organization" }, true, root)).rejects.toThrow(
      `organization (trail account ${MANAGEMENT}): the credentials are for account ${TRAIL} (${session(TRAIL)}), but organization.managementAccountId is ${MANAGEMENT}`,
    );
    const right = organizationWorld({ trail: { caller: { account: MANAGEMENT, arn: session(MANAGEMENT, "admin") }, roles: {} } });
    await checkOrganization(right.apiFor, { organization: own, stacks: ["trail"], given: "organization" }, true, root);
    expect(right.fakes.get("trail")!.iamMock.calls()).toHaveLength(0);
  });
});
