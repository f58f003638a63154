import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList, statementsOf } from "./util";

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

const describe = (s: Json): string =>
  `statement ${s.Sid ?? "(no Sid)"} allows ${s.NotAction !== undefined ? `everything but ${asList(s.NotAction).join(", ")}` : asList(s.Action).join(", ")} on ${
    s.NotResource !== undefined ? `everything but ${asList(s.NotResource).join(", ")}` : "*"
  }`;

export const iamNoWildcardAdmin: Rule = {
  id: "IAM-1",
  level: "error",
  info: 'No identity policy allows "*" or "<service>:*" on resource "*"',
  explanation: "Wildcard actions on every resource are administrator access by another name; so are NotAction and NotResource in an Allow.",
  cisV5: ["1.15"],
  cisV3: ["1.16"],
  cisV6: ["2.15"],
  securityHub: ["IAM.1", "IAM.21"],
  checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355"],
  resourceTypes: ["aws_iam_role_policy", "aws_iam_policy"],
  evaluate: ({ config }) => {
    const broad = statementsOf(config.policy).filter(grantsWildcard);
    return broad.length === 0 ? compliant : nonCompliant(broad.map(describe).join("; "));
  },
};
