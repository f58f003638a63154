import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList, awsManagedPolicyName, statementsOf } from "./util";

/** `*`, or every action of the services a prefix matches: `s3:*`, `*:*`, `s3*:*`. */
const WILDCARD_ACTION = /^([^:]+:)?\*+$/;

/** On every resource: `Resource: "*"`, or `NotResource`, which is every resource but those listed. */
const onEveryResource = (s: Json): boolean => asList(s.Resource).includes("*") || s.NotResource !== undefined;

/**
 * An Allow of `*` or `<service>:*`, or of `NotAction` (everything but the listed actions), on every
 * resource.
 */
export const grantsWildcard = (s: Json): boolean =>
  s.Effect === "Allow" && onEveryResource(s) && (s.NotAction !== undefined || asList(s.Action).some((a: string) => WILDCARD_ACTION.test(a)));

const grant = (s: Json): string =>
  `allows ${s.NotAction !== undefined ? `everything but ${asList(s.NotAction).join(", ")}` : asList(s.Action).join(", ")} on ${
    s.NotResource !== undefined ? `everything but ${asList(s.NotResource).join(", ")}` : "*"
  }`;

/**
 * The wildcard statement of each AWS managed policy that has one, as the AWS Managed Policy
 * Reference gives it (read 2026-11-28: AdministratorAccess v1, PowerUserAccess v12). An
 * attachment names the policy only by ARN, so its document is not in the stack.
 */
export const WILDCARD_MANAGED_POLICIES: ReadonlyMap<string, Json> = new Map([
  ["AdministratorAccess", { Effect: "Allow", Action: "*", Resource: "*" }],
  ["PowerUserAccess", { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }],
]);

export const iamNoWildcardAdmin: Rule = {
  id: "IAM-1",
  level: "error",
  info: 'No identity policy allows "*" or "<service>:*" on resource "*"',
  explanation:
    "Wildcard actions on every resource are administrator access by another name; so are NotAction and NotResource in an Allow, and the AWS managed AdministratorAccess and PowerUserAccess policies.",
  cisV5: ["1.15"],
  cisV3: ["1.16"],
  cisV6: ["2.15"],
  securityHub: ["IAM.1", "IAM.21"],
  checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355"],
  resourceTypes: ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_role_policy_attachment"],
  evaluate: ({ type, config }) => {
    if (type === "aws_iam_role_policy_attachment") {
      const arn = String(config.policy_arn ?? "");
      const wildcard = WILDCARD_MANAGED_POLICIES.get(awsManagedPolicyName(arn) ?? "");
      return wildcard === undefined ? compliant : nonCompliant(`${arn} is attached, which ${grant(wildcard)}`);
    }
    const broad = statementsOf(config.policy).filter(grantsWildcard);
    return broad.length === 0 ? compliant : nonCompliant(broad.map((s) => `statement ${s.Sid ?? "(no Sid)"} ${grant(s)}`).join("; "));
  },
};
