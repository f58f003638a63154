import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { Api, CannotRun, clientConfig, errorOf } from "../../aws/api";
import { preflight, type PreflightOptions } from "../../aws/preflight";
import type { EnvironmentConfig } from "../../config/types";
import { ACCOUNT, DEPLOYER, OTHER_ACCOUNT, configFor } from "../helpers";
import { mockIdentity, type FakeIdentity } from "../support/fake-identity";

const SSO_NAME = "AWSReservedSSO_AdministratorAccess_0123456789abcdef";
const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${SSO_NAME}`;
const SSO_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_NAME}/alice@example.com`;
const DEPLOYER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deployer/ci`;
const ADMIN_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/admin/bob`;
const ROLES = { "terraform-deployer": DEPLOYER, admin: `arn:aws:iam::${ACCOUNT}:role/admin`, [SSO_NAME]: SSO_ROLE };
const APPLY: PreflightOptions = { action: "deploy to", applies: true };
const READ: PreflightOptions = { action: "verify", applies: false };

/** Runs the preflight against a fake account; returns the caller or the refusal, and the calls sent. */
async function run(world: Partial<FakeIdentity>, config: EnvironmentConfig, options: PreflightOptions) {
  const fake = mockIdentity({ roles: ROLES, ...world });
  const api = new Api({ sts: fake.sts, iam: fake.iam });
  let outcome: unknown;
  try {
    outcome = await preflight(api, config, options);
  } catch (error) {
    if (!(error instanceof CannotRun)) throw error;
    outcome = { refused: error.message };
  }
  return {
    outcome,
    sts: fake.stsMock.commandCalls(GetCallerIdentityCommand).length,
    getRole: fake.iamMock.commandCalls(GetRoleCommand).map((c) => c.args[0].input),
  };
}

const prod = (breakGlass: string[] = [DEPLOYER]): EnvironmentConfig => configFor("prod", { audit: { breakGlassPrincipalArns: breakGlass } });

describe("preflight: who is calling, before anything runs", () => {
  test("the example account is refused before any call, naming accountId", async () => {
    const example = { ...configFor("dev"), accountId: "123456789012", accountIdIsExample: true };
    expect(await run({ caller: { account: ACCOUNT, arn: DEPLOYER_SESSION } }, example, APPLY)).toEqual({
      outcome: {
        refused:
          "dev: accountId is the documented example account 123456789012, which nobody can deploy to; " +
          "set environments.dev.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) to the account's 12 digits",
      },
      sts: 0,
      getRole: [],
    });
  });

  test("no credentials: says where the default chain looks", async () => {
    const { outcome } = await run({ caller: undefined }, configFor("dev"), APPLY);
    expect(outcome).toEqual({
      refused:
        "no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, " +
        "SSO after aws sso login, or a container or instance role). Could not load credentials from any providers",
    });
  });

  test.each(["InvalidClientTokenId", "ExpiredToken"])("credentials STS rejects (%s): expired, or an opt-in region not enabled", async (name) => {
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: DEPLOYER_SESSION }, rejectedWith: name }, configFor("dev", { region: "ap-east-1" }), APPLY);
    expect(outcome).toEqual({
      refused:
        `STS in ap-east-1 rejected the credentials (${name}: The security token included in the request is invalid.): they have expired or are invalid ` +
        "(sign in again, e.g. aws sso login), or ap-east-1 is an opt-in region that is not enabled for the account (enable it, or configure another region)",
    });
  });

  test("credentials of another account are refused, naming both accounts", async () => {
    const { outcome } = await run({ caller: { account: OTHER_ACCOUNT, arn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/admin/bob` } }, configFor("dev"), APPLY);
    expect(outcome).toEqual({
      refused:
        `dev: the credentials are for account ${OTHER_ACCOUNT} (arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/admin/bob), but dev is configured for ${ACCOUNT}; ` +
        "refusing to deploy to another account (sign in to the configured one)",
    });
  });

  test("dev protects no evidence: anyone of the account may apply, and no role is looked up", async () => {
    expect(await run({ caller: { account: ACCOUNT, arn: ADMIN_SESSION } }, configFor("dev"), APPLY)).toEqual({
      outcome: { account: ACCOUNT, arn: ADMIN_SESSION, principalArn: ADMIN_SESSION },
      sts: 1,
      getRole: [],
    });
  });

  test("a read-only command in prod needs no break-glass principal", async () => {
    expect(await run({ caller: { account: ACCOUNT, arn: ADMIN_SESSION } }, prod(), READ)).toEqual({
      outcome: { account: ACCOUNT, arn: ADMIN_SESSION, principalArn: ADMIN_SESSION },
      sts: 1,
      getRole: [],
    });
  });
});

describe("preflight: only break-glass principals apply where evidence is protected", () => {
  test("the deployer's session resolves to its role and may apply", async () => {
    expect(await run({ caller: { account: ACCOUNT, arn: DEPLOYER_SESSION } }, prod(), APPLY)).toEqual({
      outcome: { account: ACCOUNT, arn: DEPLOYER_SESSION, principalArn: DEPLOYER },
      sts: 1,
      getRole: [{ RoleName: "terraform-deployer" }],
    });
  });

  test("an IAM Identity Center session resolves to the role ARN with its path, which is in the list", async () => {
    expect(await run({ caller: { account: ACCOUNT, arn: SSO_SESSION } }, prod([SSO_ROLE]), APPLY)).toEqual({
      outcome: { account: ACCOUNT, arn: SSO_SESSION, principalArn: SSO_ROLE },
      sts: 1,
      getRole: [{ RoleName: SSO_NAME }],
    });
  });

  test("an administrator outside the list is refused with who they are and who may apply", async () => {
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: ADMIN_SESSION } }, prod(), APPLY);
    expect(outcome).toEqual({
      refused: [
        "prod keeps its audit evidence, and the explicit denies on its log buckets, keys and alarm topic stop everyone but the break-glass principals " +
          "(audit.breakGlassPrincipalArns of prod); an apply by anyone else would fail halfway and leave a foundation it cannot finish.",
        `  you are:     arn:aws:iam::${ACCOUNT}:role/admin (signed in as ${ADMIN_SESSION})`,
        `  break-glass: ${DEPLOYER}`,
        "Sign in as one of them, or have one of them add your ARN to the list and apply that first (docs/break-glass.md).",
      ].join("\n"),
    });
  });

  test("the same role written with another path is refused, and the message says so", async () => {
    // What validation would refuse for an Identity Center role; a role of one's own may carry any path.
    const pathless = `arn:aws:iam::${ACCOUNT}:role/ops/${SSO_NAME}`;
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: SSO_SESSION } }, prod([pathless]), APPLY);
    expect((outcome as { refused: string }).refused.split("\n").slice(1, 4)).toEqual([
      `  you are:     ${SSO_ROLE} (signed in as ${SSO_SESSION})`,
      `  break-glass: ${pathless}`,
      `  ${pathless} names the same role with another path: aws:PrincipalArn carries ${SSO_ROLE}`,
    ]);
  });

  test("a role without a path, listed with one, is named in the refusal", async () => {
    const withPath = `arn:aws:iam::${ACCOUNT}:role/ops/admin`;
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: ADMIN_SESSION } }, prod([withPath]), APPLY);
    expect((outcome as { refused: string }).refused.split("\n")[3]).toBe(`  ${withPath} names the same role with another path: aws:PrincipalArn carries arn:aws:iam::${ACCOUNT}:role/admin`);
  });

  test("an IAM user in the list applies as itself, without a role lookup", async () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/platform/alice`;
    expect(await run({ caller: { account: ACCOUNT, arn: user } }, prod([user]), APPLY)).toEqual({
      outcome: { account: ACCOUNT, arn: user, principalArn: user },
      sts: 1,
      getRole: [],
    });
  });

  test("root outside the list is refused too", async () => {
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: root } }, prod(), APPLY);
    expect((outcome as { refused: string }).refused.split("\n")[1]).toBe(`  you are:     ${root}`);
  });

  test("a caller that may not read its own role cannot be checked, so it is refused", async () => {
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: DEPLOYER_SESSION }, getRoleDenied: true }, prod(), APPLY);
    expect(outcome).toEqual({
      refused:
        `could not resolve the role behind ${DEPLOYER_SESSION} to its ARN with its path (iam:GetRole terraform-deployer: AccessDenied: ` +
        `User: ${DEPLOYER_SESSION} is not authorized to perform: iam:GetRole on resource: role terraform-deployer); ` +
        "the break-glass check compares that ARN, as aws:PrincipalArn carries it: allow the caller iam:GetRole on its own role",
    });
  });

  test("a session of a role that does not exist (deleted since) is refused, naming the role", async () => {
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gone/x` } }, prod(), APPLY);
    expect((outcome as { refused: string }).refused).toContain("(iam:GetRole gone: NoSuchEntityException: The role with name gone cannot be found.)");
  });
});

describe("preflight: what STS and IAM may answer", () => {
  test.each(["InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch"])(
    "%s is a rejection of the credentials, not a missing one",
    async (name) => {
      const { outcome } = await run({ caller: { account: ACCOUNT, arn: DEPLOYER_SESSION }, rejectedWith: name }, configFor("dev"), APPLY);
      expect((outcome as { refused: string }).refused).toMatch(new RegExp(`^STS in us-east-1 rejected the credentials \\(${name}: `));
    },
  );

  test.each([
    ["the SDK's provider error, whatever its message", { name: "CredentialsProviderError", message: "Token is expired. To refresh this SSO session run aws sso login" }, "Token is expired. To refresh this SSO session run aws sso login"],
    ["the chain's message under another name", { name: "Error", message: "Could not load credentials from any providers" }, "Could not load credentials from any providers"],
    ["the provider error without a message", { name: "CredentialsProviderError", message: "" }, ""],
  ])("no credentials: %s", async (_name, error, detail) => {
    const fake = mockIdentity({ roles: ROLES });
    fake.stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error(error.message), { name: error.name }));
    const refusal = await preflight(new Api({ sts: fake.sts, iam: fake.iam }), configFor("dev"), APPLY).catch((e: Error) => e.message);
    expect(refusal).toBe(
      "no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, " +
        `SSO after aws sso login, or a container or instance role).${detail === "" ? "" : ` ${detail}`}`,
    );
  });

  test("any other failure of STS is named with the region", async () => {
    const fake = mockIdentity({ roles: ROLES });
    fake.stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }));
    const refusal = await preflight(new Api({ sts: fake.sts, iam: fake.iam }), configFor("dev", { region: "eu-west-1" }), APPLY).catch((e: Error) => e.message);
    expect(refusal).toBe("could not call sts:GetCallerIdentity in eu-west-1: Throttling: Rate exceeded");
  });

  test("an identity without an account is not the configured account", async () => {
    const fake = mockIdentity({ roles: ROLES });
    fake.stsMock.on(GetCallerIdentityCommand).resolves({});
    const refusal = await preflight(new Api({ sts: fake.sts, iam: fake.iam }), configFor("dev"), APPLY).catch((e: Error) => e.message);
    expect(refusal).toBe(`dev: the credentials are for account  (), but dev is configured for ${ACCOUNT}; refusing to deploy to another account (sign in to the configured one)`);
  });

  test("evidence kept without break-glass principals (no denies synthesized): nothing to check, no role looked up", async () => {
    const config = { ...prod(), audit: { ...prod().audit, breakGlassPrincipalArns: [] } };
    expect(await run({ caller: { account: ACCOUNT, arn: ADMIN_SESSION } }, config, APPLY)).toEqual({
      outcome: { account: ACCOUNT, arn: ADMIN_SESSION, principalArn: ADMIN_SESSION },
      sts: 1,
      getRole: [],
    });
  });

  test("every break-glass principal is listed, and a user of the same name as the caller's role is not taken for it", async () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/admin`;
    const { outcome } = await run({ caller: { account: ACCOUNT, arn: ADMIN_SESSION } }, prod([DEPLOYER, user]), APPLY);
    expect((outcome as { refused: string }).refused.split("\n").slice(1, 3)).toEqual([
      `  you are:     arn:aws:iam::${ACCOUNT}:role/admin (signed in as ${ADMIN_SESSION})`,
      `  break-glass: ${DEPLOYER}, ${user}`,
    ]);
    expect((outcome as { refused: string }).refused.split("\n")).toHaveLength(4);
  });
});

describe("Api", () => {
  test("keeps at most its limit in flight, counts every call, and frees a slot when a call fails", async () => {
    let inFlight = 0;
    let most = 0;
    const sender = {
      send: async (command: { fail?: boolean }) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (command.fail) throw new Error("failed");
        return "ok";
      },
    };
    const api = new Api({}, 2);
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => api.send(sender, { fail: i === 1 })));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect({ most, calls: api.calls }).toEqual({ most: 2, calls: 5 });
    // Every slot is free again: the next call starts at once.
    await expect(api.send(sender, {})).resolves.toBe("ok");
  });

  test("the client settings: the region and adaptive retries", () => {
    expect(clientConfig("eu-west-1")).toEqual({ region: "eu-west-1", retryMode: "adaptive", maxAttempts: 6 });
  });

  test.each([
    [Object.assign(new Error("boom"), { name: "AccessDenied" }), { name: "AccessDenied", message: "boom" }],
    ["a string", { name: "Error", message: "a string" }],
    [{ name: 5, message: 6 }, { name: "Error", message: "[object Object]" }],
    [undefined, { name: "Error", message: "undefined" }],
  ])("errorOf(%p)", (error, expected) => {
    expect(errorOf(error)).toEqual(expected);
  });
});
