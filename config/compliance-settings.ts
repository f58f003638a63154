import { RULES } from "../compliance/pack";
import type { EnvironmentConfig } from "./types";

/** A setting whose value would make a compliance rule fail, checked before anything is built. */
interface SettingRule {
  readonly rule: string;
  /** The setting's path, as written in cdktf.json. */
  readonly setting: string;
  readonly value: (config: EnvironmentConfig) => unknown;
  readonly fails: (value: never) => boolean;
  /** What the rule needs of the setting. */
  readonly needs: string;
  /** A value the rule fails, as written in cdktf.json (the test that keeps this table true uses it). */
  readonly failingExample: unknown;
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
    fails: (days: number) => days < 365,
    needs: "must be at least 365",
    failingExample: 180,
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
    if (!entry.fails(value as never) || config.complianceSuppressions.some((s) => s.rule === entry.rule)) continue;
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
