/** The example organization of examples/organization/cdktf.json, loaded and synthesized for the organization's tests. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import type { OrganizationConfig } from "../../config/types";
import { LogArchiveStack } from "../../stacks/log-archive-stack";
import { OrgManagementStack } from "../../stacks/org-management-stack";
import { OrgTrailStack } from "../../stacks/org-trail-stack";
import { resourceAt, synthesize, testApp, type Json } from "../helpers";

export const EXAMPLE_FILE = join(__dirname, "../../examples/organization/cdktf.json");
/** The example's `foundation` object. */
export const exampleSettings = (): Json => JSON.parse(readFileSync(EXAMPLE_FILE, "utf8")).context.foundation;

export const ORG_ID = "o-a1b2c3d4e5";
export const MANAGEMENT = "111111111111";
export const LOG_ARCHIVE = "222222222222";
export const TRAIL_ACCOUNT = "333333333333";
export const MEMBER = "444444444444";
export const OUTSIDER = "999999999999";
export const REGION = "us-east-1";
export const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/mlops-retail-prediction-org-trail`;
export const LOG_BUCKET = `mlops-org-cloudtrail-logs-${REGION}-${LOG_ARCHIVE}`;
export const ACCESS_LOG_BUCKET = `mlops-org-cloudtrail-s3access-${REGION}-${LOG_ARCHIVE}`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ARCHIVE_BREAK_GLASS = `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass/log-archive-admin`;
export const TRAIL_BREAK_GLASS = `arn:aws:iam::${TRAIL_ACCOUNT}:role/break-glass/security-admin`;

export function organizationOf(settings: Json = exampleSettings()): OrganizationConfig {
  return loadConfig({ settings }).organization!;
}

/** The policy documents the proofs evaluate; the archive key's ARN (read from state when deployed) is replaced by KEY_ARN. */
export function organizationDocuments(org: OrganizationConfig = organizationOf()) {
  const archive = synthesize(new LogArchiveStack(testApp(), org));
  const management = synthesize(new OrgManagementStack(testApp(), org));
  const trail = synthesize(new OrgTrailStack(testApp(), org));
  const withKey = (text: string): Json => JSON.parse(text.replace("${data.terraform_remote_state.LogArchive.outputs.kms_key_arn}", KEY_ARN));
  return {
    archive,
    management,
    trail,
    bucketPolicy: JSON.parse(resourceAt(archive, "aws_s3_bucket_policy", "LogBucket/Policy").policy),
    keyPolicy: JSON.parse(resourceAt(archive, "aws_kms_key", "Key").policy),
    scp: withKey(resourceAt(management, "aws_organizations_policy", "EvidenceGuardrails").content),
    rcp: withKey(resourceAt(management, "aws_organizations_policy", "ArchivePerimeter").content),
  };
}
