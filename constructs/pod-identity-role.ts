import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { SERVICE_ACCOUNT_PATTERN } from "../facts/name-rules";
import { eksClusterArn, POD_IDENTITY_ACTIONS, POD_IDENTITY_PRINCIPAL, POD_SESSION_TAGS, splitServiceAccount } from "../facts/pod-identity";
import { irsaTrust } from "./irsa-role";
import type { PolicyStatement } from "./policy";
import { ServiceRole } from "./service-role";

export interface PodIdentityRoleProps {
  readonly roleName: string;
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /** The EKS cluster the association is made in; the role trusts sessions for it only. */
  readonly clusterName: string;
  /** The Kubernetes service account, as `namespace:name`. */
  readonly serviceAccount: string;
  /**
   * Also trust the service account's IRSA web identity, while it moves to Pod Identity.
   * @default - Pod Identity only
   */
  readonly irsa?: { readonly issuerUrl: string; readonly oidcProviderArn: string; readonly oidcProvider?: ITerraformDependable };
  /**
   * Condition every inline permission on the session tags Pod Identity sets (ABAC): the cluster's
   * ARN, the namespace and the service account. A session the role was given any other way (an
   * association someone else made for another service account, IRSA) gets none of them.
   * @default false
   */
  readonly abac?: boolean;
  /**
   * A role in another account the association chains to: EKS Pod Identity assumes this role, then
   * the target with this role's credentials, and the pods get the target's.
   * @default - none, the pods get this role's credentials
   */
  readonly targetRoleArn?: string;
  /** @default - none */
  readonly inlinePolicies?: Readonly<Record<string, readonly PolicyStatement[]>>;
  /** @default - none */
  readonly managedPolicyArns?: readonly string[];
  /** @default 3600 */
  readonly maxSessionDuration?: number;
  /** @default - none */
  readonly permissionsBoundaryArn?: string;
}

/**
 * The trust of a Pod Identity role: the EKS Auth service, for this account, and only with the
 * session tags of this cluster and this service account. The cluster is pinned by the documented
 * `eks-cluster-arn` tag rather than `aws:SourceArn`, which Pod Identity fills with the
 * association's ARN (`podidentityassociation/<cluster>/a-<id>`, unknown before it exists) and which
 * has been reported to break some credential paths (docs/pod-identity.md).
 */
export function podIdentityTrust(accountId: string, clusterArn: string, serviceAccount: string): PolicyStatement {
  const { namespace, name } = splitServiceAccount(serviceAccount);
  return {
    Sid: "TrustPodIdentity",
    Effect: "Allow",
    Principal: { Service: POD_IDENTITY_PRINCIPAL },
    Action: [...POD_IDENTITY_ACTIONS],
    Condition: {
      StringEquals: {
        "aws:SourceAccount": accountId,
        [`aws:RequestTag/${POD_SESSION_TAGS.clusterArn}`]: clusterArn,
        [`aws:RequestTag/${POD_SESSION_TAGS.namespace}`]: namespace,
        [`aws:RequestTag/${POD_SESSION_TAGS.serviceAccount}`]: name,
      },
    },
  };
}

/** The statements, each allowed only to a session tagged with this cluster, namespace and service account. */
export function withSessionTags(statements: readonly PolicyStatement[], clusterArn: string, serviceAccount: string): PolicyStatement[] {
  const { namespace, name } = splitServiceAccount(serviceAccount);
  const tags = {
    [`aws:PrincipalTag/${POD_SESSION_TAGS.clusterArn}`]: clusterArn,
    [`aws:PrincipalTag/${POD_SESSION_TAGS.namespace}`]: namespace,
    [`aws:PrincipalTag/${POD_SESSION_TAGS.serviceAccount}`]: name,
  };
  return statements.map((s) =>
    s.Effect === "Allow" ? { ...s, Condition: { ...s.Condition, StringEquals: { ...s.Condition?.StringEquals, ...tags } } } : s,
  );
}

/**
 * A role for the pods of one service account through EKS Pod Identity, and its association in
 * the cluster. No OIDC provider: the EKS Pod Identity agent on each node asks EKS Auth for the
 * credentials, and EKS Auth assumes the role with session tags naming the cluster, namespace and
 * service account.
 */
export class PodIdentityRole extends Construct {
  readonly role: ServiceRole;
  readonly roleArn: string;
  readonly roleName: string;
  readonly association: EksPodIdentityAssociation;
  /** The role also trusts the service account's IRSA web identity (the move). */
  readonly trustsIrsa: boolean;
  readonly targetRoleArn?: string;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    if (!SERVICE_ACCOUNT_PATTERN.test(props.serviceAccount)) {
      throw new Error(`PodIdentityRole: serviceAccount must be "namespace:name", got "${props.serviceAccount}"`);
    }
    if (props.targetRoleArn !== undefined && props.abac) {
      throw new Error(`PodIdentityRole ${props.roleName}: abac conditions this role's permissions, but with a target role the pods get the target's`);
    }
    const clusterArn = eksClusterArn(props.region, props.accountId, props.clusterName);
    const own = Object.entries(props.inlinePolicies ?? {}).map(([name, statements]) => [name, props.abac ? withSessionTags(statements, clusterArn, props.serviceAccount) : statements] as const);
    const chain: [string, PolicyStatement[]][] =
      props.targetRoleArn !== undefined
        ? [["assume-target-role", [{ Sid: "AssumeTargetRole", Effect: "Allow", Action: [...POD_IDENTITY_ACTIONS], Resource: props.targetRoleArn }]]]
        : [];
    this.role = new ServiceRole(this, "Role", {
      roleName: props.roleName,
      description: props.description,
      trust: [
        ...(props.irsa ? [irsaTrust(props.irsa.issuerUrl, props.irsa.oidcProviderArn, [props.serviceAccount])] : []),
        podIdentityTrust(props.accountId, clusterArn, props.serviceAccount),
      ],
      inlinePolicies: Object.fromEntries([...own, ...chain]),
      managedPolicyArns: props.managedPolicyArns,
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      dependsOn: props.irsa?.oidcProvider ? [props.irsa.oidcProvider] : undefined,
    });
    this.roleArn = this.role.roleArn;
    this.roleName = props.roleName;
    this.trustsIrsa = props.irsa !== undefined;
    this.targetRoleArn = props.targetRoleArn;
    const { namespace, name } = splitServiceAccount(props.serviceAccount);
    this.association = new EksPodIdentityAssociation(this, "Association", {
      clusterName: props.clusterName,
      namespace,
      serviceAccount: name,
      roleArn: this.role.roleArn,
      ...(props.targetRoleArn !== undefined ? { targetRoleArn: props.targetRoleArn } : {}),
      // Pods started once the association exists get credentials at once: the permissions first.
      dependsOn: [...this.role.grants],
    });
  }
}
