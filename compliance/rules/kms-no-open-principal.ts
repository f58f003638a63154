import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { isEveryone, statementsOf } from "./util";

const opensToEveryone = (s: Json): boolean =>
  s.Effect === "Allow" && isEveryone(s.Principal) && (s.Condition === undefined || Object.keys(s.Condition).length === 0);

export const kmsNoOpenPrincipal: Rule = {
  id: "KMS-2",
  level: "error",
  info: 'The key policy grants nothing to "*" without a condition',
  explanation: 'An unconditioned "*" principal lets any AWS account use the key.',
  cisV5: "none",
  checkov: ["CKV_AWS_33"],
  resourceTypes: ["aws_kms_key"],
  evaluate: ({ config }) => {
    const open = statementsOf(config.policy).filter(opensToEveryone);
    return open.length === 0 ? compliant : nonCompliant(`statement ${open.map((s) => s.Sid ?? "(no Sid)").join(", ")} allows "*" unconditionally`);
  },
};
