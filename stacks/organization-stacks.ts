/** The organization's stacks, in the order they deploy: state, log archive, management, trail. */
import { Annotations, type App, type TerraformStack } from "cdktf";
import type { OrganizationConfig } from "../config/types";
import { LogArchiveStack } from "./log-archive-stack";
import { OrgManagementStack } from "./org-management-stack";
import { OrgTrailStack } from "./org-trail-stack";
import { placementOf } from "./organization-placement";
import { StateStack } from "./state-stack";

export function addOrganizationStacks(app: App, org: OrganizationConfig): TerraformStack[] {
  const state = new StateStack(app, { ...placementOf(org, org.trail), names: org.names, allowStateBucketDestroy: false });
  const archive = new LogArchiveStack(app, org);
  const management = new OrgManagementStack(app, org);
  const trail = new OrgTrailStack(app, org);
  archive.addDependency(state);
  management.addDependency(archive);
  trail.addDependency(management);
  if (!org.delegated) {
    Annotations.of(trail).addWarning(
      `the organization trail is created from the management account ${org.management.accountId}, which SCPs never restrict: its administrators can stop or change the trail. ` +
        "Set organization.trailAccountId to a CloudTrail delegated administrator (docs/organization.md).",
    );
  }
  return [state, archive, management, trail];
}
