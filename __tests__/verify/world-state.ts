/** The mocked account's state and the constants every verify test shares (world.ts answers from it). */

// Mocked AWS state is plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const ACCOUNT = "111122223333";
export const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
export const ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
/** The fixed "now" of every test: the trail started logging three hours before. */
export const NOW = new Date("2026-11-27T12:00:00Z");

export interface World {
  /** The account this world is: its buckets answer to it as their owner. */
  account: string;
  caller: { Account: string; Arn: string } | "no credentials";
  keys: Record<string, { Arn: string; KeyState: string; rotation: boolean }>;
  trail: Json | undefined;
  status: Json;
  /** Advanced event selectors; null: the trail is on basic event selectors. */
  selectors: Json[] | null;
  insights: string[];
  buckets: Record<string, Json>;
  objects: Record<string, string[]>;
  roles: Record<string, { trust: Json; attached: string[]; inline: Record<string, Json>; boundary?: string }>;
  policies: Record<string, Json>;
  profiles: Record<string, string[]>;
  oidc: Record<string, string[]>;
  filters: Json[];
  alarms: Json[];
  /** null: the topic does not exist. */
  subscriptions: Json[] | null;
  /** The alarm topic's ARN and the trail's log group: what ListSubscriptionsByTopic and DescribeMetricFilters answer for. */
  topicArn: string;
  logGroup: string;
  /** The markers (custom user agents) of the DescribeTrails calls sent: the event history and the log group can only hold those. */
  marked: string[];
  /** What LookupEvents (CloudTrail event history) answers the probe, poll by poll; then nothing. */
  history: (() => Json)[];
  /** Alarm history items (DescribeAlarmHistory, HistoryItemType Action). */
  alarmHistory: Json[];
  /** What FilterLogEvents answers the probe, poll by poll; then nothing. */
  logEvents: (() => Json)[];
  /** EKS clusters by name: their Pod Identity associations, add-ons (status by name), and the ids of associations being deleted (still listed, no longer readable). */
  clusters: Record<string, { associations: Json[]; addons: Record<string, string>; deleting?: string[] }>;
  /** Actions (`iam:ListRolePolicies`) the verifying principal may not call: they answer AccessDenied, as IAM does for a role missing them. */
  denied: string[];
}
