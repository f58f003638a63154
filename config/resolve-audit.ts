/** The audit settings of one environment, with their defaults, and the break-glass list checked. */
import { retainsByDefault } from "./defaults";
import type { Problems } from "./problems";
import type { Settings } from "./schema";
import type { MlPreset } from "../facts/ml-events";
import type { AuditSettings, Environment } from "./types";

export function resolveAudit(
  s: Settings,
  environment: Environment,
  /** The configured account; undefined for the example account, which no real principal belongs to. */
  accountId: string | undefined,
  label: (path: string) => string,
  problems: Problems,
  /** The environment is a member of the configured organization (organization.members). */
  member = false,
): AuditSettings {
  const a = s.audit;
  // The defaults that depend on the environment; the schema filled in the others.
  const retainOnDestroy = a.retainOnDestroy ?? retainsByDefault(environment);
  const audit: AuditSettings = {
    logRetentionDays: a.logRetentionDays,
    insights: a.insights,
    excludeNoisyManagementEvents: a.excludeNoisyManagementEvents,
    glacierStorageClass: a.glacierStorageClass,
    transitionMinimumObjectSize: a.transitionMinimumObjectSize,
    noncurrentVersionRetentionDays: a.noncurrentVersionRetentionDays,
    accessLogRetentionDays: a.accessLogRetentionDays,
    extraDataEventBuckets: a.extraDataEventBuckets,
    keyDeletionWindowDays: a.keyDeletionWindowDays ?? (environment === "dev" ? 7 : 30),
    retainOnDestroy,
    breakGlassPrincipalArns: a.breakGlassPrincipalArns,
    objectLock: { mode: a.objectLock.mode ?? (retainOnDestroy ? "GOVERNANCE" : "NONE"), retentionDays: a.objectLock.retentionDays },
    stateBucketDataEvents: a.stateBucketDataEvents,
    localTrail: a.localTrail ?? !member,
    mlDataEvents: a.mlDataEvents as MlPreset[],
    networkActivity: { eventSources: a.networkActivity.eventSources, errorsOnly: a.networkActivity.errorsOnly },
  };
  // Each would be a selector of the same name, which CloudTrail refuses.
  for (const [path, values] of [["audit.mlDataEvents", audit.mlDataEvents], ["audit.networkActivity.eventSources", audit.networkActivity.eventSources]] as const) {
    const list: readonly string[] = values;
    for (const [i, value] of list.entries()) if (list.indexOf(value) !== i) problems.add(label(path), "must list each entry once", value);
  }
  const setting = label("audit.breakGlassPrincipalArns");
  for (const arn of audit.breakGlassPrincipalArns) {
    const match = /^arn:aws:iam::(\d{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.exec(arn);
    const ssoRole = match?.[2].startsWith("role/") ? /^role\/(?:(aws-reserved\/sso\.amazonaws\.com\/)(?:[a-z0-9-]+\/)?)?(AWSReservedSSO_[\w+=,.@-]+)$/.exec(match[2]) : null;
    if (arn.startsWith("arn:aws:sts::") && arn.includes(":assumed-role/")) {
      const role = arn.split("/")[1];
      problems.add(
        setting,
        "each entry must be the role's ARN with its path, as aws:PrincipalArn carries it, not an assumed-role session ARN " +
          `(print it with: aws iam get-role --role-name ${role} --query Role.Arn --output text)`,
        arn,
      );
    } else if (ssoRole && ssoRole[1] === undefined) {
      problems.add(
        setting,
        "an IAM Identity Center role must be written with its path, arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/<region>/" +
          `${ssoRole[2]}, as aws:PrincipalArn carries it; without the path the denies would lock that role out ` +
          `(print it with: aws iam get-role --role-name ${ssoRole[2]} --query Role.Arn --output text)`,
        arn,
      );
    } else if (!match) {
      problems.add(setting, "each entry must be an IAM role, user or root ARN like arn:aws:iam::123456789012:role/terraform-deployer, without wildcards", arn);
    } else if (accountId !== undefined && match[1] !== accountId) {
      problems.add(setting, `each entry must be a principal of ${environment}'s account ${accountId}`, arn);
    }
  }
  if (audit.objectLock.mode !== "NONE" && !audit.retainOnDestroy) {
    problems.add(
      label("audit.objectLock.mode"),
      'must be "NONE" where audit.retainOnDestroy is false: cdktf destroy could not empty a locked bucket',
      audit.objectLock.mode,
    );
  }
  return audit;
}
