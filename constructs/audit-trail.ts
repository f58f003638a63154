import { Construct } from "constructs";
import type { Precondition } from "cdktf";
import { Cloudtrail, type CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { s3BucketArn, serviceTrust, type PolicyStatement } from "./policy";
import { keyPolicy } from "./trail-key-policy";
import type { ObjectLockRetention, SecureBucket } from "./secure-bucket";
import { addTrailArchive } from "./trail-archive";
import { ServiceRole } from "./service-role";

/** Management event sources that dominate volume and rarely matter to an audit. */
export const NOISY_EVENT_SOURCES = ["kms.amazonaws.com", "rdsdata.amazonaws.com"] as const;

export interface AuditTrailProps {
  readonly accountId: string;
  /** Home region: the trail, its buckets, key and log group live here. */
  readonly region: string;
  readonly trailName: string;
  readonly logBucketName: string;
  /** Bucket receiving the log bucket's S3 server access logs. */
  readonly accessLogBucketName: string;
  readonly kmsAlias: string;
  readonly logGroupName: string;
  readonly deliveryRoleName: string;
  /** Buckets whose object-level events (reads and writes) the trail records. */
  readonly dataEventBuckets: readonly string[];
  /**
   * Key prefix of the trail's log files in the log bucket.
   * @default "mlops-logs"
   */
  readonly logPrefix?: string;
  /**
   * Retention of the CloudWatch Logs group, in days.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * CloudTrail Insights for API call rate and error rate anomalies.
   * @default true
   */
  readonly insights?: boolean;
  /**
   * Leave the KMS and RDS Data API management events out of the trail.
   * @default false
   */
  readonly excludeNoisyManagementEvents?: boolean;
  /**
   * Storage class of the 90-day transition.
   * @default "GLACIER"
   */
  readonly glacierStorageClass?: "GLACIER" | "GLACIER_IR";
  /**
   * S3's minimum object size for transitions. CloudTrail files are often under 128 KB; S3
   * bills each archived object ~40 KB of index overhead and STANDARD_IA a 128 KB minimum,
   * so moving small files costs more than keeping them in STANDARD.
   * @default "all_storage_classes_128K" - small files stay in STANDARD
   */
  readonly transitionMinimumObjectSize?: "all_storage_classes_128K" | "varies_by_storage_class";
  /**
   * Days a noncurrent (overwritten or deleted) log object version is kept; 0 keeps it forever.
   * @default 365
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * KMS key deletion window.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Make Terraform refuse to destroy the key, buckets and log group (prevent_destroy), and
   * never force-delete log objects. Off, a destroy empties and removes everything.
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * Principals exempt from the evidence protection. When given, explicit denies keep every other
   * principal of the account (administrators included) from writing log objects other than
   * through CloudTrail / S3 log delivery, deleting objects or versions, changing the buckets'
   * protective settings, and disabling, deleting or re-keying the key.
   * @default - no explicit denies: the policies only allow, so identity policies of the account decide
   */
  readonly breakGlassPrincipalArns?: readonly string[];
  /**
   * Conditions Terraform checks before it plans each resource that carries the evidence-protection
   * denies (the buckets' policies, the key): who may apply them (see BreakGlassGuard).
   * @default - none
   */
  readonly evidencePreconditions?: readonly Precondition[];
  /**
   * S3 Object Lock default retention of the log bucket's objects (not the access-log bucket:
   * S3 cannot deliver server access logs to a bucket with Object Lock).
   * @default - no Object Lock
   */
  readonly objectLock?: ObjectLockRetention;
  /**
   * Maximum session duration of the CloudWatch Logs delivery role, in seconds.
   * @default 3600
   */
  readonly deliveryRoleMaxSessionDuration?: number;
  /**
   * Permissions boundary of the CloudWatch Logs delivery role.
   * @default - none
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * Selectors recorded after the management and S3 ones (the ML pipeline's data events, network
   * activity events; see ml-event-selectors.ts).
   * @default - none
   */
  readonly additionalEventSelectors?: readonly CloudtrailAdvancedEventSelector[];
}

/**
 * The account's audit trail: a customer KMS key that CloudTrail may encrypt with for this trail
 * only, a log bucket (plus an access-log bucket) whose policies let only this trail (and S3 log
 * delivery for the log bucket) write among the services, a multi-region trail with log file
 * validation, and delivery to an encrypted CloudWatch Logs group. With break-glass principals,
 * explicit denies extend those limits to every principal of the account.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly trailArn: string;
  readonly key: KmsKey;
  readonly keyAlias: string;
  readonly logBucket: SecureBucket;
  readonly accessLogBucket: SecureBucket;
  readonly logGroup: CloudwatchLogGroup;
  readonly logGroupArn: string;
  readonly deliveryRole: ServiceRole;
  /** Key prefix under which CloudTrail writes: `<prefix>/AWSLogs/<account>/`. */
  readonly logObjectPrefix: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { accountId, region } = props;
    const logPrefix = props.logPrefix ?? "mlops-logs";
    const retain = props.retainOnDestroy ?? true;
    const insights = props.insights ?? true;
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 365;
    const breakGlass = props.breakGlassPrincipalArns ?? [];
    const protect = breakGlass.length > 0;
    const guard = protect && props.evidencePreconditions ? [...props.evidencePreconditions] : undefined;
    if (props.objectLock && !retain) {
      throw new Error("AuditTrail: objectLock needs retainOnDestroy (a destroy could not empty a locked bucket), got retainOnDestroy false");
    }
    for (const bucket of props.dataEventBuckets) {
      if (bucket === props.logBucketName || bucket === props.accessLogBucketName) {
        throw new Error(
          `AuditTrail: dataEventBuckets must not include the trail's own buckets (their data events would log themselves), got "${bucket}"`,
        );
      }
    }

    // Built from the name, not read from the trail: the trail depends on the key and the bucket
    // policy, so a reference back would be a cycle.
    this.trailArn = `arn:aws:cloudtrail:${region}:${accountId}:trail/${props.trailName}`;
    this.logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${props.logGroupName}`;
    this.logObjectPrefix = `${logPrefix}/AWSLogs/${accountId}/`;
    const anyTrailOfAccount = `arn:aws:cloudtrail:*:${accountId}:trail/*`;

    const archive = addTrailArchive(this, {
      accountId,
      trailName: props.trailName,
      logBucketName: props.logBucketName,
      accessLogBucketName: props.accessLogBucketName,
      kmsAlias: props.kmsAlias,
      keyPolicy: keyPolicy({ accountId, region, trailArn: this.trailArn, anyTrailOfAccount, logGroupArn: this.logGroupArn }),
      writeStatements: trailWriteStatements(props.logBucketName, this.trailArn, [this.logObjectPrefix]),
      retainOnDestroy: retain,
      keyDeletionWindowDays: props.keyDeletionWindowDays ?? 30,
      breakGlassPrincipalArns: breakGlass,
      guard,
      objectLock: props.objectLock,
      glacierStorageClass: props.glacierStorageClass ?? "GLACIER",
      transitionMinimumObjectSize: props.transitionMinimumObjectSize ?? "all_storage_classes_128K",
      noncurrentVersionRetentionDays: noncurrentDays,
      accessLogRetentionDays: props.accessLogRetentionDays ?? 365,
    });
    this.key = archive.key;
    this.keyAlias = props.kmsAlias;
    this.accessLogBucket = archive.accessLogBucket;
    this.logBucket = archive.logBucket;

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: this.key.arn,
      lifecycle: { preventDestroy: retain },
    });

    this.deliveryRole = cloudTrailDeliveryRole(this, {
      roleName: props.deliveryRoleName,
      trailName: props.trailName,
      logGroupName: props.logGroupName,
      logGroupArn: this.logGroupArn,
      streamPrefixes: [`${accountId}_CloudTrail_`],
      maxSessionDuration: props.deliveryRoleMaxSessionDuration,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
    });

    this.trail = new Cloudtrail(this, "Trail", {
      name: props.trailName,
      s3BucketName: props.logBucketName,
      s3KeyPrefix: logPrefix,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: this.key.arn,
      cloudWatchLogsGroupArn: `${this.logGroupArn}:*`,
      cloudWatchLogsRoleArn: this.deliveryRole.roleArn,
      advancedEventSelector: [...eventSelectors(props.dataEventBuckets, props.excludeNoisyManagementEvents ?? false), ...(props.additionalEventSelectors ?? [])],
      insightSelector: insights ? [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }] : undefined,
      // CloudTrail checks the bucket policy, the key policy, the log group and the delivery
      // role's permissions when the trail is created, and its first delivery must find the
      // bucket's encryption, public access block and Object Lock settings in place. The bucket
      // and log group are named by literals, so Terraform would not otherwise order them first.
      dependsOn: [
        this.logBucket.policy,
        this.logBucket.bucket,
        this.logBucket.publicAccessBlock,
        this.logBucket.encryption,
        ...(this.logBucket.objectLock ? [this.logBucket.objectLock] : []),
        this.logGroup,
        ...this.deliveryRole.grants,
      ],
    });
  }
}

/** The role CloudTrail assumes to deliver a trail's events to its log group (construct id DeliveryRole). */
export function cloudTrailDeliveryRole(
  scope: Construct,
  p: {
    roleName: string;
    trailName: string;
    logGroupName: string;
    logGroupArn: string;
    /** Prefixes of the log streams CloudTrail writes: `<account>_CloudTrail_` for the trail's own account, `<org-id>_` for an organization trail's. */
    streamPrefixes: readonly string[];
    maxSessionDuration?: number;
    permissionsBoundaryArn?: string;
  },
): ServiceRole {
  return new ServiceRole(scope, "DeliveryRole", {
    roleName: p.roleName,
    description: `Lets CloudTrail deliver ${p.trailName} events to ${p.logGroupName}`,
    // No confused-deputy condition: AWS documents that aws:SourceArn/aws:SourceAccount do not
    // apply to CloudTrail's CloudWatch Logs role, and a condition CloudTrail does not send
    // fails trail creation (InvalidCloudWatchLogsRoleArnException). The permissions policy's
    // resource scope (this log group's CloudTrail streams only) is the control.
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
    trust: serviceTrust("cloudtrail.amazonaws.com"),
    maxSessionDuration: p.maxSessionDuration,
    permissionsBoundaryArn: p.permissionsBoundaryArn,
    inlinePolicies: {
      "cloudtrail-to-cloudwatch-logs": [
        {
          Sid: "AWSCloudTrailCreateLogStream",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: p.streamPrefixes.length === 1 ? `${p.logGroupArn}:log-stream:${p.streamPrefixes[0]}*` : p.streamPrefixes.map((prefix) => `${p.logGroupArn}:log-stream:${prefix}*`),
        },
      ],
    },
  });
}

/**
 * The log bucket's statements that let CloudTrail check the bucket and write its log files: for
 * the one trail (aws:SourceArn), under the given prefixes only, handing the objects to the bucket owner.
 */
export function trailWriteStatements(logBucketName: string, trailArn: string, objectPrefixes: readonly string[]): PolicyStatement[] {
  const sids = ["AWSCloudTrailWrite", "AWSCloudTrailOrganizationWrite"];
  return [
    {
      Sid: "AWSCloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: s3BucketArn(logBucketName),
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    ...objectPrefixes.map(
      (prefix, i): PolicyStatement => ({
        Sid: sids[i] ?? `AWSCloudTrailWrite${i}`,
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${s3BucketArn(logBucketName)}/${prefix}*`,
        Condition: {
          StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn },
        },
      }),
    ),
  ];
}

/** Management events, read and write; S3 object events for the data buckets only. */
export function eventSelectors(dataEventBuckets: readonly string[], excludeNoisy: boolean): CloudtrailAdvancedEventSelector[] {
  const selectors: CloudtrailAdvancedEventSelector[] = [
    {
      name: excludeNoisy ? "Management events except KMS and RDS Data API" : "Management events",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Management"] },
        ...(excludeNoisy ? [{ field: "eventSource", notEquals: [...NOISY_EVENT_SOURCES] }] : []),
      ],
    },
  ];
  if (dataEventBuckets.length > 0) {
    selectors.push({
      name: "S3 object events of the project buckets",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWith: dataEventBuckets.map((b) => `${s3BucketArn(b)}/`) },
      ],
    });
  }
  return selectors;
}
