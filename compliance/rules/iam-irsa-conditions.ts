import { compliant, nonCompliant, notApplicable, type Rule } from "../types";
import { statementsOf } from "./util";

export const iamIrsaConditions: Rule = {
  id: "IAM-5",
  level: "error",
  info: "Web-identity (IRSA) trusts condition on both <issuer>:sub and <issuer>:aud",
  explanation: "Without sub, any pod of the cluster can assume the role; without aud, tokens minted for other audiences are accepted.",
  cisV5: "none",
  resourceTypes: ["aws_iam_role"],
  evaluate: ({ config }) => {
    const web = statementsOf(config.assume_role_policy).filter((s) => s.Principal?.Federated !== undefined);
    if (web.length === 0) return notApplicable;
    const missing = web.flatMap((s) => {
      const issuer = String(s.Principal.Federated).replace(/^arn:aws:iam::\d{12}:oidc-provider\//, "");
      const keys = Object.keys(s.Condition?.StringEquals ?? {});
      return [`${issuer}:sub`, `${issuer}:aud`].filter((k) => !keys.includes(k));
    });
    return missing.length === 0 ? compliant : nonCompliant(`no StringEquals condition on ${missing.join(", ")}`);
  },
};
