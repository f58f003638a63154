/**
 * `--probe` (the seed guide's section 3.3): makes one harmless, recorded read call that carries a
 * unique marker in its user agent, then polls CloudTrail's event history and the trail's
 * CloudWatch Logs group until the event shows up in both, or the timeout passes.
 */
import { randomUUID } from "node:crypto";
import { CloudTrailClient, DescribeTrailsCommand, paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import { paginateFilterLogEvents } from "@aws-sdk/client-cloudwatch-logs";
import type { Api } from "../aws/api";
import type { Clients } from "./aws";
import type { Row } from "./checks";
import { errorText } from "./checks/common";

export interface ProbeOptions {
  readonly api: Api<Clients>;
  readonly region: string;
  readonly logGroup: string;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Progress: a line to print (plain output) or to redraw in place (terminal). */
  readonly progress: (line: string) => void;
  /** The marker; random unless a test fixes it. */
  readonly marker?: string;
}

/** Whether any page matches; stops reading at the first that does. */
async function anyOf<P>(pages: AsyncIterable<P>, matches: (page: P) => boolean): Promise<boolean> {
  for await (const page of pages) if (matches(page)) return true;
  return false;
}

const minutes = (ms: number): string => `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
const isThrottling = (error: unknown): boolean => /Throttl|TooManyRequests|RequestLimitExceeded/.test(String((error as { name?: string }).name ?? error));

export async function probe(o: ProbeOptions): Promise<Row[]> {
  const marker = o.marker ?? `mlops-verify-probe-${randomUUID()}`;
  // The SDK appends the custom user agent to every request of this client: CloudTrail records it.
  const client = new CloudTrailClient({ region: o.region, customUserAgent: marker });
  const started = o.now();
  await o.api.send(client, new DescribeTrailsCommand({}));
  const found: { cloudTrail?: number; logs?: number } = {};
  let throttled = 0;
  let pollError: string | undefined;
  for (;;) {
    const elapsed = o.now().getTime() - started.getTime();
    try {
      // Every page, until the marker shows: other calls of a busy account fill the event history,
      // and FilterLogEvents may answer an empty page that does not end the results.
      if (found.cloudTrail === undefined) {
        const history = paginateLookupEvents(
          { client: o.api.via(o.api.clients.cloudtrail) },
          { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "DescribeTrails" }], StartTime: new Date(started.getTime() - 60_000), MaxResults: 50 },
        );
        if (await anyOf(history, (page) => (page.Events ?? []).some((e) => String(e.CloudTrailEvent ?? "").includes(marker)))) found.cloudTrail = elapsed;
      }
      if (found.logs === undefined) {
        const events = paginateFilterLogEvents(
          { client: o.api.via(o.api.clients.logs) },
          { logGroupName: o.logGroup, startTime: started.getTime() - 60_000, filterPattern: `"${marker}"`, limit: 50 },
        );
        if (await anyOf(events, (page) => (page.events ?? []).length > 0)) found.logs = elapsed;
      }
    } catch (error) {
      // The SDK already retried; a throttled poll is tried again at the next interval. Anything
      // else (a missing permission) ends the probe with the reason in its rows.
      if (!isThrottling(error)) {
        pollError = `could not poll: ${errorText(error)}`;
        break;
      }
      throttled++;
    }
    if ((found.cloudTrail !== undefined && found.logs !== undefined) || elapsed >= o.timeoutMs) break;
    o.progress(
      `probe: waiting for ${marker} in ${found.cloudTrail === undefined ? "CloudTrail event history" : ""}${found.cloudTrail === undefined && found.logs === undefined ? " and " : ""}` +
        `${found.logs === undefined ? `CloudWatch Logs ${o.logGroup}` : ""} (${minutes(elapsed)} of ${minutes(o.timeoutMs)})`,
    );
    await o.sleep(o.pollMs);
  }
  const note = throttled > 0 ? ` (${throttled} throttled poll${throttled > 1 ? "s" : ""} retried)` : "";
  const cell = (ms: number | undefined): string => (ms !== undefined ? `seen after ${minutes(ms)}` : (pollError ?? `not seen within ${minutes(o.timeoutMs)}`));
  return [
    { group: "Probe", check: "a marked read call reaches CloudTrail event history", resource: marker, expected: `within ${minutes(o.timeoutMs)}`, observed: cell(found.cloudTrail) + note, status: found.cloudTrail !== undefined ? "pass" : "fail" },
    { group: "Probe", check: "the same call reaches CloudWatch Logs", resource: o.logGroup, expected: `within ${minutes(o.timeoutMs)}`, observed: cell(found.logs) + note, status: found.logs !== undefined ? "pass" : "fail" },
  ];
}
