import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Testing, TerraformStack } from "cdktf";
import { IrsaRole, type IrsaRoleProps } from "../../constructs/irsa-role";
import { OIDC_ISSUER, resourceAt, synthesize } from "../helpers";

const props: IrsaRoleProps = {
  roleName: "pods",
  description: "d",
  issuerUrl: OIDC_ISSUER,
  oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/x",
  serviceAccounts: ["retail:retail-api"],
};
const stack = (): TerraformStack => new TerraformStack(Testing.app(), "s");

describe("IrsaRole", () => {
  test("trusts several service accounts with one sub list and the sts audience", () => {
    const s = stack();
    new IrsaRole(s, "Pods", { ...props, serviceAccounts: ["retail:retail-api", "retail:batch"] });
    const trust = JSON.parse(resourceAt(synthesize(s), "aws_iam_role", "Pods/Role/Role").assume_role_policy);
    const issuer = OIDC_ISSUER.slice("https://".length);
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: {
        [`${issuer}:sub`]: ["system:serviceaccount:retail:retail-api", "system:serviceaccount:retail:batch"],
        [`${issuer}:aud`]: "sts.amazonaws.com",
      },
    });
  });

  test("with one service account and only its required settings: the whole trust, no policy, no dependency", () => {
    const s = stack();
    const pods = new IrsaRole(s, "Pods", props);
    const json = synthesize(s);
    const role = resourceAt(json, "aws_iam_role", "Pods/Role/Role");
    const issuer = OIDC_ISSUER.slice("https://".length);
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TrustServiceAccounts",
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/x" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:retail:retail-api", [`${issuer}:aud`]: "sts.amazonaws.com" } },
      },
    ]);
    expect(role).toMatchObject({ name: "pods", description: "d", max_session_duration: 3600 });
    expect([role.depends_on, role.permissions_boundary]).toEqual([undefined, undefined]);
    expect([pods.roleName, pods.role.grants]).toEqual(["pods", []]);
  });

  test("waits for the OIDC provider it is given", () => {
    const s = stack();
    const oidc = new IamOpenidConnectProvider(s, "Oidc", { url: OIDC_ISSUER, clientIdList: ["sts.amazonaws.com"] });
    new IrsaRole(s, "Pods", { ...props, oidcProvider: oidc });
    expect(resourceAt(synthesize(s), "aws_iam_role", "Pods/Role/Role").depends_on).toEqual(["aws_iam_openid_connect_provider.Oidc"]);
  });

  test.each([
    ["default", 'IrsaRole: serviceAccounts entries must be "namespace:name", got "default"'],
    ["Retail:api", 'IrsaRole: serviceAccounts entries must be "namespace:name", got "Retail:api"'],
  ])("fails on the service account %s", (sa, message) => {
    expect(() => new IrsaRole(stack(), "Pods", { ...props, serviceAccounts: [sa] })).toThrow(message);
  });

  test("fails with no service account", () => {
    expect(() => new IrsaRole(stack(), "Pods", { ...props, serviceAccounts: [] })).toThrow('IrsaRole pods: serviceAccounts must name at least one "namespace:name"');
  });

  test("fails on an issuer URL that does not start with https://", () => {
    expect(() => new IrsaRole(stack(), "Pods", { ...props, issuerUrl: `x${OIDC_ISSUER}` })).toThrow(
      `IrsaRole: issuerUrl must be an https:// URL without a trailing slash, got "x${OIDC_ISSUER}"`,
    );
  });

  test("fails on an issuer URL with a trailing slash", () => {
    expect(() => new IrsaRole(stack(), "Pods", { ...props, issuerUrl: `${OIDC_ISSUER}/` })).toThrow(
      `IrsaRole: issuerUrl must be an https:// URL without a trailing slash, got "${OIDC_ISSUER}/"`,
    );
  });
});
