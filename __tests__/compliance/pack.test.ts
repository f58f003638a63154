import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Aspects } from "cdktf";
import { ALL_RULES, CompliancePack, RULES, suppress, type Evaluation } from "../../compliance/pack";
import { rulesMarkdown } from "../../compliance/rules-table";
import type { EnvironmentConfig } from "../../config/types";
import { FoundationStack } from "../../stacks/foundation-stack";
import { configFor } from "../helpers";

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Synthesizes one foundation stack with the pack, as main.ts does; `change` edits it first. */
function synthWithPack(config: EnvironmentConfig, change: (stack: FoundationStack) => void = () => undefined): { compliance: Json; stack: FoundationStack } {
  const outdir = mkdtempSync(join(tmpdir(), "pack-"));
  outdirs.push(outdir);
  const app = new App({ outdir, stackTraces: false });
  const stack = new FoundationStack(app, config);
  Aspects.of(stack).add(new CompliancePack({ disabledMonitoringControls: config.alarms.disabledControls }));
  change(stack);
  app.synth();
  const json = JSON.parse(readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8"));
  return { compliance: json["//"].compliance, stack };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const failures = (evaluations: Evaluation[]): string[] => evaluations.filter((e) => e.outcome === "fail").map((e) => `${e.path}: ${e.message}`);

describe("CompliancePack", () => {
  test.each(["dev", "staging", "prod"] as const)("the real %s foundation stack has no error finding", (env) => {
    // Where evidence is kept, someone is told of the alarms (MON-3).
    const { compliance } = synthWithPack(configFor(env, env === "dev" ? {} : { alarmEmails: ["secops@example.com"] }));
    expect(failures(compliance.evaluations)).toEqual([]);
    expect(compliance.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 0 });
    expect(compliance.summary.passed).toBe(compliance.summary.checks);
  });

  test("a stack whose trail stops validating its logs fails synthesis, listing the finding", () => {
    expect(() =>
      synthWithPack(configFor("dev"), (stack) => {
        stack.audit!.trail.enableLogFileValidation = false;
        stack.audit!.key.enableKeyRotation = false;
      }),
    ).toThrow(
      "[mlops-retail-prediction-dev-foundation/Audit/Key] KMS-1: The KMS key rotates its key material (enable_key_rotation is not true)\n" +
        "[mlops-retail-prediction-dev-foundation/Audit/Trail] CT-2: The trail validates its log files (enable_log_file_validation is not true)",
    );
  });

  test("a suppression with a reason turns the finding into a suppressed result and lets synthesis pass", () => {
    const { compliance } = synthWithPack(configFor("dev"), (stack) => {
      stack.audit!.trail.enableLogFileValidation = false;
      suppress(stack.audit!, [{ id: "CT-2", reason: "validated by the organization trail instead" }]);
    });
    expect(compliance.evaluations.filter((e: Evaluation) => e.outcome === "suppressed")).toEqual([
      {
        rule: "CT-2",
        level: "error",
        outcome: "suppressed",
        path: "Audit/Trail",
        address: "aws_cloudtrail.Audit_Trail_3BF4E139",
        message: "CT-2: The trail validates its log files (enable_log_file_validation is not true)",
        reason: "validated by the organization trail instead",
      },
    ]);
    expect(compliance.summary).toMatchObject({ errors: 0, suppressed: 1 });
  });

  test("a suppression needs a reason of at least 10 characters", () => {
    synthWithPack(configFor("dev"), (stack) => {
      expect(() => suppress(stack.audit!, [{ id: "CT-2", reason: "because" }])).toThrow(
        'suppress: rule CT-2 on mlops-retail-prediction-dev-foundation/Audit needs a reason of at least 10 characters, got "because"',
      );
    });
  });

  test.each([
    ["nine characters", "123456789"],
    ["ten characters only with the padding", "  12345678  "],
    ["not a string", 42],
    ["missing", undefined],
  ])("a suppression reason of %s is refused", (_what, reason) => {
    synthWithPack(configFor("dev"), (stack) => {
      expect(() => suppress(stack.audit!, [{ id: "CT-2", reason: reason as string }])).toThrow(
        `suppress: rule CT-2 on mlops-retail-prediction-dev-foundation/Audit needs a reason of at least 10 characters, got ${JSON.stringify(reason ?? "")}`,
      );
    });
  });

  test("a reason of exactly ten characters is accepted, and recorded without its padding", () => {
    const { compliance } = synthWithPack(configFor("dev"), (stack) => {
      stack.audit!.trail.enableLogFileValidation = false;
      suppress(stack.audit!, [{ id: "CT-2", reason: "  1234567890  " }]);
    });
    expect(compliance.evaluations.filter((e: Evaluation) => e.outcome === "suppressed").map((e: Evaluation) => e.reason)).toEqual(["1234567890"]);
  });

  test("a suppression on the stack covers every construct of it, and one elsewhere covers nothing", () => {
    // Only the key's finding is left to stop synthesis: CT-2 is suppressed from the stack down.
    expect(() =>
      synthWithPack(configFor("dev"), (stack) => {
        stack.audit!.trail.enableLogFileValidation = false;
        stack.audit!.key.enableKeyRotation = false;
        suppress(stack, [{ id: "CT-2", reason: "validated by the organization trail instead" }]);
        suppress(stack.roles, [{ id: "KMS-1", reason: "not where the key is, so it must not apply" }]);
      }),
    ).toThrow(/Encountered Annotations with level "ERROR":\n\[mlops-retail-prediction-dev-foundation\/Audit\/Key\] KMS-1: The KMS key rotates its key material \(enable_key_rotation is not true\)\n\n/);
    const { compliance } = synthWithPack(configFor("dev"), (stack) => {
      stack.audit!.trail.enableLogFileValidation = false;
      suppress(stack, [{ id: "CT-2", reason: "validated by the organization trail instead" }]);
    });
    expect(compliance.evaluations.filter((e: Evaluation) => e.outcome === "suppressed").map((e: Evaluation) => `${e.rule} ${e.path}`)).toEqual(["CT-2 Audit/Trail"]);
  });

  test("a suppression must name a rule of the pack", () => {
    synthWithPack(configFor("dev"), (stack) => {
      expect(() => suppress(stack.audit!, [{ id: "CT-99", reason: "a perfectly good reason" }])).toThrow(
        `suppress: unknown rule "CT-99" on mlops-retail-prediction-dev-foundation/Audit; rules are ${RULES.map((r) => r.id).join(", ")}`,
      );
    });
  });

  test('sagemakerAccess "seed-managed-policies" warns for each FullAccess policy, without failing', () => {
    const { compliance } = synthWithPack(configFor("dev", { iam: { sagemakerAccess: "seed-managed-policies" } }));
    expect(failures(compliance.evaluations)).toEqual([
      "Roles/SageMakerExecution/AmazonSageMakerFullAccess: IAM-2: No role has an AWS managed *FullAccess policy (arn:aws:iam::aws:policy/AmazonSageMakerFullAccess is attached)",
      "Roles/SageMakerExecution/AmazonS3FullAccess: IAM-2: No role has an AWS managed *FullAccess policy (arn:aws:iam::aws:policy/AmazonS3FullAccess is attached)",
      "Roles/SageMakerExecution/CloudWatchLogsFullAccess: IAM-2: No role has an AWS managed *FullAccess policy (arn:aws:iam::aws:policy/CloudWatchLogsFullAccess is attached)",
    ]);
    expect(compliance.summary).toMatchObject({ errors: 0, warnings: 3 });
  });

  test("the FullAccess warnings disappear into suppressions when suppressed on the role", () => {
    const { compliance } = synthWithPack(configFor("dev", { iam: { sagemakerAccess: "seed-managed-policies" } }), (stack) =>
      suppress(stack.roles.sagemakerExecution, [{ id: "IAM-2", reason: "Studio users need the full SageMaker surface" }]),
    );
    expect(compliance.summary).toMatchObject({ warnings: 0, suppressed: 3 });
  });
});

describe("rule metadata", () => {
  const CIS_ITEM = /^\d+(\.\d+)+(-\d+(\.\d+)+)?$/;
  test.each(RULES.map((r) => [r.id, r]))("%s names its CIS v5.0.0 recommendations, or says none", (_id, rule) => {
    expect(rule.cisV5 === "none" || (rule.cisV5.length > 0 && rule.cisV5.every((c) => CIS_ITEM.test(c)))).toBe(true);
    for (const other of [rule.cisV3, rule.cisV6]) expect((other ?? []).every((c) => CIS_ITEM.test(c))).toBe(true);
    for (const control of rule.securityHub ?? []) expect(control).toMatch(/^[A-Za-z0-9]+\.\d+(-\d+)?$/);
    for (const check of rule.checkov ?? []) expect(check).toMatch(/^CKV2?_AWS_\d+$/);
  });

  test("where a rule maps to CIS v5.0.0 it also gives the v3.0.0 and v6.0.0 numbers", () => {
    expect(RULES.filter((r) => r.cisV5 !== "none" && (!r.cisV3 || !r.cisV6)).map((r) => r.id)).toEqual([]);
  });
});

describe("compliance/RULES.md", () => {
  test("is exactly what the rules' metadata generates (npm run rules)", () => {
    expect(readFileSync(join(__dirname, "../../compliance/RULES.md"), "utf8")).toBe(rulesMarkdown(ALL_RULES));
  });

  test("lists every rule once", () => {
    const ids = readFileSync(join(__dirname, "../../compliance/RULES.md"), "utf8")
      .split("\n")
      .filter((l) => /^\| [A-Z0-9]+-\d+ \|/.test(l))
      .map((l) => l.split("|")[1].trim());
    expect(ids).toEqual(ALL_RULES.map((r) => r.id));
  });
});
