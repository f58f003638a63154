import { ACCOUNT, OTHER_ACCOUNT } from "../helpers";
import type { Request } from "./iam";
import { conditionsOf, unprovenConditions } from "./necessity";

/** The necessity audit itself must be able to fail: it names the condition no row notices. */
describe("unprovenConditions", () => {
  const BUCKET = "arn:aws:s3:::b";
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "LogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${BUCKET}/*`,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": "arn:aws:s3:::source" } },
      },
    ],
  };
  const put = (context: Record<string, string>): Request => ({ principal: "logging.s3.amazonaws.com", action: "s3:PutObject", resource: `${BUCKET}/x`, resourceAccount: ACCOUNT, context });
  const allowed = { policies: { resource: policy }, request: put({ "aws:SourceAccount": ACCOUNT, "aws:SourceArn": "arn:aws:s3:::source" }), expected: "Allowed" as const };
  const otherAccount = { policies: { resource: policy }, request: put({ "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": "arn:aws:s3:::source" }), expected: "ImplicitlyDenied" as const };
  const otherSource = { policies: { resource: policy }, request: put({ "aws:SourceAccount": ACCOUNT, "aws:SourceArn": "arn:aws:s3:::other" }), expected: "ImplicitlyDenied" as const };

  test("lists each operator and key of each statement, and the document without it", () => {
    const conditions = conditionsOf(policy);
    expect(conditions.map((c) => c.label)).toEqual(["LogDelivery StringEquals aws:SourceAccount", "LogDelivery ArnLike aws:SourceArn"]);
    expect((conditions[0].without as typeof policy).Statement[0].Condition).toEqual({ ArnLike: { "aws:SourceArn": "arn:aws:s3:::source" } });
    expect(policy.Statement[0].Condition.StringEquals).toEqual({ "aws:SourceAccount": ACCOUNT });
  });

  test("names the condition that only an allowed row exercises", async () => {
    expect(await unprovenConditions(policy, [allowed])).toEqual(["LogDelivery StringEquals aws:SourceAccount", "LogDelivery ArnLike aws:SourceArn"]);
    expect(await unprovenConditions(policy, [allowed, otherAccount])).toEqual(["LogDelivery ArnLike aws:SourceArn"]);
    expect(await unprovenConditions(policy, [allowed, otherAccount, otherSource])).toEqual([]);
  });

  test("ignores rows that evaluate other documents, and statements left out by the filter", async () => {
    const elsewhere = { ...otherAccount, policies: { resource: JSON.parse(JSON.stringify(policy)) } };
    expect(await unprovenConditions(policy, [elsewhere])).toHaveLength(2);
    expect(await unprovenConditions(policy, [], (s) => s.Effect === "Deny")).toEqual([]);
  });
});
