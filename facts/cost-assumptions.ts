/**
 * The workload a cost estimate assumes: the configuration's `costAssumptions` (config validates
 * and defaults them, review prices them).
 */

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
  /** Data events per month of each ML resource type a preset records (audit.mlDataEvents). */
  readonly mlDataEventsPerMonth: number;
  /** Requests per month through the VPC endpoints of each event source recorded (audit.networkActivity). */
  readonly networkActivityEventsPerMonth: number;
  /** Share of those requests a VPC endpoint policy refuses: all that `errorsOnly` records. */
  readonly vpceDeniedShare: number;
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
  mlDataEventsPerMonth: 200_000,
  networkActivityEventsPerMonth: 1_000_000,
  vpceDeniedShare: 0.001,
  month: 13,
};
