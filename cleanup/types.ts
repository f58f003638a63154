/**
 * What every kind of leftover shares: the kinds, a plan item, the context a handler works in, and
 * the handler itself (discover read-only, re-check at apply time, remove). One handler per file
 * under cleanup/kinds/, registered in cleanup/kinds/index.ts, as the compliance rules are.
 */
import type { EnvironmentConfig } from "../config/types";
import type { Api } from "../aws/api";
import type { CleanupClients } from "./aws";

// SDK responses are read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const KINDS = [
  "cloudfront.distribution",
  "apigateway.rest-api",
  "lambda.function",
  "sagemaker.training-job",
  "sagemaker.endpoint",
  "sagemaker.endpoint-config",
  "sagemaker.model-package",
  "ecr.images",
  "eks.pod-identity-association",
  "eks.addon",
  "logs.log-group",
  "dynamodb.table",
  "s3.bucket",
  "iam.policy",
  "iam.role",
] as const;
export type Kind = (typeof KINDS)[number];

export interface PlanItem {
  /** `<kind>:<name>`, stable between plan and apply. */
  readonly id: string;
  readonly kind: Kind;
  readonly name: string;
  readonly arn?: string;
  readonly region: string;
  /** Which rule matched, with its name or pattern. */
  readonly rule: string;
  readonly dependsOn: readonly string[];
  /** What it costs while it stays, where known. */
  readonly cost?: string;
  /** What must still be true at apply time (tags, status, the images to delete...). */
  readonly match: Json;
}

export interface Excluded {
  readonly kind: Kind;
  readonly name: string;
  readonly why: string;
}

export interface CleanupContext {
  readonly api: Api<CleanupClients>;
  readonly config: EnvironmentConfig;
  /** Names this app creates: never planned, whatever matches (cdktf destroy removes them). */
  readonly ownNames: ReadonlySet<string>;
  /** Records one action (or a skip) for the JSONL log. */
  readonly record: (action: string, target: string, detail?: Json) => void;
  /** Progress of long waits. */
  readonly progress: (line: string) => void;
  /** How an SDK waiter polls for this kind (seconds): the defaults of WAITS, or a test's own. */
  readonly waits: (kind: WaitKind) => WaitTimes;
  readonly now: () => Date;
}

/** What cleanup waits for after asking AWS to delete or disable something. */
export type WaitKind = "cloudfront.distribution" | "sagemaker.endpoint" | "eks.addon" | "dynamodb.table" | "iam.settle";

/** An SDK waiter's polling, in seconds. */
export interface WaitTimes {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
}

/**
 * How long AWS takes, from its guides: CloudFront deploys in about 15 minutes; the others in
 * minutes. IAM is eventually consistent: a role or policy just emptied can still be reported
 * in use for a few seconds.
 */
export const WAITS: Readonly<Record<WaitKind, WaitTimes>> = {
  "cloudfront.distribution": { minDelay: 30, maxDelay: 60, maxWaitTime: 45 * 60 },
  "sagemaker.endpoint": { minDelay: 15, maxDelay: 60, maxWaitTime: 30 * 60 },
  "eks.addon": { minDelay: 10, maxDelay: 60, maxWaitTime: 20 * 60 },
  "dynamodb.table": { minDelay: 5, maxDelay: 30, maxWaitTime: 20 * 60 },
  "iam.settle": { minDelay: 2, maxDelay: 10, maxWaitTime: 2 * 60 },
};

export type Recheck = { readonly state: "match" } | { readonly state: "gone" } | { readonly state: "changed"; readonly why: string };

export interface Handler {
  readonly kind: Kind;
  /** What `remove` does, for the apply report (default "deleted"). */
  readonly done?: string;
  readonly discover: (c: CleanupContext) => Promise<{ items: PlanItem[]; excluded: Excluded[] }>;
  readonly recheck: (c: CleanupContext, item: PlanItem) => Promise<Recheck>;
  readonly remove: (c: CleanupContext, item: PlanItem) => Promise<void>;
}
