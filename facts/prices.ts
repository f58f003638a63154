/**
 * AWS list prices the cost estimate uses, each with its source and when it was checked: the one
 * place prices live (review prices a stack with them; the docs print them).
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
  cloudTrailNetworkActivityEvents: { usd: 0.1, per: 100000, unit: "100k events", source: "https://aws.amazon.com/cloudtrail/pricing/", checked: NOT_RECHECKED },
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
