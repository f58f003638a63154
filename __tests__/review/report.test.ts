import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Aspects } from "cdktf";
import { CompliancePack, RULES, suppress } from "../../compliance/pack";
import { CIS_MONITORING_CONTROLS } from "../../constructs/cis-monitoring";
import { DEFAULT_COST_ASSUMPTIONS } from "../../facts/cost-assumptions";
import { renderReview, type StackInput } from "../../review/report";
import { FoundationStack } from "../../stacks/foundation-stack";
import { StateStack } from "../../stacks/state-stack";
import { OIDC_ISSUER, configFor } from "../helpers";

const ROOT = join(__dirname, "../..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The dev stacks as main.ts synthesizes them, read back from disk. */
function synthesized(settings: Record<string, unknown> = {}, change: (f: FoundationStack) => void = () => undefined, environment: "dev" | "prod" = "dev") {
  const outdir = mkdtempSync(join(tmpdir(), "review-"));
  dirs.push(outdir);
  const config = configFor(environment, settings);
  const app = new App({ outdir, stackTraces: false });
  const stacks = [new StateStack(app, config), new FoundationStack(app, config)];
  for (const s of stacks) Aspects.of(s).add(new CompliancePack());
  change(stacks[1] as FoundationStack);
  app.synth();
  const read: StackInput[] = stacks.map((s) => {
    const text = readFileSync(join(outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8");
    return { name: s.node.id, text, json: JSON.parse(text), costAssumptions: s instanceof FoundationStack ? DEFAULT_COST_ASSUMPTIONS : undefined };
  });
  return { stacks: read, environments: [{ environment, accountId: config.accountId, accountIdIsExample: false, region: config.region, stacks: [config.names.stateStack, config.names.foundationStack] }] };
}

/**
 * The whole report, as an approver reads it, against a reviewed copy in __tests__/review/golden/.
 * A change to the stacks or the report shows up as a diff of that file; after reading the diff,
 * `UPDATE_GOLDEN=1 npx jest __tests__/review/report.test.ts` writes the new copy.
 */
/** Dev with Pod Identity roles, ML data events of SageMaker serving and Bedrock inference, and S3's refused VPC endpoint requests. */
export const PODS_AND_ML = {
  eks: { clusterName: "mlops-retail-cluster", podRoles: [{ serviceAccount: "retail:retail-api", access: ["read-model-artifacts"] }, { serviceAccount: "ml:trainer", access: ["read-curated-data", "write-model-artifacts"], abac: true }] },
  audit: { mlDataEvents: ["sagemaker-serving", "bedrock-inference"], networkActivity: { eventSources: ["s3.amazonaws.com"] } },
};

describe.each([
  ["dev", "dev", { eksOidcIssuerUrl: OIDC_ISSUER }],
  ["prod", "prod", {}],
  ["dev-pods-ml", "dev", PODS_AND_ML],
] as const)("the whole %s review report", (name, environment, settings) => {
  test("is the reviewed copy", () => {
    const input = { ...synthesized(settings, () => undefined, environment), git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: false } };
    const golden = join(__dirname, "golden", `review-${name}.md`);
    const { markdown } = renderReview(input);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, markdown);
    expect(markdown).toBe(readFileSync(golden, "utf8"));
  });
});

describe("the review report on the real dev stacks", () => {
  const review = renderReview(synthesized({ eksOidcIssuerUrl: OIDC_ISSUER }));
  const md = review.markdown;

  test("lists every role with its trusted principal and conditions", () => {
    for (const [role, principal] of [
      ["mlops-retail-prediction-dev-eks-cluster-role", "Service: eks.amazonaws.com"],
      ["mlops-retail-prediction-dev-eks-nodegroup-role", "Service: ec2.amazonaws.com"],
      ["mlops-retail-prediction-dev-sagemaker-execution", "Service: sagemaker.amazonaws.com"],
      ["mlops-retail-prediction-dev-lambda-inference-role", "Service: lambda.amazonaws.com"],
      ["mlops-retail-prediction-dev-cloudtrail-logs-role", "Service: cloudtrail.amazonaws.com"],
      ["mlops-retail-prediction-dev-irsa-retail-api", "Federated: arn:aws:iam::111122223333:oidc-provider/"],
    ]) {
      expect(md).toMatch(new RegExp(`\\| \`${role}\` \\| ${principal.replace(/[.]/g, "\\.")}`));
    }
    expect(md).toContain("| `mlops-retail-prediction-dev-sagemaker-execution` | Service: sagemaker.amazonaws.com | StringEquals aws:SourceAccount = 111122223333 | none |");
  });

  test("shows the trail's settings", () => {
    expect(md).toContain("### Trail `mlops-retail-prediction-audit-trail`");
    expect(md).toContain("- Regions: all (multi-region); global service events: yes");
    expect(md).toContain("- Log file validation: yes; KMS encryption: yes");
    expect(md).toContain("- Insights: ApiCallRateInsight, ApiErrorRateInsight");
    expect(md).toContain("| S3 object events of the project buckets | eventCategory equals Data; resources.type equals AWS::S3::Object; resources.ARN starts_with arn:aws:s3:::mlops-retail-prediction-dev-111122223333/, arn:aws:s3:::mlops-retail-prediction-dev-tfstate-111122223333/ |");
  });

  test("shows every bucket's controls and lifecycle", () => {
    expect(md).toContain(
      "| `mlops-cloudtrail-logs-us-east-1-111122223333` | yes | yes | yes | aws:kms | yes | to `mlops-cloudtrail-s3access-us-east-1-111122223333` | " +
        "30 d STANDARD_IA, 90 d GLACIER, 365 d DEEP_ARCHIVE; old versions expire 365 d; expired delete markers removed; uploads aborted after 7 d | force_destroy |",
    );
    expect(md).toContain(
      "| `mlops-retail-prediction-dev-tfstate-111122223333` | yes | yes | yes | AES256 | yes | no | old versions expire 90 d (newest 10 kept); uploads aborted after 7 d | prevent_destroy |",
    );
  });

  test("says when a lifecycle rule is disabled, and describes only the enabled ones", () => {
    const { markdown } = renderReview(
      synthesized({}, (f) => {
        f.audit!.accessLogBucket.lifecycle!.addOverride("rule.0.status", "Disabled");
        suppress(f.audit!.accessLogBucket, [{ id: "S3-7", reason: "a disabled rule, to see how the report shows it" }]);
      }),
    );
    expect(markdown).toContain("| `mlops-cloudtrail-s3access-us-east-1-111122223333` | yes | yes | yes | AES256 | yes | no | expired delete markers removed; **1 disabled rule(s)** | force_destroy |");
  });

  test("lists the alarms and the CIS controls they cover", () => {
    for (const c of CIS_MONITORING_CONTROLS) expect(md).toContain(`| ${c.cis} | ${c.securityHub ?? "-"} | `);
    expect(md).toContain("| 4.3 | CloudWatch.1 | Usage of the \"root\" account | `mlops-retail-prediction-dev-cis-4.3-RootAccountUsage` | >= 1 in 5 min |");
  });

  test("gives every rule's result for both stacks", () => {
    for (const rule of RULES) expect(md.match(new RegExp(`^\\| ${rule.id} \\| ${rule.level} \\|`, "gm"))).toHaveLength(2);
    expect(md).not.toMatch(/\*\*FAIL\*\*|\*\*WARN\*\*/);
  });

  test("estimates the monthly cost of the dev foundation at the default workload", () => {
    const estimate = review.costs["mlops-retail-prediction-dev-foundation"];
    expect(estimate.lines.map((l) => l.item)).toContain("CloudTrail Insights (call rate + error rate)");
    // Added by hand from the lines as shown: 0.02 + 0.03 + 0.03 + 0 + 0 + 1 + 0.01 + 1.16 + 1.5 + 1.08 + 15 x 0.1 + 2 x 1 + 0.06.
    expect(estimate.totalUsd).toBe(8.39);
    expect(md).toContain("**Total: $8.39 per month**");
    expect(review.costs["mlops-retail-prediction-dev-state"]).toBeUndefined();
  });

  test("summarizes each stack in one line", () => {
    expect(review.summary).toEqual([
      `mlops-retail-prediction-dev-state: 7 resources; compliance 7/7 passed, 0 errors, 0 warnings, 0 suppressed`,
      "mlops-retail-prediction-dev-foundation: 72 resources; compliance 75/75 passed, 0 errors, 0 warnings, 0 suppressed; about $8.39/month",
    ]);
  });
});

test("the report flags findings and shows suppressions with their reasons", () => {
  const md = renderReview(
    synthesized({ iam: { sagemakerAccess: "seed-managed-policies" } }, (f) =>
      suppress(f.roles.sagemakerExecution, [{ id: "IAM-2", reason: "Studio users need the full SageMaker surface" }]),
    ),
  ).markdown;
  expect(md).toContain("| IAM-2 | warning | No role has an AWS managed \\*FullAccess policy | suppressed (3) | 9 | 1.21 | IAM.27 | - | `Roles/SageMakerExecution/AmazonSageMakerFullAccess`: suppressed, \"Studio users need the full SageMaker surface\"");
  expect(md).toContain("**AmazonSageMakerFullAccess (broad)**");
});

describe("npm run review", () => {
  test("writes cdktf.out/review.md from the synthesized stacks and prints a summary", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "review-cli-")), "out");
    dirs.push(join(outdir, ".."));
    const env = { PATH: process.env.PATH ?? "", CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir };
    expect(spawnSync(process.execPath, ["-r", "./scripts/register.js", "main.ts"], { cwd: ROOT, env }).status).toBe(0);
    const run = spawnSync(process.execPath, ["-r", "./scripts/register.js", "scripts/review.ts"], { cwd: ROOT, env, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("mlops-retail-prediction-dev-foundation: 69 resources; compliance 72/72 passed, 0 errors, 0 warnings, 0 suppressed; about $8.39/month");
    expect(run.stdout).toContain(`Report: ${join(outdir, "review.md")} (also review.json, compliance.sarif)`);
    expect(readFileSync(join(outdir, "review.md"), "utf8")).toMatch(/^# Review of the synthesized stacks\n/);
  });

  test("asks for a synth first when there is nothing synthesized", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "review-empty-")), "none");
    dirs.push(join(outdir, ".."));
    const run = spawnSync(process.execPath, ["-r", "./scripts/register.js", "scripts/review.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect([run.status, run.stderr.trim()]).toEqual([1, `review: ${join(outdir, "manifest.json")} not found; run \`npm run synth\` first.`]);
    expect(existsSync(outdir)).toBe(false);
  });
});

test("the report lists who may break the glass and the Object Lock settings (prod), and says dev has no protection", () => {
  const between = (md: string): string => md.slice(md.indexOf("### Evidence protection"), md.indexOf("### Security alarms"));
  const prod = between(renderReview(synthesized({}, () => undefined, "prod")).markdown);
  const deployer = "`arn:aws:iam::111122223333:role/terraform-deployer`";
  expect(prod).toContain(
    `| bucket \`mlops-cloudtrail-logs-prod-us-east-1-111122223333\` | \`DenyWritesExceptLogDelivery\`, \`DenyEvidenceTamperingExceptBreakGlass\` (17 actions) | ${deployer} | GOVERNANCE, 365 d |`,
  );
  expect(prod).toContain(
    `| bucket \`mlops-cloudtrail-s3access-prod-us-east-1-111122223333\` | \`DenyWritesExceptLogDelivery\`, \`DenyEvidenceTamperingExceptBreakGlass\` (17 actions) | ${deployer} | none |`,
  );
  expect(prod).toContain(`| key \`Encrypts the mlops-retail-prediction-prod-security-alarms SNS topic\` | \`DenyKeyTamperingExceptBreakGlass\` (5 actions) | ${deployer} | - |`);
  expect(prod).toContain(`| topic policy \`SecurityAlarms/TopicPolicy\` | \`DenyPublishExceptAlarmsAndBreakGlass\`, \`DenyTopicChangesExceptBreakGlass\` (5 actions) | ${deployer} | - |`);
  const dev = between(renderReview(synthesized()).markdown);
  expect(dev).toContain("| bucket `mlops-cloudtrail-logs-us-east-1-111122223333` | **none** | - | none |");
  expect(dev.match(/\*\*none\*\*/g)).toHaveLength(5);
});
