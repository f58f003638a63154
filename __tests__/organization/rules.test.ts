/** ORG-1 and ORG-2: the example passes, and one non-compliant fixture per condition each checks. */
import { ALL_RULES, evaluateStack } from "../../compliance/pack";
import { GUARDED_ACTIONS } from "../../compliance/rules/org-guardrails";
import type { Json } from "../helpers";
import { organizationDocuments } from "./fixture";

const docs = organizationDocuments();
const results = (stack: Json, rule: string) => evaluateStack(stack, { rules: ALL_RULES }).filter((e) => e.rule === rule);
const copy = (x: Json): Json => JSON.parse(JSON.stringify(x));

/** The management stack with its SCP's statements changed. */
function withScp(change: (statements: Json[]) => void, detach = false): Json {
  const stack = copy(docs.management);
  const [id, policy] = Object.entries(stack.resource.aws_organizations_policy).find(([, p]) => (p as Json).type === "SERVICE_CONTROL_POLICY") as [string, Json];
  const document = JSON.parse(policy.content);
  change(document.Statement);
  stack.resource.aws_organizations_policy[id].content = JSON.stringify(document);
  if (detach) {
    for (const [name, attachment] of Object.entries(stack.resource.aws_organizations_policy_attachment)) {
      if (String((attachment as Json).policy_id).includes(id)) delete stack.resource.aws_organizations_policy_attachment[name];
    }
  }
  return stack;
}

/** The archive stack with the log bucket policy's CloudTrail write statements changed. */
function withWrites(change: (statement: Json) => void): Json {
  const stack = copy(docs.archive);
  for (const policy of Object.values(stack.resource.aws_s3_bucket_policy) as Json[]) {
    const document = JSON.parse(policy.policy);
    for (const s of document.Statement) if (s.Sid === "AWSCloudTrailOrganizationWrite") change(s);
    policy.policy = JSON.stringify(document);
  }
  return stack;
}

describe("ORG-1", () => {
  test("the example's SCP passes", () => {
    expect(results(docs.management, "ORG-1").map((e) => e.outcome)).toEqual(["pass", "not-applicable"]);
  });
  // Written out, not read from GUARDED_ACTIONS: each finding must say what the missing deny guards.
  const GUARDED = [
    ["cloudtrail:StopLogging", "stopping the organization trail"],
    ["cloudtrail:DeleteTrail", "deleting the organization trail"],
    ["cloudtrail:PutEventSelectors", "changing what the trail records"],
    ["s3:DeleteObjectVersion", "deleting archived log versions"],
    ["s3:PutBucketPolicy", "re-policying the archive buckets"],
    ["kms:ScheduleKeyDeletion", "deleting the archive key"],
    ["cloudwatch:DeleteAlarms", "deleting the CIS alarms"],
  ];
  test("the guarded actions are these seven", () => {
    expect(GUARDED_ACTIONS.map((g) => g.action)).toEqual(GUARDED.map(([action]) => action));
  });
  test.each(GUARDED)("fails without a deny of %s, saying what it guards (%s)", (action, what) => {
    const stack = withScp((statements) => {
      for (const s of statements) s.Action = [s.Action].flat().filter((a: string) => a !== action);
    });
    const [scp] = results(stack, "ORG-1").filter((e) => e.outcome !== "not-applicable");
    expect(scp.outcome).toBe("fail");
    expect(scp.message).toContain(`attached (it does not deny ${action} (${what}) to all but named principals)`);
  });
  test("each missing deny, and the missing attachment, in one message", () => {
    const stack = withScp((statements) => {
      for (const s of statements) s.Action = [s.Action].flat().filter((a: string) => a !== "cloudtrail:StopLogging" && a !== "cloudtrail:DeleteTrail");
    }, true);
    expect(results(stack, "ORG-1").find((e) => e.outcome !== "not-applicable")!.message).toContain(
      "attached (it does not deny cloudtrail:StopLogging (stopping the organization trail) to all but named principals; " +
        "it does not deny cloudtrail:DeleteTrail (deleting the organization trail) to all but named principals; it is attached nowhere)",
    );
  });
  test("fails when a deny is narrowed by another condition than the principal", () => {
    const stack = withScp((statements) => {
      for (const s of statements) s.Condition = { ...s.Condition, Bool: { "aws:MultiFactorAuthPresent": "false" } };
    });
    expect(results(stack, "ORG-1").find((e) => e.outcome !== "not-applicable")!.message).toContain("it does not deny cloudtrail:StopLogging");
  });
  test("fails when attached nowhere", () => {
    expect(results(withScp(() => undefined, true), "ORG-1").find((e) => e.outcome !== "not-applicable")!.message).toContain("it is attached nowhere");
  });
});

describe("ORG-2", () => {
  test("the example's bucket policies pass", () => {
    expect(results(docs.archive, "ORG-2").every((e) => e.outcome === "pass")).toBe(true);
  });
  test("passes: a bucket without a key prefix; a Deny naming CloudTrail (no write)", () => {
    const noPrefix = withWrites((s) => (s.Resource = [s.Resource].flat().map((r: string) => r.replace("/org-logs/", "/"))));
    expect(results(noPrefix, "ORG-2").map((e) => e.outcome)).toEqual(["pass", "pass"]);
    const denied = withWrites((s) => {
      s.Effect = "Deny";
      delete s.Condition;
    });
    expect(results(denied, "ORG-2").map((e) => e.outcome)).toEqual(["pass", "pass"]);
  });
  test("no conditions at all: each missing condition, in one message", () => {
    const failed = results(
      withWrites((s) => {
        delete s.Condition;
        s.Resource = "arn:aws:s3:::mlops-org-cloudtrail-logs-us-east-1-222222222222/*";
      }),
      "ORG-2",
    ).filter((e) => e.outcome === "fail");
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toContain(
      "(AWSCloudTrailOrganizationWrite: aws:SourceArn must name one trail; " +
        "AWSCloudTrailOrganizationWrite: arn:aws:s3:::mlops-org-cloudtrail-logs-us-east-1-222222222222/* is not one account's or organization's AWSLogs prefix; " +
        "AWSCloudTrailOrganizationWrite: s3:x-amz-acl must be bucket-owner-full-control)",
    );
  });
  test.each<[string, (s: Json) => void, string]>([
    ["no aws:SourceArn", (s) => delete s.Condition.StringEquals["aws:SourceArn"], "aws:SourceArn must name one trail"],
    ["a wildcard aws:SourceArn", (s) => (s.Condition.StringEquals["aws:SourceArn"] = "arn:aws:cloudtrail:us-east-1:111111111111:trail/*"), "aws:SourceArn must name one trail"],
    ["every account's prefix", (s) => (s.Resource = "arn:aws:s3:::mlops-org-cloudtrail-logs-us-east-1-222222222222/org-logs/AWSLogs/*"), "is not one account's or organization's AWSLogs prefix"],
    ["no bucket-owner-full-control", (s) => delete s.Condition.StringEquals["s3:x-amz-acl"], "s3:x-amz-acl must be bucket-owner-full-control"],
    [
      "two trails in aws:SourceArn",
      (s) => (s.Condition.StringEquals["aws:SourceArn"] = ["arn:aws:cloudtrail:us-east-1:111111111111:trail/a", "arn:aws:cloudtrail:us-east-1:111111111111:trail/b"]),
      "aws:SourceArn must name one trail",
    ],
    ["a trail name ending in a wildcard", (s) => (s.Condition.StringEquals["aws:SourceArn"] = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-*"), "aws:SourceArn must name one trail"],
    ["an aws:SourceArn that is no trail ARN", (s) => (s.Condition.StringEquals["aws:SourceArn"] = "*arn:aws:cloudtrail:us-east-1:111111111111:trail/org"), "aws:SourceArn must name one trail"],
    ["a resource that is no S3 ARN", (s) => (s.Resource = "*arn:aws:s3:::mlops-org-cloudtrail-logs-us-east-1-222222222222/AWSLogs/o-a1b2c3d4e5/*"), "is not one account's or organization's AWSLogs prefix"],
    [
      "a write statement that also grants reading the ACL",
      (s) => {
        s.Action = ["s3:GetBucketAcl", "s3:PutObject"];
        delete s.Condition.StringEquals["s3:x-amz-acl"];
      },
      "s3:x-amz-acl must be bucket-owner-full-control",
    ],
    [
      "aws:SourceArn under ArnEquals and no StringEquals at all",
      (s) => (s.Condition = { ArnEquals: { "aws:SourceArn": s.Condition.StringEquals["aws:SourceArn"] } }),
      "s3:x-amz-acl must be bucket-owner-full-control",
    ],
  ])("fails with %s", (_, change, message) => {
    const failed = results(withWrites(change), "ORG-2").filter((e) => e.outcome === "fail");
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toContain(`AWSCloudTrailOrganizationWrite: `);
    expect(failed[0].message).toContain(message);
  });
});
