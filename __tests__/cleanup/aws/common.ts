/**
 * What every mocked service of the cleanup account shares: the account, AWS's error shape, tag
 * lists and pages of two items (a caller that reads one page misses the rest).
 */
import type { AwsStub } from "aws-sdk-client-mock";

// Mocked AWS state is plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export type Tags = Record<string, string>;
// One stub of any client: the services differ in their input and output types only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Stub = AwsStub<any, any, any>;

/** A mocked service (or a few): its stubs by service name, and how to (re)install its answers. */
export interface ServiceMock {
  readonly stubs: Readonly<Record<string, Stub>>;
  readonly install: () => void;
}

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";

/** An error as the SDK raises a service's answer: its name, message and response metadata. */
export const error = (name: string, message: string): Error => Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400 } });
export const tagList = (tags: Tags): { Key: string; Value: string }[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

const PAGE = 2;
/** Two items per page, the token being the next offset; a token this world did not give is refused. */
export function page<T>(items: readonly T[], token: string | undefined): { slice: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw error("InvalidParameterValue", `Invalid pagination token ${token}`);
  return { slice: items.slice(start, start + PAGE), next: start + PAGE < items.length ? String(start + PAGE) : undefined };
}
