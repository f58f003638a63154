/**
 * `npm run verify -- organization` against the example organization's accounts, mocked: the
 * trail account (delegated administrator) holds the organization trail, its log group key and
 * the CIS alarms; the log-archive account holds the archive key and buckets. Each account
 * answers only for what it holds (another account's trail or bucket is not found, or refused),
 * so a check sent to the wrong account fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { createClients } from "../../verify/aws";
import type { Row } from "../../verify/checks";
import { expectedOrganization } from "../../verify/organization-expected";
import { runVerify } from "../../verify/run";
import { LOG_ARCHIVE, MANAGEMENT, TRAIL } from "../support/fake-organization";
import { mockOrganizations, type FakeOrganization } from "../support/fake-organizations";
import { decide } from "../support/iam";
import { ACTIONS, ORGANIZATION_ACTIONS } from "../support/verify-actions";
import { VERIFY_READ_ONLY_POLICY } from "../../verify/permissions";
import { NOW, healthyAuditWorld, mockAws, synthesizeOnce, type World } from "./world";

const CONTEXT = JSON.parse(readFileSync(join(__dirname, "../../examples/organization/cdktf.json"), "utf8")).context;
const ORG = loadConfig({ settings: CONTEXT.foundation, env: {} }).organization!;
const ORG_ID = "o-a1b2c3d4e5";
const TRAIL_NAME = "mlops-retail-prediction-org-trail";
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/${TRAIL_NAME}`;
const ARCHIVE_ALIAS = "alias/mlops-retail-prediction-org-cloudtrail-key";
const LOG_BUCKET = `mlops-org-cloudtrail-logs-us-east-1-${LOG_ARCHIVE}`;

/** The accounts the clients were made for: each client answers from its account's world. */
const accountOf = new WeakMap<object, string>();
let worlds: Record<string, World> = {};
let organization: FakeOrganization;
const mocks = mockAws((client) => worlds[accountOf.get(client ?? {}) ?? ""] ?? worlds[TRAIL]);
const organizations = mockOrganizations(() => organization);
const SCP = "mlops-retail-prediction-org-evidence-guardrails";
const FULL_ACCESS = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
const RCP = "mlops-retail-prediction-org-archive-perimeter";
const clients = (region: string, credentials: Parameters<typeof createClients>[1], accountId?: string) => {
  const made = createClients(region, credentials);
  for (const client of Object.values(made)) accountOf.set(client, accountId ?? "none");
  return made;
};

function healthy(): Record<string, World> {
  const { stacks } = synthesizeOnce({ context: CONTEXT, env: {} });
  const read = (name: string) => JSON.parse(stacks.find((s) => s.name === name)!.text);
  const e = expectedOrganization(ORG, read(ORG.names.archiveStack), read(ORG.names.trailStack), read(ORG.names.managementStack));
  const archive = healthyAuditWorld(e.logArchive, LOG_ARCHIVE);
  const trail = healthyAuditWorld(e.trailAccount, TRAIL);
  // The management account owns the trail; it encrypts with the log archive's key.
  trail.trail = { ...trail.trail, Name: TRAIL_NAME, TrailARN: TRAIL_ARN, IsOrganizationTrail: true, KmsKeyId: archive.keys[ARCHIVE_ALIAS].Arn };
  trail.objects = {};
  archive.trail = undefined;
  archive.objects[LOG_BUCKET] = [`org-logs/AWSLogs/${ORG_ID}/${TRAIL}/CloudTrail/us-east-1/2026/11/27/${TRAIL}_CloudTrail_us-east-1_20261127T1150Z_abc.json.gz`];
  // The management account: who calls there; what it holds is AWS Organizations' (below).
  const management = { ...healthyAuditWorld(e.logArchive, MANAGEMENT), trail: undefined, buckets: {}, keys: {} };
  organization = {
    // AWS's own policies first, as every organization has them; ours as Terraform applied them,
    // the archive key's ARN resolved (written out here, not taken from verify's expectations).
    policies: {
      "p-FullAWSAccess": { name: "FullAWSAccess", type: "SERVICE_CONTROL_POLICY", content: FULL_ACCESS, targets: ["r-ab12"] },
      "p-RCPFullAWSAccess": { name: "RCPFullAWSAccess", type: "RESOURCE_CONTROL_POLICY", content: FULL_ACCESS, targets: ["r-ab12"] },
      ...Object.fromEntries(
        Object.values(read(ORG.names.managementStack).resource.aws_organizations_policy as Record<string, { name: string; type: string; content: string }>).map((p, i) => [
          `p-0000000${i + 1}`,
          { name: p.name, type: p.type, content: p.content.split("${data.terraform_remote_state.LogArchive.outputs.kms_key_arn}").join(archive.keys[ARCHIVE_ALIAS].Arn), targets: ["r-ab12"] },
        ]),
      ),
    },
    root: { id: "r-ab12", enabledTypes: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] },
    trustedServices: ["sso.amazonaws.com", "config.amazonaws.com", "cloudtrail.amazonaws.com"],
    delegated: { "cloudtrail.amazonaws.com": [TRAIL] },
  };
  return { [TRAIL]: trail, [LOG_ARCHIVE]: archive, [MANAGEMENT]: management };
}

const policyNamed = (name: string) => Object.values(organization.policies).find((p) => p.name === name)!;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function verify(
  break_: (w: Record<string, World>) => void = () => undefined,
  environments = ["organization"],
  context: Record<string, unknown> = CONTEXT,
  extra: Partial<Parameters<typeof runVerify>[0]> = {},
) {
  worlds = healthy();
  break_(worlds);
  mocks.reset();
  organizations.reset();
  const outdir = mkdtempSync(join(tmpdir(), "verify-org-"));
  dirs.push(outdir);
  const log: string[] = [];
  const problems: string[] = [];
  const code = await runVerify({ context, env: {}, environments, outdir, clients, log: (l) => log.push(l), problem: (l) => problems.push(l), now: () => NOW, synthesize: synthesizeOnce, ...extra });
  let rows: Row[] = [];
  let calls = 0;
  try {
    ({ rows, calls } = JSON.parse(readFileSync(join(outdir, "verify-organization.json"), "utf8")));
  } catch {
    // Nothing written when verify could not run.
  }
  return { code, rows, calls, log, problems, outdir };
}

const key = (r: Row): string => `${r.group}: ${r.check}`;
const failed = (rows: readonly Row[]): string[] => rows.filter((r) => r.status !== "pass").map((r) => `${key(r)} [${r.resource}]: ${r.observed}`);

describe("verify organization", () => {
  test("a healthy organization: every row passes, each checked in the account that holds it", async () => {
    const outcome = await verify();
    expect(outcome.problems).toEqual([]);
    expect(failed(outcome.rows)).toEqual([]);
    expect(outcome.code).toBe(0);
    const checks = new Set(outcome.rows.map(key));
    for (const want of [
      "Trail: organization trail",
      "Trail: encrypts with the configured key",
      "Trail: delivers to its bucket",
      "Trail: delivers to CloudWatch Logs",
      "Trail: is logging",
      "Trail: advanced event selectors as declared",
      "Bucket (log bucket): log files delivered",
      "Bucket (access-log bucket): server access logs of the log bucket delivered",
      "Key: rotation",
      "Alarms: alarm with its action enabled",
      "Guardrails: content as declared",
      "Guardrails: attached where configured",
      "Guardrails: policy types enabled on the root",
      "Guardrails: trusted access for CloudTrail",
      "Guardrails: CloudTrail delegated administrator",
    ]) {
      expect(checks).toContain(want);
    }
    expect(outcome.rows.filter((r) => r.group.startsWith("Bucket (archive")).length).toBeGreaterThan(10);
    // The trail is asked for by its ARN, of the trail account only; the buckets of the log-archive account only, as their owner.
    const byAccount = (command: string) => mocks.callsOf(command).map((c) => accountOf.get(c.client));
    expect(mocks.callsOf("GetTrailCommand").map((c) => [accountOf.get(c.client), c.input.Name])).toEqual([[TRAIL, TRAIL_ARN]]);
    expect(new Set(byAccount("GetBucketPolicyCommand"))).toEqual(new Set([LOG_ARCHIVE]));
    expect(new Set(mocks.inputsOf("GetBucketPolicyCommand").map((i) => i.ExpectedBucketOwner))).toEqual(new Set([LOG_ARCHIVE]));
    expect(new Set(byAccount("DescribeAlarmsCommand"))).toEqual(new Set([TRAIL]));
    expect(mocks.inputsOf("ListObjectsV2Command").map((i) => i.Prefix)).toContain(`org-logs/AWSLogs/${ORG_ID}/${TRAIL}/CloudTrail/`);
    expect(new Set(byAccount("GetCallerIdentityCommand"))).toEqual(new Set([TRAIL, LOG_ARCHIVE, MANAGEMENT]));
    expect(organizations.mock.calls().map((c) => accountOf.get(c.thisValue as object))).toEqual(Array(organizations.mock.calls().length).fill(MANAGEMENT));
    expect(outcome.rows.filter((r) => r.group === "Guardrails").map((r) => `${r.check} [${r.resource}]`)).toEqual([
      `policy exists [${RCP}]`,
      `content as declared [${RCP}]`,
      `attached where configured [${RCP}]`,
      `policy exists [${SCP}]`,
      `content as declared [${SCP}]`,
      `attached where configured [${SCP}]`,
      "policy types enabled on the root [r-ab12]",
      "trusted access for CloudTrail [cloudtrail.amazonaws.com]",
      "CloudTrail delegated administrator [cloudtrail.amazonaws.com]",
    ]);
    // Every call of the three accounts counted, and the time they took.
    expect(outcome.calls).toBe(mocks.sent().length + organizations.mock.calls().length);
    expect(Number(/in (\d+\.\d) s\./.exec(outcome.log.at(-1)!)![1])).toBeLessThan(60);
    expect(outcome.log.at(-1)).toMatch(/^organization: \d+ passed, 0 failed, 0 warnings; \d+ API calls in [\d.]+ s\. Report: .*verify-organization\.md \(and \.json\)$/);
    expect(readFileSync(join(outcome.outdir, "verify-organization.md"), "utf8")).toContain(`Account trail ${TRAIL}, log archive ${LOG_ARCHIVE}, region us-east-1`);
  }, 60_000);

  test("the read-only policy of docs/verify.md allows every call of the run, in each account; the organizations:* reads are asked of the management account only", async () => {
    await verify();
    const sent = [...new Set([...mocks.sent(), ...organizations.mock.calls().map((c) => (c.args[0] as object).constructor.name)])];
    const actions = [...new Set(sent.map((c) => ACTIONS[c]))];
    expect(actions).not.toContain(undefined);
    expect(actions.filter((a) => a.startsWith("organizations:")).sort()).toEqual([...ORGANIZATION_ACTIONS].sort());
    for (const action of actions.filter((a) => a !== "")) {
      const decision = await decide({ identity: [VERIFY_READ_ONLY_POLICY] }, { principal: `arn:aws:iam::${MANAGEMENT}:role/verifier`, action, resource: "*", resourceAccount: MANAGEMENT });
      expect([action, decision]).toEqual([action, "Allowed"]);
    }
  }, 60_000);

  test.each<[string, (w: Record<string, World>) => void, string[]]>([
    ["not an organization trail", (w) => (w[TRAIL].trail.IsOrganizationTrail = false), [`Trail: organization trail [${TRAIL_ARN}]: IsOrganizationTrail false`]],
    [
      "encrypting with a key of the trail account",
      (w) => (w[TRAIL].trail.KmsKeyId = `arn:aws:kms:us-east-1:${TRAIL}:key/00000000000000000000abcd`),
      [`Trail: encrypts with the configured key [${TRAIL_ARN}]: arn:aws:kms:us-east-1:${TRAIL}:key/00000000000000000000abcd`],
    ],
    ["no log file under the organization's prefix", (w) => (w[LOG_ARCHIVE].objects[LOG_BUCKET] = [`org-logs/AWSLogs/${TRAIL}/CloudTrail/x.json.gz`]), [`Bucket (log bucket): log files delivered [${LOG_BUCKET}]: none`]],
    ["the trail stopped", (w) => (w[TRAIL].status.IsLogging = false), [`Trail: is logging [${TRAIL_ARN}]: IsLogging false`]],
    ["the archive key's rotation off", (w) => (w[LOG_ARCHIVE].keys[ARCHIVE_ALIAS].rotation = false), [`Key: rotation [${ARCHIVE_ALIAS}]: off`]],
    [
      "a statement added to the archive bucket's policy",
      (w) => {
        const policy = JSON.parse(w[LOG_ARCHIVE].buckets[LOG_BUCKET].policy);
        policy.Statement.push({ Sid: "Extra", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${TRAIL}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${LOG_BUCKET}/*` });
        w[LOG_ARCHIVE].buckets[LOG_BUCKET].policy = JSON.stringify(policy);
      },
      [`Bucket (archive log bucket): bucket policy as declared [${LOG_BUCKET}]: not declared Extra: Allow s3:GetObject for {"AWS":["arn:aws:iam::${TRAIL}:root"]}`],
    ],
    ["the SCP detached from the root", () => (policyNamed(SCP).targets = []), [`Guardrails: attached where configured [${SCP}]: nowhere`]],
    ["the SCP deleted", () => delete organization.policies[Object.keys(organization.policies).find((id) => organization.policies[id].name === SCP)!], [`Guardrails: policy exists [${SCP}]: not found`]],
    [
      "a statement of the SCP removed",
      () => {
        const content = JSON.parse(policyNamed(SCP).content);
        content.Statement = content.Statement.filter((st: { Sid: string }) => st.Sid !== "DenyOrganizationTrailChanges");
        policyNamed(SCP).content = JSON.stringify(content);
      },
      [expect.stringMatching(new RegExp(`^Guardrails: content as declared \\[${SCP}\\]: missing or changed DenyOrganizationTrailChanges: Deny cloudtrail:`)) as unknown as string],
    ],
    ["resource control policies disabled on the root", () => (organization.root.enabledTypes = ["SERVICE_CONTROL_POLICY"]), ["Guardrails: policy types enabled on the root [r-ab12]: SERVICE_CONTROL_POLICY"]],
    ["CloudTrail's trusted access off", () => (organization.trustedServices = ["sso.amazonaws.com"]), ["Guardrails: trusted access for CloudTrail [cloudtrail.amazonaws.com]: not enabled"]],
    [
      "a second delegated administrator for CloudTrail",
      () => (organization.delegated["cloudtrail.amazonaws.com"] = [TRAIL, "444444444444"]),
      [`Guardrails: CloudTrail delegated administrator [cloudtrail.amazonaws.com]: ${TRAIL}, 444444444444`],
    ],
    ["the alarms' topic without a subscriber", (w) => (w[TRAIL].subscriptions = []), ["Alarms: topic has a confirmed subscription [mlops-retail-prediction-org-security-alarms]: 0 confirmed, 0 pending"]],
  ])("%s: that row fails, nothing else", async (_name, breaks, rows) => {
    const outcome = await verify(breaks);
    expect(failed(outcome.rows)).toEqual(rows);
    expect(outcome.code).toBe(1);
  }, 60_000);

  test("the trail account's credentials for another account: could not run, naming the setting", async () => {
    const outcome = await verify((w) => (w[TRAIL].caller = { Account: LOG_ARCHIVE, Arn: `arn:aws:sts::${LOG_ARCHIVE}:assumed-role/terraform-deployer/ops` }));
    expect(outcome.code).toBe(2);
    expect(outcome.problems).toEqual([
      `verify: organization (trail account ${TRAIL}): the credentials are for account ${LOG_ARCHIVE} (arn:aws:sts::${LOG_ARCHIVE}:assumed-role/terraform-deployer/ops), ` +
        `but organization.trailAccountId is ${TRAIL}; refusing to verify another account (sign in to the configured one)`,
    ]);
  }, 60_000);

  test("--all: the organization first, then every environment, one summary line each", async () => {
    const outcome = await verify(undefined, []);
    const summary = outcome.log.slice(outcome.log.findIndex((l) => l.startsWith("Summary of")));
    expect(summary[0]).toMatch(/^Summary of 4 environments: 1 passed, 0 failed, 3 could not run$/);
    expect(summary.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(["organization", "dev", "staging", "prod"]);
    // The members' accounts are not mocked here: their preflight refuses (they answer as the trail account).
    expect(outcome.problems).toHaveLength(3);
  }, 60_000);

  test("every row of a healthy organization, written out (pinned, not derived from verify's expectations; UPDATE_GOLDEN=1 rewrites it)", async () => {
    const outcome = await verify();
    const text = outcome.rows.map((r) => `${r.status.toUpperCase()}  ${r.group}: ${r.check} [${r.resource}]\n      expected: ${r.expected}\n      observed: ${r.observed}`).join("\n") + "\n";
    const golden = join(__dirname, "golden", "healthy-organization-rows.txt");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, "utf8"));
  }, 60_000);

  test("the resource control policy being disabled on the root is not enabled", async () => {
    const outcome = await verify(() => (organization.rootPending = ["RESOURCE_CONTROL_POLICY"]));
    expect(failed(outcome.rows)).toEqual(["Guardrails: policy types enabled on the root [r-ab12]: SERVICE_CONTROL_POLICY"]);
  }, 60_000);

  test("--all, and organization named beside an environment: both verified; an environment alone: not the organization", async () => {
    const all = await verify(undefined, [], CONTEXT, { all: true });
    expect(all.log.filter((l) => /^  \S+ +\d{12}|^  organization/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual(["organization", "dev", "staging", "prod"]);
    const both = await verify(undefined, ["organization", "dev"]);
    expect(both.log.filter((l) => l.startsWith("  ")).map((l) => l.trim().split(/\s+/)[0])).toEqual(["organization", "dev"]);
    const dev = await verify(undefined, ["dev"]);
    expect(dev.log.some((l) => l.startsWith("organization:"))).toBe(false);
    expect(dev.problems).toHaveLength(1);
  }, 60_000);

  test("without a clock or a synthesis given, the real ones: the fixed world's week-old digest is stale", async () => {
    const outcome = await verify(undefined, ["organization"], CONTEXT, { now: undefined, synthesize: undefined });
    expect(failed(outcome.rows)).toEqual([expect.stringMatching(/^Trail: delivered a digest file in the last 2 hours \[/)]);
  }, 60_000);

  test("a configuration that does not synthesize: could not run, with the synthesis's log", async () => {
    const outcome = await verify(undefined, ["organization"], CONTEXT, { synthesize: () => ({ code: 1, log: ["Error: boom", "at stack"], stacks: [] }) });
    expect({ code: outcome.code, problems: outcome.problems }).toEqual({ code: 2, problems: ["verify: the configuration does not synthesize:\nError: boom\nat stack"] });
  }, 60_000);

  test("no foundation object at all: the default configuration, whose example account is refused", async () => {
    const outcome = await verify(undefined, [], {});
    expect(outcome.problems).toEqual([expect.stringMatching(/^verify: dev: accountId is the documented example account/)]);
  }, 60_000);

  test("organization without an organization block: could not run", async () => {
    const outcome = await verify(undefined, ["organization"], { foundation: { ...CONTEXT.foundation, organization: undefined } });
    expect(outcome.code).toBe(2);
    expect(outcome.problems).toEqual(["verify: organization: cdktf.json has no organization block, so there is no organization to verify (docs/organization.md says how to configure one)"]);
  });

  test("an unknown name lists the organization among what can be verified", async () => {
    const outcome = await verify(undefined, ["qa"]);
    expect(outcome.problems).toEqual(["verify: qa is not configured in cdktf.json; configured: dev, staging, prod, and organization"]);
  });
});
