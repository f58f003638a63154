/**
 * What EKS Pod Identity and IRSA are, as several folders need them: the trust forms a pod role can
 * have, what each pod role may be granted, the session tags Pod Identity sets, and the names of
 * the cluster's ARN and the agent's add-on. The configuration validates against these, the
 * constructs build from them, verify and cleanup read them.
 */

/**
 * How a pod role is trusted:
 * - `pod-identity`: EKS Pod Identity (`pods.eks.amazonaws.com`), through an association this app
 *   creates; no OIDC provider.
 * - `irsa`: IAM Roles for Service Accounts, a web identity token of the cluster's OIDC issuer.
 * - `both`: the two at once, for moving a service account from IRSA to Pod Identity without
 *   downtime (docs/pod-identity.md).
 */
export const POD_TRUST_FORMS = ["pod-identity", "irsa", "both"] as const;
export type PodTrust = (typeof POD_TRUST_FORMS)[number];

export const trustsPodIdentity = (trust: PodTrust): boolean => trust !== "irsa";
export const trustsIrsa = (trust: PodTrust): boolean => trust !== "pod-identity";

/**
 * What a pod role may be granted. Each is one inline policy of that name (least privilege on the
 * project's data bucket), except `vpc-cni`, AWS's managed AmazonEKS_CNI_Policy.
 */
export const POD_ACCESS = ["read-model-artifacts", "read-curated-data", "write-model-artifacts", "vpc-cni"] as const;
export type PodAccess = (typeof POD_ACCESS)[number];

/** The service account the VPC CNI runs as: its pod role's when `iam.cniPolicy` moves the policy off the node role. */
export const CNI_SERVICE_ACCOUNT = "kube-system:aws-node";

/** The service principal of EKS Pod Identity (the EKS Auth service assumes the role for the agent). */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** The actions Pod Identity needs in a role's trust: it passes session tags with every AssumeRole. */
export const POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"] as const;

/**
 * Session tags Pod Identity sets on every session (EKS User Guide, "Enable or disable session
 * tags"): condition keys `aws:RequestTag/<tag>` in a trust policy, `aws:PrincipalTag/<tag>` in a
 * permission policy.
 */
export const POD_SESSION_TAGS = {
  clusterArn: "eks-cluster-arn",
  clusterName: "eks-cluster-name",
  namespace: "kubernetes-namespace",
  serviceAccount: "kubernetes-service-account",
  podName: "kubernetes-pod-name",
  podUid: "kubernetes-pod-uid",
} as const;

/** The EKS add-on that runs the Pod Identity agent on every node. */
export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";

/** EKS cluster names: 1-100 letters, digits, hyphens and underscores, starting with a letter or digit. */
export const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export const eksClusterArn = (region: string, accountId: string, clusterName: string): string => `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`;

/** `namespace:serviceaccount` split in two. */
export function splitServiceAccount(serviceAccount: string): { namespace: string; name: string } {
  const colon = serviceAccount.indexOf(":");
  return { namespace: serviceAccount.slice(0, colon), name: serviceAccount.slice(colon + 1) };
}
