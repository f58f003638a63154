import { DEFAULT_COST_ASSUMPTIONS, PRICES, estimateCost, type BilledResources } from "../../review/cost";

const foundation: BilledResources = { insights: true, dataEvents: true, glacierStorageClass: "GLACIER", logRetentionDays: 365, kmsKeys: 2, alarms: 15 };

describe("estimateCost", () => {
  test("prices a small project in month 13, each line from its inputs, totalling the sum of the lines", () => {
    const estimate = estimateCost(foundation, DEFAULT_COST_ASSUMPTIONS);
    expect(estimate.lines.map((l) => [l.item, l.quantity, l.usd])).toEqual([
      ["S3 log files in STANDARD", 1, 0.023],
      ["S3 log files in STANDARD_IA (30-90 days)", 2, 0.025],
      ["S3 log files in GLACIER (90-365 days)", 9, 0.0324],
      ["S3 log files in DEEP_ARCHIVE (over 365 days)", 1, 0.001],
      ["CloudTrail management events (first copy)", 300000, 0],
      ["CloudTrail S3 data events", 1000000, 1],
      ["CloudTrail Insights (call rate + error rate)", 330000, 1.155],
      ["CloudWatch Logs ingestion", 3, 1.5],
      ["CloudWatch Logs storage", 36, 1.08],
      ["CloudWatch alarms", 15, 1.5],
      ["KMS keys", 2, 2],
      ["KMS requests", 20000, 0.06],
    ]);
    expect(estimate.totalUsd).toBe(8.3764);
    expect(estimate.totalUsd).toBeCloseTo(estimate.lines.reduce((sum, l) => sum + l.usd, 0), 10);
  });

  test("Insights analyses writes twice: once for call rate, once for error rate", () => {
    const insights = estimateCost(foundation, { ...DEFAULT_COST_ASSUMPTIONS, managementEventsPerMonth: 1_000_000, writeEventShare: 0.5 }).lines[6];
    expect([insights.quantity, insights.usd]).toEqual([1_500_000, 5.25]);
    expect(estimateCost({ ...foundation, insights: false }, DEFAULT_COST_ASSUMPTIONS).lines[6].usd).toBe(0);
  });

  test("storage fills the classes as the lifecycle moves files: month 1 is all STANDARD", () => {
    const quantities = estimateCost(foundation, { ...DEFAULT_COST_ASSUMPTIONS, month: 1, logGbPerMonth: 10 }).lines.slice(0, 4).map((l) => l.quantity);
    expect(quantities).toEqual([10, 0, 0, 0]);
    const year3 = estimateCost(foundation, { ...DEFAULT_COST_ASSUMPTIONS, month: 36, logGbPerMonth: 10 }).lines.slice(0, 4).map((l) => l.quantity);
    expect(year3).toEqual([10, 20, 90, 240]);
  });

  test("uses the Glacier Instant Retrieval price when the lifecycle uses it", () => {
    const line = estimateCost({ ...foundation, glacierStorageClass: "GLACIER_IR" }, DEFAULT_COST_ASSUMPTIONS).lines[2];
    expect([line.item, line.price]).toEqual(["S3 log files in GLACIER_IR (90-365 days)", PRICES.s3GlacierIr]);
  });

  test("every price states its source and when it was checked", () => {
    for (const price of Object.values(PRICES)) {
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9]+\/pricing\/$/);
      expect(price.checked).toMatch(/2026-11-22/);
    }
  });
});
