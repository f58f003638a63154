import { DEFAULT_COST_ASSUMPTIONS } from "../../facts/cost-assumptions";
import { PRICES } from "../../facts/prices";
import { estimateCost, type BilledResources } from "../../review/cost";

const foundation: BilledResources = {
  region: "us-east-1",
  insights: true,
  dataEventBuckets: 1,
  stateBucketDataEvents: true,
  managementEventsCopy: "first",
  glacierStorageClass: "GLACIER",
  logRetentionDays: 365,
  kmsKeys: 2,
  alarms: 15,
  mlDataEventTypes: 0,
  networkActivity: { sources: 0, errorsOnly: false },
};

describe("estimateCost", () => {
  test("prices ML data events per resource type, and network activity events per source, only the refused share with errorsOnly", () => {
    const priced = (resources: Partial<BilledResources>) =>
      estimateCost({ ...foundation, ...resources }, DEFAULT_COST_ASSUMPTIONS).lines.filter((l) => /ML data|network activity/.test(l.item)).map((l) => [l.quantity, l.usd, l.formula, l.price.unit]);
    // 3 types x 200,000 x $0.10 / 100,000 = $0.60; 2 sources x 1,000,000 x 0.001 = 2,000 refused requests, $0.002.
    expect(priced({ mlDataEventTypes: 3, networkActivity: { sources: 2, errorsOnly: true } })).toEqual([
      [600000, 0.6, "3 resource type(s) x 200000 events", "100k events"],
      [2000, 0, "2 event source(s) x 1000000 requests x 0.001 refused (VpceAccessDenied only)", "100k events"],
    ]);
    // Every request of 2 sources: 2,000,000 x $0.10 / 100,000 = $2.
    expect(priced({ networkActivity: { sources: 2, errorsOnly: false } })[1]).toEqual([2000000, 2, "2 event source(s) x 1000000 requests, every one recorded", "100k events"]);
    expect(estimateCost({ ...foundation, networkActivity: { sources: 1, errorsOnly: true } }, DEFAULT_COST_ASSUMPTIONS).lines.find((l) => /network/.test(l.item))?.price).toBe(PRICES.cloudTrailNetworkActivityEvents);
  });

  test("prices a small project in month 13, each line from its inputs in whole cents, totalling the sum of the lines", () => {
    const estimate = estimateCost(foundation, DEFAULT_COST_ASSUMPTIONS);
    expect(estimate.lines.map((l) => [l.item, l.quantity, l.usd])).toEqual([
      // 1 GB x $0.023, half a cent and more up.
      ["S3 log files in STANDARD", 1, 0.02],
      // 2 GB x $0.0125 = $0.025: half a cent, up.
      ["S3 log files in STANDARD_IA (30-90 days)", 2, 0.03],
      // 9 GB x $0.0036 = $0.0324.
      ["S3 log files in GLACIER (90-365 days)", 9, 0.03],
      // 1 GB x $0.00099.
      ["S3 log files in DEEP_ARCHIVE (over 365 days)", 1, 0],
      ["CloudTrail management events (first copy)", 300000, 0],
      ["CloudTrail S3 data events (data buckets)", 1000000, 1],
      // 5,000 x $0.10 / 100,000 = $0.005.
      ["CloudTrail S3 data events (Terraform state bucket)", 5000, 0.01],
      ["CloudTrail ML data events (SageMaker, Bedrock)", 0, 0],
      ["CloudTrail network activity events (VPC endpoints)", 0, 0],
      // 330,000 x $0.35 / 100,000 = $1.155.
      ["CloudTrail Insights (call rate + error rate)", 330000, 1.16],
      ["CloudWatch Logs ingestion", 3, 1.5],
      ["CloudWatch Logs storage", 36, 1.08],
      ["CloudWatch alarms", 15, 1.5],
      ["KMS keys", 2, 2],
      ["KMS requests", 20000, 0.06],
    ]);
    // 0.02 + 0.03 + 0.03 + 0 + 0 + 1 + 0.01 + 1.16 + 1.5 + 1.08 + 1.5 + 2 + 0.06, added by hand: the lines as the report shows them.
    expect(estimate.totalUsd).toBe(8.39);
    expect(estimate.lines.every((l) => !l.assumed)).toBe(true);
  });

  test("each line says how its quantity was computed, in words an approver can check", () => {
    expect(estimateCost(foundation, DEFAULT_COST_ASSUMPTIONS).lines.map((l) => l.formula)).toEqual([
      "1 month(s) x 1 GB",
      "2 month(s) x 1 GB",
      "9 month(s) x 1 GB",
      "1 month(s) x 1 GB",
      "300000 events; the first copy in an account is free (assumes no other trail, such as an organization trail, records them)",
      "1000000 events on 1 bucket(s)",
      "5000 events",
      "no ML data events recorded",
      "no network activity events recorded",
      "270000 reads (error rate) + 30000 writes x 2 (call rate and error rate)",
      "3 GB/month",
      "12 month(s) kept x 3 GB (ingested size: an upper bound, storage is billed compressed)",
      "15 alarms",
      "2 customer keys",
      "20000 requests",
    ]);
    const bare = estimateCost({ ...foundation, insights: false, dataEventBuckets: 0, stateBucketDataEvents: false, managementEventsCopy: "paid" }, DEFAULT_COST_ASSUMPTIONS).lines;
    expect(bare.slice(4, 10).map((l) => [l.formula, l.quantity])).toEqual([
      ["300000 events; another trail of this account already delivers the free first copy", 300000],
      ["no data bucket recorded", 0],
      ["state bucket not recorded", 0],
      ["no ML data events recorded", 0],
      ["no network activity events recorded", 0],
      ["Insights off", 0],
    ]);
  });

  const lineNamed = <T extends { item: string }>(lines: readonly T[], prefix: string): T => lines.find((l) => l.item.startsWith(prefix))!;

  test("Insights analyses writes twice (call rate and error rate) and reads once (error rate), as the CloudTrail guide's example", () => {
    // The guide's example: 270,000 reads and 30,000 writes are 330,000 analysed events.
    const guide = lineNamed(estimateCost(foundation, { ...DEFAULT_COST_ASSUMPTIONS, managementEventsPerMonth: 300_000, writeEventShare: 0.1 }).lines, "CloudTrail Insights");
    // $1.155, which is 1.1549999999999998 in floating point, is rounded up as the half cent it is.
    expect([guide.quantity, guide.usd]).toEqual([330_000, 1.16]);
    const half = lineNamed(estimateCost(foundation, { ...DEFAULT_COST_ASSUMPTIONS, managementEventsPerMonth: 1_000_000, writeEventShare: 0.5 }).lines, "CloudTrail Insights");
    expect([half.quantity, half.usd]).toEqual([1_500_000, 5.25]);
    expect(lineNamed(estimateCost({ ...foundation, insights: false }, DEFAULT_COST_ASSUMPTIONS).lines, "CloudTrail Insights").usd).toBe(0);
  });

  test("a second trail in the account pays for its copy of management events: 300,000 x $2 / 100,000 = $6", () => {
    const line = lineNamed(estimateCost({ ...foundation, managementEventsCopy: "paid" }, DEFAULT_COST_ASSUMPTIONS).lines, "CloudTrail management events");
    expect([line.item, line.quantity, line.usd]).toEqual(["CloudTrail management events (paid copy)", 300_000, 6]);
  });

  test("prices every bucket the trail records: the state bucket's events are a line of their own, and absent when not recorded", () => {
    const without = estimateCost({ ...foundation, stateBucketDataEvents: false, dataEventBuckets: 0 }, DEFAULT_COST_ASSUMPTIONS).lines;
    expect(lineNamed(without, "CloudTrail S3 data events (Terraform").usd).toBe(0);
    expect(lineNamed(without, "CloudTrail S3 data events (data").usd).toBe(0);
  });

  test("a region without prices in the table is priced at us-east-1's, and every line says so", () => {
    const frankfurt = estimateCost({ ...foundation, region: "eu-central-1" }, DEFAULT_COST_ASSUMPTIONS).lines;
    expect(frankfurt.every((l) => l.assumed)).toBe(true);
    const ohio = estimateCost({ ...foundation, region: "us-east-2" }, DEFAULT_COST_ASSUMPTIONS).lines;
    expect(ohio.some((l) => l.assumed)).toBe(false);
  });

  test("storage fills the classes as the lifecycle moves files: month 1 is all STANDARD", () => {
    const quantities = estimateCost(foundation, { ...DEFAULT_COST_ASSUMPTIONS, month: 1, logGbPerMonth: 10 }).lines.slice(0, 4).map((l) => l.quantity);
    expect(quantities).toEqual([10, 0, 0, 0]);
    const year3 = estimateCost(foundation, { ...DEFAULT_COST_ASSUMPTIONS, month: 36, logGbPerMonth: 10 }).lines.slice(0, 4).map((l) => l.quantity);
    expect(year3).toEqual([10, 20, 90, 240]);
  });

  test("uses the Glacier Instant Retrieval price when the lifecycle uses it", () => {
    const line = lineNamed(estimateCost({ ...foundation, glacierStorageClass: "GLACIER_IR" }, DEFAULT_COST_ASSUMPTIONS).lines, "S3 log files in GLACIER");
    expect([line.item, line.price]).toEqual(["S3 log files in GLACIER_IR (90-365 days)", PRICES.s3GlacierIr]);
  });

  test("every price states its source and when it was checked", () => {
    for (const price of Object.values(PRICES)) {
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9]+\/pricing\/$/);
      expect(price.checked).toMatch(/2026-11-2[27]/);
    }
  });
});
