/** What every check of a deployed environment shares: its rows and context, and one call made safely. */
import type { EnvironmentConfig } from "../../config/types";
import { errorOf, type Api } from "../../aws/api";
import type { Clients } from "../aws";
import type { Expected } from "../expected";

// SDK responses are read field by field; the generated types are too deep to spell out here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Status = "pass" | "fail" | "warn";

export interface Row {
  readonly group: string;
  readonly check: string;
  readonly resource: string;
  readonly expected: string;
  readonly observed: string;
  readonly status: Status;
}

/** What the audit checks (trail, keys, buckets, alarms) read: one account's share of the expectations. */
export type AuditExpected = Pick<Expected, "accountId" | "region" | "trail" | "buckets" | "keyAliases" | "alarms" | "topic" | "retained">;

/** The context of the audit checks, in an environment's account or one of an organization's. */
export interface AccountCheckContext {
  readonly api: Api<Clients>;
  readonly expected: AuditExpected;
  /** The clock, injectable for tests. */
  readonly now: () => Date;
}

/** An environment's checks: the audit checks' context, the whole expectations and the configuration. */
export interface CheckContext extends AccountCheckContext {
  readonly expected: Expected;
  readonly config: EnvironmentConfig;
}

export const row = (group: string, check: string, resource: string, expected: string, observed: string, ok: boolean, warnInstead = false): Row => ({
  group,
  check,
  resource,
  expected,
  observed,
  status: ok ? "pass" : warnInstead ? "warn" : "fail",
});

/** "<name>: <message>" of whatever a call threw. */
export const errorText = (error: unknown): string => {
  const { name, message } = errorOf(error);
  return `${name}: ${message}`;
};

/** Runs one API call; an error becomes the observed value of a failing row instead of stopping everything. */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error: errorText(error) };
  }
}

export const sameSet = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
export const keyIdOf = (arnOrId: string | undefined): string => String(arnOrId ?? "").replace(/^.*:key\//, "");
