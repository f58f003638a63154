import { Testing, TerraformStack } from "cdktf";
import { serviceTrust } from "../../constructs/policy";
import { ServiceRole } from "../../constructs/service-role";
import { resourceAt, resourcesOf, synthesize } from "../helpers";

const stack = (): TerraformStack => new TerraformStack(Testing.app(), "s");

describe("ServiceRole", () => {
  test("creates the role, its inline, customer and managed policies, detaching on destroy", () => {
    const s = stack();
    new ServiceRole(s, "R", {
      roleName: "r",
      description: "d",
      trust: serviceTrust("lambda.amazonaws.com"),
      inlinePolicies: { inline: [{ Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] },
      customerPolicy: { name: "custom", statements: [{ Sid: "B", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" }] },
      managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
    });
    const json = synthesize(s);
    expect(resourceAt(json, "aws_iam_role", "R/Role")).toMatchObject({ name: "r", force_detach_policies: true, max_session_duration: 3600 });
    expect(resourceAt(json, "aws_iam_role_policy", "R/inline").name).toBe("inline");
    expect(resourceAt(json, "aws_iam_policy", "R/CustomerPolicy").name).toBe("custom");
    expect(Object.values(resourcesOf(json, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn)).toEqual([
      "${aws_iam_policy.R_CustomerPolicy_D3A114BD.arn}",
      "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    ]);
    // A managed policy's attachment is named after the policy: its address in the plan, and in
    // state, says which policy it attaches.
    expect(resourceAt(json, "aws_iam_role_policy_attachment", "R/AmazonS3ReadOnlyAccess").policy_arn).toBe("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
  });

  test("built with only its required settings: the trust, an hour's sessions, no boundary, no policy", () => {
    const s = stack();
    const role = new ServiceRole(s, "R", { roleName: "r", description: "d", trust: serviceTrust("lambda.amazonaws.com") });
    const json = synthesize(s);
    const synthesized = resourceAt(json, "aws_iam_role", "R/Role");
    expect(synthesized).toMatchObject({ name: "r", description: "d", max_session_duration: 3600, force_detach_policies: true });
    expect(synthesized.permissions_boundary).toBeUndefined();
    expect(synthesized.depends_on).toBeUndefined();
    expect(JSON.parse(synthesized.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "TrustService", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    for (const type of ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_role_policy_attachment"]) expect([type, resourcesOf(json, type)]).toEqual([type, {}]);
    expect([role.grants, role.managedPolicyArns, role.roleName]).toEqual([[], [], "r"]);
  });

  test("takes the session limit and the boundary it is given", () => {
    const s = stack();
    new ServiceRole(s, "R", { roleName: "r", description: "d", trust: serviceTrust("lambda.amazonaws.com"), maxSessionDuration: 7200, permissionsBoundaryArn: "arn:aws:iam::111122223333:policy/b" });
    expect(resourceAt(synthesize(s), "aws_iam_role", "R/Role")).toMatchObject({ max_session_duration: 7200, permissions_boundary: "arn:aws:iam::111122223333:policy/b" });
  });

  test.each([
    ["everyone", "*", '"*"'],
    ["everyone as an AWS principal", { AWS: "*" }, '{"AWS":"*"}'],
    ["two services", { Service: ["lambda.amazonaws.com", "sagemaker.amazonaws.com"] }, '{"Service":["lambda.amazonaws.com","sagemaker.amazonaws.com"]}'],
    ["two kinds of principal", { Service: "lambda.amazonaws.com", AWS: "arn:aws:iam::111122223333:root" }, '{"Service":"lambda.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"}'],
    ["no principal", undefined, "undefined"],
  ])("fails when the trust names %s", (_what, principal, shown) => {
    expect(
      () => new ServiceRole(stack(), "R", { roleName: "r", description: "d", trust: { Sid: "T", Effect: "Allow", Principal: principal as never, Action: "sts:AssumeRole" } }),
    ).toThrow(`ServiceRole r: trust must name exactly one principal, got ${shown}`);
  });
});
