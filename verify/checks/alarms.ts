/** The CIS metric filters and alarms, and who receives them. */
import { paginateDescribeAlarmHistory, paginateDescribeAlarms } from "@aws-sdk/client-cloudwatch";
import { paginateDescribeMetricFilters } from "@aws-sdk/client-cloudwatch-logs";
import { paginateListSubscriptionsByTopic } from "@aws-sdk/client-sns";
import { collect } from "../../aws/api";
import { attempt, row, type AccountCheckContext, type Json, type Row } from "./common";

export async function checkAlarms(c: AccountCheckContext): Promise<Row[]> {
  const { api, expected: e } = c;
  const rows: Row[] = [];
  const filters: Json[] = [];
  const listed = await attempt(() => collect(paginateDescribeMetricFilters({ client: api.via(api.clients.logs) }, { logGroupName: e.trail.logGroup }), (p) => p.metricFilters));
  const filterError = listed.error;
  filters.push(...(listed.value ?? []));
  // The CIS controls give at most 15 alarms, within DescribeAlarms' 100 names.
  const described = await attempt(() => collect(paginateDescribeAlarms({ client: api.via(api.clients.cloudwatch) }, { AlarmNames: e.alarms.map((a) => a.alarmName) }), (p) => p.MetricAlarms));
  const alarms: Json[] = described.value ?? [];
  for (const want of e.alarms) {
    const filter = filters.find((f) => f.filterName === want.filterName);
    rows.push(
      row(
        "Alarms",
        "metric filter with the declared pattern",
        want.filterName,
        want.pattern,
        filterError ?? (filter ? (filter.filterPattern === want.pattern ? "the same pattern" : String(filter.filterPattern)) : "missing"),
        filter?.filterPattern === want.pattern,
      ),
    );
    const alarm = alarms.find((a) => a.AlarmName === want.alarmName);
    const actions: string[] = alarm?.AlarmActions ?? [];
    rows.push(
      row(
        "Alarms",
        "alarm with its action enabled",
        want.alarmName,
        `actions on, notifies ${e.topic.name}`,
        described.error ?? (alarm ? `actions ${alarm.ActionsEnabled ? "on" : "off"}, notifies ${actions.join(", ") || "nobody"}` : "missing"),
        alarm?.ActionsEnabled === true && actions.includes(e.topic.arn),
      ),
    );
  }
  const subscriptions = await attempt(() => collect(paginateListSubscriptionsByTopic({ client: api.via(api.clients.sns) }, { TopicArn: e.topic.arn }), (p) => p.Subscriptions));
  const all: Json[] = subscriptions.value ?? [];
  const confirmed = all.filter((s) => s.SubscriptionArn && s.SubscriptionArn !== "PendingConfirmation");
  rows.push(
    row(
      "Alarms",
      "topic has a confirmed subscription",
      e.topic.name,
      "at least one confirmed subscriber",
      subscriptions.error ?? `${confirmed.length} confirmed, ${all.length - confirmed.length} pending`,
      confirmed.length > 0,
      // Where evidence is kept, alarms nobody receives are a finding; in dev, a warning.
      !subscriptions.error && !e.retained,
    ),
  );
  // An alarm whose action failed (a topic policy or key that refuses CloudWatch) notified no one.
  const history = await attempt(() =>
    collect(
      paginateDescribeAlarmHistory({ client: api.via(api.clients.cloudwatch) }, { HistoryItemType: "Action", StartDate: new Date(c.now().getTime() - 14 * 86_400_000) }),
      (p) => p.AlarmHistoryItems,
    ),
  );
  const ours = new Set(e.alarms.map((a) => a.alarmName));
  const failed = (history.value ?? []).filter((h) => ours.has(String(h.AlarmName)) && /fail/i.test(String(h.HistorySummary ?? "")));
  rows.push(
    row(
      "Alarms",
      "no alarm action failed in the last 14 days",
      e.topic.name,
      "none failed",
      history.error ?? (failed.length === 0 ? "none failed" : failed.map((h) => `${h.AlarmName}: ${h.HistorySummary}`).join("; ")),
      !history.error && failed.length === 0,
    ),
  );
  return rows;
}
