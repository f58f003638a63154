import { policyDocument, renderPolicy, type PolicyStatement } from "../../constructs/policy";

const statement = (Sid: string, Action: string): PolicyStatement => ({ Sid, Effect: "Allow", Action, Resource: "*" });

describe("policyDocument", () => {
  test("refuses two statements with the same Sid: IAM requires Sids unique within a policy, and a reviewer names statements by them", () => {
    expect(() => policyDocument([statement("Read", "s3:GetObject"), statement("Write", "s3:PutObject"), statement("Read", "s3:ListBucket")])).toThrow(
      'policyDocument: statement ids must be unique, got "Read" twice',
    );
  });

  test("keeps the statements, in order, under the 2012-10-17 version", () => {
    const statements = [statement("Read", "s3:GetObject"), statement("Write", "s3:PutObject")];
    expect(policyDocument(statements)).toEqual({ Version: "2012-10-17", Statement: statements });
    expect(JSON.parse(renderPolicy(statements))).toEqual({ Version: "2012-10-17", Statement: statements });
  });
});
