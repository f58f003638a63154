import { compliant, nonCompliant, type Rule } from "../types";

export const kmsRotation: Rule = {
  id: "KMS-1",
  level: "error",
  info: "The KMS key rotates its key material",
  explanation: "Rotation limits how much data any one key version protects.",
  cisV5: ["3.6"],
  cisV3: ["3.6"],
  cisV6: ["4.6"],
  securityHub: ["KMS.4"],
  checkov: ["CKV_AWS_7"],
  resourceTypes: ["aws_kms_key"],
  evaluate: ({ config }) => (config.enable_key_rotation === true ? compliant : nonCompliant("enable_key_rotation is not true")),
};
