import { compliant, nonCompliant, type Rule } from "../types";
import { awsManagedPolicyName } from "./util";

export const iamFullAccessManagedPolicy: Rule = {
  id: "IAM-2",
  level: "warning",
  info: "No role has an AWS managed *FullAccess policy",
  explanation: "FullAccess policies grant every action of a service on every resource of the account; prefer least privilege.",
  cisV5: ["1.21"],
  cisV3: ["1.22"],
  cisV6: ["2.21"],
  securityHub: ["IAM.27"],
  resourceTypes: ["aws_iam_role_policy_attachment"],
  evaluate: ({ config }) => {
    const arn = String(config.policy_arn ?? "");
    // Names such as AWSLambda_FullAccess and AmazonDynamoDBFullAccess_v2 carry FullAccess with an
    // underscore or a suffix.
    const name = awsManagedPolicyName(arn);
    return name !== undefined && name.includes("FullAccess") ? nonCompliant(`${arn} is attached`) : compliant;
  },
};
