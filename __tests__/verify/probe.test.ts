import { Api } from "../../aws/api";
import { createClients } from "../../verify/aws";
import { probe } from "../../verify/probe";
import { NOW, fixture, mockAws, type Fixture } from "./world";

let current: Fixture;
const mocks = mockAws(() => current.world);
const MARKER = "mlops-verify-probe-test-marker";

/** A clock that only moves when the probe sleeps. */
function fakeClock() {
  let t = NOW.getTime();
  const slept: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

const event = { CloudTrailEvent: JSON.stringify({ eventName: "DescribeTrails", userAgent: `aws-sdk-js/3 ${MARKER}` }) };
const noise = { CloudTrailEvent: JSON.stringify({ eventName: "DescribeTrails", userAgent: "aws-cli/2" }) };

async function run(setup: (f: Fixture) => void, timeoutMs = 15 * 60_000) {
  current = fixture("dev");
  setup(current);
  mocks.reset();
  const clock = fakeClock();
  const progress: string[] = [];
  const api = new Api(createClients("us-east-1"));
  const rows = await probe({ api, region: "us-east-1", logGroup: "mlops-cloudtrail-log-group", timeoutMs, pollMs: 30_000, now: clock.now, sleep: clock.sleep, progress: (l) => progress.push(l), marker: MARKER });
  return { rows, progress, slept: clock.slept, calls: api.calls };
}

describe("verify --probe", () => {
  test("finds the marked call in CloudTrail's history and in CloudWatch Logs, and reports how long it took", async () => {
    const { rows, progress } = await run((f) => {
      f.world.history = [() => ({ Events: [noise] }), () => ({ Events: [noise] }), () => ({ Events: [noise, event] })];
      f.world.logEvents = [() => ({ events: [] }), () => ({ events: [{ message: JSON.stringify({ userAgent: MARKER }) }] })];
    });
    expect(rows.map((r) => [r.check, r.status, r.observed])).toEqual([
      ["a marked read call reaches CloudTrail event history", "pass", "seen after 1m 0s"],
      ["the same call reaches CloudWatch Logs", "pass", "seen after 0m 30s"],
    ]);
    expect(progress).toEqual([
      "probe: waiting for mlops-verify-probe-test-marker in CloudTrail event history and CloudWatch Logs mlops-cloudtrail-log-group (0m 0s of 15m 0s)",
      "probe: waiting for mlops-verify-probe-test-marker in CloudTrail event history (0m 30s of 15m 0s)",
    ]);
    // The log group, found at the second poll, is not asked again at the third.
    expect(mocks.sent().filter((c) => c === "FilterLogEventsCommand")).toHaveLength(2);
  });

  test("reads every page of a poll: the marker on a second page of a busy history, and after an empty page of log events", async () => {
    const { rows, slept } = await run((f) => {
      f.world.history = [() => ({ Events: [noise, noise], NextToken: "page-2" }), () => ({ Events: [noise, event] })];
      f.world.logEvents = [() => ({ events: [], nextToken: "more" }), () => ({ events: [{ message: JSON.stringify({ userAgent: MARKER }) }] })];
    });
    expect(rows.map((r) => [r.status, r.observed])).toEqual([
      ["pass", "seen after 0m 0s"],
      ["pass", "seen after 0m 0s"],
    ]);
    expect(slept).toEqual([]);
    const sent = mocks.sent();
    expect(sent.filter((c) => c === "LookupEventsCommand")).toHaveLength(2);
    expect(sent.filter((c) => c === "FilterLogEventsCommand")).toHaveLength(2);
  });

  test("gives up at the timeout and fails both rows", async () => {
    const { rows, slept } = await run(() => undefined, 2 * 60_000);
    expect(rows.map((r) => [r.status, r.observed])).toEqual([
      ["fail", "not seen within 2m 0s"],
      ["fail", "not seen within 2m 0s"],
    ]);
    // Polls at 0, 30, 60, 90 and 120 s: four waits.
    expect(slept).toEqual([30_000, 30_000, 30_000, 30_000]);
  });

  test("a throttled poll is tried again at the next interval, and said so", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const { rows } = await run((f) => {
      f.world.history = [
        () => {
          throw throttled;
        },
        () => ({ Events: [event] }),
      ];
      f.world.logEvents = [() => ({ events: [{ message: MARKER }] })];
    });
    expect(rows.map((r) => [r.status, r.observed])).toEqual([
      ["pass", "seen after 0m 30s (1 throttled poll retried)"],
      ["pass", "seen after 0m 30s (1 throttled poll retried)"],
    ]);
  });

  test("another error ends the probe with the reason in its rows", async () => {
    const { rows } = await run((f) => {
      f.world.history = [
        () => {
          throw Object.assign(new Error("User is not authorized to perform: cloudtrail:LookupEvents"), { name: "AccessDeniedException" });
        },
      ];
    });
    expect(rows.map((r) => [r.status, r.observed])).toEqual([
      ["fail", "could not poll: AccessDeniedException: User is not authorized to perform: cloudtrail:LookupEvents"],
      ["fail", "could not poll: AccessDeniedException: User is not authorized to perform: cloudtrail:LookupEvents"],
    ]);
  });

  test("only this call counts: a marked event from before the probe started, and a log event of another marker, are not it; the rows in full", async () => {
    const { rows, progress } = await run((f) => {
      const old = { ...event, EventTime: new Date(NOW.getTime() - 10 * 60_000) };
      f.world.history = [() => ({ Events: [old] }), () => ({ Events: [event] })];
      f.world.logEvents = [() => ({ events: [{ message: "mlops-verify-probe-another" }] }), () => ({ events: [{ message: MARKER, timestamp: NOW.getTime() - 10 * 60_000 }] }), () => ({ events: [{ message: MARKER }] })];
    });
    expect(rows).toEqual([
      { group: "Probe", check: "a marked read call reaches CloudTrail event history", resource: MARKER, expected: "within 15m 0s", observed: "seen after 0m 30s", status: "pass" },
      { group: "Probe", check: "the same call reaches CloudWatch Logs", resource: "mlops-cloudtrail-log-group", expected: "within 15m 0s", observed: "seen after 1m 0s", status: "pass" },
    ]);
    expect(progress).toEqual([
      `probe: waiting for ${MARKER} in CloudTrail event history and CloudWatch Logs mlops-cloudtrail-log-group (0m 0s of 15m 0s)`,
      `probe: waiting for ${MARKER} in CloudWatch Logs mlops-cloudtrail-log-group (0m 30s of 15m 0s)`,
    ]);
  });

  test("two throttled polls are counted", async () => {
    const throttled = (): never => {
      throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    };
    const { rows } = await run((f) => {
      f.world.history = [throttled, throttled, () => ({ Events: [event] })];
      f.world.logEvents = [() => ({ events: [{ message: MARKER }] })];
    });
    expect(rows.map((r) => r.observed)).toEqual(["seen after 1m 0s (2 throttled polls retried)", "seen after 1m 0s (2 throttled polls retried)"]);
  });

  test("asks for exactly its call: DescribeTrails events from a minute before it, 50 a page; log events matching the quoted marker from the same time; each source until found", async () => {
    const { rows } = await run((f) => {
      f.world.history = [() => ({ Events: [event] })];
      f.world.logEvents = [() => ({ events: [] }), () => ({ events: [{ message: MARKER }] })];
    });
    expect(rows.map((r) => r.status)).toEqual(["pass", "pass"]);
    const since = new Date(NOW.getTime() - 60_000);
    // History found at the first poll is not asked again; the log group is asked until found.
    expect(mocks.inputsOf("LookupEventsCommand")).toEqual([{ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "DescribeTrails" }], StartTime: since, MaxResults: 50 }]);
    expect(mocks.inputsOf("FilterLogEventsCommand")).toEqual([
      { logGroupName: "mlops-cloudtrail-log-group", startTime: since.getTime(), filterPattern: `"${MARKER}"`, limit: 50 },
      { logGroupName: "mlops-cloudtrail-log-group", startTime: since.getTime(), filterPattern: `"${MARKER}"`, limit: 50 },
    ]);
  });

  test("without a marker given, a unique one of its own names the row", async () => {
    current = fixture("dev");
    mocks.reset();
    const clock = fakeClock();
    const rows = await probe({ api: new Api(createClients("us-east-1")), region: "us-east-1", logGroup: "g", timeoutMs: 0, pollMs: 1, now: clock.now, sleep: clock.sleep, progress: () => undefined });
    expect(rows[0].resource).toMatch(/^mlops-verify-probe-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
