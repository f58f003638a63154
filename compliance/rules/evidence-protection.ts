import type { Json } from "../types";
import { compliant, nonCompliant, notApplicable, type Rule } from "../types";
import { asList, deniesExceptNamedPrincipals, isEveryone, statementsOf } from "./util";

/** An explicit Deny of `action` to every principal ("*"), except at most named principals. */
function deniesToEveryone(statements: readonly Json[], action: string): boolean {
  return statements.some((s) => isEveryone(s.Principal) && deniesExceptNamedPrincipals(s, action));
}

export const evidenceProtection: Rule = {
  id: "EVI-1",
  level: "error",
  info: "Where audit evidence is retained, the trail's log bucket locks and denies deleting log files, and its key denies deletion",
  explanation:
    "prevent_destroy only stops Terraform. An administrator of the account, or a stolen role with s3:* and kms:*, could still delete log versions or schedule the key's deletion; explicit denies (break-glass principals excepted) and Object Lock stop them.",
  cisV5: "none",
  securityHub: ["S3.15"],
  checkov: ["CKV_AWS_143"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail, stack) => {
    const bucket = stack.resources("aws_s3_bucket").find((b) => stack.isTrailBucket(b));
    if (!bucket || bucket.config.lifecycle?.prevent_destroy !== true) return notApplicable;
    const problems: string[] = [];
    const bucketPolicy = stack.attachedTo("aws_s3_bucket_policy", bucket).flatMap((p) => statementsOf(p.config.policy));
    for (const action of ["s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"]) {
      if (!deniesToEveryone(bucketPolicy, action)) problems.push(`the log bucket's policy does not deny ${action}`);
    }
    const lock = stack.attachedTo("aws_s3_bucket_object_lock_configuration", bucket).flatMap((l) => asList(l.config.rule)).flatMap((r: Json) => asList(r.default_retention));
    if (!lock.some((r: Json) => ["GOVERNANCE", "COMPLIANCE"].includes(r.mode) && (Number(r.days) > 0 || Number(r.years) > 0))) {
      problems.push("the log bucket has no Object Lock default retention");
    }
    const keyRef = String(trail.config.kms_key_id ?? "");
    const key = stack.resources("aws_kms_key").find((k) => keyRef.includes(`${k.address}.`));
    if (key && !deniesToEveryone(statementsOf(key.config.policy), "kms:ScheduleKeyDeletion")) {
      problems.push("the trail's key policy does not deny kms:ScheduleKeyDeletion");
    }
    return problems.length === 0 ? compliant : nonCompliant(problems.join("; "));
  },
};
