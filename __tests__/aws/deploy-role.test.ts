/**
 * The deploy role, assumed by every command from the caller's own credentials. The mocked STS
 * behaves as AWS does: AssumeRole only for a role that exists and trusts the caller (and, where its
 * trust asks for one, with the right external id), AccessDenied otherwise; GetCallerIdentity
 * answers for the credentials the client actually sends, so a client left on the caller's own
 * credentials is told apart from one on the role's.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { Api, CannotRun } from "../../aws/api";
import { deployRoleCredentials } from "../../aws/deploy-role";
import { preflight } from "../../aws/preflight";
import { createLifecycleClients } from "../../lifecycle/account";
import { loadConfig } from "../../config/load";
import type { EnvironmentConfig } from "../../config/types";

const ACCOUNT = "111122223333";
const CI = "arn:aws:iam::999988887777:role/ci-runner";
const CI_SESSION = "arn:aws:sts::999988887777:assumed-role/ci-runner/build-42";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/platform/terraform-deployer`;

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
/** Sessions issued by AssumeRole, by access key id. */
let sessions: Map<string, { arn: string; account: string }>;
let trust: { role: string; principal: string; externalId?: string }[];
let issued = 0;

beforeEach(() => {
  sts.reset();
  iam.reset();
  sessions = new Map();
  trust = [{ role: DEPLOYER, principal: CI, externalId: "mlops-ci" }];
  sts.on(AssumeRoleCommand).callsFake(({ RoleArn, RoleSessionName, ExternalId }) => {
    const t = trust.find((x) => x.role === RoleArn && x.principal === CI);
    if (!t || t.externalId !== ExternalId) {
      throw Object.assign(new Error(`User: ${CI_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${RoleArn}`), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    }
    const accessKeyId = `ASIA${String(++issued).padStart(12, "0")}`;
    const roleName = RoleArn.split("/").pop();
    sessions.set(accessKeyId, { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${RoleSessionName}`, account: ACCOUNT });
    return { Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date(Date.now() + 3600_000) } };
  });
  sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    // The SDK resolves a client's credentials before it sends: the deploy role's provider fails
    // the call when the role cannot be assumed. (The default chain has nothing to find here; it
    // stands for the CI runner's own credentials.)
    const credentials = await (getClient().config.credentials as () => Promise<{ accessKeyId: string }>)().catch((error: unknown) => {
      if (error instanceof CannotRun) throw error;
      return undefined;
    });
    const session = credentials && sessions.get(credentials.accessKeyId);
    return session ? { Account: session.account, Arn: session.arn } : { Account: "999988887777", Arn: CI_SESSION };
  });
  iam.on(GetRoleCommandName()).callsFake(({ RoleName }) => {
    if (RoleName !== "terraform-deployer") throw Object.assign(new Error(`The role with name ${RoleName} cannot be found.`), { name: "NoSuchEntityException" });
    return { Role: { RoleName, Arn: DEPLOYER } };
  });
});

// GetRoleCommand, imported lazily so the IAM client mock above stays the only one.
function GetRoleCommandName() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@aws-sdk/client-iam").GetRoleCommand;
}

function prod(deployRole: Record<string, unknown> = { arn: DEPLOYER, externalId: "mlops-ci" }): EnvironmentConfig {
  return loadConfig({
    settings: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { prod: { deployRole } }, synthesize: ["prod"] },
  }).environments[0];
}

describe("deploy role credentials", () => {
  test("the preflight runs as the assumed role: AssumeRole with the configured arn, session name and external id, then the role's identity", async () => {
    const config = prod();
    const api = new Api(createLifecycleClients(config.region, deployRoleCredentials(config)));
    expect(await preflight(api, config, { action: "deploy to", applies: true })).toEqual({
      account: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deployer/cdktf-prod`,
      principalArn: DEPLOYER,
    });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([{ RoleArn: DEPLOYER, RoleSessionName: "cdktf-prod", ExternalId: "mlops-ci" }]);
  });

  test("without a deploy role the caller's own credentials are used: here a CI account, refused as another account", async () => {
    const config = { ...prod(), deployRole: undefined };
    const api = new Api(createLifecycleClients(config.region, deployRoleCredentials(config)));
    await expect(preflight(api, config, { action: "deploy to", applies: true })).rejects.toThrow(`the credentials are for account 999988887777 (${CI_SESSION}), but prod is configured for ${ACCOUNT}`);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  test.each([
    ["a wrong external id", { arn: DEPLOYER, externalId: "other" }],
    ["no external id where the trust asks for one", { arn: DEPLOYER }],
  ])("%s: exit 2 with one line naming the role and the setting", async (_name, deployRole) => {
    const config = prod(deployRole);
    const api = new Api(createLifecycleClients(config.region, deployRoleCredentials(config)));
    const refused = await preflight(api, config, { action: "deploy to", applies: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CannotRun);
    expect((refused as Error).message).toBe(
      `prod: could not assume its deploy role ${DEPLOYER} (deployRole in cdktf.json) from your credentials: AccessDenied: User: ${CI_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOYER}. ` +
        `Its trust policy must allow your principal sts:AssumeRole${"externalId" in deployRole ? " with the configured external id" : ""}, and your credentials must allow it too`,
    );
  });

  test("no credentials to assume it with: says there are none, then which role they were for (an organization's account names its setting)", async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    const provider = deployRoleCredentials({ environment: "organization", region: "us-east-1", deployRole: { arn: DEPLOYER, sessionName: "cdktf-organization" }, setting: "organization.deployRoles.trail" })!;
    await expect(provider()).rejects.toThrow(
      "organization: no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, " +
        `SSO after aws sso login, or a container or instance role). Could not load credentials from any providers; they are needed to assume the deploy role ${DEPLOYER} (organization.deployRoles.trail in cdktf.json)`,
    );
  });

  test("the role's credentials are reused until five minutes before they expire, then renewed", async () => {
    let now = new Date();
    const provider = deployRoleCredentials(prod(), () => now)!;
    const first = await provider();
    expect(await provider()).toBe(first);
    now = new Date(now.getTime() + 54 * 60_000);
    expect(await provider()).toBe(first);
    now = new Date(now.getTime() + 2 * 60_000);
    expect((await provider()).accessKeyId).not.toBe(first.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  test("renewed at exactly five minutes before expiry; reused by default while the clock says so", async () => {
    const expires = new Date(Date.now() + 3600_000);
    sts.on(AssumeRoleCommand).callsFake(() => ({ Credentials: { AccessKeyId: `ASIA${String(++issued).padStart(12, "0")}`, SecretAccessKey: "s", SessionToken: "t", Expiration: expires } }));
    const atBoundary = deployRoleCredentials(prod(), () => new Date(expires.getTime() - 5 * 60_000))!;
    const first = await atBoundary();
    expect((await atBoundary()).accessKeyId).not.toBe(first.accessKeyId);
    const byDefault = deployRoleCredentials(prod())!;
    const once = await byDefault();
    expect(await byDefault()).toBe(once);
  });

  test("a role without an external id sends none", async () => {
    trust = [{ role: DEPLOYER, principal: CI }];
    await deployRoleCredentials(prod({ arn: DEPLOYER }))!();
    expect(Object.keys(sts.commandCalls(AssumeRoleCommand)[0].args[0].input)).toEqual(["RoleArn", "RoleSessionName"]);
  });

  test.each([
    ["no Credentials", {}],
    ["no secret", { Credentials: { AccessKeyId: "ASIA000000000001", Expiration: new Date() } }],
    ["no key id", { Credentials: { SecretAccessKey: "s", Expiration: new Date() } }],
  ])("STS answering %s: refused, naming the role", async (_name, answer) => {
    sts.on(AssumeRoleCommand).resolves(answer as never);
    await expect(deployRoleCredentials(prod())!()).rejects.toThrow(`prod: could not assume its deploy role ${DEPLOYER} (deployRole in cdktf.json) from your credentials: Error: STS answered without credentials.`);
  });

  test("no deploy role: no provider, the default chain", () => {
    expect(deployRoleCredentials({ ...prod(), deployRole: undefined })).toBeUndefined();
  });
});
