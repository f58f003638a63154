import { Construct } from "constructs";
import type { ITerraformDependable, TerraformResource } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { renderPolicy, type PolicyStatement } from "./policy";

export interface ServiceRoleProps {
  readonly roleName: string;
  /** One line saying what the role is for; shown in the IAM console. */
  readonly description: string;
  /**
   * The trust policy: one statement, or several (a pod role trusted by IRSA and Pod Identity
   * while a service account moves), each naming exactly one principal (see `serviceTrust`,
   * `IrsaRole`, `PodIdentityRole`).
   */
  readonly trust: PolicyStatement | readonly PolicyStatement[];
  /**
   * Inline policies, by name. Rendered into the role so `terraform plan` shows them.
   * @default - none
   */
  readonly inlinePolicies?: Readonly<Record<string, readonly PolicyStatement[]>>;
  /**
   * A customer-managed policy created for this role and attached to it.
   * @default - none
   */
  readonly customerPolicy?: { readonly name: string; readonly statements: readonly PolicyStatement[] };
  /**
   * ARNs of AWS managed policies to attach.
   * @default - none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Resources the role must be created after (an OIDC provider its trust policy names).
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Maximum session duration in seconds.
   * @default 3600
   */
  readonly maxSessionDuration?: number;
  /**
   * Permissions boundary policy ARN.
   * @default - no boundary
   */
  readonly permissionsBoundaryArn?: string;
}

/** An IAM role for one principal, with its policies. Destroy never sticks on attached policies. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly roleName: string;
  readonly roleArn: string;
  /** The managed policy ARNs attached, in order. */
  readonly managedPolicyArns: readonly string[];
  /** The inline policy and attachment resources: depend on these to use the role's permissions. */
  readonly grants: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust: readonly PolicyStatement[] = Array.isArray(props.trust) ? props.trust : [props.trust as PolicyStatement];
    for (const statement of trust) {
      const principals = statement.Principal && typeof statement.Principal === "object" ? Object.values(statement.Principal) : [statement.Principal];
      if (principals.length !== 1 || typeof principals[0] !== "string" || principals[0] === "*") {
        throw new Error(`ServiceRole ${props.roleName}: trust must name exactly one principal, got ${JSON.stringify(statement.Principal)}`);
      }
    }
    this.managedPolicyArns = props.managedPolicyArns ?? [];

    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: renderPolicy(trust),
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
      // Detach managed policies on destroy instead of failing with DeleteConflict.
      forceDetachPolicies: true,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    this.roleName = props.roleName;
    this.roleArn = this.role.arn;

    this.grants = [
      ...Object.entries(props.inlinePolicies ?? {}).map(
        ([name, statements]) => new IamRolePolicy(this, name, { name, role: this.role.id, policy: renderPolicy(statements) }),
      ),
      ...(props.customerPolicy ? [this.attachCustomerPolicy(props.customerPolicy.name, props.customerPolicy.statements, props.description)] : []),
      ...this.managedPolicyArns.map(
        (arn) => new IamRolePolicyAttachment(this, arn.slice(arn.lastIndexOf("/") + 1), { role: this.role.name, policyArn: arn }),
      ),
    ];
  }

  private attachCustomerPolicy(name: string, statements: readonly PolicyStatement[], description: string): IamRolePolicyAttachment {
    const policy = new IamPolicy(this, "CustomerPolicy", { name, description, policy: renderPolicy(statements) });
    return new IamRolePolicyAttachment(this, "CustomerPolicyAttachment", { role: this.role.name, policyArn: policy.arn });
  }
}
