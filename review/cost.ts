/**
 * Monthly cost estimate of a foundation stack: what its resources cost for a stated workload.
 * Every line shows its inputs and is rounded to the cent; the total is the sum of the lines as
 * shown, so an approver can add them up.
 */

export interface Price {
  /** Price of `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
  /** When and how the price was last confirmed. */
  readonly checked: string;
}

const NOT_RECHECKED = "list price, not re-checked 2026-11-22 (no network where this was built)";
const CLOUDTRAIL_PAGE = "read 2026-11-22 (stored copy of the page)";
const INSIGHTS_GUIDE =
  "CloudTrail User Guide, Costs for Insights events: writes are analysed once per Insights type, reads once (error rate); read 2026-11-27";

/** us-east-1 list prices. The one place prices live. */
export const PRICES = {
  s3Standard: { usd: 0.023, per: 1, unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/", checked: NOT_RECHECKED },
  s3StandardIa: { usd: 0.0125, per: 1, unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/", checked: NOT_RECHECKED },
  s3Glacier: { usd: 0.0036, per: 1, unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/", checked: NOT_RECHECKED },
  s3GlacierIr: { usd: 0.004, per: 1, unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/", checked: NOT_RECHECKED },
  s3DeepArchive: { usd: 0.00099, per: 1, unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/", checked: NOT_RECHECKED },
  cloudTrailManagementFirstCopy: { usd: 0, per: 100000, unit: "100k events", source: "https://aws.amazon.com/cloudtrail/pricing/", checked: CLOUDTRAIL_PAGE },
  cloudTrailManagementPaidCopy: { usd: 2, per: 100000, unit: "100k events", source: "https://aws.amazon.com/cloudtrail/pricing/", checked: CLOUDTRAIL_PAGE },
  cloudTrailDataEvents: { usd: 0.1, per: 100000, unit: "100k events", source: "https://aws.amazon.com/cloudtrail/pricing/", checked: CLOUDTRAIL_PAGE },
  cloudTrailInsights: { usd: 0.35, per: 100000, unit: "100k events analysed", source: "https://aws.amazon.com/cloudtrail/pricing/", checked: INSIGHTS_GUIDE },
  logsIngestion: { usd: 0.5, per: 1, unit: "GB ingested", source: "https://aws.amazon.com/cloudwatch/pricing/", checked: NOT_RECHECKED },
  logsStorage: { usd: 0.03, per: 1, unit: "GB-month", source: "https://aws.amazon.com/cloudwatch/pricing/", checked: NOT_RECHECKED },
  alarm: { usd: 0.1, per: 1, unit: "standard alarm-month", source: "https://aws.amazon.com/cloudwatch/pricing/", checked: NOT_RECHECKED },
  kmsKey: { usd: 1, per: 1, unit: "key-month", source: "https://aws.amazon.com/kms/pricing/", checked: NOT_RECHECKED },
  kmsRequests: { usd: 0.03, per: 10000, unit: "10k requests", source: "https://aws.amazon.com/kms/pricing/", checked: NOT_RECHECKED },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;

/**
 * Regions whose list prices for every item above are those of us-east-1 (US East (Ohio) and US
 * West (Oregon) are priced with N. Virginia for S3, CloudWatch Logs, alarms, KMS and CloudTrail).
 * Anywhere else the estimate uses us-east-1 prices and says so on every line: prices differ by
 * region (S3 and CloudWatch Logs cost more in most other regions), and this table has no
 * verified figures for them.
 */
export const PRICED_REGIONS: readonly string[] = ["us-east-1", "us-east-2", "us-west-2"];

/** The price of `key` in `region`, and whether it is the us-east-1 price assumed for a region the table lacks. */
export function priceIn(region: string, key: PriceKey): { price: Price; assumed: boolean } {
  return { price: PRICES[key], assumed: !PRICED_REGIONS.includes(region) };
}

/** The workload the estimate assumes (configuration `costAssumptions`). */
export interface CostAssumptions {
  /** Management events recorded per month, read and write. */
  readonly managementEventsPerMonth: number;
  /** Share of management events that are writes (Insights analyses writes twice). */
  readonly writeEventShare: number;
  /** S3 object (data) events per month on the data buckets. */
  readonly dataEventsPerMonth: number;
  /** S3 object events per month on the Terraform state bucket (each plan and apply reads and writes state). */
  readonly stateBucketDataEventsPerMonth: number;
  /** Compressed log files delivered to the log bucket per month, GB. */
  readonly logGbPerMonth: number;
  /** Events ingested into CloudWatch Logs per month, GB (uncompressed). */
  readonly cloudWatchLogsGbPerMonth: number;
  /** KMS API requests per month (log delivery uses an S3 Bucket Key, so few). */
  readonly kmsRequestsPerMonth: number;
  /** The month of operation estimated: storage accumulates, so month 13 has every class filled. */
  readonly month: number;
}

/** A small project like this one: a few people, a pipeline, a few thousand API calls a day. */
export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  managementEventsPerMonth: 300_000,
  writeEventShare: 0.1,
  dataEventsPerMonth: 1_000_000,
  stateBucketDataEventsPerMonth: 5_000,
  logGbPerMonth: 1,
  cloudWatchLogsGbPerMonth: 3,
  kmsRequestsPerMonth: 20_000,
  month: 13,
};

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
  readonly glacierStorageClass: "GLACIER" | "GLACIER_IR";
  readonly logRetentionDays: number;
  readonly kmsKeys: number;
  readonly alarms: number;
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
