/**
 * What a real apply needs of the synthesized graph where evidence is protected: the resources that
 * carry the denies come last (an apply that put them first would be stopped halfway by them), and
 * each checks first that whoever plans is a break-glass principal.
 */
import { StateStack } from "../../stacks/state-stack";
import { FoundationStack } from "../../stacks/foundation-stack";
import { DEPLOYER, configFor, synthesize, testApp, type Json } from "../helpers";

const prod = (): Json => synthesize(new FoundationStack(testApp(), configFor("prod", { alarmEmails: ["secops@example.com", "oncall@example.com"] })));
const dev = (): Json => synthesize(new FoundationStack(testApp(), configFor("dev", { alarmEmails: ["ops@example.com"] })));

/** "<type>.<id>" of every resource whose `bucket` is the given bucket resource's id, other than `except`. */
function configurationsOf(json: Json, bucketRef: string, except: string): string[] {
  return Object.entries(json.resource as Record<string, Record<string, Json>>).flatMap(([type, resources]) =>
    Object.entries(resources)
      .filter(([id, r]) => r.bucket === bucketRef && `${type}.${id}` !== except)
      .map(([id]) => `${type}.${id}`),
  );
}

/** Each bucket policy with the bucket's other configurations it must wait for, and those it does. */
function policyOrder(json: Json): { policy: string; missing: string[]; configurations: number }[] {
  return Object.entries(json.resource.aws_s3_bucket_policy as Record<string, Json>).map(([id, policy]) => {
    const self = `aws_s3_bucket_policy.${id}`;
    const configurations = configurationsOf(json, policy.bucket, self);
    return { policy: id, missing: configurations.filter((c) => !(policy.depends_on ?? []).includes(c)), configurations: configurations.length };
  });
}

describe("apply order", () => {
  test.each([
    ["prod (denies, Object Lock, access logging)", prod],
    ["dev", dev],
  ])("%s: every bucket policy waits for every other configuration of its bucket", (_name, make) => {
    const order = policyOrder(make());
    expect(order.map((o) => ({ policy: o.policy, missing: o.missing }))).toEqual(order.map((o) => ({ policy: o.policy, missing: [] })));
    // Public access block, ownership, versioning, encryption, lifecycle at least; the log bucket also logging (and Object Lock in prod).
    expect(order.every((o) => o.configurations >= 5)).toBe(true);
  });

  test("prod's log bucket policy waits for Object Lock and access logging by name", () => {
    const policy = prod().resource.aws_s3_bucket_policy.Audit_LogBucket_Policy_3091E7F4;
    expect(policy.depends_on).toEqual([
      "aws_s3_bucket_public_access_block.Audit_LogBucket_PublicAccessBlock_FFFBFCCD",
      "aws_s3_bucket_ownership_controls.Audit_LogBucket_OwnershipControls_820F115C",
      "aws_s3_bucket_versioning.Audit_LogBucket_Versioning_D53C44DB",
      "aws_s3_bucket_server_side_encryption_configuration.Audit_LogBucket_Encryption_3754008A",
      "aws_s3_bucket_object_lock_configuration.Audit_LogBucket_ObjectLock_697CA4B7",
      "aws_s3_bucket_lifecycle_configuration.Audit_LogBucket_Lifecycle_4A76A7B8",
      "aws_s3_bucket_logging.Audit_LogBucket_AccessLogging_82AFA73E",
    ]);
  });

  test("the state bucket's policy waits for its configurations too", () => {
    const json = synthesize(new StateStack(testApp(), configFor("prod")));
    expect(policyOrder(json).map((o) => o.missing)).toEqual([[]]);
  });

  test("the alarm topic's policy waits for its subscriptions", () => {
    const json = prod();
    const subscriptions = Object.keys(json.resource.aws_sns_topic_subscription).map((id) => `aws_sns_topic_subscription.${id}`);
    expect(subscriptions).toHaveLength(2);
    expect(json.resource.aws_sns_topic_policy.SecurityAlarms_TopicPolicy_617BD027.depends_on).toEqual(subscriptions);
  });
});

describe("break-glass guard inside Terraform", () => {
  const session = "data.aws_iam_session_context.BreakGlassGuard_Session_1BC08736";

  test("prod resolves the caller to its IAM principal: the caller identity, then its session context", () => {
    const json = prod();
    expect(Object.keys(json.data.aws_caller_identity)).toEqual(["BreakGlassGuard_Caller_9A87B5E7"]);
    expect(json.data.aws_iam_session_context.BreakGlassGuard_Session_1BC08736.arn).toBe("${data.aws_caller_identity.BreakGlassGuard_Caller_9A87B5E7.arn}");
  });

  test("every resource that carries the denies, and nothing else, checks the caller before it is planned", () => {
    const json = prod();
    const guarded = Object.entries(json.resource as Record<string, Record<string, Json>>).flatMap(([type, resources]) =>
      Object.entries(resources)
        .filter(([, r]) => r.lifecycle?.precondition !== undefined)
        .map(([id, r]) => ({ resource: `${type}.${id}`, precondition: r.lifecycle.precondition })),
    );
    const precondition = [
      {
        condition: `\${contains(["${DEPLOYER}"], ${session}.issuer_arn)}`,
        error_message:
          `The caller \${${session}.issuer_arn} is not one of audit.breakGlassPrincipalArns of prod in cdktf.json (${DEPLOYER}). ` +
          "The explicit denies on the log buckets, keys and alarm topic would stop its apply halfway: sign in as a break-glass principal, " +
          "or have one of them add this ARN to the setting and apply that first (docs/break-glass.md).",
      },
    ];
    expect(guarded).toEqual(
      [
        "aws_kms_key.Audit_Key_AD418882",
        "aws_kms_key.SecurityAlarms_Key_19A2BCB6",
        "aws_s3_bucket_policy.Audit_AccessLogBucket_Policy_C80C5E07",
        "aws_s3_bucket_policy.Audit_LogBucket_Policy_3091E7F4",
        "aws_sns_topic_policy.SecurityAlarms_TopicPolicy_617BD027",
      ].map((resource) => ({ resource, precondition })),
    );
    // The keys keep prevent_destroy beside the precondition.
    expect(json.resource.aws_kms_key.Audit_Key_AD418882.lifecycle.prevent_destroy).toBe(true);
  });

  test("where nothing is protected (dev, or the example account without break-glass), there is no guard", () => {
    for (const json of [dev(), synthesize(new FoundationStack(testApp(), { ...configFor("prod"), audit: { ...configFor("prod").audit, breakGlassPrincipalArns: [] } }))]) {
      expect(json.data).toBeUndefined();
      expect(JSON.stringify(json.resource)).not.toContain("precondition");
    }
  });
});
