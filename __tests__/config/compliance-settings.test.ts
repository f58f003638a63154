import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMPLIANCE_SETTINGS } from "../../config/compliance-settings";
import { synthesizeFoundation } from "../../stacks/foundation-app";

const ACCOUNT = "111122223333";

/** Synthesizes one dev environment and returns the exit code, the log and every stack's compliance evaluations. */
function synthesize(dev: Record<string, unknown>): { code: number; log: string[]; evaluations: { rule: string; outcome: string; reason?: string }[] } {
  const dir = mkdtempSync(join(tmpdir(), "compliance-settings-"));
  const outdir = join(dir, "out");
  try {
    const log: string[] = [];
    const code = synthesizeFoundation({ context: { foundation: { accountId: ACCOUNT, environments: { dev } } }, env: {}, outdir, log: (l) => log.push(l) });
    const evaluations = code !== 0 ? [] : readdirSync(join(outdir, "stacks")).flatMap(
      (stack) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"))["//"].compliance.evaluations,
    );
    return { code, log, evaluations };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The table of settings the loader refuses is kept true against the rules themselves: each
// failing example, synthesized with a suppression of its rule, is accepted, and the rule named in
// the table is the one (and the only one) that reports it.
describe("COMPLIANCE_SETTINGS", () => {
  test.each(COMPLIANCE_SETTINGS.map((s) => [s.rule, s.setting, s.failingExample] as const))(
    "the setting refused for %s (%s) is one the rule really fails, and a suppression lets it through with its reason",
    (rule, _setting, example) => {
      const result = synthesize({ ...example, complianceSuppressions: [{ rule, reason: "accepted for this test environment" }] });
      expect({ code: result.code, log: result.log }).toEqual({ code: 0, log: [] });
      expect(result.evaluations.filter((e) => e.outcome === "suppressed").map((e) => [e.rule, e.reason])).toEqual([
        [rule, "accepted for this test environment (complianceSuppressions)"],
      ]);
    },
  );
});
