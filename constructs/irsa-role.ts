import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { SERVICE_ACCOUNT_PATTERN } from "../facts/name-rules";
import type { PolicyStatement } from "./policy";
import { ServiceRole } from "./service-role";


export interface IrsaRoleProps {
  readonly roleName: string;
  readonly description: string;
  /** The cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. */
  readonly issuerUrl: string;
  /** ARN of the IAM OIDC provider for that issuer. */
  readonly oidcProviderArn: string;
  /** The IAM OIDC provider resource, so the role is created after it. */
  readonly oidcProvider?: ITerraformDependable;
  /** Kubernetes service accounts allowed to assume the role, as `namespace:name`. */
  readonly serviceAccounts: readonly string[];
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
 * The trust statement of IRSA: a web identity token of the cluster's issuer, for the named
 * service accounts (`namespace:name`) and the STS audience only.
 */
export function irsaTrust(issuerUrl: string, oidcProviderArn: string, serviceAccounts: readonly string[]): PolicyStatement {
  const issuer = issuerUrl.slice("https://".length);
  const subjects = serviceAccounts.map((sa) => `system:serviceaccount:${sa}`);
  return {
    Sid: "TrustServiceAccounts",
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: {
        [`${issuer}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
        [`${issuer}:aud`]: "sts.amazonaws.com",
      },
    },
  };
}

/**
 * A role for pods (IAM Roles for Service Accounts): assumable with a web identity token from
 * the cluster's OIDC issuer, for the named service accounts only. Conditions on both `sub` and
 * `aud`, as terraform-aws-modules/iam does: `sub` alone would accept tokens minted for another
 * audience.
 */
export class IrsaRole extends Construct {
  readonly role: ServiceRole;
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    if (props.serviceAccounts.length === 0) {
      throw new Error(`IrsaRole ${props.roleName}: serviceAccounts must name at least one "namespace:name"`);
    }
    for (const sa of props.serviceAccounts) {
      if (!SERVICE_ACCOUNT_PATTERN.test(sa)) throw new Error(`IrsaRole: serviceAccounts entries must be "namespace:name", got "${sa}"`);
    }
    if (!/^https:\/\/[^/]+(\/[^/]+)*$/.test(props.issuerUrl)) {
      throw new Error(`IrsaRole: issuerUrl must be an https:// URL without a trailing slash, got "${props.issuerUrl}"`);
    }
    this.role = new ServiceRole(this, "Role", {
      roleName: props.roleName,
      description: props.description,
      trust: irsaTrust(props.issuerUrl, props.oidcProviderArn, props.serviceAccounts),
      inlinePolicies: props.inlinePolicies,
      managedPolicyArns: props.managedPolicyArns,
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      // IAM rejects a trust policy naming an OIDC provider that does not exist yet.
      dependsOn: props.oidcProvider ? [props.oidcProvider] : undefined,
    });
    this.roleArn = this.role.roleArn;
    this.roleName = props.roleName;
  }
}
