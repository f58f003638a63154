// Each AWS naming rule at its edges: the longest and shortest names it accepts and the first it
// refuses, and characters and shapes just inside and outside what AWS allows.
import {
  iamPolicyName,
  iamRoleName,
  instanceProfileName,
  kmsAliasName,
  logGroupName,
  s3BucketName,
  snsTopicName,
  SERVICE_ACCOUNT_PATTERN,
  describe as describeValue,
  stackName,
  trailName,
  type NameRule,
} from "../../facts/name-rules";
import { ENVIRONMENT_NAME_PATTERN } from "../../facts/naming";

const shown = (name: string): string => (name.length > 20 ? `"${name}" (${name.length} characters)` : `"${name}"`);

function expectRule(rule: NameRule, accepted: readonly string[], refused: readonly string[], allowed: string): void {
  expect(accepted.filter((name) => rule(name) !== undefined)).toEqual([]);
  expect(refused.map((name) => rule(name))).toEqual(refused.map((name) => `${allowed}, got ${shown(name)}`));
}

describe("AWS name rules", () => {
  test("IAM role names: 1-64 of letters, digits and +=,.@_-", () => {
    expectRule(iamRoleName, ["r", "r".repeat(64), "a+b=c,d.e@f_g-h"], ["", "r".repeat(65), "my role", "role/path"], "an IAM role name must be 1-64 characters of letters, digits and +=,.@_-");
  });

  test("IAM policy names: 1-128", () => {
    expectRule(iamPolicyName, ["p", "p".repeat(128)], ["", "p".repeat(129), "my policy"], "an IAM policy name must be 1-128 characters of letters, digits and +=,.@_-");
  });

  test("instance profile names: 1-128", () => {
    expectRule(instanceProfileName, ["i", "i".repeat(128)], ["i".repeat(129), "my profile"], "an instance profile name must be 1-128 characters of letters, digits and +=,.@_-");
  });

  test("S3 bucket names", () => {
    expectRule(
      s3BucketName,
      // An IP address, a forbidden prefix or suffix only counts as the whole name, its start or its end.
      ["abc", "b".repeat(63), "a1.2.3.4", "1.2.3.4a", "my-xn--bucket", "my-s3alias-bucket", "my.mrap.bucket"],
      ["ab", "b".repeat(64), "1.2.3.4", "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "my..bucket", "-bucket", "bucket-"],
      "an S3 bucket name must be 3-63 characters of lowercase letters, digits, hyphens and periods, start and end with a letter or digit, " +
        "not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, .mrap or --x-s3",
    );
  });

  test("trail names", () => {
    expectRule(
      trailName,
      ["abc", "t".repeat(128), "a192.168.10.1", "192.168.10.1a", "audit_trail.v-2"],
      ["ab", "t".repeat(129), "-trail", "trail-", "audit--trail", "audit._trail", "192.168.10.1", "1.2.3.4"],
      "a trail name must be 3-128 characters of letters, digits, periods, underscores and hyphens, start and end with a letter or digit, with no two of ._- adjacent and not IP-shaped",
    );
  });

  test("KMS aliases", () => {
    expectRule(
      kmsAliasName,
      [`alias/${"k".repeat(250)}`, "alias/team/key_1-a"],
      [`alias/${"k".repeat(251)}`, "xalias/key", "alias/key*", "alias/", "alias/aws/s3"],
      'a KMS alias must be "alias/" followed by letters, digits and /_-, at most 256 characters and not under alias/aws/',
    );
  });

  test("log group names", () => {
    expectRule(logGroupName, ["l", "l".repeat(512), "/aws/x#y_z.1-2"], ["", "l".repeat(513), "cloud trail", "*logs", "logs*"], "a log group name must be 1-512 characters of letters, digits and ._-/#");
  });

  test("SNS topic names", () => {
    expectRule(snsTopicName, ["t", "t".repeat(256), "Security_alarms-1"], ["", "t".repeat(257), "my topic", "*alarms", "alarms*", "alarms.fifo"], "an SNS topic name must be 1-256 characters of letters, digits, hyphens and underscores");
  });

  test("stack names", () => {
    expectRule(stackName, ["s", "s".repeat(100), "Stack_1-a"], ["", "s".repeat(101), "-stack", "stack!", "_stack"], "a stack name must be 1-100 characters of letters, digits, hyphens and underscores");
  });

  test("a value is quoted, with its length from 21 characters on", () => {
    expect(describeValue("a".repeat(20))).toBe(`"${"a".repeat(20)}"`);
    expect(describeValue("a".repeat(21))).toBe(`"${"a".repeat(21)}" (21 characters)`);
  });

  test("bucket names that look like IP addresses, with one to three digits a part", () => {
    for (const name of ["192.168.10.40", "1.22.33.44", "10.0.0.1"]) expect([name, s3BucketName(name)]).toEqual([name, expect.stringMatching(/^an S3 bucket name must be/)]);
  });

  test("Kubernetes service accounts: namespace:serviceaccount, each part one character or more, nothing around", () => {
    const accepted = ["a:b", "retail:retail-api", "kube-system:aws-node", "ns:sa.v1"];
    const refused = ["_ns:sa", "ns:sa_", "ns:", ":sa", "Ns:sa", "ns-:sa", "ns:sa-", "ns:sa:x"];
    expect(accepted.filter((v) => !SERVICE_ACCOUNT_PATTERN.test(v))).toEqual([]);
    expect(refused.filter((v) => SERVICE_ACCOUNT_PATTERN.test(v))).toEqual([]);
  });

  test("environment names: words of lowercase letters and digits joined by single hyphens, 1-40 characters", () => {
    const accepted = ["x", "dev", "team-a-dev", "prod-eu2", "a".repeat(40)];
    const refused = ["", "Prod", "team_a", "team--a", "-dev", "dev-", "2dev", "a".repeat(41)];
    expect(accepted.filter((v) => !ENVIRONMENT_NAME_PATTERN.test(v))).toEqual([]);
    expect(refused.filter((v) => ENVIRONMENT_NAME_PATTERN.test(v))).toEqual([]);
  });
});
