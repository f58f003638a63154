/** The declared-vs-observed policy comparison: AWS's rewrites are no difference, anything else is one, named. */
import { describeStatement, normalizeStatement, policyDifferences } from "../../verify/policy-diff";

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const allow = { Sid: "A", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::b/*", "arn:aws:s3:::a/*"] };

describe("what AWS rewrites is no difference", () => {
  test.each<[string, object, object]>([
    ["a single action or resource as a string", doc({ Sid: "A", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/*"] }), doc({ Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::a/*" })],
    ["lists in another order", doc(allow), doc({ ...allow, Action: [...allow.Action].reverse(), Resource: [...allow.Resource].reverse() })],
    ["statements in another order", doc(allow, { Sid: "B", Effect: "Deny", Action: "s3:*", Resource: "*" }), doc({ Sid: "B", Effect: "Deny", Action: "s3:*", Resource: "*" }, allow)],
    ['{"AWS": "*"} written as "*"', doc({ Sid: "P", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*", Resource: "*" }), doc({ Sid: "P", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" })],
    ["principal keys and values in another order", doc({ Sid: "P", Effect: "Allow", Principal: { Service: ["b.amazonaws.com", "a.amazonaws.com"], AWS: "arn:aws:iam::1:root" }, Action: "sts:AssumeRole" }), doc({ Sid: "P", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:root"], Service: ["a.amazonaws.com", "b.amazonaws.com"] }, Action: "sts:AssumeRole" })],
    ["condition operators, keys and values in another order", doc({ Sid: "C", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:b": ["2", "1"], "aws:a": "x" }, Bool: { "aws:SecureTransport": "false" } } }), doc({ Sid: "C", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": ["false"] }, StringNotEquals: { "aws:a": ["x"], "aws:b": ["1", "2"] } } })],
    ["one statement as an object instead of a list", doc(allow), { Version: "2012-10-17", Statement: allow }],
    ["a statement without a Sid and one with an empty Sid", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), doc({ Sid: "", Effect: "Allow", Action: "s3:GetObject", Resource: "*" })],
  ])("%s", (_name, declared, observed) => {
    expect(policyDifferences(declared, observed)).toEqual([]);
  });
});

describe("anything else is a difference, named on both sides", () => {
  test.each<[string, object, object, string[]]>([
    ["an action added", doc(allow), doc({ ...allow, Action: [...allow.Action, "s3:DeleteObject"] }), ["missing or changed A: Allow s3:GetObject,s3:PutObject", "not declared A: Allow s3:DeleteObject,s3:GetObject,s3:PutObject"]],
    ["NotAction instead of Action", doc({ Sid: "N", Effect: "Deny", NotAction: "iam:*", Resource: "*" }), doc({ Sid: "N", Effect: "Deny", Action: "iam:*", Resource: "*" }), ["missing or changed N: Deny iam:*", "not declared N: Deny iam:*"]],
    ["NotResource instead of Resource", doc({ Sid: "R", Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::a" }), doc({ Sid: "R", Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::a" }), ["missing or changed R: Deny s3:*", "not declared R: Deny s3:*"]],
    ["NotPrincipal instead of Principal", doc({ Sid: "P", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "s3:*" }), doc({ Sid: "P", Effect: "Deny", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "s3:*" }), ["missing or changed P: Deny s3:*", 'not declared P: Deny s3:* for {"AWS":["arn:aws:iam::1:root"]}']],
    ['a principal of "*" and another key is not "*"', doc({ Sid: "P", Effect: "Allow", Principal: { AWS: "*", Service: "s.amazonaws.com" }, Action: "sts:AssumeRole" }), doc({ Sid: "P", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }), ['missing or changed P: Allow sts:AssumeRole for {"AWS":["*"],"Service":["s.amazonaws.com"]}', "not declared P: Allow sts:AssumeRole for *"]],
    ["a resource changed", doc(allow), doc({ ...allow, Resource: "arn:aws:s3:::c/*" }), ["missing or changed A: Allow s3:GetObject,s3:PutObject", "not declared A: Allow s3:GetObject,s3:PutObject"]],
    ["a NotResource changed", doc({ Sid: "R", Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::a" }), doc({ Sid: "R", Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::b" }), ["missing or changed R: Deny s3:*", "not declared R: Deny s3:*"]],
    ["a NotPrincipal changed", doc({ Sid: "P", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "s3:*" }), doc({ Sid: "P", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::2:root" }, Action: "s3:*" }), ["missing or changed P: Deny s3:*", "not declared P: Deny s3:*"]],
    ["a condition's value changed", doc({ Sid: "C", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }), doc({ Sid: "C", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }), ["missing or changed C: Deny s3:*", "not declared C: Deny s3:*"]],
    ["a condition removed", doc({ Sid: "C", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }), doc({ Sid: "C", Effect: "Deny", Action: "s3:*", Resource: "*" }), ["missing or changed C: Deny s3:*", "not declared C: Deny s3:*"]],
    ["the effect turned", doc(allow), doc({ ...allow, Effect: "Deny" }), ["missing or changed A: Allow s3:GetObject,s3:PutObject", "not declared A: Deny s3:GetObject,s3:PutObject"]],
    ["a document without statements", doc(allow), { Version: "2012-10-17" }, ["missing or changed A: Allow s3:GetObject,s3:PutObject"]],
    ["a declared document without statements", { Version: "2012-10-17" }, doc(allow), ["not declared A: Allow s3:GetObject,s3:PutObject"]],
  ])("%s", (_name, declared, observed, differences) => {
    expect(policyDifferences(declared, observed)).toEqual(differences);
  });
});

test("a statement is described by its Sid (or none), effect, actions (or not-actions) and principal", () => {
  expect(describeStatement({ Effect: "Allow", Resource: "*" })).toBe("(no Sid): Allow ");
  expect(describeStatement({ Sid: "S", Effect: "Deny", Principal: { AWS: "*" }, NotAction: ["b", "a"] })).toBe("S: Deny a,b for *");
  expect(normalizeStatement({ Effect: "Allow", Principal: null, Condition: null })).toEqual({ Sid: "", Effect: "Allow", Principal: null });
  expect(normalizeStatement({ Effect: "Allow", Principal: "arn:aws:iam::1:root" })).toEqual({ Sid: "", Effect: "Allow", Principal: "arn:aws:iam::1:root" });
});
