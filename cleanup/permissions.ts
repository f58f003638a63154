/**
 * The least an identity needs to run `npm run cleanup`: `plan` reads only; `apply` adds exactly the
 * deletions, detachments and the one update (disabling a CloudFront distribution) it makes.
 * docs/cleanup.md prints both; a test proves with iam-simulate that each allows every call of a
 * run on the mocked account and nothing else it was not written for.
 */
const PLAN_ACTIONS = [
  "apigateway:GET",
  "cloudfront:ListDistributions",
  "cloudfront:ListTagsForResource",
  "dynamodb:DescribeTable",
  "dynamodb:ListTagsOfResource",
  "ecr:BatchGetImage",
  "ecr:DescribeRepositories",
  "ecr:ListImages",
  "ecr:ListTagsForResource",
  "eks:DescribeAddon",
  "eks:DescribePodIdentityAssociation",
  "eks:ListClusters",
  "eks:ListPodIdentityAssociations",
  "iam:GetPolicy",
  "iam:GetRole",
  "iam:ListEntitiesForPolicy",
  "iam:ListPolicyTags",
  "lambda:GetFunction",
  "logs:DescribeLogGroups",
  "logs:ListTagsForResource",
  "s3:GetBucketTagging",
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "sagemaker:DescribeEndpoint",
  "sagemaker:DescribeEndpointConfig",
  "sagemaker:DescribeTrainingJob",
  "sagemaker:ListEndpoints",
  "sagemaker:ListModelPackages",
  "sagemaker:ListTags",
  "sagemaker:ListTrainingJobs",
] as const;

/** What apply reads besides what plan does: the state of each item before it goes. */
const APPLY_READS = [
  "cloudfront:GetDistribution",
  "cloudfront:GetDistributionConfig",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:ListPolicyVersions",
  "iam:ListRolePolicies",
  "sagemaker:DescribeModelPackage",
] as const;

const APPLY_ACTIONS = [
  "apigateway:DELETE",
  "cloudfront:DeleteDistribution",
  "cloudfront:UpdateDistribution",
  "dynamodb:DeleteTable",
  "ecr:BatchDeleteImage",
  "eks:DeleteAddon",
  "eks:DeletePodIdentityAssociation",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:DetachGroupPolicy",
  "iam:DetachRolePolicy",
  "iam:DetachUserPolicy",
  "iam:RemoveRoleFromInstanceProfile",
  "lambda:DeleteFunction",
  "logs:DeleteLogGroup",
  "s3:DeleteBucket",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "sagemaker:DeleteEndpoint",
  "sagemaker:DeleteEndpointConfig",
  "sagemaker:DeleteModelPackage",
  "sagemaker:StopTrainingJob",
] as const;

/** `npm run cleanup -- plan`: reads only. */
export const CLEANUP_PLAN_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Sid: "CleanupPlanReadOnly", Effect: "Allow", Action: [...PLAN_ACTIONS], Resource: "*" }],
} as const;

/** `npm run cleanup -- apply`: what plan reads (apply re-checks every item and looks again after), and the removals. */
export const CLEANUP_APPLY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "CleanupReadBeforeAndAfter", Effect: "Allow", Action: [...PLAN_ACTIONS, ...APPLY_READS].sort(), Resource: "*" },
    { Sid: "CleanupRemoveWhatThePlanLists", Effect: "Allow", Action: [...APPLY_ACTIONS], Resource: "*" },
  ],
} as const;
