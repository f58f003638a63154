/**
 * Real Terraform, offline, on every synthesized stack of dev, staging and prod and of the example
 * organization (state, log archive, management, trail): `terraform init`
 * from the machine's provider mirror and `terraform validate`; and, on prod's foundation,
 * `terraform test` with a mocked provider: the plan of a caller outside the break-glass list stops
 * at the preconditions, a break-glass caller's (an IAM Identity Center role with its path
 * included) does not. Where the machine has no mirror, every test here is skipped and says why.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSynthesizedStacks, synthesizeFoundation } from "../../stacks/foundation-app";
import { ACCOUNT, DEPLOYER, type Json } from "../helpers";
import { findOfflineTerraform } from "../support/terraform-mirror";

const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
const found = findOfflineTerraform();
const ORGANIZATION_STACKS = ["state", "log-archive", "management", "trail"].map((s) => `mlops-retail-prediction-org-${s}`);
const STACKS = [...["dev", "staging", "prod"].flatMap((e) => [`mlops-retail-prediction-${e}-state`, `mlops-retail-prediction-${e}-foundation`]), ...ORGANIZATION_STACKS];

if ("skipped" in found) {
  // Reported as skipped, with the reason, never as passed.
  console.warn(`terraform offline checks skipped: ${found.skipped}`);
  describe(`terraform offline checks (skipped: ${found.skipped})`, () => {
    test.skip.each(STACKS)("terraform validate %s", () => undefined);
    test.skip("terraform test: the break-glass preconditions of prod's plan", () => undefined);
  });
} else {
  const { mirror, providerVersion } = found;
  let work: string;
  let stacks: Map<string, Json>;

  /** Runs terraform in a folder; resolves to its exit code and output. */
  const terraform = (cwd: string, args: string[]): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      const child = spawn("terraform", args, {
        cwd,
        env: { PATH: process.env.PATH, HOME: work, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: join(work, "terraformrc"), TF_IN_AUTOMATION: "1" },
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (code) => resolve({ code: code ?? 1, out }));
    });

  /** A copy of the stack for the mirror's provider, without its backend (nothing here may reach S3). */
  let copies = 0;
  const copyOf = async (name: string, extra: Record<string, string> = {}): Promise<string> => {
    const dir = join(work, `${++copies}-${name}`);
    mkdirSync(dir);
    const doc = structuredClone(stacks.get(name));
    delete doc.terraform.backend;
    doc.terraform.required_providers.aws.version = providerVersion;
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(doc));
    for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
    const init = await terraform(dir, ["init", "-backend=false", `-plugin-dir=${mirror}`, "-input=false", "-no-color"]);
    if (init.code !== 0) throw new Error(`terraform init of ${name} failed:\n${init.out}`);
    return dir;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "terraform-offline-"));
    writeFileSync(join(work, "terraformrc"), "");
    const outdir = join(work, "out");
    const code = synthesizeFoundation({
      context: {
        foundation: {
          accountId: ACCOUNT,
          audit: { breakGlassPrincipalArns: [DEPLOYER, SSO_ROLE] },
          environments: { dev: { eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789" }, staging: {
              deployRole: { arn: DEPLOYER, externalId: "mlops-ci" },
              // Pod Identity (an ABAC role, the agent's add-on) and every ML event selector. The mirror's
              // provider 5.100 predates two things the bindings' 6.25 accepts, so they are not here: a
              // target role (target_role_arn) and the errorCode field of errorsOnly's network activity
              // selectors (hashicorp/terraform-provider-aws#43091, provider 6.x); 5.100 answers
              // 'expected ... field to be one of [...], got errorCode'.
              eks: { clusterName: "mlops-retail-cluster", manageAgentAddon: true, podRoles: [{ serviceAccount: "retail:retail-api", access: ["read-model-artifacts"] }, { serviceAccount: "ml:trainer", access: ["read-curated-data"], abac: true }] },
              audit: { mlDataEvents: ["sagemaker-serving", "sagemaker-features", "sagemaker-experiments", "bedrock-inference", "bedrock-agents"], networkActivity: { eventSources: ["s3.amazonaws.com", "kms.amazonaws.com"], errorsOnly: false } },
            }, prod: { alarmEmails: ["secops@example.com"] } },
          synthesize: ["dev", "staging", "prod"],
        },
      },
      env: {},
      outdir,
      log: () => undefined,
    });
    expect(code).toBe(0);
    stacks = new Map(readSynthesizedStacks(outdir).map((s) => [s.name, JSON.parse(s.text)]));
    // The example organization's own stacks (examples/organization/cdktf.json).
    const organization = join(work, "organization");
    const example = JSON.parse(readFileSync(join(__dirname, "../../examples/organization/cdktf.json"), "utf8")).context;
    expect(synthesizeFoundation({ context: example, env: {}, outdir: organization, log: () => undefined })).toBe(0);
    for (const s of readSynthesizedStacks(organization)) if (ORGANIZATION_STACKS.includes(s.name)) stacks.set(s.name, JSON.parse(s.text));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe(`terraform ${found.terraformVersion} offline, AWS provider ${providerVersion} from ${mirror} (the bindings pin a newer one: each copy names ${providerVersion})`, () => {
    // Two at a time, started together: each loads the provider's schema, which takes seconds.
    let validations: Map<string, Promise<{ code: number; out: string }>>;
    beforeAll(() => {
      const queue = [...STACKS];
      const done = new Map<string, (r: { code: number; out: string }) => void>();
      validations = new Map(STACKS.map((n) => [n, new Promise((resolve) => done.set(n, resolve))]));
      const worker = async (): Promise<void> => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          const failed = (error: Error) => ({ code: 1, out: JSON.stringify({ valid: false, error_count: 1, diagnostics: [{ severity: "init", summary: error.message }] }) });
          done.get(name)!(await copyOf(name).then((dir) => terraform(dir, ["validate", "-json", "-no-color"]), failed));
        }
      };
      void Promise.all([worker(), worker()]);
    });

    test.each(STACKS)("terraform validate %s", async (name) => {
      const result = JSON.parse((await validations.get(name)!).out);
      expect({ valid: result.valid, errors: result.error_count, diagnostics: result.diagnostics.map((d: Json) => `${d.severity}: ${d.summary}`) }).toEqual({ valid: true, errors: 0, diagnostics: [] });
    }, 120_000);

    test("terraform test: prod's plan stops for a caller outside the break-glass list, and goes on for the listed ones", async () => {
      const name = "mlops-retail-prediction-prod-foundation";
      const doc = stacks.get(name);
      /** The Terraform address of the one resource or data source of a type at a construct path. */
      const address = (kind: "resource" | "data", type: string, path: string): string => {
        const [id] = Object.entries(doc[kind][type] as Record<string, Json>).find(([, r]) => r["//"].metadata.path === `${name}/${path}`)!;
        return `${kind === "data" ? "data." : ""}${type}.${id}`;
      };
      const caller = address("data", "aws_caller_identity", "BreakGlassGuard/Caller");
      const session = address("data", "aws_iam_session_context", "BreakGlassGuard/Session");
      // Resources whose plan depends on one that already failed are not evaluated: these are the first to stop.
      const first = [address("resource", "aws_kms_key", "Audit/Key"), address("resource", "aws_kms_key", "SecurityAlarms/Key"), address("resource", "aws_s3_bucket_policy", "Audit/AccessLogBucket/Policy")];
      const run = (label: string, issuer: string, fails: boolean): string =>
        [
          `run "${label}" {`,
          "  command = plan",
          `  override_data {\n    target = ${session}\n    values = { issuer_arn = "${issuer}" }\n  }`,
          ...(fails ? [`  expect_failures = [${first.join(", ")}]`] : []),
          "}",
        ].join("\n");
      const tests = [
        'mock_provider "aws" {}',
        `override_data {\n  target = ${caller}\n  values = { arn = "arn:aws:sts::${ACCOUNT}:assumed-role/x/y", account_id = "${ACCOUNT}" }\n}`,
        run("administrator_outside_the_list", `arn:aws:iam::${ACCOUNT}:role/admin`, true),
        run("same_sso_role_without_its_path", `arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef`, true),
        run("deployer", DEPLOYER, false),
        run("sso_role_with_its_path", SSO_ROLE, false),
      ].join("\n\n");
      const dir = await copyOf(name, { "guard.tftest.hcl": tests });
      const result = await terraform(dir, ["test", "-no-color"]);
      const runs = [...result.out.matchAll(/run "([^"]+)"\.\.\. (\w+)/g)].map((m) => `${m[1]}: ${m[2]}`);
      expect(runs).toEqual(["administrator_outside_the_list: pass", "same_sso_role_without_its_path: pass", "deployer: pass", "sso_role_with_its_path: pass"]);
      expect(result.code).toBe(0);
      // The check can fail: without the expected failures, the outsiders' runs fail with the precondition's message.
      writeFileSync(join(dir, "guard.tftest.hcl"), tests.replace(/  expect_failures = .*\n/g, ""));
      const failing = await terraform(dir, ["test", "-no-color"]);
      expect(failing.code).toBe(1);
      expect(failing.out.replace(/\s+/g, " ")).toContain(
        `The caller arn:aws:iam::${ACCOUNT}:role/admin is not one of audit.breakGlassPrincipalArns of prod in cdktf.json (${DEPLOYER}, ${SSO_ROLE}).`,
      );
    }, 120_000);
  });
}
