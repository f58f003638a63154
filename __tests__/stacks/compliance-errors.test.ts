import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { nonCompliant } from "../../compliance/types";
import { synthesizeFoundation } from "../../stacks/foundation-app";

// A rule that fails on every key: what a configuration the validation did not foresee would do.
jest.mock("../../compliance/rules/kms-rotation", () => {
  const actual = jest.requireActual("../../compliance/rules/kms-rotation");
  return { kmsRotation: { ...actual.kmsRotation, evaluate: () => nonCompliant("forced by the test") } };
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe("a stack with a compliance error", () => {
  const original = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  afterEach(() => {
    if (original === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = original;
  });

  test.each([
    ["as cdktf synth runs the app (it sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS)", "true"],
    ["as a plain node run (cdktf stops at the first stack with an error)", undefined],
  ])("leaves no deployable stack in the output folder, %s", (_how, continueOnErrors) => {
    if (continueOnErrors === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = continueOnErrors;
    const dir = mkdtempSync(join(tmpdir(), "compliance-errors-"));
    const outdir = join(dir, "out");
    try {
      // A stack from an earlier, good synthesis of the same environment.
      mkdirSync(join(outdir, "stacks", "mlops-retail-prediction-dev-foundation"), { recursive: true });
      writeFileSync(join(outdir, "stacks", "mlops-retail-prediction-dev-foundation", "cdk.tf.json"), "{}");
      const log: string[] = [];
      const code = synthesizeFoundation({ context: { foundation: {} }, env: {}, outdir, log: (l) => log.push(...l.split("\n")) });
      expect(code).toBe(1);
      expect(filesUnder(outdir)).toEqual([]);
      expect(log).toEqual([
        "Compliance errors in 2 findings:",
        "  - [mlops-retail-prediction-dev-foundation/Audit/Key] KMS-1: The KMS key rotates its key material (forced by the test)",
        "  - [mlops-retail-prediction-dev-foundation/SecurityAlarms/Key] KMS-1: The KMS key rotates its key material (forced by the test)",
        `Removed ${join(outdir, "stacks", "mlops-retail-prediction-dev-state")}, ${join(outdir, "stacks", "mlops-retail-prediction-dev-foundation")} and the manifest, ` +
          "so no stack that failed its checks can be deployed. Fix the configuration, or accept a rule with complianceSuppressions and a reason.",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
