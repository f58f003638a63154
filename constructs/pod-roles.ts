/**
 * The pipeline's pod-level roles: one per Kubernetes service account, trusted by EKS Pod Identity,
 * by IRSA, or by both while a service account moves; the cluster's IAM OIDC provider when some
 * role trusts IRSA; the Pod Identity agent's add-on when asked.
 */
import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { POD_IDENTITY_AGENT_ADDON, trustsIrsa, trustsPodIdentity, type PodAccess, type PodTrust } from "../facts/pod-identity";
import { AWS_MANAGED_POLICY } from "./managed-policies";
import { IrsaRole } from "./irsa-role";
import { dataBucketStatements, type DataAccess } from "./pipeline-policies";
import type { PolicyStatement } from "./policy";
import { PodIdentityRole } from "./pod-identity-role";

/** One pod role to create. */
export interface PodRoleSpec {
  /** The construct id: it fixes the Terraform address, so a role keeps it across trust forms. */
  readonly id: string;
  readonly roleName: string;
  /** `namespace:name`. */
  readonly serviceAccount: string;
  readonly trust: PodTrust;
  readonly access: readonly PodAccess[];
  /** @default false */
  readonly abac?: boolean;
  readonly targetRoleArn?: string;
}

export interface PodRolesProps {
  readonly accountId: string;
  readonly region: string;
  readonly roles: readonly PodRoleSpec[];
  /** Needed by roles that trust Pod Identity. */
  readonly clusterName?: string;
  /** The cluster's OIDC issuer; needed by roles that trust IRSA. */
  readonly issuerUrl?: string;
  /** @default "create" */
  readonly oidcProvider?: "create" | "existing";
  /** Create the eks-pod-identity-agent add-on in the cluster. @default false */
  readonly manageAgentAddon?: boolean;
  readonly dataBucket: { readonly name: string; readonly goldPrefix: string; readonly artifactsPrefix: string; readonly kmsKeyArn?: string };
  readonly maxSessionDuration: number;
  readonly permissionsBoundaryArn?: string;
}

export interface PodRoles {
  readonly oidcProvider?: IamOpenidConnectProvider;
  readonly oidcProviderArn?: string;
  /** By `namespace:serviceaccount`. */
  readonly roles: Readonly<Record<string, IrsaRole | PodIdentityRole>>;
  readonly agentAddon?: EksAddon;
}

const DESCRIBED: Record<PodAccess, string> = {
  "read-model-artifacts": "read model artifacts",
  "read-curated-data": "read curated data",
  "write-model-artifacts": "write model artifacts",
  "vpc-cni": "VPC CNI plugin",
};

/** The inline policies an access list grants, by name. */
function inlinePolicies(access: readonly PodAccess[], data: PodRolesProps["dataBucket"], region: string): Record<string, PolicyStatement[]> {
  const artifacts: DataAccess = { bucket: data.name, prefixes: [data.artifactsPrefix], kmsKeyArn: data.kmsKeyArn };
  const curated: DataAccess = { bucket: data.name, prefixes: [data.goldPrefix], kmsKeyArn: data.kmsKeyArn };
  const policies: Record<string, PolicyStatement[]> = {};
  if (access.includes("read-model-artifacts")) policies["read-model-artifacts"] = dataBucketStatements("ModelArtifacts", artifacts, { write: false, list: true }, region);
  if (access.includes("read-curated-data")) policies["read-curated-data"] = dataBucketStatements("CuratedData", curated, { write: false, list: true }, region);
  if (access.includes("write-model-artifacts")) policies["write-model-artifacts"] = dataBucketStatements("ModelArtifactsWrite", artifacts, { write: true, list: true }, region);
  return policies;
}

const describeRole = (spec: PodRoleSpec): string =>
  spec.access.length === 1 && spec.access[0] === "vpc-cni"
    ? `VPC CNI plugin (${spec.serviceAccount})`
    : spec.targetRoleArn !== undefined
      ? `Pods of ${spec.serviceAccount}: chain to ${spec.targetRoleArn}`
      : `Pods of ${spec.serviceAccount}: ${spec.access.map((a) => DESCRIBED[a]).join(", ")}`;

export function addPodRoles(scope: Construct, props: PodRolesProps): PodRoles {
  const irsaNeeded = props.roles.some((r) => trustsIrsa(r.trust));
  if (irsaNeeded && props.issuerUrl === undefined) throw new Error("PodRoles: a role trusts IRSA, which needs issuerUrl");
  if ((props.manageAgentAddon || props.roles.some((r) => trustsPodIdentity(r.trust))) && props.clusterName === undefined) {
    throw new Error("PodRoles: Pod Identity (a role that trusts it, or the agent's add-on) needs clusterName");
  }
  const irsa = irsaNeeded ? oidcProviderFor(scope, props.accountId, props.issuerUrl!, props.oidcProvider ?? "create") : undefined;
  const common = { maxSessionDuration: props.maxSessionDuration, permissionsBoundaryArn: props.permissionsBoundaryArn };
  const roles: Record<string, IrsaRole | PodIdentityRole> = {};
  for (const spec of props.roles) {
    const granted = {
      inlinePolicies: inlinePolicies(spec.access, props.dataBucket, props.region),
      managedPolicyArns: spec.access.includes("vpc-cni") ? [AWS_MANAGED_POLICY.AmazonEKS_CNI_Policy] : undefined,
    };
    const named = { roleName: spec.roleName, description: describeRole(spec), ...granted, ...common };
    roles[spec.serviceAccount] =
      spec.trust === "irsa"
        ? new IrsaRole(scope, spec.id, { ...named, serviceAccounts: [spec.serviceAccount], ...irsa!.trust })
        : new PodIdentityRole(scope, spec.id, {
            ...named,
            accountId: props.accountId,
            region: props.region,
            clusterName: props.clusterName!,
            serviceAccount: spec.serviceAccount,
            irsa: spec.trust === "both" ? irsa!.trust : undefined,
            abac: spec.abac,
            targetRoleArn: spec.targetRoleArn,
          });
  }
  const agentAddon = props.manageAgentAddon
    ? new EksAddon(scope, "PodIdentityAgent", { clusterName: props.clusterName!, addonName: POD_IDENTITY_AGENT_ADDON })
    : undefined;
  return { oidcProvider: irsa?.created, oidcProviderArn: irsa?.arn, roles, agentAddon };
}

/**
 * The IAM OIDC provider of the cluster's issuer: created, or looked up (IAM allows one per issuer
 * URL; eksctl, the EKS module or another environment may have made it). The lookup fails the
 * plan, naming the URL, when there is none: better than roles whose trust names a missing provider.
 */
function oidcProviderFor(scope: Construct, accountId: string, issuerUrl: string, mode: "create" | "existing") {
  // IAM names a provider by its URL, so the trust policies can use the ARN as a literal.
  const oidcProviderArn = `arn:aws:iam::${accountId}:oidc-provider/${issuerUrl.slice("https://".length)}`;
  const created = mode === "create" ? new IamOpenidConnectProvider(scope, "EksOidcProvider", { url: issuerUrl, clientIdList: ["sts.amazonaws.com"] }) : undefined;
  const provider: ITerraformDependable & { arn: string } = created ?? new DataAwsIamOpenidConnectProvider(scope, "ExistingEksOidcProvider", { url: issuerUrl });
  return { created, arn: provider.arn, trust: { issuerUrl, oidcProviderArn, oidcProvider: provider } };
}
