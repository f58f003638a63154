/**
 * Monthly cost estimate of a foundation stack: what its resources cost for a stated workload.
 * Every line shows its inputs and is rounded to the cent; the total is the sum of the lines as
 * shown, so an approver can add them up.
 */
import type { CostAssumptions } from "../facts/cost-assumptions";
import { priceIn, type Price, type PriceKey } from "../facts/prices";

/** What the synthesized stack says about the resources that cost money. */
export interface BilledResources {
  readonly region: string;
  readonly insights: boolean;
  /** The data buckets whose object events the trail records (besides the state bucket). */
  readonly dataEventBuckets: number;
  /** The trail records the Terraform state bucket's object events. */
  readonly stateBucketDataEvents: boolean;
  /**
   * "first" when this trail delivers the account's free first copy of management events,
   * "paid" when another trail of the same account already does (CloudTrail bills further copies).
   */
  readonly managementEventsCopy: "first" | "paid";
  /** An organization trail: its copy is the first in every account of the organization. */
  readonly organizationTrail?: boolean;
  readonly glacierStorageClass: "GLACIER" | "GLACIER_IR";
  readonly logRetentionDays: number;
  readonly kmsKeys: number;
  readonly alarms: number;
  /** Data event selectors of ML resource types (SageMaker, Bedrock): one per type recorded. */
  readonly mlDataEventTypes: number;
  /** Network activity selectors: one per event source; errorsOnly when every one records only VpceAccessDenied. */
  readonly networkActivity: { readonly sources: number; readonly errorsOnly: boolean };
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: Price;
  /** The us-east-1 price stands in for a region the price table lacks. */
  readonly assumed: boolean;
  /** How the quantity was computed, in words a reviewer can check. */
  readonly formula: string;
  /** Per month, in whole cents. */
  readonly usd: number;
}

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  /** The sum of the lines. */
  readonly totalUsd: number;
  readonly assumptions: CostAssumptions;
}

/**
 * Whole cents, half a cent up. Through ten-thousandths first: 330,000 x $0.35 / 100,000 is
 * 1.1549999999999998 in floating point, a cent short of the $1.155 it means.
 */
const cents = (usd: number): number => Math.round(Math.round(usd * 10_000) / 100);

export function estimateCost(resources: BilledResources, a: CostAssumptions): CostEstimate {
  const n = a.month;
  // Months of log files in each class at month n: 0-30 days STANDARD, 30-90 STANDARD_IA,
  // 90-365 Glacier, older DEEP_ARCHIVE (current versions never expire).
  const months = { standard: Math.min(n, 1), ia: Math.min(Math.max(n - 1, 0), 2), glacier: Math.min(Math.max(n - 3, 0), 9), deep: Math.max(n - 12, 0) };
  const writes = a.managementEventsPerMonth * a.writeEventShare;
  const reads = a.managementEventsPerMonth - writes;
  const logsMonthsKept = Math.min(n, Math.floor(resources.logRetentionDays / 30));
  const line = (item: string, quantity: number, key: PriceKey, formula: string): CostLine => {
    const { price, assumed } = priceIn(resources.region, key);
    return { item, quantity, price, assumed, formula, usd: cents((quantity / price.per) * price.usd) / 100 };
  };
  const paid = resources.managementEventsCopy === "paid";
  const lines = [
    line("S3 log files in STANDARD", months.standard * a.logGbPerMonth, "s3Standard", `${months.standard} month(s) x ${a.logGbPerMonth} GB`),
    line("S3 log files in STANDARD_IA (30-90 days)", months.ia * a.logGbPerMonth, "s3StandardIa", `${months.ia} month(s) x ${a.logGbPerMonth} GB`),
    line(
      `S3 log files in ${resources.glacierStorageClass} (90-365 days)`,
      months.glacier * a.logGbPerMonth,
      resources.glacierStorageClass === "GLACIER_IR" ? "s3GlacierIr" : "s3Glacier",
      `${months.glacier} month(s) x ${a.logGbPerMonth} GB`,
    ),
    line("S3 log files in DEEP_ARCHIVE (over 365 days)", months.deep * a.logGbPerMonth, "s3DeepArchive", `${months.deep} month(s) x ${a.logGbPerMonth} GB`),
    line(
      paid ? "CloudTrail management events (paid copy)" : "CloudTrail management events (first copy)",
      a.managementEventsPerMonth,
      paid ? "cloudTrailManagementPaidCopy" : "cloudTrailManagementFirstCopy",
      paid
        ? `${a.managementEventsPerMonth} events; another trail of this account already delivers the free first copy`
        : resources.organizationTrail
          ? `${a.managementEventsPerMonth} events; the organization trail delivers the first copy in each account, free`
          : `${a.managementEventsPerMonth} events; the first copy in an account is free (assumes no other trail, such as an organization trail, records them)`,
    ),
    line(
      "CloudTrail S3 data events (data buckets)",
      resources.dataEventBuckets > 0 ? a.dataEventsPerMonth : 0,
      "cloudTrailDataEvents",
      resources.dataEventBuckets > 0 ? `${a.dataEventsPerMonth} events on ${resources.dataEventBuckets} bucket(s)` : "no data bucket recorded",
    ),
    line(
      "CloudTrail S3 data events (Terraform state bucket)",
      resources.stateBucketDataEvents ? a.stateBucketDataEventsPerMonth : 0,
      "cloudTrailDataEvents",
      resources.stateBucketDataEvents ? `${a.stateBucketDataEventsPerMonth} events` : "state bucket not recorded",
    ),
    line(
      "CloudTrail ML data events (SageMaker, Bedrock)",
      resources.mlDataEventTypes * a.mlDataEventsPerMonth,
      "cloudTrailDataEvents",
      resources.mlDataEventTypes > 0 ? `${resources.mlDataEventTypes} resource type(s) x ${a.mlDataEventsPerMonth} events` : "no ML data events recorded",
    ),
    line(
      "CloudTrail network activity events (VPC endpoints)",
      resources.networkActivity.sources * a.networkActivityEventsPerMonth * (resources.networkActivity.errorsOnly ? a.vpceDeniedShare : 1),
      "cloudTrailNetworkActivityEvents",
      resources.networkActivity.sources === 0
        ? "no network activity events recorded"
        : resources.networkActivity.errorsOnly
          ? `${resources.networkActivity.sources} event source(s) x ${a.networkActivityEventsPerMonth} requests x ${a.vpceDeniedShare} refused (VpceAccessDenied only)`
          : `${resources.networkActivity.sources} event source(s) x ${a.networkActivityEventsPerMonth} requests, every one recorded`,
    ),
    line(
      "CloudTrail Insights (call rate + error rate)",
      resources.insights ? reads + 2 * writes : 0,
      "cloudTrailInsights",
      resources.insights ? `${reads} reads (error rate) + ${writes} writes x 2 (call rate and error rate)` : "Insights off",
    ),
    line("CloudWatch Logs ingestion", a.cloudWatchLogsGbPerMonth, "logsIngestion", `${a.cloudWatchLogsGbPerMonth} GB/month`),
    line(
      "CloudWatch Logs storage",
      logsMonthsKept * a.cloudWatchLogsGbPerMonth,
      "logsStorage",
      `${logsMonthsKept} month(s) kept x ${a.cloudWatchLogsGbPerMonth} GB (ingested size: an upper bound, storage is billed compressed)`,
    ),
    line("CloudWatch alarms", resources.alarms, "alarm", `${resources.alarms} alarms`),
    line("KMS keys", resources.kmsKeys, "kmsKey", `${resources.kmsKeys} customer keys`),
    line("KMS requests", a.kmsRequestsPerMonth, "kmsRequests", `${a.kmsRequestsPerMonth} requests`),
  ];
  return { lines, totalUsd: lines.reduce((sum, l) => sum + cents(l.usd), 0) / 100, assumptions: a };
}
