import { evaluateStack, summarize, summaryLine, type Evaluation } from "../../compliance/pack";
import { actionMatches, isEveryone, isSet, s3ObjectSelectors, statementsOf } from "../../compliance/rules/util";
import { rulesMarkdown } from "../../compliance/rules-table";
import { stackView } from "../../compliance/stack-view";
import type { Rule } from "../../compliance/types";
import { FoundationStack } from "../../stacks/foundation-stack";
import { configFor, synthesize, testApp } from "../helpers";

/** The building blocks the rules share, each on the inputs at its edges. */
describe("rule helpers", () => {
  test.each([
    ["s3:DeleteObjectVersion", "s3:DeleteObjectVersion", true],
    ["s3:Delete*", "s3:DeleteObjectVersion", true],
    ["s3:*", "s3:DeleteObjectVersion", true],
    ["*", "kms:ScheduleKeyDeletion", true],
    ["s3:DeleteObjectVersio?", "s3:DeleteObjectVersion", true],
    ["S3:DELETEOBJECTVERSION", "s3:DeleteObjectVersion", true],
    ["s3:DeleteObject", "s3:DeleteObjectVersion", false],
    ["s3:Delete?", "s3:DeleteObjectVersion", false],
    ["s3:DeleteObject.ersion", "s3:DeleteObjectVersion", false],
    ["s3:DeleteObjectVersion+", "s3:DeleteObjectVersionn", false],
    ["s3:(DeleteObjectVersion)", "s3:DeleteObjectVersion", false],
    ["x3:DeleteObjectVersion", "s3:DeleteObjectVersion", false],
    ["s3:DeleteObjectVersion", "s3:DeleteObjectVersionTagging", false],
  ] as const)("action pattern %s matches %s: %s", (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  test.each([
    ["*", true],
    [{ AWS: "*" }, true],
    [{ AWS: ["arn:aws:iam::111122223333:root", "*"] }, true],
    [{ AWS: "arn:aws:iam::111122223333:root" }, false],
    [{ Service: "*" }, false],
    [undefined, false],
  ] as const)("principal %j is everyone: %s", (principal, expected) => {
    expect(isEveryone(principal)).toBe(expected);
  });

  test("statementsOf reads a literal policy, a single statement as a list, and nothing else", () => {
    const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
    expect(statementsOf(JSON.stringify({ Statement: [statement] }))).toEqual([statement]);
    expect(statementsOf(JSON.stringify({ Statement: statement }))).toEqual([statement]);
    expect(statementsOf("${data.aws_iam_policy_document.x.json}")).toEqual([]);
    expect(statementsOf(undefined)).toEqual([]);
    expect(statementsOf({ Statement: [statement] })).toEqual([]);
  });

  test.each([
    ["arn", true],
    ["", false],
    [[], true],
    [false, true],
    [0, true],
    [undefined, false],
    [null, false],
  ] as const)("isSet(%j) is %s", (value, expected) => {
    expect(isSet(value)).toBe(expected);
  });

  test("s3ObjectSelectors keeps S3 object data selectors only, with their prefixes and a single readOnly value", () => {
    const selector = (...fields: object[]) => ({ field_selector: fields });
    const data = { field: "eventCategory", equals: ["Data"] };
    const objects = { field: "resources.type", equals: ["AWS::S3::Object"] };
    const arns = { field: "resources.ARN", starts_with: ["arn:aws:s3:::a/", "arn:aws:s3:::b/"] };
    const trail = {
      advanced_event_selector: [
        selector({ field: "eventCategory", equals: ["Management"] }),
        selector(data, { field: "resources.type", equals: ["AWS::Lambda::Function"] }, arns),
        selector({ field: "eventCategory", equals: ["Management"] }, objects, arns),
        selector(data, objects, arns),
        selector(data, objects, { field: "readOnly", equals: ["true"] }, arns),
        selector(data, objects, { field: "readOnly", equals: ["true", "false"] }),
      ],
    };
    expect(s3ObjectSelectors(trail)).toEqual([
      { prefixes: ["arn:aws:s3:::a/", "arn:aws:s3:::b/"], readOnly: undefined },
      { prefixes: ["arn:aws:s3:::a/", "arn:aws:s3:::b/"], readOnly: "true" },
      { prefixes: [], readOnly: undefined },
    ]);
    expect(s3ObjectSelectors({})).toEqual([]);
  });
});

describe("stackView", () => {
  const json = {
    terraform: { backend: { s3: { bucket: "state-bucket" } } },
    provider: { aws: [{ default_tags: [{ tags: { Project: "p" } }] }] },
    resource: {
      aws_s3_bucket: {
        Logs: { bucket: "logs", "//": { metadata: { path: "stack/Audit/Logs" } } },
        Bare: { bucket: "bare" },
        NoPath: { bucket: "no-path", "//": { metadata: {} } },
        NoMetadata: { bucket: "no-metadata", "//": {} },
      },
      aws_cloudtrail: { Trail: { s3_bucket_name: "${aws_s3_bucket.Logs.id}" } },
      aws_s3_bucket_policy: {
        ById: { bucket: "${aws_s3_bucket.Logs.id}" },
        ByName: { bucket: "logs" },
        ByArn: { bucket: "${aws_s3_bucket.Logs.arn}" },
        ByNameAttribute: { bucket: "${aws_s3_bucket.Logs.bucket}" },
        Other: { bucket: "${aws_s3_bucket.Bare.id}" },
        NotAString: { bucket: 7 },
        NoBucket: {},
      },
    },
  };
  const view = stackView(json, ["rootUsage"]);
  const bucket = (name: string) => view.resources("aws_s3_bucket").find((b) => b.name === name)!;

  test("lists resources by type, with their path below the stack, or their name without one", () => {
    expect(view.resources("aws_s3_bucket").map((r) => [r.address, r.path])).toEqual([
      ["aws_s3_bucket.Logs", "Audit/Logs"],
      ["aws_s3_bucket.Bare", "Bare"],
      ["aws_s3_bucket.NoPath", "NoPath"],
      ["aws_s3_bucket.NoMetadata", "NoMetadata"],
    ]);
    expect(view.resources("aws_kms_key")).toEqual([]);
    expect(stackView({}).resources("aws_s3_bucket")).toEqual([]);
  });

  test("relates resources by reference (id, bucket, arn) or by literal name", () => {
    expect(view.attachedTo("aws_s3_bucket_policy", bucket("Logs")).map((r) => r.name)).toEqual(["ById", "ByName", "ByArn", "ByNameAttribute"]);
    expect(view.attachedTo("aws_s3_bucket_policy", bucket("Bare")).map((r) => r.name)).toEqual(["Other"]);
    expect(view.attachedTo("aws_s3_bucket_policy", bucket("NoPath"))).toEqual([]);
  });

  test("knows the trail's bucket, the default tags, the backend bucket and the disabled controls", () => {
    expect(["Logs", "Bare"].map((n) => view.isTrailBucket(bucket(n)))).toEqual([true, false]);
    expect(view.defaultTags).toEqual({ Project: "p" });
    expect(view.backendBucket).toBe("state-bucket");
    expect(view.disabledMonitoringControls).toEqual(["rootUsage"]);
    expect(stackView({}).disabledMonitoringControls).toEqual([]);
    expect(stackView({}).defaultTags).toEqual({});
    expect(stackView({}).backendBucket).toBeUndefined();
    expect(stackView({ terraform: { backend: { local: {} } } }).backendBucket).toBeUndefined();
  });
});

describe("evaluateStack and its summary", () => {
  const foundation = synthesize(new FoundationStack(testApp(), configFor("dev")));

  test("a passing check carries the rule's info as its message; a rule that does not apply says so", () => {
    const evaluations = evaluateStack(foundation);
    expect(evaluations.find((e) => e.rule === "CT-2")).toEqual({
      rule: "CT-2",
      level: "error",
      outcome: "pass",
      path: "Audit/Trail",
      address: "aws_cloudtrail.Audit_Trail_3BF4E139",
      message: "CT-2: The trail validates its log files",
    });
    expect(evaluations.find((e) => e.rule === "EVI-1")).toMatchObject({ outcome: "not-applicable", message: expect.stringMatching(/^EVI-1: Where audit evidence/) });
  });

  test("a stack without a backend has no state bucket to check (CT-6 does not apply)", () => {
    const local = JSON.parse(JSON.stringify(foundation));
    delete local.terraform.backend;
    expect(evaluateStack(local).filter((e) => e.rule === "CT-6").map((e) => e.outcome)).toEqual(["not-applicable"]);
  });

  test("roles without a confused-deputy service, a web identity or Pod Identity are not checked by IAM-4, IAM-5 and IAM-6", () => {
    const outcomes = (rule: string) => evaluateStack(foundation).filter((e) => e.rule === rule).map((e) => `${e.path}: ${e.outcome}`);
    expect(outcomes("IAM-4")).toEqual([
      "Audit/DeliveryRole/Role: not-applicable",
      "Roles/EksCluster/Role: not-applicable",
      "Roles/EksNodeGroup/Role: not-applicable",
      "Roles/SageMakerExecution/Role: pass",
      "Roles/LambdaInference/Role: pass",
    ]);
    expect(outcomes("IAM-5").every((o) => o.endsWith("not-applicable"))).toBe(true);
    expect(outcomes("IAM-6")).toEqual([
      "Audit/DeliveryRole/Role: not-applicable",
      "Roles/EksCluster/Role: not-applicable",
      "Roles/EksNodeGroup/Role: not-applicable",
      "Roles/SageMakerExecution/Role: not-applicable",
      "Roles/LambdaInference/Role: not-applicable",
    ]);
  });

  test("a suppression applies to its own rule only, and only where the finding is", () => {
    const broken = JSON.parse(JSON.stringify(foundation));
    Object.values<Record<string, unknown>>(broken.resource.aws_cloudtrail)[0].enable_log_file_validation = false;
    const seen: string[] = [];
    const evaluations = evaluateStack(broken, {
      suppressionsAt: (path) => {
        seen.push(path);
        return path === "Audit/Trail" ? [{ id: "CT-1", reason: "another rule's suppression" }] : [];
      },
    });
    expect(evaluations.filter((e) => e.rule === "CT-2").map((e) => e.outcome)).toEqual(["fail"]);
    expect(seen).toEqual(["Audit/Trail"]);
  });

  test("the summary counts each outcome and level by hand-counted fixtures", () => {
    const e = (rule: string, level: "error" | "warning", outcome: Evaluation["outcome"]): Evaluation => ({ rule, level, outcome, path: "p", address: "a", message: "m" });
    const evaluations = [
      e("A", "error", "pass"),
      e("A", "error", "fail"),
      e("A", "error", "fail"),
      e("B", "warning", "fail"),
      e("B", "warning", "pass"),
      e("C", "error", "suppressed"),
      e("C", "warning", "suppressed"),
      e("D", "error", "not-applicable"),
    ];
    const summary = summarize(evaluations);
    expect(summary).toEqual({ rules: 4, checks: 7, passed: 2, errors: 2, warnings: 1, suppressed: 2 });
    expect(summaryLine(summary)).toBe("compliance: 2/7 checks passed (4 rules); 2 errors, 1 warnings, 2 suppressed");
  });
});

describe("rulesMarkdown", () => {
  test("writes none, the IDs, or a dash for a mapping, and escapes markdown", () => {
    const rule = (id: string, mappings: Partial<Rule>): Rule => ({
      id,
      level: "error",
      info: "a <b> *c*",
      explanation: "why",
      cisV5: "none",
      resourceTypes: [],
      evaluate: () => ({ status: "compliant" }),
      ...mappings,
    });
    const rows = rulesMarkdown([rule("X-1", { cisV5: ["1.1", "1.2"], securityHub: [], checkov: ["CKV_AWS_1"] }), rule("X-2", {})])
      .split("\n")
      .filter((l) => l.startsWith("| X-"));
    expect(rows).toEqual(["| X-1 | error | a \\<b\\> \\*c\\* | 1.1, 1.2 | - | - | - | CKV_AWS_1 | why |", "| X-2 | error | a \\<b\\> \\*c\\* | none | - | - | - | - | why |"]);
  });
});
