import { POD_IDENTITY_PRINCIPAL } from "../../facts/pod-identity";
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
    // One service account moving from IRSA to Pod Identity is one principal reached two ways (docs/pod-identity.md).
    const moving = principals.size === 2 && principals.has(POD_IDENTITY_PRINCIPAL) && [...principals].some((p) => /^arn:aws:iam::\d{12}:oidc-provider\//.test(p));
    return principals.size === 1 || moving ? compliant : nonCompliant(`the trust policy names ${principals.size} principals`);
  },
};
