import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REVIEW_FILES, synthesizeFoundation } from "../../stacks/foundation-app";

function withOutdir<T>(fn: (outdir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "foundation-app-"));
  try {
    return fn(join(dir, "out"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("synthesizeFoundation", () => {
  test("an example-account synthesis of prod (no break-glass principals, so no denies) shows EVI-1 as suppressed, with why", () => {
    withOutdir((outdir) => {
      const code = synthesizeFoundation({ context: { foundation: { environments: { prod: {} }, synthesize: ["prod"] } }, env: {}, outdir, log: () => undefined });
      expect(code).toBe(0);
      const evaluations = JSON.parse(readFileSync(join(outdir, "stacks", "mlops-retail-prediction-prod-foundation", "cdk.tf.json"), "utf8"))["//"].compliance.evaluations;
      expect(evaluations.filter((e: { outcome: string }) => e.outcome !== "pass" && e.outcome !== "not-applicable")).toEqual([
        expect.objectContaining({
          rule: "EVI-1",
          outcome: "suppressed",
          reason: "example account 123456789012 without audit.breakGlassPrincipalArns: the evidence protection denies are left out of this synthesis",
        }),
      ]);
    });
  });

  test("removes review files of an earlier synthesis, which no longer describe the output", () => {
    withOutdir((outdir) => {
      mkdirSync(outdir, { recursive: true });
      for (const file of REVIEW_FILES) writeFileSync(join(outdir, file), "stale");
      const code = synthesizeFoundation({ context: { foundation: {} }, env: {}, outdir, log: () => undefined });
      expect(code).toBe(0);
      expect(REVIEW_FILES.filter((f) => existsSync(join(outdir, f)))).toEqual([]);
    });
  });
});
