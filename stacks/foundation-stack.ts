import { SelfContainedStack } from "./self-contained-stack";
import type { Construct } from "constructs";
import { Annotations, S3Backend, TerraformOutput } from "cdktf";
import type { EnvironmentConfig } from "../config/types";
import { IrsaRole } from "../constructs/irsa-role";
import { PipelineRoles, type PipelineRolesProps } from "../constructs/pipeline-roles";
import { PodIdentityRole } from "../constructs/pod-identity-role";
import { CNI_SERVICE_ACCOUNT } from "../facts/pod-identity";
import { stateKey } from "../facts/naming";
import type { ServiceRole } from "../constructs/service-role";
import type { AuditTrail } from "../constructs/audit-trail";
import type { SecurityAlarms } from "../constructs/security-alarms";
import { REQUIRED_TERRAFORM_VERSION, addAwsProvider, assumeRoleOf } from "./aws-provider";
import { addLocalAudit, localAuditOutputs } from "./local-audit";


/**
 * One environment's security baseline: the audit trail and the service roles. Its state is in
 * the bucket the environment's StateStack creates, so that stack is deployed first.
 */
export class FoundationStack extends SelfContainedStack {
  /** The environment's own trail; none for a member of an organization without one (audit.localTrail). */
  readonly audit?: AuditTrail;
  readonly roles: PipelineRoles;
  readonly alarms?: SecurityAlarms;

  constructor(scope: Construct, config: EnvironmentConfig) {
    const id = config.names.foundationStack;
    super(scope, id);
    // Terraform reads the backend block before any interpolation: every value is a literal.
    new S3Backend(this, {
      bucket: config.names.stateBucket,
      key: stateKey(id),
      region: config.region,
      encrypt: true,
      ...(config.deployRole ? { assumeRole: assumeRoleOf(config.deployRole) } : {}),
    });
    // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no option for it.
    this.addOverride("terraform.backend.s3.use_lockfile", true);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    addAwsProvider(this, config);

    const { names } = config;
    if (config.audit.localTrail) ({ audit: this.audit, alarms: this.alarms } = addLocalAudit(this, config));
    else {
      Annotations.of(this).addInfo(
        `${config.environment}: no local trail (audit.localTrail false): the organization trail records account ${config.accountId}, and its CIS alarms watch it.`,
      );
    }

    const { iam } = config;
    this.roles = new PipelineRoles(this, "Roles", {
      accountId: config.accountId,
      region: config.region,
      sagemakerResourcePrefixes: iam.sagemakerResourcePrefixes,
      names,
      dataBucket: config.dataBucket,
      sagemakerAccess: iam.sagemakerAccess,
      cniPolicy: iam.cniPolicy,
      ecrAccess: iam.ecrAccess,
      inferenceTableName: iam.inferenceTableName,
      lambdaFunctionNames: iam.lambdaFunctionNames,
      pods: podRolesOf(config),
      maxSessionDuration: iam.maxSessionDurationSeconds,
      permissionsBoundaryArn: config.permissionsBoundaryArn,
    });
    if (config.eks.podRoles.length === 0) {
      Annotations.of(this).addInfo(
        `${config.environment}: no eks.clusterName or eksOidcIssuerUrl configured, so no pod roles are synthesized; ` +
          "set eks.clusterName once the EKS cluster exists (Pod Identity; docs/pod-identity.md).",
      );
    }

    this.outputs({
      ...(this.audit && this.alarms ? localAuditOutputs(this.audit, this.alarms, names.logGroup) : {}),
      ...roleOutputs("eks_cluster_role", this.roles.eksCluster),
      ...roleOutputs("eks_nodegroup_role", this.roles.eksNodeGroup),
      eks_nodegroup_instance_profile_name: [names.eksNodeInstanceProfile, "Instance profile of the EKS worker nodes"],
      ...roleOutputs("sagemaker_execution_role", this.roles.sagemakerExecution),
      ...roleOutputs("lambda_inference_role", this.roles.lambdaInference),
      ...(this.roles.oidcProviderArn ? { eks_oidc_provider_arn: [this.roles.oidcProviderArn, "ARN of the EKS cluster's IAM OIDC provider"] } : {}),
      ...podRoleOutputs(this.roles),
    });
  }

  private outputs(values: Record<string, readonly [value: string, description: string]>): void {
    for (const [name, [value, description]] of Object.entries(values)) {
      new TerraformOutput(this, name, { value, description });
    }
  }
}

/**
 * The pod roles to create. The construct id fixes a role's Terraform address: the two roles of
 * before Pod Identity keep theirs, so no move between trust forms replaces a role.
 */
function podRolesOf(config: EnvironmentConfig): PipelineRolesProps["pods"] {
  const { eks } = config;
  if (eks.podRoles.length === 0) return undefined;
  const id = (serviceAccount: string): string =>
    serviceAccount === config.iam.retailApiServiceAccount ? "RetailApiIrsa" : serviceAccount === CNI_SERVICE_ACCOUNT ? "AwsNodeIrsa" : `PodRole-${serviceAccount.replace(":", "-")}`;
  return {
    clusterName: eks.clusterName,
    issuerUrl: config.eksOidcIssuerUrl,
    oidcProvider: config.iam.oidcProvider,
    manageAgentAddon: eks.manageAgentAddon,
    roles: eks.podRoles.map((r) => ({ ...r, id: id(r.serviceAccount) })),
  };
}

/** What the cluster's side needs: the role to annotate (IRSA), the association, the external id a target role's trust asks for. */
function podRoleOutputs(roles: PipelineRoles): Record<string, readonly [string, string]> {
  const outputs: Record<string, readonly [string, string]> = {};
  for (const [serviceAccount, role] of Object.entries(roles.podRoles)) {
    const key = serviceAccount.replace(/[^a-z0-9]+/g, "_");
    if (role instanceof IrsaRole || role.trustsIrsa) outputs[`irsa_role_arn_${key}`] = [role.roleArn, `IRSA role of ${serviceAccount} (eks.amazonaws.com/role-arn annotation)`];
    if (role instanceof PodIdentityRole) {
      if (!role.trustsIrsa) outputs[`pod_role_arn_${key}`] = [role.roleArn, `Pod Identity role of ${serviceAccount}`];
      outputs[`pod_identity_association_${key}`] = [role.association.associationId, `Pod Identity association of ${serviceAccount}`];
      if (role.targetRoleArn !== undefined) {
        outputs[`pod_identity_external_id_${key}`] = [role.association.externalId, `External id the trust of ${role.targetRoleArn} must require (sts:ExternalId)`];
      }
    }
  }
  return outputs;
}

function roleOutputs(prefix: string, role: ServiceRole): Record<string, readonly [string, string]> {
  return {
    [`${prefix}_name`]: [role.roleName, `Name of the ${prefix.replace(/_/g, " ")}`],
    [`${prefix}_arn`]: [role.roleArn, `ARN of the ${prefix.replace(/_/g, " ")}`],
  };
}
