import { compliant, nonCompliant, type Rule } from "../types";
import { asList, statementsOf } from "./util";

export const iamSinglePrincipal: Rule = {
  id: "IAM-3",
  level: "error",
  info: "The role's trust policy names exactly one principal",
  explanation: "A role shared by several principals cannot be scoped to what any one of them needs.",
  cisV5: "none",
  resourceTypes: ["aws_iam_role"],
  evaluate: ({ config }) => {
    const principals = new Set(
      statementsOf(config.assume_role_policy)
        .filter((s) => s.Effect === "Allow")
        .flatMap((s) => (typeof s.Principal === "string" ? [s.Principal] : Object.values(s.Principal ?? {}).flatMap((p) => asList(p as string | string[])))),
    );
    if (principals.has("*")) return nonCompliant('the trust policy allows "*"');
    return principals.size === 1 ? compliant : nonCompliant(`the trust policy names ${principals.size} principals`);
  },
};
