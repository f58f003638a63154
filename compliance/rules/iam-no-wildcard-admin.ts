import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList, statementsOf } from "./util";

/** An Allow of `*` or `<service>:*` on resource `*`. */
export const grantsWildcard = (s: Json): boolean =>
  s.Effect === "Allow" && asList(s.Resource).includes("*") && asList(s.Action).some((a: string) => a === "*" || /^[a-z0-9-]+:\*$/.test(a));

export const iamNoWildcardAdmin: Rule = {
  id: "IAM-1",
  level: "error",
  info: 'No identity policy allows "*" or "<service>:*" on resource "*"',
  explanation: "Wildcard actions on every resource are administrator access by another name.",
  cisV5: ["1.15"],
  cisV3: ["1.16"],
  cisV6: ["2.15"],
  securityHub: ["IAM.1", "IAM.21"],
  checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355"],
  resourceTypes: ["aws_iam_role_policy", "aws_iam_policy"],
  evaluate: ({ config }) => {
    const broad = statementsOf(config.policy).filter(grantsWildcard);
    return broad.length === 0 ? compliant : nonCompliant(`statement ${broad.map((s) => s.Sid ?? "(no Sid)").join(", ")} allows ${broad.flatMap((s) => asList(s.Action)).join(", ")} on *`);
  },
};
