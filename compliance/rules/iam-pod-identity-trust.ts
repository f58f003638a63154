import { POD_IDENTITY_ACTIONS, POD_IDENTITY_PRINCIPAL, POD_SESSION_TAGS } from "../../facts/pod-identity";
import { compliant, nonCompliant, notApplicable, type Json, type Rule } from "../types";
import { statementsOf } from "./util";

/** The keys a Pod Identity trust must pin, each by StringEquals: this account, one cluster, one namespace, one service account. */
const PINNED = [
  "aws:SourceAccount",
  `aws:RequestTag/${POD_SESSION_TAGS.clusterArn}`,
  `aws:RequestTag/${POD_SESSION_TAGS.namespace}`,
  `aws:RequestTag/${POD_SESSION_TAGS.serviceAccount}`,
];

const actionsOf = (s: Json): string[] => [s.Action].flat();

export const iamPodIdentityTrust: Rule = {
  id: "IAM-6",
  level: "error",
  info: "EKS Pod Identity trusts allow sts:AssumeRole and sts:TagSession for this account, one cluster, one namespace and one service account",
  explanation:
    "Without TagSession, Pod Identity cannot pass its session tags and every association fails; without the account, cluster, namespace and service-account " +
    "conditions, any association in any cluster (of any account, for a service that does not check) gets the role.",
  cisV5: "none",
  resourceTypes: ["aws_iam_role"],
  evaluate: ({ config }) => {
    const pods = statementsOf(config.assume_role_policy).filter((s) => s.Effect === "Allow" && s.Principal?.Service === POD_IDENTITY_PRINCIPAL);
    if (pods.length === 0) return notApplicable;
    const problems = pods.flatMap((s) => {
      const missingActions = POD_IDENTITY_ACTIONS.filter((a) => !actionsOf(s).includes(a));
      const equals = Object.keys(s.Condition?.StringEquals ?? {});
      const unpinned = PINNED.filter((k) => !equals.includes(k));
      return [
        ...(missingActions.length > 0 ? [`does not allow ${missingActions.join(", ")}`] : []),
        ...(unpinned.length > 0 ? [`no StringEquals condition on ${unpinned.join(", ")}`] : []),
      ];
    });
    return problems.length === 0 ? compliant : nonCompliant(problems.join("; "));
  },
};
