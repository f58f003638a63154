import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { CloudtrailOrganizationDelegatedAdminAccount } from "@cdktf/provider-aws/lib/cloudtrail-organization-delegated-admin-account";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import type { OrganizationConfig } from "../config/types";
import { resourceControlStatements, serviceControlStatements } from "../constructs/guardrail-policies";
import { renderPolicy } from "../constructs/policy";
import { ARCHIVE_KEY_OUTPUT, guardrailInputs } from "../facts/organization";
import { archiveOutputs, placeOrganizationStack } from "./organization-placement";
import { SelfContainedStack } from "./self-contained-stack";

/**
 * The management account's stack: the guardrails (a service control policy and, where
 * configured, a resource control policy) attached where configured, and the CloudTrail delegated
 * administrator registration when another account creates the trail. AWS Organizations must
 * have all features, trusted access for CloudTrail and both policy types enabled
 * (docs/organization.md); this stack does not manage the organization itself.
 */
export class OrgManagementStack extends SelfContainedStack {
  readonly serviceControlPolicy: OrganizationsPolicy;
  readonly resourceControlPolicy?: OrganizationsPolicy;

  constructor(scope: Construct, org: OrganizationConfig) {
    super(scope, org.names.managementStack);
    placeOrganizationStack(this, org, org.management);
    const inputs = guardrailInputs(org, archiveOutputs(this, org).getString(ARCHIVE_KEY_OUTPUT));
    const attach = (policy: OrganizationsPolicy, id: string): void => {
      for (const target of org.guardrails.attachTo) new OrganizationsPolicyAttachment(this, `${id}-${target}`, { policyId: policy.id, targetId: target });
    };
    this.serviceControlPolicy = new OrganizationsPolicy(this, "EvidenceGuardrails", {
      name: org.names.serviceControlPolicy,
      description: `Keeps ${org.names.trail}, its archive and its alarms from every principal but break-glass`,
      type: "SERVICE_CONTROL_POLICY",
      content: renderPolicy(serviceControlStatements(inputs)),
    });
    attach(this.serviceControlPolicy, "EvidenceGuardrailsAttachment");
    if (org.guardrails.resourceControlPolicy) {
      this.resourceControlPolicy = new OrganizationsPolicy(this, "ArchivePerimeter", {
        name: org.names.resourceControlPolicy,
        description: `Keeps the ${org.names.trail} archive's buckets and key inside ${org.id}`,
        type: "RESOURCE_CONTROL_POLICY",
        content: renderPolicy(resourceControlStatements(inputs)),
      });
      attach(this.resourceControlPolicy, "ArchivePerimeterAttachment");
    }
    if (org.delegated) {
      new CloudtrailOrganizationDelegatedAdminAccount(this, "CloudTrailDelegatedAdministrator", { accountId: org.trail.accountId });
    }
    new TerraformOutput(this, "service_control_policy_id", { value: this.serviceControlPolicy.id, description: "The evidence guardrails SCP" });
    if (this.resourceControlPolicy) new TerraformOutput(this, "resource_control_policy_id", { value: this.resourceControlPolicy.id, description: "The archive perimeter RCP" });
  }
}
