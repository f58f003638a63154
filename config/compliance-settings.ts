import { RULES } from "../compliance/pack";
import type { EnvironmentConfig } from "./types";

/** A setting whose value would make a compliance rule fail, checked before anything is built. */
interface SettingRule {
  readonly rule: string;
  /** The setting's path, as written in cdktf.json. */
  readonly setting: string;
  readonly value: (config: EnvironmentConfig) => unknown;
  readonly fails: (config: EnvironmentConfig) => boolean;
  /** What the rule needs of the setting. */
  readonly needs: string;
  /** Settings of one environment the rule fails with, as written in cdktf.json (the test that keeps this table true uses them). */
  readonly failingExample: Readonly<Record<string, unknown>>;
}

/**
 * Every setting the compliance pack would reject. A test synthesizes each one with a suppression
 * and checks that the rule named here is the one that fails, so this table cannot drift from
 * the rules.
 */
export const COMPLIANCE_SETTINGS: readonly SettingRule[] = [
  {
    rule: "LOG-1",
    setting: "audit.logRetentionDays",
    value: (c) => c.audit.logRetentionDays,
    fails: (c) => c.audit.logRetentionDays < 365,
    needs: "must be at least 365",
    failingExample: { audit: { logRetentionDays: 180 } },
  },
  {
    rule: "CT-6",
    setting: "audit.stateBucketDataEvents",
    value: (c) => c.audit.stateBucketDataEvents,
    fails: (c) => !c.audit.stateBucketDataEvents,
    needs: "must be true",
    failingExample: { audit: { stateBucketDataEvents: false } },
  },
  {
    rule: "EVI-1",
    setting: "audit.objectLock.mode",
    value: (c) => c.audit.objectLock.mode,
    fails: (c) => c.audit.retainOnDestroy && c.audit.objectLock.mode === "NONE",
    needs: 'must be "GOVERNANCE" or "COMPLIANCE" where audit.retainOnDestroy is true',
    failingExample: { audit: { retainOnDestroy: true, breakGlassPrincipalArns: ["arn:aws:iam::111122223333:role/terraform-deployer"], objectLock: { mode: "NONE" } } },
  },
];

export interface SettingProblem {
  readonly setting: string;
  readonly message: string;
  readonly value: unknown;
}

/** Settings of one environment that a rule would reject and that no configured suppression accepts. */
export function complianceProblems(config: EnvironmentConfig): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const entry of COMPLIANCE_SETTINGS) {
    const value = entry.value(config);
    if (!entry.fails(config) || config.complianceSuppressions.some((s) => s.rule === entry.rule)) continue;
    const rule = RULES.find((r) => r.id === entry.rule)!;
    problems.push({
      setting: entry.setting,
      message:
        `${entry.needs} (compliance rule ${rule.id}: ${rule.info}); to accept it, add ` +
        `{ "rule": "${rule.id}", "reason": "<why>" } to complianceSuppressions`,
      value,
    });
  }
  return problems;
}
