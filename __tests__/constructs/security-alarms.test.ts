import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { CIS_MONITORING_CONTROLS } from "../../constructs/cis-monitoring";
import { SecurityAlarms } from "../../constructs/security-alarms";
import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, OTHER_ACCOUNT, configFor, resourceAt, resourcesOf, synthesize, testApp, type Json } from "../helpers";
import { ALLOW_ALL, decide, type Decision, type Policies, type Request } from "../support/iam";
import { unprovenConditions } from "../support/necessity";

const REGION = "us-east-1";
const PUBLISHED: Record<string, string> = JSON.parse(readFileSync(join(__dirname, "../fixtures/cis-metric-filter-patterns.json"), "utf8")).patterns;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:mlops-retail-prediction-dev-security-alarms`;
const NAMESPACE = "CISBenchmark/mlops-retail-prediction-dev";

const dev = synthesize(new FoundationStack(testApp(), configFor("dev", { alarmEmails: ["secops@example.com", "oncall@example.com"] })));
const filters = Object.values(resourcesOf(dev, "aws_cloudwatch_log_metric_filter"));
const alarms = Object.values(resourcesOf(dev, "aws_cloudwatch_metric_alarm"));
const filterOf = (metric: string): Json => filters.find((f: Json) => f.metric_transformation.name === metric);
const alarmOf = (metric: string): Json => alarms.find((a: Json) => a.metric_name === metric);

describe("SecurityAlarms in the dev foundation stack", () => {
  test("covers all 15 CIS monitoring controls by default", () => {
    expect(CIS_MONITORING_CONTROLS.map((c) => c.cis)).toEqual(Object.keys(PUBLISHED));
    expect(filters).toHaveLength(15);
    expect(alarms).toHaveLength(15);
  });

  test.each(CIS_MONITORING_CONTROLS.map((c) => [c.cis, c.metricName]))("CIS %s: the %s filter's pattern is exactly the published text", (cis, metric) => {
    expect(filterOf(metric)).toMatchObject({
      name: `mlops-retail-prediction-dev-cis-${cis}-${metric}`,
      log_group_name: "${aws_cloudwatch_log_group.Audit_LogGroup_B448BA69.name}",
      pattern: PUBLISHED[cis],
      metric_transformation: { name: metric, namespace: NAMESPACE, value: "1" },
    });
  });

  test.each(CIS_MONITORING_CONTROLS.map((c) => [c.cis, c.metricName]))("CIS %s: the %s alarm fires on >= 1 in 5 minutes to the topic", (cis, metric) => {
    expect(alarmOf(metric)).toMatchObject({
      alarm_name: `mlops-retail-prediction-dev-cis-${cis}-${metric}`,
      namespace: NAMESPACE,
      metric_name: metric,
      statistic: "Sum",
      period: 300,
      evaluation_periods: 1,
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      treat_missing_data: "notBreaching",
      actions_enabled: true,
      alarm_actions: ["${aws_sns_topic.SecurityAlarms_Topic_4D8BC519.arn}"],
    });
    expect(alarmOf(metric).depends_on).toEqual([expect.stringMatching(new RegExp(`^aws_cloudwatch_log_metric_filter\\.SecurityAlarms_${metric}Filter_`))]);
  });

  test("the topic is encrypted with its own rotating key and subscribes the configured e-mails", () => {
    expect(resourceAt(dev, "aws_sns_topic", "SecurityAlarms/Topic")).toMatchObject({
      name: "mlops-retail-prediction-dev-security-alarms",
      kms_master_key_id: "${aws_kms_key.SecurityAlarms_Key_19A2BCB6.arn}",
    });
    expect(resourceAt(dev, "aws_kms_key", "SecurityAlarms/Key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 7 });
    expect(resourceAt(dev, "aws_kms_alias", "SecurityAlarms/KeyAlias").name).toBe("alias/mlops-retail-prediction-dev-security-alarms-key");
    expect(Object.values(resourcesOf(dev, "aws_sns_topic_subscription")).map((s: Json) => [s.protocol, s.endpoint])).toEqual([
      ["email", "secops@example.com"],
      ["email", "oncall@example.com"],
    ]);
  });

  test("the alarm key can be destroyed in dev and is kept, with a 30-day window, where evidence is retained", () => {
    expect(resourceAt(dev, "aws_kms_key", "SecurityAlarms/Key").lifecycle).toEqual({ prevent_destroy: false });
    const prod = synthesize(new FoundationStack(testApp(), configFor("prod")));
    expect(resourceAt(prod, "aws_kms_key", "SecurityAlarms/Key")).toMatchObject({ deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  test("is secure by default: built with no optional settings, it keeps its key 30 days after deletion, refuses destroy, and alarms on every control at 1 event", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const built = new SecurityAlarms(stack, "Alarms", {
      accountId: ACCOUNT,
      region: REGION,
      logGroupName: "g",
      topicName: "t",
      kmsAlias: "alias/t",
      namePrefix: "p-",
      metricNamespace: "N",
    });
    // Each control with its filter and alarm, for a caller that adds actions or dashboards.
    expect(built.alarms.map((a) => [a.control.key, a.filter.nameInput, a.alarm.alarmNameInput])).toEqual(CIS_MONITORING_CONTROLS.map((c) => [c.key, `p-${c.cis}-${c.metricName}`, `p-${c.cis}-${c.metricName}`]));
    const json = synthesize(stack);
    expect(resourceAt(json, "aws_kms_key", "Alarms/Key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const defaults = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm"));
    expect(defaults).toHaveLength(15);
    expect(new Set(defaults.map((a: Json) => JSON.stringify([a.threshold, a.actions_enabled, a.treat_missing_data, a.comparison_operator, a.period, a.evaluation_periods, a.statistic])))).toEqual(
      new Set([JSON.stringify([1, true, "notBreaching", "GreaterThanOrEqualToThreshold", 300, 1, "Sum"])]),
    );
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toEqual({});
    // Without break-glass principals, no deny: the topic policy is CloudWatch's allow and the TLS deny.
    expect(JSON.parse(resourceAt(json, "aws_sns_topic_policy", "Alarms/TopicPolicy").policy).Statement.map((s: Json) => s.Sid)).toEqual(["CloudWatchAlarmsPublish", "DenyInsecureTransport"]);
  });

  test("has no subscription without configured e-mails, and outputs the topic ARN", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev")));
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toEqual({});
    expect(json.output.security_alarms_topic_arn.value).toBe(TOPIC_ARN);
  });

  test("each alarm's description names its CIS recommendation, its Security Hub control where there is one, and what it watches", () => {
    expect(alarmOf("RootAccountUsage").alarm_description).toBe('CIS 4.3 / CloudWatch.1: Usage of the "root" account');
    expect(alarmOf("OrganizationsChanges").alarm_description).toBe("CIS 4.15: AWS Organizations changes");
  });

  test("the noisy controls take their configured thresholds", () => {
    const json = synthesize(
      new FoundationStack(testApp(), configFor("dev", { alarms: { unauthorizedApiCallsThreshold: 10, consoleAuthFailuresThreshold: 3 } })),
    );
    const threshold = (metric: string): number => Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).find((a: Json) => a.metric_name === metric).threshold;
    expect([threshold("UnauthorizedAPICalls"), threshold("ConsoleAuthenticationFailure"), threshold("RootAccountUsage")]).toEqual([10, 3, 1]);
  });

  test("the namespace is configurable", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev", { alarms: { metricNamespace: "Security/CIS" } })));
    expect(new Set(Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).map((a: Json) => a.namespace))).toEqual(new Set(["Security/CIS"]));
  });

  test.each(CIS_MONITORING_CONTROLS.map((c) => [c.key, c.metricName]))("turning %s off removes exactly its filter and alarm", (key, metric) => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev", { alarms: { disabledControls: [key] } })));
    const metricsOf = (type: string, field: (r: Json) => string): string[] => Object.values(resourcesOf(json, type)).map(field).sort();
    const expected = CIS_MONITORING_CONTROLS.map((c) => c.metricName as string)
      .filter((m) => m !== metric)
      .sort();
    expect(metricsOf("aws_cloudwatch_log_metric_filter", (f) => f.metric_transformation.name)).toEqual(expected);
    expect(metricsOf("aws_cloudwatch_metric_alarm", (a) => a.metric_name)).toEqual(expected);
  });
});

/** Terraform's dependency edges: references `${type.name...}` and depends_on, by address. */
function dependencyGraph(json: Json): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [type, byName] of Object.entries(json.resource as Record<string, Record<string, Json>>)) {
    for (const [name, body] of Object.entries(byName)) {
      const text = JSON.stringify({ ...body, "//": undefined });
      const refs = [...text.matchAll(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g)].map((m) => `${m[1]}.${m[2]}`);
      graph.set(`${type}.${name}`, new Set([...refs, ...(body.depends_on ?? [])]));
    }
  }
  return graph;
}

function reaches(graph: Map<string, Set<string>>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === to) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...(graph.get(node) ?? []));
  }
  return false;
}

test("destroy removes every alarm before either KMS key is scheduled for deletion (each alarm depends on both keys)", () => {
  const graph = dependencyGraph(dev);
  const keys = Object.keys(resourcesOf(dev, "aws_kms_key")).map((k) => `aws_kms_key.${k}`);
  expect(keys).toHaveLength(2);
  const alarmAddresses = Object.keys(resourcesOf(dev, "aws_cloudwatch_metric_alarm")).map((a) => `aws_cloudwatch_metric_alarm.${a}`);
  for (const alarm of alarmAddresses) for (const key of keys) expect([alarm, key, reaches(graph, alarm, key)]).toEqual([alarm, key, true]);
  // The check can fail: the trail does not depend on the alarms key.
  const trail = `aws_cloudtrail.${Object.keys(resourcesOf(dev, "aws_cloudtrail"))[0]}`;
  expect(keys.map((key) => reaches(graph, trail, key))).toEqual([true, false]);
});

const topicPolicy = JSON.parse(resourceAt(dev, "aws_sns_topic_policy", "SecurityAlarms/TopicPolicy").policy);
const keyPolicy = JSON.parse(resourceAt(dev, "aws_kms_key", "SecurityAlarms/Key").policy);
const OUR_ALARM = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:mlops-retail-prediction-dev-cis-4.3-RootAccountUsage`;
const publish = (context: Record<string, string>, principal = "cloudwatch.amazonaws.com"): Request => ({
  principal,
  action: "sns:Publish",
  resource: TOPIC_ARN,
  resourceAccount: ACCOUNT,
  context: { "aws:SecureTransport": "true", ...context },
});
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f0f0f0f-1111-2222-3333-444444444444`;
const throughSns = (principal: string, context: Record<string, string>): Request => ({ principal, action: "kms:Decrypt", resource: KEY_ARN, resourceAccount: ACCOUNT, context });

const cases: { description: string; policy: "topic" | "key" | "topic (holding Allow *)" | "key (holding Allow *)"; request: Request; expected: Decision }[] = [
  { description: "CloudWatch publishes for an alarm of this account", policy: "topic", request: publish({ "aws:SourceAccount": ACCOUNT, "aws:SourceArn": OUR_ALARM }), expected: "Allowed" },
  // Deny twins: each changes one condition of the allowed request above.
  {
    description: "CloudWatch publishes on behalf of another account for one of our alarm names (SourceAccount)",
    policy: "topic",
    request: publish({ "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": OUR_ALARM }),
    expected: "ImplicitlyDenied",
  },
  {
    description: "CloudWatch publishes for another account's alarm (SourceArn)",
    policy: "topic",
    request: publish({ "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${OTHER_ACCOUNT}:alarm:mlops-retail-prediction-dev-cis-x` }),
    expected: "ImplicitlyDenied",
  },
  {
    description: "CloudWatch publishes for an unrelated alarm of this account",
    policy: "topic",
    request: publish({ "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:billing-alarm` }),
    expected: "ImplicitlyDenied",
  },
  {
    description: "CloudWatch publishes without TLS",
    policy: "topic",
    request: publish({ "aws:SourceAccount": ACCOUNT, "aws:SourceArn": OUR_ALARM, "aws:SecureTransport": "false" }),
    expected: "ExplicitlyDenied",
  },
  { description: "another account's principal holding Allow * publishes", policy: "topic (holding Allow *)", request: publish({}, `arn:aws:iam::${OTHER_ACCOUNT}:role/x`), expected: "ImplicitlyDenied" },
  {
    description: "CloudWatch uses the key for an alarm of this account",
    policy: "key",
    request: { principal: "cloudwatch.amazonaws.com", action: "kms:GenerateDataKey", resource: KEY_ARN, resourceAccount: ACCOUNT, context: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": OUR_ALARM } },
    expected: "Allowed",
  },
  {
    description: "CloudWatch uses the key for an alarm of this account outside the project (SourceArn)",
    policy: "key",
    request: { principal: "cloudwatch.amazonaws.com", action: "kms:GenerateDataKey", resource: KEY_ARN, resourceAccount: ACCOUNT, context: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:billing-alarm` } },
    expected: "ImplicitlyDenied",
  },
  {
    description: "a subscriber of this account decrypts a message through SNS",
    policy: "key",
    request: throughSns(`arn:aws:iam::${ACCOUNT}:role/subscriber`, { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `sns.${REGION}.amazonaws.com` }),
    expected: "Allowed",
  },
  // Deny twins of the row above, one condition each.
  {
    description: "a principal of this account decrypts with the alarm key through another service (ViaService)",
    policy: "key",
    request: throughSns(`arn:aws:iam::${ACCOUNT}:role/subscriber`, { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
    expected: "ImplicitlyDenied",
  },
  {
    description: "another account's principal holding Allow * decrypts through SNS (CallerAccount)",
    policy: "key (holding Allow *)",
    request: throughSns(`arn:aws:iam::${OTHER_ACCOUNT}:role/x`, { "kms:CallerAccount": OTHER_ACCOUNT, "kms:ViaService": `sns.${REGION}.amazonaws.com` }),
    expected: "ImplicitlyDenied",
  },
  {
    description: "another account's principal holding Allow * decrypts with the alarm key",
    policy: "key (holding Allow *)",
    request: { principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`, action: "kms:Decrypt", resource: KEY_ARN, resourceAccount: ACCOUNT, context: {} },
    expected: "ImplicitlyDenied",
  },
  {
    description: "CloudWatch uses the key for another account",
    policy: "key",
    request: { principal: "cloudwatch.amazonaws.com", action: "kms:GenerateDataKey", resource: KEY_ARN, resourceAccount: ACCOUNT, context: { "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": OUR_ALARM } },
    expected: "ImplicitlyDenied",
  },
];

describe("evaluated topic and key decisions (iam-simulate)", () => {
  const policiesOf = (policy: (typeof cases)[number]["policy"]): Policies => ({
    resource: policy.startsWith("topic") ? topicPolicy : keyPolicy,
    ...(policy.endsWith("(holding Allow *)") ? { identity: [ALLOW_ALL] } : {}),
  });
  test.each(cases)("$description -> $expected", async ({ policy, request, expected }) => {
    expect(await decide(policiesOf(policy), request)).toBe(expected);
  });

  test.each([
    ["topic", topicPolicy],
    ["key", keyPolicy],
  ])("every condition of the %s policy is necessary: without any one of them, a row above gets another decision", async (_name, document) => {
    expect(await unprovenConditions(document, cases.map(({ policy, request, expected }) => ({ policies: policiesOf(policy), request, expected })))).toEqual([]);
  });
});
