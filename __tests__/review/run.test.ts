import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import AjvDraft04 from "ajv-draft-04";
import { DEFAULT_COST_ASSUMPTIONS } from "../../facts/cost-assumptions";
import { complianceSarif, reviewJson } from "../../review/export";
import { renderReview, stampOf, type ReviewInput } from "../../review/report";
import { runReview } from "../../review/run";
import { synthesizeFoundation, type SynthesisOptions } from "../../stacks/foundation-app";

const ROOT = join(__dirname, "..", "..");
const ACCOUNT = "111122223333";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh output folder with `foundation` synthesized into it, as `npm run synth` would. */
function synthesized(foundation: Record<string, unknown>, env: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "review-run-"));
  dirs.push(dir);
  const outdir = join(dir, "cdktf.out");
  expect(synthesizeFoundation({ context: { foundation }, env, outdir, log: () => undefined })).toBe(0);
  return outdir;
}

function review(outdir: string, foundation: Record<string, unknown>, extra: { env?: Record<string, string>; synthesize?: (o: SynthesisOptions) => number } = {}) {
  const log: string[] = [];
  const problems: string[] = [];
  const code = runReview({
    root: ROOT,
    outdir,
    context: { foundation },
    env: extra.env ?? {},
    log: (l) => log.push(l),
    problem: (l) => problems.push(l),
    synthesize: extra.synthesize,
  });
  return { code, log, problems };
}

const twoEnvironments = { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { dev: {}, staging: {} }, synthesize: ["dev", "staging"] };

describe("npm run review", () => {
  test("refuses output that the current configuration no longer produces, and writes nothing", () => {
    const outdir = synthesized({ environments: { dev: {} } });
    const result = review(outdir, { environments: { dev: { audit: { insights: false } } } });
    expect(result).toEqual({
      code: 1,
      log: [],
      problems: [
        `review: ${outdir} does not match the current configuration and code (mlops-retail-prediction-dev-foundation differs); ` +
          "run `npm run synth` again (with the same MLOPS_* variables as this command), then `npm run review`.",
      ],
    });
    expect(() => readFileSync(join(outdir, "review.md"))).toThrow();
  });

  test("refuses output made with other environments selected", () => {
    const outdir = synthesized(twoEnvironments);
    const result = review(outdir, { ...twoEnvironments, synthesize: ["dev"] });
    expect(result.problems[0]).toContain(
      "(mlops-retail-prediction-staging-foundation is not in the current configuration; mlops-retail-prediction-staging-state is not in the current configuration)",
    );
    expect(result.code).toBe(1);
  });

  test("writes review.md, review.json and compliance.sarif for current output, with a stamp that depends only on the stacks", () => {
    const outdir = synthesized(twoEnvironments);
    const first = review(outdir, twoEnvironments);
    expect(first.code).toBe(0);
    const stampLine = first.log.find((l) => l.startsWith("Stamp: sha256 "))!;
    // A second synthesis of the same configuration: byte-identical stacks, the same stamp.
    const again = review(synthesized(twoEnvironments), twoEnvironments);
    expect(again.log.find((l) => l.startsWith("Stamp: "))).toBe(stampLine);
    const json = JSON.parse(readFileSync(join(outdir, "review.json"), "utf8"));
    expect(stampLine).toBe(`Stamp: sha256 ${json.stamp}`);
    // Each stack is filed under its environment, both stacks of each.
    expect(json.stacks.map((s: { name: string; environment: string }) => `${s.environment}: ${s.name}`).sort()).toEqual(
      json.environments.flatMap((e: { environment: string; stacks: string[] }) => e.stacks.map((stack) => `${e.environment}: ${stack}`)).sort(),
    );
    expect(json.environments.map((e: { stacks: string[] }) => e.stacks.length)).toEqual([2, 2]);
    expect(readFileSync(join(outdir, "review.md"), "utf8")).toContain(`| Stamp | sha256 ${json.stamp} of the stacks' cdk.tf.json;`);
  });

  test("flags the documented example account in the header and on the terminal", () => {
    const outdir = synthesized({ environments: { dev: {} } });
    const result = review(outdir, { environments: { dev: {} } });
    expect(result.code).toBe(0);
    expect(result.log).toContain("WARNING: dev uses the example account 123456789012: not deployable.");
    const md = readFileSync(join(outdir, "review.md"), "utf8");
    expect(md.split("\n").slice(0, 3)).toEqual([
      "# Review of the synthesized stacks",
      "",
      "> **WARNING: dev uses the documented example account 123456789012.** These stacks cannot be deployed to a real account; set `accountId` in cdktf.json (or MLOPS_ACCOUNT_ID), synthesize and review again.",
    ]);
    expect(md).toContain("| Accounts | 123456789012 (**example account**) |");
  });

  /** Output whose dev foundation stack records `rules` as failed, and a review of it (the staleness check compares with a synthesis that yields the same bytes). */
  function reviewWithFailed(rules: string[]) {
    const outdir = synthesized({ accountId: ACCOUNT, environments: { dev: {} } });
    // A stack whose recorded results include errors, as output made elsewhere could carry.
    const file = join(outdir, "stacks", "mlops-retail-prediction-dev-foundation", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    for (const rule of rules) {
      const failed = json["//"].compliance.evaluations.find((e: { rule: string; outcome: string }) => e.rule === rule && e.outcome === "pass");
      Object.assign(failed, { outcome: "fail", message: `${rule}: failed here` });
      json["//"].compliance.summary.errors += 1;
      json["//"].compliance.summary.passed -= 1;
    }
    writeFileSync(file, JSON.stringify(json, null, 2));
    const sameBytes = (o: SynthesisOptions): number => {
      const code = synthesizeFoundation(o);
      writeFileSync(join(o.outdir, "stacks", "mlops-retail-prediction-dev-foundation", "cdk.tf.json"), JSON.stringify(json, null, 2));
      return code;
    };
    return { outdir, result: review(outdir, { accountId: ACCOUNT, environments: { dev: {} } }, { synthesize: sameBytes }) };
  }

  test("exits 1 when a stack has an error finding, and still writes the report that says why", () => {
    const { outdir, result } = reviewWithFailed(["KMS-1"]);
    expect(result.code).toBe(1);
    expect(result.problems).toEqual(["review: 1 error finding: these stacks must not be deployed."]);
    expect(readFileSync(join(outdir, "review.md"), "utf8")).toContain("| KMS-1 | error | The KMS key rotates its key material | **FAIL** (1) |");
  });

  test("counts two error findings as two", () => {
    const { result } = reviewWithFailed(["KMS-1", "S3-1"]);
    expect([result.code, result.problems]).toEqual([1, ["review: 2 error findings: these stacks must not be deployed."]]);
  });
});

describe("npm run review: what it refuses, and what it prints", () => {
  const devReal = { accountId: ACCOUNT, environments: { dev: {} } };

  test("refuses a folder without a synthesis", () => {
    const empty = mkdtempSync(join(tmpdir(), "review-run-"));
    dirs.push(empty);
    expect(review(empty, devReal)).toEqual({ code: 1, log: [], problems: [`review: ${join(empty, "manifest.json")} not found; run \`npm run synth\` first.`] });
  });

  test("refuses a configuration the loader rejects, with its message", () => {
    const outdir = synthesized(devReal);
    expect(review(outdir, { environments: { dev: { accountId: "12" } } })).toEqual({
      code: 1,
      log: [],
      problems: ['Invalid configuration:\n  - environments.dev.accountId: must be 12 digits, got "12"'],
    });
  });

  test("refuses when the current configuration does not synthesize, with what the synthesis said", () => {
    const outdir = synthesized(devReal);
    const failing = (o: SynthesisOptions): number => {
      o.log("compliance: 1 error");
      return 1;
    };
    expect(review(outdir, devReal, { synthesize: failing })).toEqual({
      code: 1,
      log: [],
      problems: ["review: the current configuration does not synthesize; fix it and run `npm run synth`:\ncompliance: 1 error"],
    });
  });

  test("refuses output that lacks stacks the current configuration has", () => {
    const outdir = synthesized({ ...twoEnvironments, synthesize: ["dev"] });
    expect(review(outdir, twoEnvironments).problems).toEqual([
      `review: ${outdir} does not match the current configuration and code (mlops-retail-prediction-staging-foundation is missing; mlops-retail-prediction-staging-state is missing); ` +
        "run `npm run synth` again (with the same MLOPS_* variables as this command), then `npm run review`.",
    ]);
  });

  test("points SARIF results at the stacks relative to the project folder, also when the output is the project folder", () => {
    // A suppressed finding is a SARIF result, with the stack's file as its location.
    const suppressed = { ...devReal, environments: { dev: { audit: { logRetentionDays: 180 }, complianceSuppressions: [{ rule: "LOG-1", reason: "copied to the org archive" }] } } };
    const uris = (root: string, outdir: string): string[] => {
      writeFileSync(join(root, "package.json"), '{ "version": "1.0.0" }\n');
      expect(runReview({ root, outdir, context: { foundation: suppressed }, env: {}, log: () => undefined, problem: () => undefined })).toBe(0);
      const results = JSON.parse(readFileSync(join(outdir, "compliance.sarif"), "utf8")).runs[0].results as { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      return results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    };
    const outdir = synthesized(suppressed);
    expect(uris(join(outdir, ".."), outdir)).toEqual(["cdktf.out/stacks/mlops-retail-prediction-dev-foundation/cdk.tf.json"]);
    expect(uris(outdir, outdir)).toEqual(["./stacks/mlops-retail-prediction-dev-foundation/cdk.tf.json"]);
  });

  test("without a context in cdktf.json, reviews the default configuration", () => {
    const outdir = synthesized({});
    const log: string[] = [];
    expect(runReview({ root: ROOT, outdir, context: undefined, env: {}, log: (l) => log.push(l), problem: (l) => log.push(`problem: ${l}`) })).toBe(0);
    expect(log).toContain("WARNING: dev uses the example account 123456789012: not deployable.");
  });

  test("an error that is not a configuration problem propagates instead of being reported as one", () => {
    const outdir = synthesized(devReal);
    const broken = {
      get foundation(): never {
        throw new TypeError("context broke");
      },
    };
    const problems: string[] = [];
    expect(() => runReview({ root: ROOT, outdir, context: broken, env: {}, log: () => undefined, problem: (l) => problems.push(l) })).toThrow(new TypeError("context broke"));
    expect(problems).toEqual([]);
  });

  test("prices each environment's foundation stack with that environment's cost assumptions", () => {
    const settings = { ...twoEnvironments, environments: { dev: { costAssumptions: { month: 2 } }, staging: { costAssumptions: { month: 24 } } } };
    const outdir = synthesized(settings);
    expect(review(outdir, settings).code).toBe(0);
    // Each stack's section, and the month its estimate prices (none for the state stacks, which have no trail).
    const sections = readFileSync(join(outdir, "review.md"), "utf8").split(/^## /m).slice(1);
    expect(sections.map((s) => [s.split("\n")[0], /^Month (\d+) of operation/m.exec(s)?.[1] ?? null])).toEqual([
      ["mlops-retail-prediction-dev-foundation", "2"],
      ["mlops-retail-prediction-dev-state", null],
      ["mlops-retail-prediction-staging-foundation", "24"],
      ["mlops-retail-prediction-staging-state", null],
    ]);
    // Before the detail: one line per environment, and in the terminal too.
    const environments = readFileSync(join(outdir, "review.md"), "utf8").split("\n").filter((l) => /^\| (dev|staging) \|/.test(l));
    expect(environments).toEqual([expect.stringMatching(/^\| dev \| 111122223333 \| us-east-1 \| \d+ \| 0 \| \d+ \| \$\d+\.\d\d \|$/), expect.stringMatching(/^\| staging \| 111122223333 \| us-east-1 \| \d+ \| 0 \| \d+ \| \$\d+\.\d\d \|$/)]);
  });

  test("two environments in the example account are one warning", () => {
    const settings = { environments: { dev: {}, staging: {} }, synthesize: ["dev", "staging"] };
    const result = review(synthesized(settings), settings);
    expect(result.log).toContain("WARNING: dev, staging use the example account 123456789012: not deployable.");
  });

  test("a real account: one line per stack, the stamp and where the report is, and no warning", () => {
    const outdir = synthesized(devReal);
    const result = review(outdir, devReal);
    const stamp = JSON.parse(readFileSync(join(outdir, "review.json"), "utf8")).stamp;
    expect(result).toEqual({
      code: 0,
      log: [
        expect.stringMatching(/^mlops-retail-prediction-dev-foundation: \d+ resources; compliance \d+\/\d+ passed, 0 errors, 0 warnings, 0 suppressed; about \$\d+\.\d\d\/month$/),
        expect.stringMatching(/^mlops-retail-prediction-dev-state: \d+ resources; compliance \d+\/\d+ passed, 0 errors, 0 warnings, 0 suppressed$/),
        `Stamp: sha256 ${stamp}`,
        `Report: ${join(outdir, "review.md")} (also review.json, compliance.sarif)`,
      ],
      problems: [],
    });
  });

  test("names the commit of the project folder, says when it has uncommitted changes, and when it is not a git work tree", () => {
    const root = mkdtempSync(join(tmpdir(), "review-root-"));
    dirs.push(root);
    writeFileSync(join(root, "package.json"), '{ "version": "9.9.9" }\n');
    const outdir = synthesized(devReal);
    const gitLine = (): string => {
      expect(runReview({ root, outdir, context: { foundation: devReal }, env: {}, log: () => undefined, problem: () => undefined })).toBe(0);
      return readFileSync(join(outdir, "review.md"), "utf8").split("\n").find((l) => l.startsWith("| Git commit |"))!;
    };
    expect(gitLine()).toBe("| Git commit | unknown (not a git work tree) |");
    const git = (...args: string[]): string => {
      const run = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, encoding: "utf8" });
      expect(run.status).toBe(0);
      return run.stdout.trim();
    };
    git("init", "-q");
    git("add", "package.json");
    git("commit", "-q", "-m", "init");
    const head = git("rev-parse", "HEAD");
    expect(gitLine()).toBe(`| Git commit | ${head} |`);
    writeFileSync(join(root, "package.json"), '{ "version": "9.9.10" }\n');
    expect(gitLine()).toBe(`| Git commit | ${head} (with uncommitted changes) |`);
  });
});

describe("the stamp", () => {
  const stacks = [
    { name: "b", text: "{}" },
    { name: "a", text: '{"x":1}' },
  ];
  test("is the same for the same stacks in any order, and changes when one byte of a stack changes", () => {
    expect(stampOf(stacks)).toBe(stampOf([...stacks].reverse()));
    expect(stampOf([stacks[0], { name: "a", text: '{"x":2}' }])).not.toBe(stampOf(stacks));
    expect(stampOf([stacks[0], { name: "c", text: '{"x":1}' }])).not.toBe(stampOf(stacks));
  });
});

describe("review.json and compliance.sarif", () => {
  /** Dev and staging in one account, with one suppression and one forced failure, so every kind of finding is present. */
  function input(): ReviewInput {
    const outdir = synthesized({
      ...twoEnvironments,
      environments: { dev: { audit: { logRetentionDays: 90 }, complianceSuppressions: [{ rule: "LOG-1", reason: "dev logs are copied to the org archive" }] }, staging: { alarmEmails: ["secops@example.com"] } },
    });
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const stacks = Object.values(manifest.stacks as Record<string, { name: string; synthesizedStackPath: string }>).map((s) => {
      const text = readFileSync(join(outdir, s.synthesizedStackPath), "utf8");
      return { name: s.name, text, json: JSON.parse(text), costAssumptions: s.name.endsWith("-foundation") ? DEFAULT_COST_ASSUMPTIONS : undefined };
    });
    const staging = stacks.find((s) => s.name === "mlops-retail-prediction-staging-foundation")!;
    staging.json["//"].compliance.evaluations.find((e: { rule: string }) => e.rule === "TAG-1").outcome = "fail";
    return {
      stacks,
      environments: [
        { environment: "dev", accountId: ACCOUNT, accountIdIsExample: false, region: "us-east-1", stacks: ["mlops-retail-prediction-dev-state", "mlops-retail-prediction-dev-foundation"] },
        { environment: "staging", accountId: ACCOUNT, accountIdIsExample: false, region: "us-east-1", stacks: ["mlops-retail-prediction-staging-state", "mlops-retail-prediction-staging-foundation"] },
      ],
      git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: false },
    };
  }

  test("review.json validates against review/review.schema.json and lists one finding per rule and resource", () => {
    const data = input();
    const rendered = renderReview(data);
    const document = reviewJson(data, rendered);
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, "review", "review.schema.json"), "utf8")));
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    // The schema can say no: an outcome it does not know.
    expect(validate({ ...document, findings: [{ ...(document.findings as object[])[0], outcome: "maybe" }] })).toBe(false);
    const findings = document.findings as unknown as { rule: string; outcome: string; stack: string; reason?: string; cisV5: unknown; securityHub: unknown }[];
    expect(findings.filter((f) => f.outcome === "suppressed")).toEqual([
      expect.objectContaining({ rule: "LOG-1", stack: "mlops-retail-prediction-dev-foundation", reason: "dev logs are copied to the org archive (complianceSuppressions)", cisV5: "none", securityHub: ["CloudWatch.16"] }),
    ]);
    expect(findings.filter((f) => f.outcome === "fail").map((f) => [f.rule, f.stack])).toEqual([["TAG-1", "mlops-retail-prediction-staging-foundation"]]);
  });

  test("compliance.sarif validates against the published SARIF 2.1.0 schema, with a result per failed or suppressed finding", () => {
    const sarif = JSON.parse(complianceSarif(input(), "cdktf.out", "0.1.0"));
    const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    // The schema can say no: a result level SARIF does not define.
    expect(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ ...sarif.runs[0].results[0], level: "critical" }] }] })).toBe(false);
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string; level: string; suppressions?: unknown[] }) => [r.ruleId, r.level, r.suppressions?.length ?? 0])).toEqual([
      ["LOG-1", "error", 1],
      ["TAG-1", "error", 0],
    ]);
    const tag = results[1];
    expect(tag.locations[0].physicalLocation.artifactLocation.uri).toBe("cdktf.out/stacks/mlops-retail-prediction-staging-foundation/cdk.tf.json");
    expect(tag.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: expect.stringMatching(/^mlops-retail-prediction-staging-foundation\//), kind: "resource" }]);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain("EVI-1");
    // Every result says which environment and stack it is about.
    expect(results.map((r: { properties: unknown }) => r.properties)).toEqual([
      { environment: "dev", stack: "mlops-retail-prediction-dev-foundation" },
      { environment: "staging", stack: "mlops-retail-prediction-staging-foundation" },
    ]);
  });

  test("with several environments, the summary starts with a line per environment", () => {
    const summary = renderReview(input()).summary;
    expect(summary.slice(0, 2)).toEqual([
      expect.stringMatching(/^dev \(111122223333, us-east-1\): 76 resources, 0 errors, 0 warnings, \$7\.58\/month$/),
      expect.stringMatching(/^staging \(111122223333, us-east-1\): 78 resources, 1 errors, 0 warnings, \$14\.39\/month$/),
    ]);
  });

  test("review.json gives each stack's resource count, compliance summary and estimate, and each finding's every benchmark ID", () => {
    const data = input();
    const document = reviewJson(data, renderReview(data)) as Record<string, unknown> & { stacks: Record<string, unknown>[]; findings: Record<string, unknown>[] };
    expect([document.format, document.git, document.errors, document.stamp]).toEqual([
      "mlops-foundation-review/2",
      { commit: "0123456789abcdef0123456789abcdef01234567", dirty: false },
      0,
      stampOf(data.stacks),
    ]);
    expect(document.environments).toEqual(data.environments);
    // Resource counts read off the stacks' cdk.tf.json (staging adds the Object Lock configuration).
    expect(document.stacks.map((s) => [s.name, s.environment, s.resources, (s.compliance as { errors: number } | null)?.errors, s.estimatedMonthlyUsd])).toEqual([
      // $8.39 (cost.test.ts) less $1.08 of log storage plus $0.27: dev keeps 3 months (90 days), not 12.
      ["mlops-retail-prediction-dev-foundation", "dev", 69, 0, 7.58],
      ["mlops-retail-prediction-dev-state", "dev", 7, 0, null],
      // $8.39 plus the paid copy of management events, $6.
      ["mlops-retail-prediction-staging-foundation", "staging", 71, 0, 14.39],
      ["mlops-retail-prediction-staging-state", "staging", 7, 0, null],
    ]);
    expect(document.findings.find((f) => f.rule === "CT-5" && f.stack === "mlops-retail-prediction-dev-foundation")).toEqual({
      rule: "CT-5",
      level: "error",
      outcome: "pass",
      environment: "dev",
      stack: "mlops-retail-prediction-dev-foundation",
      path: "Audit/Trail",
      address: "aws_cloudtrail.Audit_Trail_3BF4E139",
      message: "CT-5: The trail records S3 object reads and writes for the data buckets and never for its own buckets",
      cisV5: ["3.8", "3.9"],
      cisV3: ["3.8", "3.9"],
      cisV6: ["4.8", "4.9"],
      securityHub: ["S3.22", "S3.23"],
      checkov: [],
    });
    expect(document.findings.some((f) => f.outcome === "not-applicable")).toBe(false);
  });

  test("compliance.sarif points each result at its resource's line, names its rule's level and benchmarks, and gives a suppression's reason", () => {
    const data = input();
    const sarif = JSON.parse(complianceSarif(data, "cdktf.out", "0.1.0"));
    const [log, tag] = sarif.runs[0].results;
    for (const [result, stackName, logicalId] of [
      [log, "mlops-retail-prediction-dev-foundation", "Audit_LogGroup_B448BA69"],
      [tag, "mlops-retail-prediction-staging-foundation", "Audit_Trail_3BF4E139"],
    ] as const) {
      const text = data.stacks.find((s) => s.name === stackName)!.text.split("\n");
      const line = result.locations[0].physicalLocation.region.startLine;
      expect([line > 1, text[line - 1].trim()]).toEqual([true, `"${logicalId}": {`]);
    }
    expect(log.suppressions).toEqual([{ kind: "external", justification: "dev logs are copied to the org archive (complianceSuppressions)" }]);
    expect(log.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: "mlops-retail-prediction-dev-foundation/Audit/LogGroup", kind: "resource" }]);
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: "mlops-foundation-compliance", version: "0.1.0" });
    const rule = (id: string) => sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === id);
    expect(rule("IAM-2")).toMatchObject({
      shortDescription: { text: "No role has an AWS managed *FullAccess policy" },
      properties: { level: "warning", cisV5: ["1.21"], securityHub: ["IAM.27"], checkov: [] },
    });
    expect(rule("EVI-1").properties.cisV5).toBe("none");
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(30);
  });

  test("a warning finding is a SARIF warning; the log is indented JSON ending in a newline", () => {
    const data = input();
    const staging = data.stacks.find((s) => s.name === "mlops-retail-prediction-staging-foundation")!;
    staging.json["//"].compliance.evaluations.find((e: { rule: string }) => e.rule === "IAM-2").outcome = "fail";
    const text = complianceSarif(data, "cdktf.out", "0.1.0");
    expect(text.startsWith('{\n  "')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text).runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ["LOG-1", "error"],
      ["IAM-2", "warning"],
      ["TAG-1", "error"],
    ]);
  });

  test("stacks without recorded results, and results of a rule the pack no longer has, are exported as they are", () => {
    const data = input();
    const [dev, devState] = data.stacks;
    const bare = { ...devState, json: { ...devState.json, "//": undefined } };
    const retired = { ...dev.json["//"].compliance.evaluations[0], rule: "OLD-1", outcome: "fail" };
    const withRetired = { ...dev, json: { ...dev.json, "//": { compliance: { ...dev.json["//"].compliance, evaluations: [retired] } } } };
    const document = reviewJson({ ...data, stacks: [withRetired, bare] }, renderReview(data)) as { stacks: { compliance: unknown }[]; findings: Record<string, unknown>[] };
    expect(document.stacks.map((s) => s.compliance === null)).toEqual([false, true]);
    expect(document.findings).toEqual([expect.objectContaining({ rule: "OLD-1", cisV5: [], cisV3: [], cisV6: [], securityHub: [], checkov: [] })]);
    expect(JSON.parse(complianceSarif({ ...data, stacks: [bare] }, "cdktf.out", "0.1.0")).runs[0].results).toEqual([]);
  });

  test("two environments in one account: the second trail pays for its copy of management events", () => {
    const { costs } = renderReview(input());
    const copyOf = (stack: string) => costs[stack].lines.find((l) => l.item.startsWith("CloudTrail management events"))!;
    expect([copyOf("mlops-retail-prediction-dev-foundation").item, copyOf("mlops-retail-prediction-dev-foundation").usd]).toEqual(["CloudTrail management events (first copy)", 0]);
    // 300,000 events x $2.00 / 100,000.
    expect([copyOf("mlops-retail-prediction-staging-foundation").item, copyOf("mlops-retail-prediction-staging-foundation").usd]).toEqual(["CloudTrail management events (paid copy)", 6]);
  });
});
