import { RULES, evaluateStack, type Evaluation } from "../../compliance/pack";
import { WILDCARD_MANAGED_POLICIES, grantsWildcard } from "../../compliance/rules/iam-no-wildcard-admin";
import { FoundationStack } from "../../stacks/foundation-stack";
import { StateStack } from "../../stacks/state-stack";
import { OIDC_ISSUER, configFor, resourceAt as at, synthesize, testApp, type Json } from "../helpers";

/**
 * Each rule, on fixtures: the compliant one is the real synthesized stack; the non-compliant one
 * is that stack's JSON with exactly one thing broken. Messages are matched exactly.
 */
const foundation = synthesize(new FoundationStack(testApp(), configFor("dev", { eksOidcIssuerUrl: OIDC_ISSUER })));
const state = synthesize(new StateStack(testApp(), configFor("dev")));
/** Pod Identity roles (dev with a cluster name): the stack the Pod Identity trust rule applies to. */
const pods = synthesize(new FoundationStack(testApp(), configFor("dev", { eks: { clusterName: "mlops-retail-cluster" } })));
const POD_ROLE = "Roles/RetailApiIrsa/Role/Role";
/** A service account moving from IRSA to Pod Identity: its role trusts both. */
const moving = synthesize(new FoundationStack(testApp(), configFor("dev", { eksOidcIssuerUrl: OIDC_ISSUER, eks: { clusterName: "mlops-retail-cluster" } })));
/** Edits the pod role's trust policy document. */
const editPodTrustDocument = (edit: (document: Json) => void) => (j: Json) => {
  const role = at(j, "aws_iam_role", POD_ROLE);
  const doc = policyOf(role, "assume_role_policy");
  edit(doc);
  setPolicy(role, doc, "assume_role_policy");
};
/** Edits the first statement of the pod role's trust. */
const editPodTrust = (edit: (statement: Json) => void) => editPodTrustDocument((doc) => edit(doc.Statement[0]));
const POD_RULE = "IAM-6: EKS Pod Identity trusts allow sts:AssumeRole and sts:TagSession for this account, one cluster, one namespace and one service account";
/** Every ML preset and network activity source recorded: the stack the selector rule sees at its widest. */
const mlEvents = synthesize(
  new FoundationStack(testApp(), configFor("dev", { audit: { mlDataEvents: ["sagemaker-serving", "sagemaker-features", "sagemaker-experiments", "bedrock-inference", "bedrock-agents"], networkActivity: { eventSources: ["s3.amazonaws.com", "kms.amazonaws.com"] } } })),
);
const addSelector = (selector: Json) => (j: Json) => at(j, "aws_cloudtrail", "Audit/Trail").advanced_event_selector.push(selector);
const CT7 = "CT-7: Every data event selector names its resource type, and none (ML, S3 or other) can match the trail's own buckets";
/** Prod keeps its evidence: the stack the evidence-protection rule applies to. */
const retained = synthesize(new FoundationStack(testApp(), configFor("prod", { alarmEmails: ["secops@example.com"] })));

const clone = (json: Json): Json => JSON.parse(JSON.stringify(json));
const policyOf = (resource: Json, attribute = "policy"): Json => JSON.parse(resource[attribute]);
const setPolicy = (resource: Json, document: Json, attribute = "policy"): void => {
  resource[attribute] = JSON.stringify(document);
};
const removeAll = (json: Json, type: string, where: (r: Json) => boolean = () => true): void => {
  for (const [name, r] of Object.entries(json.resource[type] ?? {})) if (where(r)) delete json.resource[type][name];
};
const onLogBucket = (r: Json): boolean => String(r.bucket).includes("Audit_LogBucket");
const resourcesOfType = (j: Json, type: string): Record<string, Json> => j.resource[type] ?? {};
const dataSelector = (j: Json): Json[] => at(j, "aws_cloudtrail", "Audit/Trail").advanced_event_selector[1].field_selector;
const STATE_OBJECTS = "arn:aws:s3:::mlops-retail-prediction-dev-tfstate-111122223333/";
/** The retained log bucket's policy and the trail key's policy, with `edit` applied to their statements. */
const editPolicy = (j: Json, type: string, path: string, edit: (statements: Json[]) => void): void => {
  const resource = at(j, type, path);
  const document = policyOf(resource);
  edit(document.Statement);
  setPolicy(resource, document);
};
const withoutAction = (action: string) => (statements: Json[]): void => {
  for (const st of statements) if (st.Effect === "Deny" && Array.isArray(st.Action)) st.Action = st.Action.filter((a: string) => a !== action);
};
/** Edits the statement `sid` of the policy at `path`. */
const editStatement = (j: Json, type: string, path: string, sid: string, edit: (statement: Json) => void, attribute = "policy"): void => {
  const resource = at(j, type, path);
  const document = policyOf(resource, attribute);
  edit(document.Statement.find((st: Json) => st.Sid === sid));
  setPolicy(resource, document, attribute);
};
/** Adds a statement to the policy at `path`. */
const addStatement = (j: Json, type: string, path: string, statement: Json, attribute = "policy"): void => {
  const resource = at(j, type, path);
  const document = policyOf(resource, attribute);
  document.Statement.push(statement);
  setPolicy(resource, document, attribute);
};
const TAMPERING = "DenyEvidenceTamperingExceptBreakGlass";
const onTamperingDeny = (j: Json, edit: (statement: Json) => void): void => editStatement(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", TAMPERING, edit);
const BREAK_GLASS = ["arn:aws:iam::111122223333:role/terraform-deployer"];
const LOCK = "Audit/LogBucket/ObjectLock";
const SAGEMAKER_POLICY = "Roles/SageMakerExecution/sagemaker-least-privilege";
const addToSageMakerPolicy = (statement: Json) => (j: Json) => addStatement(j, "aws_iam_role_policy", SAGEMAKER_POLICY, statement);
/** The EKS cluster role's managed policy attachment, pointed at `arn` instead. */
const CLUSTER_ATTACHMENT = "Roles/EksCluster/AmazonEKSClusterPolicy";
const attachInstead = (arn: string) => (j: Json) => (at(j, "aws_iam_role_policy_attachment", CLUSTER_ATTACHMENT).policy_arn = arn);
const LOG_BUCKET = "mlops-cloudtrail-logs-us-east-1-111122223333";
const ACCESS_LOG_BUCKET = "mlops-cloudtrail-s3access-us-east-1-111122223333";

function outcomes(json: Json, rule: string, disabledMonitoringControls: string[] = []): Evaluation[] {
  return evaluateStack(json, { disabledMonitoringControls }).filter((e) => e.rule === rule && e.outcome !== "not-applicable");
}

interface Case {
  readonly rule: string;
  readonly fixture?: Json;
  readonly breaks: string;
  readonly mutate: (json: Json) => void;
  readonly path: string;
  readonly message: string;
}

const cases: Case[] = [
  {
    rule: "CT-1",
    breaks: "single-region trail",
    mutate: (j) => (at(j, "aws_cloudtrail", "Audit/Trail").is_multi_region_trail = false),
    path: "Audit/Trail",
    message: "CT-1: The trail is multi-region and records management events, read and write (is_multi_region_trail is not true)",
  },
  {
    rule: "CT-1",
    breaks: "write-only management events",
    mutate: (j) => at(j, "aws_cloudtrail", "Audit/Trail").advanced_event_selector[0].field_selector.push({ field: "readOnly", equals: ["false"] }),
    path: "Audit/Trail",
    message: "CT-1: The trail is multi-region and records management events, read and write (no event selector records both read and write management events)",
  },
  {
    rule: "CT-2",
    breaks: "no log file validation",
    mutate: (j) => (at(j, "aws_cloudtrail", "Audit/Trail").enable_log_file_validation = false),
    path: "Audit/Trail",
    message: "CT-2: The trail validates its log files (enable_log_file_validation is not true)",
  },
  {
    rule: "CT-3",
    breaks: "no KMS key",
    mutate: (j) => delete at(j, "aws_cloudtrail", "Audit/Trail").kms_key_id,
    path: "Audit/Trail",
    message: "CT-3: The trail encrypts its log files with a customer KMS key (kms_key_id is not set)",
  },
  {
    rule: "CT-4",
    breaks: "no CloudWatch Logs",
    mutate: (j) => delete at(j, "aws_cloudtrail", "Audit/Trail").cloud_watch_logs_role_arn,
    path: "Audit/Trail",
    message: "CT-4: The trail delivers its events to CloudWatch Logs (cloud_watch_logs_group_arn or cloud_watch_logs_role_arn is not set)",
  },
  {
    rule: "CT-5",
    breaks: "no data events",
    mutate: (j) => at(j, "aws_cloudtrail", "Audit/Trail").advanced_event_selector.pop(),
    path: "Audit/Trail",
    message: "CT-5: The trail records S3 object reads and writes for the data buckets and never for its own buckets (no S3 object data events are recorded)",
  },
  {
    rule: "CT-5",
    breaks: "data events of its own log bucket",
    mutate: (j) => {
      const trail = at(j, "aws_cloudtrail", "Audit/Trail");
      trail.advanced_event_selector[1].field_selector[2].starts_with.push(`arn:aws:s3:::${trail.s3_bucket_name}/`);
    },
    path: "Audit/Trail",
    message:
      "CT-5: The trail records S3 object reads and writes for the data buckets and never for its own buckets (records data events of its own bucket mlops-cloudtrail-logs-us-east-1-111122223333)",
  },
  {
    rule: "S3-1",
    breaks: "no access logging",
    mutate: (j) => removeAll(j, "aws_s3_bucket_logging"),
    path: "Audit/LogBucket/Bucket",
    message: "S3-1: The trail's log bucket has server access logging (no aws_s3_bucket_logging for the bucket)",
  },
  {
    rule: "S3-2",
    breaks: "public policies allowed",
    mutate: (j) => (at(j, "aws_s3_bucket_public_access_block", "Audit/LogBucket/PublicAccessBlock").block_public_policy = false),
    path: "Audit/LogBucket/Bucket",
    message: "S3-2: The bucket blocks all public access (block_public_policy not true)",
  },
  {
    rule: "S3-3",
    breaks: "versioning suspended",
    mutate: (j) => (at(j, "aws_s3_bucket_versioning", "Audit/LogBucket/Versioning").versioning_configuration.status = "Suspended"),
    path: "Audit/LogBucket/Bucket",
    message: "S3-3: The bucket is versioned (no aws_s3_bucket_versioning with status Enabled)",
  },
  {
    rule: "S3-4",
    breaks: "no TLS deny",
    mutate: (j) => {
      const policy = at(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy");
      const doc = policyOf(policy);
      doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== "DenyInsecureTransport");
      setPolicy(policy, doc);
    },
    path: "Audit/LogBucket/Bucket",
    message: "S3-4: The bucket policy denies every request made without TLS (no bucket policy statement denies s3:* when aws:SecureTransport is false)",
  },
  {
    rule: "S3-5",
    breaks: "SSE-S3 on the log bucket",
    mutate: (j) => {
      at(j, "aws_s3_bucket_server_side_encryption_configuration", "Audit/LogBucket/Encryption").rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }];
    },
    path: "Audit/LogBucket/Bucket",
    message: "S3-5: The trail's log bucket encrypts new objects with a KMS key by default (default encryption is not aws:kms)",
  },
  {
    rule: "S3-6",
    breaks: "no lifecycle",
    mutate: (j) => removeAll(j, "aws_s3_bucket_lifecycle_configuration", onLogBucket),
    path: "Audit/LogBucket/Bucket",
    message: "S3-6: The bucket has an enabled lifecycle configuration (no enabled lifecycle rule)",
  },
  {
    rule: "S3-7",
    breaks: "no abort of incomplete uploads",
    mutate: (j) => {
      for (const rule of at(j, "aws_s3_bucket_lifecycle_configuration", "Audit/LogBucket/Lifecycle").rule) delete rule.abort_incomplete_multipart_upload;
    },
    path: "Audit/LogBucket/Bucket",
    message: "S3-7: The bucket aborts incomplete multipart uploads (no enabled lifecycle rule with abort_incomplete_multipart_upload)",
  },
  {
    rule: "S3-8",
    breaks: "ACLs enabled",
    mutate: (j) => (at(j, "aws_s3_bucket_ownership_controls", "Audit/LogBucket/OwnershipControls").rule.object_ownership = "ObjectWriter"),
    path: "Audit/LogBucket/Bucket",
    message: "S3-8: The bucket disables ACLs (BucketOwnerEnforced) (object ownership is not BucketOwnerEnforced)",
  },
  {
    rule: "KMS-1",
    breaks: "no rotation",
    mutate: (j) => (at(j, "aws_kms_key", "Audit/Key").enable_key_rotation = false),
    path: "Audit/Key",
    message: "KMS-1: The KMS key rotates its key material (enable_key_rotation is not true)",
  },
  {
    rule: "KMS-2",
    breaks: "decrypt for anyone",
    mutate: (j) => {
      const key = at(j, "aws_kms_key", "Audit/Key");
      const doc = policyOf(key);
      delete doc.Statement.find((s: Json) => s.Sid === "AccountPrincipalsDecryptTrailLogs").Condition;
      setPolicy(key, doc);
    },
    path: "Audit/Key",
    message: 'KMS-2: The key policy grants nothing to "*" without a condition (statement AccountPrincipalsDecryptTrailLogs allows "*" unconditionally)',
  },
  {
    rule: "LOG-1",
    breaks: "90-day retention",
    mutate: (j) => (at(j, "aws_cloudwatch_log_group", "Audit/LogGroup").retention_in_days = 90),
    path: "Audit/LogGroup",
    message: "LOG-1: The log group keeps events for at least 365 days (retention_in_days is 90)",
  },
  {
    rule: "LOG-2",
    breaks: "no KMS key",
    mutate: (j) => delete at(j, "aws_cloudwatch_log_group", "Audit/LogGroup").kms_key_id,
    path: "Audit/LogGroup",
    message: "LOG-2: The log group is encrypted with a customer KMS key (kms_key_id is not set)",
  },
  {
    rule: "IAM-1",
    breaks: "s3:* on *",
    mutate: (j) => {
      const policy = at(j, "aws_iam_role_policy", "Roles/SageMakerExecution/sagemaker-least-privilege");
      const doc = policyOf(policy);
      doc.Statement.push({ Sid: "Oops", Effect: "Allow", Action: "s3:*", Resource: "*" });
      setPolicy(policy, doc);
    },
    path: "Roles/SageMakerExecution/sagemaker-least-privilege",
    message: 'IAM-1: No identity policy allows "*" or "<service>:*" on resource "*" (statement Oops allows s3:* on *)',
  },
  {
    rule: "IAM-2",
    breaks: "AmazonS3FullAccess attached",
    mutate: attachInstead("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
    path: CLUSTER_ATTACHMENT,
    message: "IAM-2: No role has an AWS managed *FullAccess policy (arn:aws:iam::aws:policy/AmazonS3FullAccess is attached)",
  },
  {
    rule: "IAM-3",
    breaks: "two principals",
    mutate: (j) => {
      const role = at(j, "aws_iam_role", "Roles/EksCluster/Role");
      const doc = policyOf(role, "assume_role_policy");
      doc.Statement[0].Principal = { Service: ["eks.amazonaws.com", "ec2.amazonaws.com"] };
      setPolicy(role, doc, "assume_role_policy");
    },
    path: "Roles/EksCluster/Role",
    message: "IAM-3: The role's trust policy names exactly one principal (the trust policy names 2 principals)",
  },
  {
    rule: "IAM-4",
    breaks: "SageMaker without SourceAccount",
    mutate: (j) => {
      const role = at(j, "aws_iam_role", "Roles/SageMakerExecution/Role");
      const doc = policyOf(role, "assume_role_policy");
      delete doc.Statement[0].Condition;
      setPolicy(role, doc, "assume_role_policy");
    },
    path: "Roles/SageMakerExecution/Role",
    message: "IAM-4: Trust policies of services that support it carry aws:SourceAccount or aws:SourceArn (sagemaker.amazonaws.com is trusted without aws:SourceAccount or aws:SourceArn)",
  },
  {
    rule: "IAM-5",
    breaks: "IRSA without aud",
    mutate: (j) => {
      const role = at(j, "aws_iam_role", "Roles/RetailApiIrsa/Role/Role");
      const doc = policyOf(role, "assume_role_policy");
      const equals = doc.Statement[0].Condition.StringEquals;
      for (const key of Object.keys(equals)) if (key.endsWith(":aud")) delete equals[key];
      setPolicy(role, doc, "assume_role_policy");
    },
    path: "Roles/RetailApiIrsa/Role/Role",
    message: `IAM-5: Web-identity (IRSA) trusts condition on both <issuer>:sub and <issuer>:aud (no StringEquals condition on ${OIDC_ISSUER.slice(8)}:aud)`,
  },
  ...[
    ["aws:SourceAccount", "another account's cluster"],
    ["aws:RequestTag/eks-cluster-arn", "any cluster"],
    ["aws:RequestTag/kubernetes-namespace", "any namespace"],
    ["aws:RequestTag/kubernetes-service-account", "any service account"],
  ].map(([key, what]): Case => ({
    rule: "IAM-6",
    fixture: pods,
    breaks: `a Pod Identity trust open to ${what}`,
    mutate: editPodTrust((s) => delete s.Condition.StringEquals[key]),
    path: POD_ROLE,
    message: `${POD_RULE} (no StringEquals condition on ${key})`,
  })),
  {
    rule: "IAM-6",
    fixture: pods,
    breaks: "a Pod Identity trust without sts:TagSession",
    mutate: editPodTrust((s) => (s.Action = "sts:AssumeRole")),
    path: POD_ROLE,
    message: `${POD_RULE} (does not allow sts:TagSession)`,
  },
  {
    rule: "IAM-6",
    fixture: pods,
    breaks: "a Pod Identity trust with neither action nor condition",
    mutate: editPodTrust((s) => {
      s.Action = "sts:SetSourceIdentity";
      delete s.Condition;
    }),
    path: POD_ROLE,
    message: `${POD_RULE} (does not allow sts:AssumeRole, sts:TagSession; no StringEquals condition on aws:SourceAccount, aws:RequestTag/eks-cluster-arn, aws:RequestTag/kubernetes-namespace, aws:RequestTag/kubernetes-service-account)`,
  },
  {
    rule: "IAM-3",
    fixture: moving,
    breaks: "a moving pod role that also trusts EC2",
    mutate: editPodTrustDocument((doc) => doc.Statement.push({ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })),
    path: POD_ROLE,
    message: "IAM-3: The role's trust policy names exactly one principal (the trust policy names 3 principals)",
  },
  {
    rule: "IAM-3",
    fixture: moving,
    breaks: "Pod Identity beside another service instead of an OIDC provider",
    mutate: editPodTrust((st) => (st.Principal = { Service: "ec2.amazonaws.com" })),
    path: POD_ROLE,
    message: "IAM-3: The role's trust policy names exactly one principal (the trust policy names 2 principals)",
  },
  {
    rule: "CT-7",
    fixture: mlEvents,
    breaks: "an ML selector without resources.type",
    mutate: (j) => at(j, "aws_cloudtrail", "Audit/Trail").advanced_event_selector[2].field_selector.splice(1, 1),
    path: "Audit/Trail",
    message: `${CT7} ("ML data events: sagemaker-serving (AWS::SageMaker::Endpoint)" names no resources.type)`,
  },
  {
    rule: "CT-7",
    breaks: "an S3 selector without ARNs",
    mutate: addSelector({ name: "all objects", field_selector: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }] }),
    path: "Audit/Trail",
    message: `${CT7} ("all objects" records every bucket's objects, the trail's own included)`,
  },
  {
    rule: "CT-7",
    fixture: mlEvents,
    breaks: "a selector whose ARN prefix covers the access-log bucket",
    mutate: addSelector({
      name: "too wide",
      field_selector: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "resources.ARN", starts_with: ["arn:aws:s3:::mlops-cloudtrail-s3"] }],
    }),
    path: "Audit/Trail",
    message: `${CT7} ("too wide" matches the trail's own bucket ${ACCESS_LOG_BUCKET})`,
  },
  {
    rule: "CT-7",
    fixture: mlEvents,
    breaks: "an unnamed selector matching both of the trail's buckets, beside one without a type",
    mutate: (j) => {
      addSelector({ field_selector: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "resources.ARN", starts_with: ["arn:aws:s3:::mlops-cloudtrail-"] }] })(j);
      addSelector({ field_selector: [{ field: "eventCategory", equals: ["Data"] }] })(j);
    },
    path: "Audit/Trail",
    message: `${CT7} ("selector 15" matches the trail's own bucket ${LOG_BUCKET}, ${ACCESS_LOG_BUCKET}; "selector 16" names no resources.type)`,
  },
  {
    rule: "CT-7",
    breaks: "a selector that names the log bucket exactly",
    mutate: addSelector({ name: "selector", field_selector: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "resources.ARN", equals: [`arn:aws:s3:::${LOG_BUCKET}/`] }] }),
    path: "Audit/Trail",
    message: `${CT7} ("selector" matches the trail's own bucket ${LOG_BUCKET})`,
  },
  // One fixture per further condition of rules that check several things.
  {
    rule: "CT-4",
    breaks: "no CloudWatch Logs group",
    mutate: (j) => delete at(j, "aws_cloudtrail", "Audit/Trail").cloud_watch_logs_group_arn,
    path: "Audit/Trail",
    message: "CT-4: The trail delivers its events to CloudWatch Logs (cloud_watch_logs_group_arn or cloud_watch_logs_role_arn is not set)",
  },
  ...(["block_public_acls", "ignore_public_acls", "restrict_public_buckets"] as const).map((flag) => ({
    rule: "S3-2",
    breaks: `${flag} off`,
    mutate: (j: Json) => (at(j, "aws_s3_bucket_public_access_block", "Audit/LogBucket/PublicAccessBlock")[flag] = false),
    path: "Audit/LogBucket/Bucket",
    message: `S3-2: The bucket blocks all public access (${flag} not true)`,
  })),
  {
    rule: "S3-2",
    breaks: "no public access block at all",
    mutate: (j) => removeAll(j, "aws_s3_bucket_public_access_block", onLogBucket),
    path: "Audit/LogBucket/Bucket",
    message: "S3-2: The bucket blocks all public access (no aws_s3_bucket_public_access_block for the bucket)",
  },
  ...(
    [
      ["a TLS deny for one principal only", (st: Json) => (st.Principal = { AWS: "arn:aws:iam::111122223333:role/x" })],
      ["a TLS deny of reads only", (st: Json) => (st.Action = "s3:GetObject")],
      ["a TLS deny that allows instead", (st: Json) => (st.Effect = "Allow")],
      ["a TLS deny on the wrong condition", (st: Json) => (st.Condition = { Bool: { "aws:MultiFactorAuthPresent": "false" } })],
    ] as const
  ).map(([breaks, edit]) => ({
    rule: "S3-4",
    breaks,
    mutate: (j: Json) => {
      const policy = at(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy");
      const doc = policyOf(policy);
      edit(doc.Statement.find((st: Json) => st.Sid === "DenyInsecureTransport"));
      setPolicy(policy, doc);
    },
    path: "Audit/LogBucket/Bucket",
    message: "S3-4: The bucket policy denies every request made without TLS (no bucket policy statement denies s3:* when aws:SecureTransport is false)",
  })),
  {
    rule: "S3-6",
    breaks: "every lifecycle rule disabled",
    mutate: (j) => {
      for (const l of Object.values(resourcesOfType(j, "aws_s3_bucket_lifecycle_configuration")).filter(onLogBucket)) for (const r of l.rule) r.status = "Disabled";
    },
    path: "Audit/LogBucket/Bucket",
    message: "S3-6: The bucket has an enabled lifecycle configuration (no enabled lifecycle rule)",
  },
  {
    rule: "KMS-2",
    breaks: "an empty condition block",
    mutate: (j) => {
      const key = at(j, "aws_kms_key", "Audit/Key");
      const doc = policyOf(key);
      doc.Statement.find((st: Json) => st.Sid === "AccountPrincipalsDecryptTrailLogs").Condition = {};
      setPolicy(key, doc);
    },
    path: "Audit/Key",
    message: 'KMS-2: The key policy grants nothing to "*" without a condition (statement AccountPrincipalsDecryptTrailLogs allows "*" unconditionally)',
  },
  {
    rule: "KMS-2",
    breaks: 'the principal written as "*"',
    mutate: (j) => {
      const key = at(j, "aws_kms_key", "Audit/Key");
      const doc = policyOf(key);
      const st = doc.Statement.find((x: Json) => x.Sid === "AccountPrincipalsDecryptTrailLogs");
      st.Principal = "*";
      delete st.Condition;
      setPolicy(key, doc);
    },
    path: "Audit/Key",
    message: 'KMS-2: The key policy grants nothing to "*" without a condition (statement AccountPrincipalsDecryptTrailLogs allows "*" unconditionally)',
  },
  {
    rule: "IAM-1",
    breaks: "* on *",
    mutate: (j) => {
      const policy = at(j, "aws_iam_role_policy", "Roles/SageMakerExecution/sagemaker-least-privilege");
      const doc = policyOf(policy);
      doc.Statement.push({ Sid: "Admin", Effect: "Allow", Action: ["*"], Resource: ["*"] });
      setPolicy(policy, doc);
    },
    path: "Roles/SageMakerExecution/sagemaker-least-privilege",
    message: 'IAM-1: No identity policy allows "*" or "<service>:*" on resource "*" (statement Admin allows * on *)',
  },
  {
    rule: "IAM-5",
    breaks: "IRSA without sub",
    mutate: (j) => {
      const role = at(j, "aws_iam_role", "Roles/RetailApiIrsa/Role/Role");
      const doc = policyOf(role, "assume_role_policy");
      const equals = doc.Statement[0].Condition.StringEquals;
      for (const key of Object.keys(equals)) if (key.endsWith(":sub")) delete equals[key];
      setPolicy(role, doc, "assume_role_policy");
    },
    path: "Roles/RetailApiIrsa/Role/Role",
    message: `IAM-5: Web-identity (IRSA) trusts condition on both <issuer>:sub and <issuer>:aud (no StringEquals condition on ${OIDC_ISSUER.slice(8)}:sub)`,
  },
  {
    rule: "MON-1",
    breaks: "root usage alarm missing",
    mutate: (j) => removeAll(j, "aws_cloudwatch_metric_alarm", (a) => a.metric_name === "RootAccountUsage"),
    path: "Audit/Trail",
    message: "MON-1: Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration (no filter and alarm for CIS 4.3)",
  },
  {
    rule: "MON-1",
    breaks: "a reformatted pattern",
    mutate: (j) => {
      const filter = Object.values(j.resource.aws_cloudwatch_log_metric_filter).find((f: Json) => f.metric_transformation.name === "VPCChanges") as Json;
      filter.pattern = filter.pattern.replace("{(", "{ (");
    },
    path: "Audit/Trail",
    message: "MON-1: Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration (no filter and alarm for CIS 4.14)",
  },
  {
    rule: "CT-5",
    breaks: "write-only data events",
    mutate: (j) => dataSelector(j).push({ field: "readOnly", equals: ["false"] }),
    path: "Audit/Trail",
    message: `CT-5: The trail records S3 object reads and writes for the data buckets and never for its own buckets (records only writes of arn:aws:s3:::mlops-retail-prediction-dev-111122223333/, ${STATE_OBJECTS})`,
  },
  {
    rule: "CT-6",
    breaks: "the state bucket left out of the data events",
    mutate: (j) => {
      const arns = dataSelector(j)[2];
      arns.starts_with = arns.starts_with.filter((p: string) => p !== STATE_OBJECTS);
    },
    path: "Audit/Trail",
    message: "CT-6: The trail records object-level reads and writes of the stack's Terraform state bucket (no S3 object data events are recorded for the state bucket mlops-retail-prediction-dev-tfstate-111122223333)",
  },
  {
    rule: "CT-6",
    breaks: "only reads of the state bucket",
    mutate: (j) => dataSelector(j).push({ field: "readOnly", equals: ["true"] }),
    path: "Audit/Trail",
    message: "CT-6: The trail records object-level reads and writes of the stack's Terraform state bucket (only reads of the state bucket mlops-retail-prediction-dev-tfstate-111122223333 are recorded)",
  },
  {
    rule: "CT-6",
    breaks: "only writes of the state bucket",
    mutate: (j) => dataSelector(j).push({ field: "readOnly", equals: ["false"] }),
    path: "Audit/Trail",
    message: "CT-6: The trail records object-level reads and writes of the stack's Terraform state bucket (only writes of the state bucket mlops-retail-prediction-dev-tfstate-111122223333 are recorded)",
  },
  ...(
    [
      ["no deny of deleting log file versions", (j: Json) => editPolicy(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", withoutAction("s3:DeleteObjectVersion")), "the log bucket's policy does not deny s3:DeleteObjectVersion"],
      ["no deny of bypassing governance retention", (j: Json) => editPolicy(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", withoutAction("s3:BypassGovernanceRetention")), "the log bucket's policy does not deny s3:BypassGovernanceRetention"],
      [
        "the deletion deny limited to requests without TLS",
        (j: Json) =>
          editPolicy(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", (statements) => {
            const deny = statements.find((st) => st.Sid === "DenyEvidenceTamperingExceptBreakGlass");
            deny.Condition = { ...deny.Condition, Bool: { "aws:SecureTransport": "false" } };
          }),
        "the log bucket's policy does not deny s3:DeleteObjectVersion; the log bucket's policy does not deny s3:BypassGovernanceRetention",
      ],
      ["no Object Lock", (j: Json) => removeAll(j, "aws_s3_bucket_object_lock_configuration"), "the log bucket has no Object Lock default retention"],
      [
        "an Object Lock without a mode",
        (j: Json) => (at(j, "aws_s3_bucket_object_lock_configuration", "Audit/LogBucket/ObjectLock").rule.default_retention.mode = "NONE"),
        "the log bucket has no Object Lock default retention",
      ],
      [
        "an Object Lock of zero days",
        (j: Json) => (at(j, "aws_s3_bucket_object_lock_configuration", "Audit/LogBucket/ObjectLock").rule.default_retention.days = 0),
        "the log bucket has no Object Lock default retention",
      ],
      ["no deny of the key's deletion", (j: Json) => editPolicy(j, "aws_kms_key", "Audit/Key", withoutAction("kms:ScheduleKeyDeletion")), "the trail's key policy does not deny kms:ScheduleKeyDeletion"],
    ] as const
  ).map(([breaks, mutate, detail]) => ({
    rule: "EVI-1",
    fixture: retained,
    breaks,
    mutate,
    path: "Audit/Trail",
    message: `EVI-1: Where audit evidence is retained, the trail's log bucket locks and denies deleting log files, and its key denies deletion (${detail})`,
  })),
  {
    rule: "MON-2",
    breaks: "an alarm with its actions turned off",
    mutate: (j) => (at(j, "aws_cloudwatch_metric_alarm", "SecurityAlarms/RootAccountUsageAlarm").actions_enabled = false),
    path: "SecurityAlarms/RootAccountUsageAlarm",
    message: "MON-2: Every alarm has its actions enabled and notifies at least one target (actions_enabled is false)",
  },
  {
    rule: "MON-2",
    breaks: "an alarm without actions",
    mutate: (j) => (at(j, "aws_cloudwatch_metric_alarm", "SecurityAlarms/RootAccountUsageAlarm").alarm_actions = []),
    path: "SecurityAlarms/RootAccountUsageAlarm",
    message: "MON-2: Every alarm has its actions enabled and notifies at least one target (no alarm_actions)",
  },
  {
    rule: "MON-3",
    breaks: "a topic that keeps its evidence without a subscription",
    fixture: retained,
    mutate: (j) => delete j.resource.aws_sns_topic_subscription,
    path: "SecurityAlarms/Topic",
    message: "MON-3: Where evidence is protected, the alarms' topic has at least one subscription (no subscription: the alarms reach no one)",
  },
  ...(["Project", "Environment", "ManagedBy"] as const).map((tag) => ({
    rule: "TAG-1",
    breaks: `a trail whose ${tag} tag is emptied`,
    mutate: (j: Json) => (at(j, "aws_cloudtrail", "Audit/Trail").tags = { [tag]: "" }),
    path: "Audit/Trail",
    message: `TAG-1: The trail and every bucket, key and log group carry the Project, Environment and ManagedBy tags (no ${tag} tag)`,
  })),
  // Conditions of EVI-1's deny: effect, principal, action pattern, and the exemption's operator and key.
  ...(
    [
      ["the tampering deny written as an Allow", (st: Json) => (st.Effect = "Allow")],
      ["the tampering deny for one principal only", (st: Json) => (st.Principal = { AWS: "arn:aws:iam::111122223333:role/x" })],
      ["an exemption by a matching operator (ArnEquals), which denies the named principals only", (st: Json) => (st.Condition = { ArnEquals: { "aws:PrincipalArn": BREAK_GLASS } })],
      // With ForAnyValue, a request without aws:PrincipalArn (anonymous) does not match, so it is not denied.
      ["an exemption under ForAnyValue:ArnNotEquals", (st: Json) => (st.Condition = { "ForAnyValue:ArnNotEquals": { "aws:PrincipalArn": BREAK_GLASS } })],
      ["an exemption that also needs another key", (st: Json) => (st.Condition = { ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS, "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/x" } })],
      ["an exemption on another key than aws:PrincipalArn", (st: Json) => (st.Condition = { ArnNotEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/x" } })],
      // Not among the operators the rule knows to exempt only the named principals: it fails closed.
      ["an exemption under StringNotEqualsIgnoreCase", (st: Json) => (st.Condition = { StringNotEqualsIgnoreCase: { "aws:PrincipalArn": BREAK_GLASS } })],
    ] as const
  ).map(([breaks, edit]) => ({
    rule: "EVI-1",
    fixture: retained,
    breaks,
    mutate: (j: Json) => onTamperingDeny(j, edit),
    path: "Audit/Trail",
    message:
      "EVI-1: Where audit evidence is retained, the trail's log bucket locks and denies deleting log files, and its key denies deletion (the log bucket's policy does not deny s3:DeleteObjectVersion; the log bucket's policy does not deny s3:BypassGovernanceRetention)",
  })),
  {
    rule: "EVI-1",
    fixture: retained,
    breaks: "a version deny whose action has a character IAM does not expand (s3:DeleteObjectVersion+)",
    mutate: (j) => onTamperingDeny(j, (st) => (st.Action = st.Action.map((a: string) => (a === "s3:DeleteObjectVersion" ? "s3:DeleteObjectVersion+" : a)))),
    path: "Audit/Trail",
    message: "EVI-1: Where audit evidence is retained, the trail's log bucket locks and denies deleting log files, and its key denies deletion (the log bucket's policy does not deny s3:DeleteObjectVersion)",
  },
  {
    rule: "EVI-1",
    fixture: retained,
    breaks: "an Object Lock of zero days and zero years",
    mutate: (j) => (at(j, "aws_s3_bucket_object_lock_configuration", LOCK).rule.default_retention = { mode: "GOVERNANCE", days: 0, years: 0 }),
    path: "Audit/Trail",
    message: "EVI-1: Where audit evidence is retained, the trail's log bucket locks and denies deleting log files, and its key denies deletion (the log bucket has no Object Lock default retention)",
  },
  {
    rule: "CT-5",
    breaks: "data events of its access-log bucket",
    mutate: (j) => dataSelector(j)[2].starts_with.push(`arn:aws:s3:::${ACCESS_LOG_BUCKET}/`),
    path: "Audit/Trail",
    message: `CT-5: The trail records S3 object reads and writes for the data buckets and never for its own buckets (records data events of its own bucket ${ACCESS_LOG_BUCKET})`,
  },
  {
    rule: "CT-5",
    breaks: "data events of every bucket (prefix arn:aws:s3:::)",
    mutate: (j) => (dataSelector(j)[2].starts_with = ["arn:aws:s3:::"]),
    path: "Audit/Trail",
    message: `CT-5: The trail records S3 object reads and writes for the data buckets and never for its own buckets (records data events of its own bucket ${LOG_BUCKET}, ${ACCESS_LOG_BUCKET})`,
  },
  {
    rule: "CT-5",
    breaks: "read-only data events",
    mutate: (j) => dataSelector(j).push({ field: "readOnly", equals: ["true"] }),
    path: "Audit/Trail",
    message: `CT-5: The trail records S3 object reads and writes for the data buckets and never for its own buckets (records only reads of arn:aws:s3:::mlops-retail-prediction-dev-111122223333/, ${STATE_OBJECTS})`,
  },
  ...(
    [
      ["write-only basic event selector", { read_write_type: "WriteOnly", include_management_events: true }],
      ["basic event selector without management events", { read_write_type: "All", include_management_events: false }],
    ] as const
  ).map(([breaks, selector]) => ({
    rule: "CT-1",
    breaks,
    mutate: (j: Json) => {
      const trail = at(j, "aws_cloudtrail", "Audit/Trail");
      delete trail.advanced_event_selector;
      trail.event_selector = [selector];
    },
    path: "Audit/Trail",
    message: "CT-1: The trail is multi-region and records management events, read and write (no event selector records both read and write management events)",
  })),
  ...(
    [
      ['Principal "*"', (st: Json) => (st.Principal = "*")],
      ['Principal { "AWS": ["*"] }', (st: Json) => (st.Principal = { AWS: ["*"] })],
    ] as const
  ).map(([how, edit]) => ({
    rule: "KMS-2",
    breaks: `an unconditioned grant written as ${how}`,
    mutate: (j: Json) =>
      editStatement(j, "aws_kms_key", "Audit/Key", "AccountPrincipalsDecryptTrailLogs", (st) => {
        edit(st);
        delete st.Condition;
      }),
    path: "Audit/Key",
    message: 'KMS-2: The key policy grants nothing to "*" without a condition (statement AccountPrincipalsDecryptTrailLogs allows "*" unconditionally)',
  })),
  {
    rule: "KMS-2",
    breaks: "an unconditioned grant without a Sid",
    mutate: (j) => addStatement(j, "aws_kms_key", "Audit/Key", { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }),
    path: "Audit/Key",
    message: 'KMS-2: The key policy grants nothing to "*" without a condition (statement (no Sid) allows "*" unconditionally)',
  },
  ...(
    [
      ["an upper-case service wildcard", { Sid: "Upper", Effect: "Allow", Action: "S3:*", Resource: "*" }, "statement Upper allows S3:* on *"],
      ["a wildcard among other actions", { Sid: "Mixed", Effect: "Allow", Action: ["s3:GetObject", "kms:*"], Resource: ["*"] }, "statement Mixed allows s3:GetObject, kms:* on *"],
      ["a wildcard service prefix", { Sid: "Every", Effect: "Allow", Action: "*:*", Resource: "*" }, "statement Every allows *:* on *"],
      ["a doubled service wildcard", { Sid: "Double", Effect: "Allow", Action: "s3:**", Resource: "*" }, "statement Double allows s3:** on *"],
      ["NotAction on *", { Sid: "AllBut", Effect: "Allow", NotAction: "iam:*", Resource: "*" }, "statement AllBut allows everything but iam:* on *"],
      ["a service wildcard on NotResource", { Sid: "Except", Effect: "Allow", Action: "s3:*", NotResource: ["arn:aws:s3:::x"] }, "statement Except allows s3:* on everything but arn:aws:s3:::x"],
      ["a wildcard without a Sid", { Effect: "Allow", Action: "*", Resource: "*" }, "statement (no Sid) allows * on *"],
      [
        "NotAction and NotResource lists",
        { Sid: "Lists", Effect: "Allow", NotAction: ["iam:*", "kms:*"], NotResource: ["arn:aws:s3:::x", "arn:aws:s3:::y"] },
        "statement Lists allows everything but iam:*, kms:* on everything but arn:aws:s3:::x, arn:aws:s3:::y",
      ],
    ] as const
  ).map(([breaks, statement, detail]) => ({
    rule: "IAM-1",
    breaks,
    mutate: addToSageMakerPolicy(statement),
    path: SAGEMAKER_POLICY,
    message: `IAM-1: No identity policy allows "*" or "<service>:*" on resource "*" (${detail})`,
  })),
  {
    rule: "IAM-1",
    breaks: "two wildcard statements",
    mutate: (j) => {
      addToSageMakerPolicy({ Sid: "A", Effect: "Allow", Action: "s3:*", Resource: "*" })(j);
      addToSageMakerPolicy({ Sid: "B", Effect: "Allow", Action: "kms:*", Resource: "*" })(j);
    },
    path: SAGEMAKER_POLICY,
    message: 'IAM-1: No identity policy allows "*" or "<service>:*" on resource "*" (statement A allows s3:* on *; statement B allows kms:* on *)',
  },
  ...(
    [
      ["arn:aws:iam::aws:policy/AdministratorAccess", "allows * on *"],
      ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess", "allows * on *"],
      ["arn:aws:iam::aws:policy/PowerUserAccess", "allows everything but iam:*, organizations:*, account:* on *"],
    ] as const
  ).map(([arn, detail]) => ({
    rule: "IAM-1",
    breaks: `${arn} attached`,
    mutate: attachInstead(arn),
    path: CLUSTER_ATTACHMENT,
    message: `IAM-1: No identity policy allows "*" or "<service>:*" on resource "*" (${arn} is attached, which ${detail})`,
  })),
  ...(
    [
      "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
      "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess_v2",
      "arn:aws-us-gov:iam::aws:policy/AmazonS3FullAccess",
      "arn:aws:iam::aws:policy/service-role/AmazonSageMakerFullAccess",
    ] as const
  ).map((arn) => ({
    rule: "IAM-2",
    breaks: `${arn} attached`,
    mutate: attachInstead(arn),
    path: CLUSTER_ATTACHMENT,
    message: `IAM-2: No role has an AWS managed *FullAccess policy (${arn} is attached)`,
  })),
  ...(
    [
      ['Principal "*"', "*", 'the trust policy allows "*"'],
      ['Principal { "AWS": "*" }', { AWS: "*" }, 'the trust policy allows "*"'],
      ["a second statement for another service", null, "the trust policy names 2 principals"],
    ] as const
  ).map(([how, principal, detail]) => ({
    rule: "IAM-3",
    breaks: `a trust of ${how}`,
    mutate: (j: Json) =>
      principal === null
        ? addStatement(j, "aws_iam_role", "Roles/EksCluster/Role", { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, "assume_role_policy")
        : editStatement(j, "aws_iam_role", "Roles/EksCluster/Role", "TrustService", (st) => (st.Principal = principal), "assume_role_policy"),
    path: "Roles/EksCluster/Role",
    message: `IAM-3: The role's trust policy names exactly one principal (${detail})`,
  })),
  {
    rule: "IAM-4",
    breaks: "a Step Functions statement without the condition",
    mutate: (j) =>
      addStatement(j, "aws_iam_role", "Roles/SageMakerExecution/Role", { Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }, "assume_role_policy"),
    path: "Roles/SageMakerExecution/Role",
    message: "IAM-4: Trust policies of services that support it carry aws:SourceAccount or aws:SourceArn (states.amazonaws.com is trusted without aws:SourceAccount or aws:SourceArn)",
  },
  {
    rule: "IAM-1",
    breaks: "a wildcard in a customer managed policy (aws_iam_policy)",
    mutate: (j) => addStatement(j, "aws_iam_policy", "Roles/LambdaInference/CustomerPolicy", { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }),
    path: "Roles/LambdaInference/CustomerPolicy",
    message: 'IAM-1: No identity policy allows "*" or "<service>:*" on resource "*" (statement Everything allows * on *)',
  },
  {
    rule: "IAM-4",
    breaks: "a second service statement without the condition",
    mutate: (j) =>
      addStatement(j, "aws_iam_role", "Roles/SageMakerExecution/Role", { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }, "assume_role_policy"),
    path: "Roles/SageMakerExecution/Role",
    message: "IAM-4: Trust policies of services that support it carry aws:SourceAccount or aws:SourceArn (lambda.amazonaws.com is trusted without aws:SourceAccount or aws:SourceArn)",
  },
  {
    rule: "IAM-4",
    breaks: "the source condition on another key",
    mutate: (j) =>
      editStatement(j, "aws_iam_role", "Roles/SageMakerExecution/Role", "TrustService", (st) => (st.Condition = { StringEquals: { "aws:RequestedRegion": "us-east-1" } }), "assume_role_policy"),
    path: "Roles/SageMakerExecution/Role",
    message: "IAM-4: Trust policies of services that support it carry aws:SourceAccount or aws:SourceArn (sagemaker.amazonaws.com is trusted without aws:SourceAccount or aws:SourceArn)",
  },
  {
    rule: "IAM-5",
    breaks: "IRSA conditions under StringLike instead of StringEquals",
    mutate: (j) =>
      editStatement(j, "aws_iam_role", "Roles/RetailApiIrsa/Role/Role", "TrustServiceAccounts", (st) => (st.Condition = { StringLike: st.Condition.StringEquals }), "assume_role_policy"),
    path: "Roles/RetailApiIrsa/Role/Role",
    message: `IAM-5: Web-identity (IRSA) trusts condition on both <issuer>:sub and <issuer>:aud (no StringEquals condition on ${OIDC_ISSUER.slice(8)}:sub, ${OIDC_ISSUER.slice(8)}:aud)`,
  },
  {
    rule: "IAM-5",
    breaks: "IRSA without any condition",
    mutate: (j) => editStatement(j, "aws_iam_role", "Roles/RetailApiIrsa/Role/Role", "TrustServiceAccounts", (st) => delete st.Condition, "assume_role_policy"),
    path: "Roles/RetailApiIrsa/Role/Role",
    message: `IAM-5: Web-identity (IRSA) trusts condition on both <issuer>:sub and <issuer>:aud (no StringEquals condition on ${OIDC_ISSUER.slice(8)}:sub, ${OIDC_ISSUER.slice(8)}:aud)`,
  },
  {
    rule: "LOG-1",
    breaks: "364-day retention",
    mutate: (j) => (at(j, "aws_cloudwatch_log_group", "Audit/LogGroup").retention_in_days = 364),
    path: "Audit/LogGroup",
    message: "LOG-1: The log group keeps events for at least 365 days (retention_in_days is 364)",
  },
  {
    rule: "S3-4",
    breaks: "a TLS deny without a condition block",
    mutate: (j) => editStatement(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", "DenyInsecureTransport", (st) => delete st.Condition),
    path: "Audit/LogBucket/Bucket",
    message: "S3-4: The bucket policy denies every request made without TLS (no bucket policy statement denies s3:* when aws:SecureTransport is false)",
  },
  {
    rule: "S3-4",
    breaks: "a TLS deny under another operator",
    mutate: (j) => editStatement(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", "DenyInsecureTransport", (st) => (st.Condition = { StringEquals: { "aws:SecureTransport": "false" } })),
    path: "Audit/LogBucket/Bucket",
    message: "S3-4: The bucket policy denies every request made without TLS (no bucket policy statement denies s3:* when aws:SecureTransport is false)",
  },
  {
    rule: "S3-4",
    breaks: "a deny of requests made with TLS",
    mutate: (j) => editStatement(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", "DenyInsecureTransport", (st) => (st.Condition = { Bool: { "aws:SecureTransport": "true" } })),
    path: "Audit/LogBucket/Bucket",
    message: "S3-4: The bucket policy denies every request made without TLS (no bucket policy statement denies s3:* when aws:SecureTransport is false)",
  },
  {
    rule: "S3-5",
    breaks: "no default-encryption configuration at all",
    mutate: (j) => removeAll(j, "aws_s3_bucket_server_side_encryption_configuration", onLogBucket),
    path: "Audit/LogBucket/Bucket",
    message: "S3-5: The trail's log bucket encrypts new objects with a KMS key by default (default encryption is not aws:kms)",
  },
  {
    rule: "S3-5",
    breaks: "a KMS key set without the algorithm",
    mutate: (j) => (at(j, "aws_s3_bucket_server_side_encryption_configuration", "Audit/LogBucket/Encryption").rule = [{ bucket_key_enabled: true }]),
    path: "Audit/LogBucket/Bucket",
    message: "S3-5: The trail's log bucket encrypts new objects with a KMS key by default (default encryption is not aws:kms)",
  },
  {
    rule: "S3-7",
    breaks: "the abort only in a disabled rule",
    mutate: (j) => {
      for (const rule of at(j, "aws_s3_bucket_lifecycle_configuration", "Audit/LogBucket/Lifecycle").rule) if (rule.abort_incomplete_multipart_upload) rule.status = "Disabled";
    },
    path: "Audit/LogBucket/Bucket",
    message: "S3-7: The bucket aborts incomplete multipart uploads (no enabled lifecycle rule with abort_incomplete_multipart_upload)",
  },
  {
    rule: "TAG-1",
    breaks: "a trail whose Project tag is blank",
    mutate: (j) => (at(j, "aws_cloudtrail", "Audit/Trail").tags = { Project: "  " }),
    path: "Audit/Trail",
    message: "TAG-1: The trail and every bucket, key and log group carry the Project, Environment and ManagedBy tags (no Project tag)",
  },
  {
    rule: "MON-1",
    breaks: "the root usage alarm with its actions turned off",
    mutate: (j) => (at(j, "aws_cloudwatch_metric_alarm", "SecurityAlarms/RootAccountUsageAlarm").actions_enabled = false),
    path: "Audit/Trail",
    message: "MON-1: Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration (no filter and alarm for CIS 4.3)",
  },
  {
    rule: "MON-1",
    breaks: "the root usage alarm without actions",
    mutate: (j) => (at(j, "aws_cloudwatch_metric_alarm", "SecurityAlarms/RootAccountUsageAlarm").alarm_actions = []),
    path: "Audit/Trail",
    message: "MON-1: Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration (no filter and alarm for CIS 4.3)",
  },
  {
    rule: "MON-1",
    breaks: "the root usage alarm on another namespace",
    mutate: (j) => (at(j, "aws_cloudwatch_metric_alarm", "SecurityAlarms/RootAccountUsageAlarm").namespace = "Other"),
    path: "Audit/Trail",
    message: "MON-1: Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration (no filter and alarm for CIS 4.3)",
  },
  {
    rule: "MON-1",
    breaks: "two controls missing",
    mutate: (j) => removeAll(j, "aws_cloudwatch_metric_alarm", (a) => ["RootAccountUsage", "VPCChanges"].includes(a.metric_name)),
    path: "Audit/Trail",
    message: "MON-1: Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration (no filter and alarm for CIS 4.3, 4.14)",
  },
  {
    rule: "IAM-4",
    breaks: "two services trusted without the condition",
    mutate: (j) => {
      editStatement(j, "aws_iam_role", "Roles/SageMakerExecution/Role", "TrustService", (st) => delete st.Condition, "assume_role_policy");
      addStatement(j, "aws_iam_role", "Roles/SageMakerExecution/Role", { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }, "assume_role_policy");
    },
    path: "Roles/SageMakerExecution/Role",
    message: "IAM-4: Trust policies of services that support it carry aws:SourceAccount or aws:SourceArn (sagemaker.amazonaws.com, lambda.amazonaws.com is trusted without aws:SourceAccount or aws:SourceArn)",
  },
  {
    rule: "KMS-2",
    breaks: "two unconditioned grants",
    mutate: (j) => {
      editStatement(j, "aws_kms_key", "Audit/Key", "AccountPrincipalsDecryptTrailLogs", (st) => delete st.Condition);
      addStatement(j, "aws_kms_key", "Audit/Key", { Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:Encrypt", Resource: "*" });
    },
    path: "Audit/Key",
    message: 'KMS-2: The key policy grants nothing to "*" without a condition (statement AccountPrincipalsDecryptTrailLogs, Open allows "*" unconditionally)',
  },
  {
    rule: "S3-2",
    breaks: "two settings off",
    mutate: (j) => {
      const block = at(j, "aws_s3_bucket_public_access_block", "Audit/LogBucket/PublicAccessBlock");
      block.block_public_acls = false;
      block.restrict_public_buckets = false;
    },
    path: "Audit/LogBucket/Bucket",
    message: "S3-2: The bucket blocks all public access (block_public_acls, restrict_public_buckets not true)",
  },
  {
    rule: "MON-1",
    breaks: "a trail that names its log group by reference, with an alarm missing",
    mutate: (j) => {
      at(j, "aws_cloudtrail", "Audit/Trail").cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.Audit_LogGroup_B448BA69.arn}:*";
      removeAll(j, "aws_cloudwatch_metric_alarm", (a) => a.metric_name === "RootAccountUsage");
    },
    path: "Audit/Trail",
    message: "MON-1: Every CIS monitoring control has a metric filter and alarm on the trail's log group, or is turned off by configuration (no filter and alarm for CIS 4.3)",
  },
];

/**
 * Rewrites that keep each rule satisfied: the same protection written another way the rule must
 * accept (a wildcard, another principal form, another mode), or a change elsewhere it must ignore.
 */
const stillPasses: { rule: string; fixture?: Json; rewrite: string; mutate: (json: Json) => void }[] = [
  {
    rule: "IAM-6",
    fixture: pods,
    rewrite: "a Deny of Pod Identity for another namespace beside the trust (a Deny narrows, it needs no pinning)",
    mutate: editPodTrustDocument((doc) =>
      doc.Statement.push({ Sid: "NoDefault", Effect: "Deny", Principal: { Service: "pods.eks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": "default" } } }),
    ),
  },
  ...(
    [
      ['Principal { "AWS": "*" }', (st: Json) => (st.Principal = { AWS: "*" })],
      ['Principal { "AWS": ["*"] }', (st: Json) => (st.Principal = { AWS: ["*"] })],
      ["the actions as s3:Delete* and s3:Bypass*", (st: Json) => (st.Action = ["s3:Delete*", "s3:Bypass*"])],
      ["the actions with the ? wildcard", (st: Json) => (st.Action = ["s3:DeleteObjectVersio?", "s3:BypassGovernanceRetentio?"])],
      ["the actions in another case", (st: Json) => (st.Action = ["S3:deleteobjectversion", "s3:BYPASSGOVERNANCERETENTION"])],
      ["the exemption as ArnNotLike", (st: Json) => (st.Condition = { ArnNotLike: { "aws:PrincipalArn": BREAK_GLASS } })],
      ["the exemption as StringNotEquals", (st: Json) => (st.Condition = { StringNotEquals: { "aws:PrincipalArn": BREAK_GLASS } })],
      ["the exemption as ArnNotEqualsIfExists", (st: Json) => (st.Condition = { ArnNotEqualsIfExists: { "aws:PrincipalArn": BREAK_GLASS } })],
      ["the exemption key in another case", (st: Json) => (st.Condition = { ArnNotEquals: { "AWS:PrincipalARN": BREAK_GLASS } })],
      ["no exemption at all", (st: Json) => delete st.Condition],
    ] as const
  ).map(([rewrite, edit]) => ({ rule: "EVI-1", fixture: retained, rewrite: `the tampering deny with ${rewrite}`, mutate: (j: Json) => onTamperingDeny(j, edit) })),
  {
    rule: "EVI-1",
    fixture: retained,
    rewrite: "Object Lock in COMPLIANCE mode",
    mutate: (j) => (at(j, "aws_s3_bucket_object_lock_configuration", LOCK).rule.default_retention.mode = "COMPLIANCE"),
  },
  {
    rule: "EVI-1",
    fixture: retained,
    rewrite: "Object Lock of one year instead of days",
    mutate: (j) => (at(j, "aws_s3_bucket_object_lock_configuration", LOCK).rule.default_retention = { mode: "GOVERNANCE", years: 1 }),
  },
  {
    rule: "EVI-1",
    fixture: retained,
    // The first key of the stack is now one the trail does not use, and it has no deletion deny.
    rewrite: "another key, listed first, without the deletion deny",
    mutate: (j) => {
      editPolicy(j, "aws_kms_key", "SecurityAlarms/Key", withoutAction("kms:ScheduleKeyDeletion"));
      const keys = Object.entries(j.resource.aws_kms_key as Record<string, Json>);
      j.resource.aws_kms_key = Object.fromEntries([...keys.filter(([n]) => n.startsWith("SecurityAlarms")), ...keys.filter(([n]) => !n.startsWith("SecurityAlarms"))]);
    },
  },
  ...(
    [
      ['Principal { "AWS": "*" }', (st: Json) => (st.Principal = { AWS: "*" })],
      ['Principal { "AWS": ["*"] }', (st: Json) => (st.Principal = { AWS: ["*"] })],
      ['Action "*"', (st: Json) => (st.Action = "*")],
      ['Action "S3:*"', (st: Json) => (st.Action = "S3:*")],
      ["s3:* among other actions", (st: Json) => (st.Action = ["s3:GetObject", "s3:*"])],
      ["aws:SecureTransport as a JSON boolean", (st: Json) => (st.Condition = { Bool: { "aws:SecureTransport": false } })],
    ] as const
  ).map(([rewrite, edit]) => ({
    rule: "S3-4",
    rewrite: `the TLS deny with ${rewrite}`,
    mutate: (j: Json) => editStatement(j, "aws_s3_bucket_policy", "Audit/LogBucket/Policy", "DenyInsecureTransport", edit),
  })),
  ...(
    [
      ["a Deny to everyone without a condition", { Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "kms:ScheduleKeyDeletion", Resource: "*" }],
      ["a service principal without a condition", { Sid: "Service", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*" }],
    ] as const
  ).map(([rewrite, statement]) => ({ rule: "KMS-2", rewrite, mutate: (j: Json) => addStatement(j, "aws_kms_key", "Audit/Key", statement) })),
  ...(
    [
      ["a Deny of * on *", { Sid: "D", Effect: "Deny", Action: "*", Resource: "*" }],
      ["s3:* on one bucket", { Sid: "One", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::one/*" }],
      ["s3:Get* on *", { Sid: "Reads", Effect: "Allow", Action: "s3:Get*", Resource: "*" }],
      ["s3:*Object on *", { Sid: "Objects", Effect: "Allow", Action: "s3:*Object", Resource: "*" }],
      ["NotAction on one bucket", { Sid: "NotOne", Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "arn:aws:s3:::one/*" }],
    ] as const
  ).map(([rewrite, statement]) => ({ rule: "IAM-1", rewrite, mutate: addToSageMakerPolicy(statement) })),
  ...(
    [
      "arn:aws:iam::111122223333:policy/AdministratorAccess",
      "arn:aws:iam::aws:policy/AdministratorAccess-Amplify",
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:iam::aws:policy/constructor",
    ] as const
  ).map((arn) => ({
    rule: "IAM-1",
    rewrite: `${arn} attached`,
    mutate: attachInstead(arn),
  })),
  ...(["arn:aws:iam::111122223333:policy/TeamFullAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/FullAccess/ReadOnly"] as const).map((arn) => ({
    rule: "IAM-2",
    rewrite: `${arn} attached`,
    mutate: attachInstead(arn),
  })),
  {
    rule: "IAM-3",
    rewrite: "a Deny statement naming another principal",
    mutate: (j) =>
      addStatement(j, "aws_iam_role", "Roles/EksCluster/Role", { Effect: "Deny", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" }, "assume_role_policy"),
  },
  ...(
    [
      ["aws:SourceArn alone", { ArnLike: { "aws:SourceArn": "arn:aws:sagemaker:us-east-1:111122223333:*" } }],
      ["aws:SourceAccount beside another key", { StringEquals: { "aws:SourceAccount": "111122223333", "aws:RequestedRegion": "us-east-1" } }],
      ["the key in another case", { StringEquals: { "AWS:SourceAccount": "111122223333" } }],
    ] as const
  ).map(([rewrite, condition]) => ({
    rule: "IAM-4",
    rewrite: `the SageMaker trust with ${rewrite}`,
    mutate: (j: Json) => editStatement(j, "aws_iam_role", "Roles/SageMakerExecution/Role", "TrustService", (st) => (st.Condition = condition), "assume_role_policy"),
  })),
  ...([0, 365, undefined] as const).map((days) => ({
    rule: "LOG-1",
    rewrite: `retention_in_days ${days} (${days === 365 ? "the minimum" : "never expire"})`,
    mutate: (j: Json) => (at(j, "aws_cloudwatch_log_group", "Audit/LogGroup").retention_in_days = days),
  })),
  {
    rule: "CT-5",
    rewrite: "another bucket whose access logs go to a recorded data bucket (only the log bucket's own access-log bucket is the trail's)",
    mutate: (j) => {
      j.resource.aws_s3_bucket.Other = { bucket: "mlops-other" };
      j.resource.aws_s3_bucket_logging = { ...j.resource.aws_s3_bucket_logging, OtherLogging: { bucket: "${aws_s3_bucket.Other.id}", target_bucket: "mlops-retail-prediction-dev-111122223333" } };
    },
  },
  {
    rule: "S3-5",
    rewrite: "DSSE-KMS (aws:kms:dsse)",
    mutate: (j) => (at(j, "aws_s3_bucket_server_side_encryption_configuration", "Audit/LogBucket/Encryption").rule[0].apply_server_side_encryption_by_default.sse_algorithm = "aws:kms:dsse"),
  },
  {
    rule: "CT-1",
    rewrite: "a basic event selector for read and write management events",
    mutate: (j) => {
      const trail = at(j, "aws_cloudtrail", "Audit/Trail");
      delete trail.advanced_event_selector;
      trail.event_selector = [{ include_management_events: true }];
    },
  },
  {
    rule: "CT-6",
    rewrite: "a prefix of the state bucket's name instead of the bucket",
    mutate: (j) => dataSelector(j)[2].starts_with.splice(1, 1, "arn:aws:s3:::mlops-retail-prediction-dev-tfstate"),
  },
  ...(["true", "false"] as const).map((readOnly) => ({
    rule: "CT-6",
    rewrite: `another selector of the state bucket, readOnly ${readOnly}, beside the one for both`,
    mutate: (j: Json) =>
      at(j, "aws_cloudtrail", "Audit/Trail").advanced_event_selector.push({
        name: "extra",
        field_selector: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::S3::Object"] },
          { field: "readOnly", equals: [readOnly] },
          { field: "resources.ARN", starts_with: [STATE_OBJECTS] },
        ],
      }),
  })),
  {
    rule: "CT-6",
    rewrite: "a selector of another resource type recording only reads of the state bucket",
    mutate: (j) =>
      at(j, "aws_cloudtrail", "Audit/Trail").advanced_event_selector.push({
        name: "lambda",
        field_selector: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::Lambda::Function"] },
          { field: "readOnly", equals: ["true"] },
          { field: "resources.ARN", starts_with: [STATE_OBJECTS] },
        ],
      }),
  },
  {
    rule: "MON-1",
    rewrite: "the trail's log group named by reference",
    mutate: (j) => (at(j, "aws_cloudtrail", "Audit/Trail").cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.Audit_LogGroup_B448BA69.arn}:*"),
  },
  {
    rule: "MON-1",
    rewrite: "another log group, without filters, listed first",
    mutate: (j) => {
      j.resource.aws_cloudwatch_log_group = { Other: { name: "other-group" }, ...j.resource.aws_cloudwatch_log_group };
    },
  },
  {
    rule: "S3-6",
    rewrite: "a disabled rule beside the enabled ones",
    mutate: (j) => at(j, "aws_s3_bucket_lifecycle_configuration", "Audit/LogBucket/Lifecycle").rule.push({ id: "off", status: "Disabled", filter: [{ prefix: "x/" }] }),
  },
];

describe("compliance rules", () => {
  test("CT-7 leaves management and network activity selectors alone, and accepts the project-scoped ML ones", () => {
    const broken = clone(mlEvents);
    addSelector({ name: "no category filter", field_selector: [{ field: "eventCategory", equals: ["NetworkActivity"] }] })(broken);
    // CloudTrail requires eventCategory; a selector without one is not a data selector here either.
    addSelector({ name: "no category", field_selector: [{ field: "eventSource", equals: ["s3.amazonaws.com"] }] })(broken);
    expect(outcomes(broken, "CT-7").map((e) => e.outcome)).toEqual(["pass"]);
  });

  test("every rule has a non-compliant fixture below", () => {
    expect([...new Set(cases.map((c) => c.rule))].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test.each(RULES.map((r) => [r.id, r.level]))("%s passes on the real stacks (level %s)", (id) => {
    const all = [...outcomes(foundation, id), ...outcomes(state, id), ...outcomes(retained, id), ...outcomes(pods, id), ...outcomes(moving, id), ...outcomes(mlEvents, id)];
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((e) => e.outcome !== "pass").map((e) => e.message)).toEqual([]);
  });

  test.each(cases)("$rule fails on $breaks", ({ rule, fixture, mutate, path, message }) => {
    const broken = clone(fixture ?? foundation);
    mutate(broken);
    expect(outcomes(broken, rule).filter((e) => e.outcome === "fail").map((e) => [e.path, e.message])).toEqual([[path, message]]);
  });

  test.each(stillPasses)("$rule still passes with $rewrite", ({ rule, fixture, mutate }) => {
    const rewritten = clone(fixture ?? foundation);
    mutate(rewritten);
    const results = outcomes(rewritten, rule);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((e) => e.outcome !== "pass").map((e) => e.message)).toEqual([]);
  });

  test("EVI-1 does not apply where evidence is not retained (dev)", () => {
    expect(evaluateStack(foundation).filter((e) => e.rule === "EVI-1").map((e) => e.outcome)).toEqual(["not-applicable"]);
  });

  test("TAG-1 fails every trail, bucket, key and log group of a stack whose provider sets no default tags", () => {
    const broken = clone(foundation);
    delete broken.provider.aws[0].default_tags;
    const failed = outcomes(broken, "TAG-1").filter((e) => e.outcome === "fail");
    // 1 trail, 2 buckets, 2 keys, 1 log group.
    expect(failed.map((e) => e.path).sort()).toEqual(["Audit/AccessLogBucket/Bucket", "Audit/Key", "Audit/LogBucket/Bucket", "Audit/LogGroup", "Audit/Trail", "SecurityAlarms/Key"]);
    expect(new Set(failed.map((e) => e.message))).toEqual(
      new Set(["TAG-1: The trail and every bucket, key and log group carry the Project, Environment and ManagedBy tags (no Project, Environment, ManagedBy tag)"]),
    );
  });

  test("MON-1 accepts a control turned off by configuration", () => {
    const broken = clone(foundation);
    removeAll(broken, "aws_cloudwatch_metric_alarm", (a) => a.metric_name === "OrganizationsChanges");
    expect(outcomes(broken, "MON-1", ["organizationsChanges"]).map((e) => e.outcome)).toEqual(["pass"]);
  });

  test("EVI-1 does not apply to a log bucket without a lifecycle block (no prevent_destroy)", () => {
    const bare = clone(retained);
    for (const bucket of Object.values(resourcesOfType(bare, "aws_s3_bucket"))) delete bucket.lifecycle;
    expect(evaluateStack(bare).filter((e) => e.rule === "EVI-1").map((e) => e.outcome)).toEqual(["not-applicable"]);
  });

  test("S3-1 and S3-5 apply to the trail's bucket only", () => {
    const notApplicable = evaluateStack(state).filter((e) => ["S3-1", "S3-5"].includes(e.rule));
    expect(notApplicable.map((e) => e.outcome)).toEqual(["not-applicable", "not-applicable"]);
  });

  test("IAM-1's AWS managed policies grant what IAM-1 calls wildcard admin in an identity policy", () => {
    expect([...WILDCARD_MANAGED_POLICIES].map(([name, statement]) => [name, grantsWildcard(statement)])).toEqual([
      ["AdministratorAccess", true],
      ["PowerUserAccess", true],
    ]);
  });
});

describe("MON-3 asks for subscribers only where it matters", () => {
  // `outcomes` leaves out what a rule does not apply to: nothing left is "not applicable".
  const outcome = (j: Json): string[] => outcomes(j, "MON-3").map((e) => e.outcome);
  test("dev without subscribers: not applicable (no evidence protection on its topic)", () => {
    expect(foundation.resource.aws_sns_topic_subscription).toBeUndefined();
    expect(outcome(foundation)).toEqual([]);
  });
  test("a protected topic no alarm notifies: not applicable", () => {
    const j = clone(retained);
    delete j.resource.aws_sns_topic_subscription;
    for (const alarm of Object.values(j.resource.aws_cloudwatch_metric_alarm) as Json[]) alarm.alarm_actions = ["arn:aws:sns:us-east-1:111122223333:elsewhere"];
    expect(outcome(j)).toEqual([]);
  });
});

