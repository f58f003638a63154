import { Construct } from "constructs";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import type { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import type { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { AWS_MANAGED_POLICY } from "./managed-policies";
import type { IrsaRole } from "./irsa-role";
import {
  lambdaInferenceStatements,
  sagemakerEc2AccessStatements,
  sagemakerExecutionStatements,
  type DataAccess,
} from "./pipeline-policies";
import { serviceTrust } from "./policy";
import type { PodIdentityRole } from "./pod-identity-role";
import { addPodRoles, type PodRolesProps } from "./pod-roles";
import { ServiceRole } from "./service-role";

export interface PipelineRoleNames {
  readonly eksClusterRole: string;
  readonly eksNodeGroupRole: string;
  readonly eksNodeInstanceProfile: string;
  readonly sagemakerExecutionRole: string;
  readonly lambdaInferenceRole: string;
  readonly lambdaInferencePolicy: string;
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
   * Where AmazonEKS_CNI_Policy goes: the node role, or a pod role for kube-system:aws-node (which
   * `pods.roles` then lists).
   * @default "node-role"
   */
  readonly cniPolicy?: "node-role" | "irsa" | "pod-role";
  /**
   * AmazonEC2ContainerRegistryPullOnly, or the broader ReadOnly policy.
   * @default "pull-only"
   */
  readonly ecrAccess?: "pull-only" | "read-only";
  readonly inferenceTableName: string;
  readonly lambdaFunctionNames: readonly string[];
  /**
   * The pod-level roles (Pod Identity, IRSA or both), the OIDC provider IRSA needs and the Pod
   * Identity agent's add-on.
   * @default - no pod roles
   */
  readonly pods?: Omit<PodRolesProps, "accountId" | "region" | "dataBucket" | "maxSessionDuration" | "permissionsBoundaryArn">;
  /** @default 3600 */
  readonly maxSessionDuration?: number;
  /** @default - none */
  readonly permissionsBoundaryArn?: string;
}

/** The pipeline's service roles: EKS cluster and nodes, SageMaker, Lambda inference, and the pods' roles. */
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
  /** Pod roles (IRSA or Pod Identity) by `namespace:serviceaccount`. */
  readonly podRoles: Readonly<Record<string, IrsaRole | PodIdentityRole>>;
  /** The eks-pod-identity-agent add-on, when this construct manages it. */
  readonly podIdentityAgent?: EksAddon;

  constructor(scope: Construct, id: string, props: PipelineRolesProps) {
    super(scope, id);
    const { accountId, region, names } = props;
    if (props.sagemakerResourcePrefixes.length === 0) {
      throw new Error("PipelineRoles: sagemakerResourcePrefixes must name at least one prefix, got none");
    }
    const cniPolicy = props.cniPolicy ?? "node-role";
    if (cniPolicy !== "node-role" && !props.pods?.roles.some((r) => r.access.includes("vpc-cni"))) {
      throw new Error(`PipelineRoles: cniPolicy "${cniPolicy}" needs a pod role with "vpc-cni" access`);
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

    const pods = props.pods
      ? addPodRoles(this, { ...props.pods, accountId, region, dataBucket: data, ...common })
      : { roles: {}, oidcProvider: undefined, oidcProviderArn: undefined, agentAddon: undefined };
    this.oidcProvider = pods.oidcProvider;
    this.oidcProviderArn = pods.oidcProviderArn;
    this.podRoles = pods.roles;
    this.podIdentityAgent = pods.agentAddon;
  }
}
