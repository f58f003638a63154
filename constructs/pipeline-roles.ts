import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { AWS_MANAGED_POLICY } from "./managed-policies";
import { IrsaRole } from "./irsa-role";
import {
  dataBucketStatements,
  lambdaInferenceStatements,
  sagemakerEc2AccessStatements,
  sagemakerExecutionStatements,
  type DataAccess,
} from "./pipeline-policies";
import { serviceTrust } from "./policy";
import { ServiceRole } from "./service-role";

export interface PipelineRoleNames {
  readonly eksClusterRole: string;
  readonly eksNodeGroupRole: string;
  readonly eksNodeInstanceProfile: string;
  readonly sagemakerExecutionRole: string;
  readonly lambdaInferenceRole: string;
  readonly lambdaInferencePolicy: string;
  /** Name of the IRSA role of each `namespace:serviceaccount` that gets one. */
  readonly irsaRole: (serviceAccount: string) => string;
}

export interface PipelineRolesProps {
  readonly accountId: string;
  readonly region: string;
  /** Name prefixes of the SageMaker resources (jobs, models, endpoints, package groups) the roles may use. */
  readonly sagemakerResourcePrefixes: readonly string[];
  readonly names: PipelineRoleNames;
  readonly dataBucket: {
    readonly name: string;
    readonly goldPrefix: string;
    readonly artifactsPrefix: string;
    readonly kmsKeyArn?: string;
  };
  /**
   * `seed-managed-policies` attaches AmazonSageMakerFullAccess, AmazonS3FullAccess and
   * CloudWatchLogsFullAccess instead of the least-privilege policy: broad, for Studio users.
   * @default "least-privilege"
   */
  readonly sagemakerAccess?: "least-privilege" | "seed-managed-policies";
  /**
   * Where AmazonEKS_CNI_Policy goes: the node role, or an IRSA role for kube-system:aws-node
   * (needs `eksOidcIssuerUrl`).
   * @default "node-role"
   */
  readonly cniPolicy?: "node-role" | "irsa";
  /**
   * AmazonEC2ContainerRegistryPullOnly, or the broader ReadOnly policy.
   * @default "pull-only"
   */
  readonly ecrAccess?: "pull-only" | "read-only";
  readonly inferenceTableName: string;
  readonly lambdaFunctionNames: readonly string[];
  /**
   * The EKS cluster's OIDC issuer URL; without it no OIDC provider or IRSA role is created.
   * @default - none
   */
  readonly eksOidcIssuerUrl?: string;
  /**
   * `create` makes the IAM OIDC provider for the issuer; `existing` looks up the one that eksctl,
   * the EKS module or another environment already made (IAM allows one per issuer URL).
   * @default "create"
   */
  readonly oidcProvider?: "create" | "existing";
  /** `namespace:serviceaccount` of the retail API pods, which read model artifacts. */
  readonly retailApiServiceAccount: string;
  /** @default 3600 */
  readonly maxSessionDuration?: number;
  /** @default - none */
  readonly permissionsBoundaryArn?: string;
}

/** The pipeline's service roles: EKS cluster and nodes, SageMaker, Lambda inference, and IRSA. */
export class PipelineRoles extends Construct {
  readonly eksCluster: ServiceRole;
  readonly eksNodeGroup: ServiceRole;
  readonly eksNodeInstanceProfile: IamInstanceProfile;
  readonly sagemakerExecution: ServiceRole;
  readonly lambdaInference: ServiceRole;
  /** The IAM OIDC provider, when this construct creates it. */
  readonly oidcProvider?: IamOpenidConnectProvider;
  /** ARN of the IAM OIDC provider the IRSA roles trust, created or looked up. */
  readonly oidcProviderArn?: string;
  /** IRSA roles by `namespace:serviceaccount`. */
  readonly irsaRoles: Readonly<Record<string, IrsaRole>>;

  constructor(scope: Construct, id: string, props: PipelineRolesProps) {
    super(scope, id);
    const { accountId, region, names } = props;
    if (props.sagemakerResourcePrefixes.length === 0) {
      throw new Error("PipelineRoles: sagemakerResourcePrefixes must name at least one prefix, got none");
    }
    const cniPolicy = props.cniPolicy ?? "node-role";
    if (cniPolicy === "irsa" && !props.eksOidcIssuerUrl) {
      throw new Error('PipelineRoles: cniPolicy "irsa" needs eksOidcIssuerUrl');
    }
    const common = { maxSessionDuration: props.maxSessionDuration ?? 3600, permissionsBoundaryArn: props.permissionsBoundaryArn };
    const sourceAccount = { StringEquals: { "aws:SourceAccount": accountId } };
    const scopeOf = { accountId, region, resourcePrefixes: props.sagemakerResourcePrefixes };
    const data = props.dataBucket;
    const dataAccess: DataAccess = { bucket: data.name, prefixes: [data.goldPrefix, data.artifactsPrefix], kmsKeyArn: data.kmsKeyArn };
    const artifacts: DataAccess = { bucket: data.name, prefixes: [data.artifactsPrefix], kmsKeyArn: data.kmsKeyArn };

    this.eksCluster = new ServiceRole(this, "EksCluster", {
      roleName: names.eksClusterRole,
      description: "EKS control plane of the retail prediction cluster",
      // EKS documents no confused-deputy condition keys for the cluster role's trust policy.
      trust: serviceTrust("eks.amazonaws.com", undefined, ["sts:AssumeRole", "sts:TagSession"]),
      managedPolicyArns: [AWS_MANAGED_POLICY.AmazonEKSClusterPolicy],
      ...common,
    });

    this.eksNodeGroup = new ServiceRole(this, "EksNodeGroup", {
      roleName: names.eksNodeGroupRole,
      description: "EC2 worker nodes of the retail prediction EKS cluster",
      // EC2 sets no aws:SourceAccount/SourceArn when it assumes an instance profile's role.
      trust: serviceTrust("ec2.amazonaws.com"),
      managedPolicyArns: [
        AWS_MANAGED_POLICY.AmazonEKSWorkerNodePolicy,
        ...(cniPolicy === "node-role" ? [AWS_MANAGED_POLICY.AmazonEKS_CNI_Policy] : []),
        props.ecrAccess === "read-only" ? AWS_MANAGED_POLICY.AmazonEC2ContainerRegistryReadOnly : AWS_MANAGED_POLICY.AmazonEC2ContainerRegistryPullOnly,
        AWS_MANAGED_POLICY.CloudWatchAgentServerPolicy,
      ],
      ...common,
    });
    this.eksNodeInstanceProfile = new IamInstanceProfile(this, "EksNodeInstanceProfile", {
      name: names.eksNodeInstanceProfile,
      role: this.eksNodeGroup.role.name,
    });

    const sagemakerRoleArn = `arn:aws:iam::${accountId}:role/${names.sagemakerExecutionRole}`;
    const seedPolicies = props.sagemakerAccess === "seed-managed-policies";
    this.sagemakerExecution = new ServiceRole(this, "SageMakerExecution", {
      roleName: names.sagemakerExecutionRole,
      description: seedPolicies
        ? "SageMaker training, processing and endpoints (broad AWS managed policies, by configuration)"
        : "SageMaker training, processing and endpoints of the retail prediction project",
      // AWS's confused-deputy guidance for SageMaker execution roles.
      trust: serviceTrust("sagemaker.amazonaws.com", sourceAccount),
      inlinePolicies: {
        SageMakerEC2Access: sagemakerEc2AccessStatements(),
        ...(seedPolicies ? {} : { "sagemaker-least-privilege": sagemakerExecutionStatements(scopeOf, dataAccess, sagemakerRoleArn) }),
      },
      managedPolicyArns: seedPolicies
        ? [AWS_MANAGED_POLICY.AmazonSageMakerFullAccess, AWS_MANAGED_POLICY.AmazonS3FullAccess, AWS_MANAGED_POLICY.CloudWatchLogsFullAccess]
        : [],
      ...common,
    });

    this.lambdaInference = new ServiceRole(this, "LambdaInference", {
      roleName: names.lambdaInferenceRole,
      description: `Inference Lambdas (${props.lambdaFunctionNames.join(", ")})`,
      trust: serviceTrust("lambda.amazonaws.com", sourceAccount),
      customerPolicy: {
        name: names.lambdaInferencePolicy,
        statements: lambdaInferenceStatements(
          { ...scopeOf, functionNames: props.lambdaFunctionNames, tableName: props.inferenceTableName },
          artifacts,
        ),
      },
      ...common,
    });

    const irsaRoles: Record<string, IrsaRole> = {};
    if (props.eksOidcIssuerUrl) {
      const issuerUrl = props.eksOidcIssuerUrl;
      // IAM names a provider by its URL, so the trust policies can use the ARN as a literal.
      const oidcProviderArn = `arn:aws:iam::${accountId}:oidc-provider/${issuerUrl.slice("https://".length)}`;
      let provider: ITerraformDependable;
      if ((props.oidcProvider ?? "create") === "create") {
        this.oidcProvider = new IamOpenidConnectProvider(this, "EksOidcProvider", {
          url: issuerUrl,
          clientIdList: ["sts.amazonaws.com"],
        });
        this.oidcProviderArn = this.oidcProvider.arn;
        provider = this.oidcProvider;
      } else {
        // The lookup fails the plan, naming the URL, when no provider exists for it: better than
        // roles whose trust names a provider that is not there.
        const existing = new DataAwsIamOpenidConnectProvider(this, "ExistingEksOidcProvider", { url: issuerUrl });
        this.oidcProviderArn = existing.arn;
        provider = existing;
      }
      const irsa = { issuerUrl, oidcProviderArn, oidcProvider: provider, ...common };
      const retailApi = props.retailApiServiceAccount;
      irsaRoles[retailApi] = new IrsaRole(this, "RetailApiIrsa", {
        roleName: names.irsaRole(retailApi),
        description: `Pods of ${retailApi}: read model artifacts`,
        serviceAccounts: [retailApi],
        inlinePolicies: { "read-model-artifacts": dataBucketStatements("ModelArtifacts", artifacts, { write: false, list: true }, region) },
        ...irsa,
      });
      if (cniPolicy === "irsa") {
        irsaRoles["kube-system:aws-node"] = new IrsaRole(this, "AwsNodeIrsa", {
          roleName: names.irsaRole("kube-system:aws-node"),
          description: "VPC CNI plugin (kube-system:aws-node)",
          serviceAccounts: ["kube-system:aws-node"],
          managedPolicyArns: [AWS_MANAGED_POLICY.AmazonEKS_CNI_Policy],
          ...irsa,
        });
      }
    }
    this.irsaRoles = irsaRoles;
  }
}
