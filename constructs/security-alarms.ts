import { Construct } from "constructs";
import type { Precondition } from "cdktf";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { CIS_MONITORING_CONTROLS, type CisControlKey, type CisMonitoringControl } from "./cis-monitoring";
import { keyEvidenceStatement, topicEvidenceStatements } from "./evidence-protection";
import { accountAdministersKey, renderPolicy, type PolicyStatement } from "./policy";

export interface SecurityAlarmsProps {
  readonly accountId: string;
  readonly region: string;
  /** The CloudTrail log group the metric filters read. */
  readonly logGroupName: string;
  readonly topicName: string;
  readonly kmsAlias: string;
  /** Prefix of every metric filter and alarm name; the control's CIS id and metric follow. */
  readonly namePrefix: string;
  /** CloudWatch namespace of the metrics. */
  readonly metricNamespace: string;
  /**
   * Controls left out.
   * @default - none: every CIS monitoring control is on
   */
  readonly disabledControls?: readonly CisControlKey[];
  /**
   * Alarm thresholds (events in 5 minutes) by control.
   * @default - 1 for every control
   */
  readonly thresholds?: Partial<Readonly<Record<CisControlKey, number>>>;
  /**
   * E-mail addresses subscribed to the topic (each must confirm).
   * @default - none
   */
  readonly emails?: readonly string[];
  /** @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * prevent_destroy on the key.
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * Principals exempt from the topic's and key's protection. When given, explicit denies keep
   * every other principal of the account from publishing to the topic, changing or deleting it,
   * and disabling, deleting or re-keying its key.
   * @default - no explicit denies: the topic policy only allows CloudWatch alarms of this
   * account, and identity policies of the account decide for its principals
   */
  readonly breakGlassPrincipalArns?: readonly string[];
  /**
   * Conditions Terraform checks before it plans the key and the topic policy, which carry the
   * denies: who may apply them (see BreakGlassGuard).
   * @default - none
   */
  readonly evidencePreconditions?: readonly Precondition[];
}

export interface SecurityAlarm {
  readonly control: CisMonitoringControl;
  readonly filter: CloudwatchLogMetricFilter;
  readonly alarm: CloudwatchMetricAlarm;
}

/**
 * CIS monitoring: a metric filter and an alarm on the trail's log group for each CIS control,
 * notifying a KMS-encrypted SNS topic. Among services only CloudWatch alarms of this account may
 * publish; with break-glass principals, no other principal of the account may either.
 */
export class SecurityAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly key: KmsKey;
  readonly alarms: readonly SecurityAlarm[];

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const { accountId, region } = props;
    const disabled = new Set<string>(props.disabledControls ?? []);
    this.topicArn = `arn:aws:sns:${region}:${accountId}:${props.topicName}`;
    // CloudWatch's allow covers this construct's alarms alone: their names share the prefix.
    const alarmArns = `arn:aws:cloudwatch:${region}:${accountId}:alarm:${props.namePrefix}*`;
    const fromOurAlarms = { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": alarmArns } };
    const breakGlass = props.breakGlassPrincipalArns ?? [];
    const protect = breakGlass.length > 0;
    const guard = protect && props.evidencePreconditions ? [...props.evidencePreconditions] : undefined;

    this.key = new KmsKey(this, "Key", {
      description: `Encrypts the ${props.topicName} SNS topic`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: renderPolicy([...alarmKeyPolicy(accountId, region, fromOurAlarms), ...(protect ? [keyEvidenceStatement(breakGlass)] : [])]),
      lifecycle: { preventDestroy: props.retainOnDestroy ?? true, ...(guard ? { precondition: guard } : {}) },
    });
    new KmsAlias(this, "KeyAlias", { name: props.kmsAlias, targetKeyId: this.key.keyId });

    this.topic = new SnsTopic(this, "Topic", { name: props.topicName, kmsMasterKeyId: this.key.arn });
    // Each address gets a confirmation mail; until confirmed, nothing is delivered to it.
    const subscriptions = (props.emails ?? []).map((email, i) => new SnsTopicSubscription(this, `Email${i}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email }));
    new SnsTopicPolicy(this, "TopicPolicy", {
      arn: this.topic.arn,
      policy: renderPolicy([...topicPolicy(this.topicArn, fromOurAlarms), ...(protect ? topicEvidenceStatements(this.topicArn, breakGlass) : [])]),
      // The policy with the denies lands last, after everything else of the topic.
      ...(subscriptions.length > 0 ? { dependsOn: subscriptions } : {}),
      ...(guard ? { lifecycle: { precondition: guard } } : {}),
    });

    this.alarms = CIS_MONITORING_CONTROLS.filter((c) => !disabled.has(c.key)).map((control) => {
      const name = `${props.namePrefix}${control.cis}-${control.metricName}`;
      const filter = new CloudwatchLogMetricFilter(this, `${control.metricName}Filter`, {
        name,
        logGroupName: props.logGroupName,
        pattern: control.pattern,
        metricTransformation: { name: control.metricName, namespace: props.metricNamespace, value: "1" },
      });
      const alarm = new CloudwatchMetricAlarm(this, `${control.metricName}Alarm`, {
        alarmName: name,
        alarmDescription: `CIS ${control.cis}${control.securityHub ? ` / ${control.securityHub}` : ""}: ${control.title}`,
        namespace: props.metricNamespace,
        metricName: control.metricName,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: props.thresholds?.[control.key] ?? 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [this.topic.arn],
        // The metric exists only once the filter does.
        dependsOn: [filter],
      });
      return { control, filter, alarm };
    });
  }
}

function alarmKeyPolicy(accountId: string, region: string, fromOurAlarms: PolicyStatement["Condition"]): PolicyStatement[] {
  return [
    accountAdministersKey(accountId),
    {
      // CloudWatch cannot publish to an encrypted topic without these on the topic's key.
      Sid: "CloudWatchAlarmsPublishEncrypted",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: fromOurAlarms,
    },
    {
      // Lets operators of this account send a test message through SNS.
      Sid: "AccountPrincipalsUseThroughSns",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": accountId, "kms:ViaService": `sns.${region}.amazonaws.com` } },
    },
  ];
}

function topicPolicy(topicArn: string, fromOurAlarms: PolicyStatement["Condition"]): PolicyStatement[] {
  return [
    {
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: fromOurAlarms,
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
}
