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
  });

  test("fails when the trust policy names more than one principal", () => {
    expect(
      () => new ServiceRole(stack(), "R", { roleName: "r", description: "d", trust: { Sid: "T", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } }),
    ).toThrow('ServiceRole r: trust must name exactly one principal, got "*"');
  });
});
