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

  test.each([
    ["default", 'IrsaRole: serviceAccounts entries must be "namespace:name", got "default"'],
    ["Retail:api", 'IrsaRole: serviceAccounts entries must be "namespace:name", got "Retail:api"'],
  ])("fails on the service account %s", (sa, message) => {
    expect(() => new IrsaRole(stack(), "Pods", { ...props, serviceAccounts: [sa] })).toThrow(message);
  });

  test("fails with no service account", () => {
    expect(() => new IrsaRole(stack(), "Pods", { ...props, serviceAccounts: [] })).toThrow('IrsaRole pods: serviceAccounts must name at least one "namespace:name"');
  });

  test("fails on an issuer URL with a trailing slash", () => {
    expect(() => new IrsaRole(stack(), "Pods", { ...props, issuerUrl: `${OIDC_ISSUER}/` })).toThrow(
      `IrsaRole: issuerUrl must be an https:// URL without a trailing slash, got "${OIDC_ISSUER}/"`,
    );
  });
});
