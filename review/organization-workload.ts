/**
 * The organization trail's workload: `costAssumptions` describe one account, and the organization
 * trail records every account of the organization, so its volumes are the per-account ones times
 * the accounts it records, and its data events those of each member's data bucket.
 */
import type { OrganizationConfig } from "../config/types";
import type { CostAssumptions } from "../facts/cost-assumptions";

export interface OrganizationWorkload {
  readonly assumptions: CostAssumptions;
  /** The accounts the trail records: management, log archive, trail account and the members' accounts. */
  readonly accounts: number;
  readonly members: number;
  /** One line the review shows above the estimate. */
  readonly note: string;
}

/** The accounts the organization trail records, each once: management, log archive, trail account, members. */
export const organizationAccounts = (org: OrganizationConfig): string[] => [
  ...new Set([org.management.accountId, org.logArchive.accountId, org.trail.accountId, ...org.members.map((m) => m.accountId)]),
];

export function organizationWorkload(org: OrganizationConfig): OrganizationWorkload {
  const accounts = organizationAccounts(org).length;
  const members = org.members.length;
  const a = org.costAssumptions;
  // Recorded state buckets: one per member that records its own, plus the organization's.
  const stateBuckets = org.dataEventBuckets.filter((b) => b.includes("-tfstate-")).length;
  return {
    accounts,
    members,
    assumptions: {
      ...a,
      managementEventsPerMonth: a.managementEventsPerMonth * accounts,
      logGbPerMonth: a.logGbPerMonth * accounts,
      cloudWatchLogsGbPerMonth: a.cloudWatchLogsGbPerMonth * accounts,
      kmsRequestsPerMonth: a.kmsRequestsPerMonth * accounts,
      dataEventsPerMonth: a.dataEventsPerMonth * members,
      stateBucketDataEventsPerMonth: a.stateBucketDataEventsPerMonth * stateBuckets,
    },
    note:
      `Workload of the organization trail: costAssumptions are per account, times the ${accounts} accounts it records (management events, log files, CloudWatch Logs, KMS requests), ` +
      `data events times the ${members} member data bucket(s), state-bucket events times the ${stateBuckets} state bucket(s) recorded. ` +
      "Management events are the first copy in every account, free; a member's own trail (audit.localTrail) pays for a second copy.",
  };
}
