/** The trail: its settings, status, delivery and selectors. */
import { GetEventSelectorsCommand, GetInsightSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { attempt, keyIdOf, row, sameSet, type AccountCheckContext, type Json, type Row } from "./common";

/** Advanced event selectors in a comparable form: sorted selectors, fields and values. */
function canonicalSelectors(selectors: readonly Json[]): string {
  return JSON.stringify(
    [...selectors]
      .map((s) => ({
        Name: s.Name ?? "",
        FieldSelectors: [...(s.FieldSelectors ?? [])]
          .map((f: Json) =>
            Object.fromEntries(
              Object.keys(f)
                .filter((k) => f[k] !== undefined && !(Array.isArray(f[k]) && f[k].length === 0))
                .sort()
                .map((k) => [k, Array.isArray(f[k]) ? [...f[k]].sort() : f[k]]),
            ),
          )
          .sort((a: Json, b: Json) => String(a.Field).localeCompare(String(b.Field))),
      }))
      .sort((a, b) => a.Name.localeCompare(b.Name)),
  );
}

/** The trail, its status, selectors and delivery; returns the trail's start time for the age-dependent checks. */
export async function checkTrail(c: AccountCheckContext, keyArns: Readonly<Record<string, string>>): Promise<{ rows: Row[]; startedAt?: Date }> {
  const { api, expected: e } = c;
  const t = e.trail;
  const g = "Trail";
  const got = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetTrailCommand({ Name: t.name })));
  if (!got.value?.Trail) return { rows: [row(g, "exists in the home region", t.name, `trail ${t.name} in ${e.region}`, got.error ?? "not found", false)] };
  const trail = got.value.Trail;
  const rows: Row[] = [row(g, "exists in the home region", t.name, `trail ${t.name} in ${e.region}`, `${trail.TrailARN} (home region ${trail.HomeRegion})`, trail.HomeRegion === e.region)];
  if (t.organization) {
    rows.push(row(g, "organization trail", t.name, "IsOrganizationTrail true", `IsOrganizationTrail ${trail.IsOrganizationTrail === true}`, trail.IsOrganizationTrail === true));
  }
  rows.push(row(g, "multi-region", t.name, String(t.multiRegion), String(trail.IsMultiRegionTrail === true), (trail.IsMultiRegionTrail === true) === t.multiRegion));
  rows.push(
    row(g, "global service events", t.name, String(t.globalServiceEvents), String(trail.IncludeGlobalServiceEvents === true), (trail.IncludeGlobalServiceEvents === true) === t.globalServiceEvents),
  );
  rows.push(row(g, "log file validation", t.name, String(t.logFileValidation), String(trail.LogFileValidationEnabled === true), (trail.LogFileValidationEnabled === true) === t.logFileValidation));
  const wantKey = keyArns[t.kmsAlias];
  rows.push(row(g, "encrypts with the configured key", t.name, `${t.kmsAlias} (${wantKey ?? "key not found"})`, trail.KmsKeyId ?? "no key", wantKey !== undefined && keyIdOf(trail.KmsKeyId) === keyIdOf(wantKey)));
  rows.push(row(g, "delivers to its bucket", t.name, `${t.bucket}, prefix ${t.keyPrefix}`, `${trail.S3BucketName}, prefix ${trail.S3KeyPrefix ?? ""}`, trail.S3BucketName === t.bucket && (trail.S3KeyPrefix ?? "") === t.keyPrefix));
  const group = String(trail.CloudWatchLogsLogGroupArn ?? "");
  const role = String(trail.CloudWatchLogsRoleArn ?? "");
  rows.push(
    row(
      g,
      "delivers to CloudWatch Logs",
      t.name,
      `log group ${t.logGroup}, role ${t.cloudWatchLogsRole}`,
      group ? `${group}, ${role}` : "no CloudWatch Logs delivery",
      group.includes(`:log-group:${t.logGroup}:`) && role.endsWith(`:role/${t.cloudWatchLogsRole}`),
    ),
  );

  const status = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetTrailStatusCommand({ Name: t.name })));
  const s = status.value ?? {};
  rows.push(row(g, "is logging", t.name, "IsLogging true", status.error ?? `IsLogging ${s.IsLogging === true}`, s.IsLogging === true));
  for (const field of ["LatestDeliveryError", "LatestDigestDeliveryError", "LatestCloudWatchLogsDeliveryError"]) {
    rows.push(row(g, `no ${field}`, t.name, "none", status.error ?? (s[field] ? String(s[field]) : "none"), !status.error && !s[field]));
  }
  const startedAt: Date | undefined = s.StartLoggingTime ? new Date(s.StartLoggingTime) : undefined;
  const now = c.now().getTime();
  const young = (ms: number): boolean => startedAt !== undefined && now - startedAt.getTime() < ms;
  const digest: Date | undefined = s.LatestDigestDeliveryTime ? new Date(s.LatestDigestDeliveryTime) : undefined;
  const digestFresh = digest !== undefined && now - digest.getTime() <= 2 * 3600_000;
  rows.push(
    row(
      g,
      "delivered a digest file in the last 2 hours",
      t.name,
      "a digest within 2 h",
      digest ? `latest digest ${digest.toISOString()}` : young(2 * 3600_000) ? "none yet (the trail started logging less than 2 h ago)" : "no digest delivered",
      digestFresh,
      !digestFresh && young(2 * 3600_000),
    ),
  );

  const selectors = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetEventSelectorsCommand({ TrailName: t.name })));
  const observedSelectors = selectors.value?.AdvancedEventSelectors ?? [];
  rows.push(
    row(
      g,
      "advanced event selectors as declared",
      t.name,
      canonicalSelectors(t.advancedEventSelectors),
      selectors.error ?? canonicalSelectors(observedSelectors),
      !selectors.error && canonicalSelectors(t.advancedEventSelectors) === canonicalSelectors(observedSelectors),
    ),
  );
  const insights = await attempt(() => api.send<Json>(api.clients.cloudtrail, new GetInsightSelectorsCommand({ TrailName: t.name })));
  const types: string[] = (insights.value?.InsightSelectors ?? []).map((i: Json) => i.InsightType).sort();
  // A trail without Insights answers InsightNotEnabledException.
  const insightsObserved = insights.error?.startsWith("InsightNotEnabledException") ? [] : types;
  rows.push(
    row(
      g,
      "Insights selectors as declared",
      t.name,
      t.insightTypes.join(", ") || "none",
      insights.error && !insights.error.startsWith("InsightNotEnabledException") ? insights.error : insightsObserved.join(", ") || "none",
      (!insights.error || insights.error.startsWith("InsightNotEnabledException")) && sameSet(insightsObserved, t.insightTypes),
    ),
  );
  return { rows, startedAt };
}
