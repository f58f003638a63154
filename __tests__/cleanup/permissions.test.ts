import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCleanupClients } from "../../cleanup/aws";
import { CLEANUP_APPLY_POLICY, CLEANUP_PLAN_POLICY } from "../../cleanup/permissions";
import { runApply, runPlan } from "../../cleanup/run";
import { decide } from "../support/iam";
import { ACCOUNT, FAST_WAITS, leftovers, mockCleanupAws, type CleanupWorld } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);

/** The IAM actions each SDK command is authorized by (Service Authorization Reference). */
const ACTIONS: Record<string, string[]> = {
  "sts.GetCallerIdentity": [],
  "logs.DescribeLogGroups": ["logs:DescribeLogGroups"],
  "logs.ListTagsForResource": ["logs:ListTagsForResource"],
  "logs.DeleteLogGroup": ["logs:DeleteLogGroup"],
  "eks.ListClusters": ["eks:ListClusters"],
  "eks.DescribeAddon": ["eks:DescribeAddon"],
  "eks.DeleteAddon": ["eks:DeleteAddon"],
  "eks.ListPodIdentityAssociations": ["eks:ListPodIdentityAssociations"],
  "eks.DescribePodIdentityAssociation": ["eks:DescribePodIdentityAssociation"],
  "eks.DeletePodIdentityAssociation": ["eks:DeletePodIdentityAssociation"],
  "ecr.DescribeRepositories": ["ecr:DescribeRepositories"],
  "ecr.ListTagsForResource": ["ecr:ListTagsForResource"],
  "ecr.ListImages": ["ecr:ListImages"],
  "ecr.BatchGetImage": ["ecr:BatchGetImage"],
  "ecr.BatchDeleteImage": ["ecr:BatchDeleteImage"],
  "sagemaker.ListTrainingJobs": ["sagemaker:ListTrainingJobs"],
  "sagemaker.DescribeTrainingJob": ["sagemaker:DescribeTrainingJob"],
  "sagemaker.StopTrainingJob": ["sagemaker:StopTrainingJob"],
  "sagemaker.ListTags": ["sagemaker:ListTags"],
  "sagemaker.ListEndpoints": ["sagemaker:ListEndpoints"],
  "sagemaker.DescribeEndpoint": ["sagemaker:DescribeEndpoint"],
  "sagemaker.DeleteEndpoint": ["sagemaker:DeleteEndpoint"],
  "sagemaker.DescribeEndpointConfig": ["sagemaker:DescribeEndpointConfig"],
  "sagemaker.DeleteEndpointConfig": ["sagemaker:DeleteEndpointConfig"],
  "sagemaker.ListModelPackages": ["sagemaker:ListModelPackages"],
  "sagemaker.DescribeModelPackage": ["sagemaker:DescribeModelPackage"],
  "sagemaker.DeleteModelPackage": ["sagemaker:DeleteModelPackage"],
  "cloudfront.ListDistributions": ["cloudfront:ListDistributions"],
  "cloudfront.ListTagsForResource": ["cloudfront:ListTagsForResource"],
  "cloudfront.GetDistribution": ["cloudfront:GetDistribution"],
  "cloudfront.GetDistributionConfig": ["cloudfront:GetDistributionConfig"],
  "cloudfront.UpdateDistribution": ["cloudfront:UpdateDistribution"],
  "cloudfront.DeleteDistribution": ["cloudfront:DeleteDistribution"],
  "apigateway.GetRestApis": ["apigateway:GET"],
  "apigateway.DeleteRestApi": ["apigateway:DELETE"],
  "lambda.GetFunction": ["lambda:GetFunction"],
  "lambda.DeleteFunction": ["lambda:DeleteFunction"],
  "dynamodb.DescribeTable": ["dynamodb:DescribeTable"],
  "dynamodb.ListTagsOfResource": ["dynamodb:ListTagsOfResource"],
  "dynamodb.DeleteTable": ["dynamodb:DeleteTable"],
  "s3.HeadBucket": ["s3:ListBucket"],
  "s3.GetBucketTagging": ["s3:GetBucketTagging"],
  "s3.ListObjectVersions": ["s3:ListBucketVersions"],
  // Deleting versions of a versioned bucket needs both.
  "s3.DeleteObjects": ["s3:DeleteObject", "s3:DeleteObjectVersion"],
  "s3.DeleteBucket": ["s3:DeleteBucket"],
  "iam.GetPolicy": ["iam:GetPolicy"],
  "iam.ListPolicyTags": ["iam:ListPolicyTags"],
  "iam.ListEntitiesForPolicy": ["iam:ListEntitiesForPolicy"],
  "iam.ListPolicyVersions": ["iam:ListPolicyVersions"],
  "iam.DeletePolicyVersion": ["iam:DeletePolicyVersion"],
  "iam.DetachRolePolicy": ["iam:DetachRolePolicy"],
  "iam.DetachUserPolicy": ["iam:DetachUserPolicy"],
  "iam.DetachGroupPolicy": ["iam:DetachGroupPolicy"],
  "iam.DeletePolicy": ["iam:DeletePolicy"],
  "iam.GetRole": ["iam:GetRole"],
  "iam.ListInstanceProfilesForRole": ["iam:ListInstanceProfilesForRole"],
  "iam.RemoveRoleFromInstanceProfile": ["iam:RemoveRoleFromInstanceProfile"],
  "iam.ListRolePolicies": ["iam:ListRolePolicies"],
  "iam.DeleteRolePolicy": ["iam:DeleteRolePolicy"],
  "iam.ListAttachedRolePolicies": ["iam:ListAttachedRolePolicies"],
  "iam.DeleteRole": ["iam:DeleteRole"],
};

const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/cleaner`;
const allowed = async (policy: object, action: string): Promise<string> =>
  decide({ identity: [policy] }, { principal: PRINCIPAL, action, resource: "*", resourceAccount: ACCOUNT });
const actionsOf = (policy: { Statement: readonly { Action: readonly string[] }[] }): string[] => policy.Statement.flatMap((s) => [...s.Action]).sort();

/** The IAM actions a run needed: every command it sent, mapped. */
function needed(): string[] {
  const sent = [...new Set(mocks.sent())];
  expect(sent.filter((c) => !(c in ACTIONS))).toEqual([]);
  return [...new Set(sent.flatMap((c) => ACTIONS[c]))].sort();
}

describe("cleanup's least-privilege policies, proven by evaluation", () => {
  let outdir: string;
  let planActions: string[];
  let applyActions: string[];
  beforeAll(async () => {
    world = leftovers();
    mocks.reset();
    outdir = mkdtempSync(join(tmpdir(), "cleanup-permissions-"));
    const options = { context: { foundation: { accountId: ACCOUNT, environments: { dev: {} } } }, env: {}, clients: createCleanupClients, outdir, log: () => undefined, problem: () => undefined, waits: FAST_WAITS };
    expect(await runPlan(options, "dev", undefined, { allowProd: false, sharedAccount: false })).toBe(0);
    planActions = needed();
    mocks.reset();
    expect(await runApply(options, join(outdir, "cleanup-plan-dev.json"), { yes: true, allowProd: false })).toBe(0);
    applyActions = needed();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("the plan policy allows every call of a plan run, and is exactly those actions", async () => {
    for (const action of planActions) expect([action, await allowed(CLEANUP_PLAN_POLICY, action)]).toEqual([action, "Allowed"]);
    expect(actionsOf(CLEANUP_PLAN_POLICY)).toEqual(planActions);
  });

  test("the plan policy allows nothing an apply does that a plan does not: it deletes, stops, detaches and updates nothing", async () => {
    const writes = applyActions.filter((a) => !planActions.includes(a));
    expect(writes.length).toBeGreaterThan(20);
    for (const action of writes) expect([action, await allowed(CLEANUP_PLAN_POLICY, action)]).toEqual([action, "ImplicitlyDenied"]);
  });

  test("the apply policy allows every call of an apply run, and is exactly those actions", async () => {
    for (const action of applyActions) expect([action, await allowed(CLEANUP_APPLY_POLICY, action)]).toEqual([action, "Allowed"]);
    expect(actionsOf(CLEANUP_APPLY_POLICY)).toEqual(applyActions);
  });

  test.each(["s3:PutBucketPolicy", "iam:CreateRole", "iam:AttachRolePolicy", "kms:ScheduleKeyDeletion", "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "logs:PutRetentionPolicy", "ecr:PutImage", "sagemaker:CreateEndpoint"])(
    "the apply policy does not allow %s",
    async (action) => {
      expect(await allowed(CLEANUP_APPLY_POLICY, action)).toBe("ImplicitlyDenied");
    },
  );

  test("docs/cleanup.md prints both policies", () => {
    const docs = readFileSync(join(__dirname, "..", "..", "docs", "cleanup.md"), "utf8");
    expect(docs).toContain(JSON.stringify(CLEANUP_PLAN_POLICY, null, 2));
    expect(docs).toContain(JSON.stringify(CLEANUP_APPLY_POLICY, null, 2));
  });
});
