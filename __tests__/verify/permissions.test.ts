import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClients } from "../../verify/aws";
import { VERIFY_READ_ONLY_POLICY } from "../../verify/permissions";
import { runVerify } from "../../verify/run";
import { decide } from "../support/iam";
import { ACTIONS, ORGANIZATION_ACTIONS } from "../support/verify-actions";
import { ACCOUNT, ISSUER, NOW, fixture, mockAws, synthesizeOnce, type Fixture } from "./world";

let current: Fixture;
const mocks = mockAws(() => current.world);


test("the read-only policy in docs/verify.md allows every call of a verify run with --probe, and nothing that writes", async () => {
  // Every kind of call: IRSA and Pod Identity roles (both trusts), the agent's add-on.
  current = fixture("prod", { eksOidcIssuerUrl: ISSUER, eks: { clusterName: "mlops-retail-cluster", manageAgentAddon: true } });
  mocks.reset();
  current.world.history = [() => ({ Events: [{ CloudTrailEvent: JSON.stringify({ eventName: "DescribeTrails", userAgent: "aws-sdk-js/3 marker" }) }] })];
  current.world.logEvents = [() => ({ events: [{ message: "marker" }] })];
  const outdir = mkdtempSync(join(tmpdir(), "verify-permissions-"));
  try {
    const code = await runVerify({
      context: current.context,
      env: {},
      environments: [],
      outdir,
      clients: createClients,
      synthesize: synthesizeOnce,
      log: () => undefined,
      problem: () => undefined,
      now: () => NOW,
      probe: { timeoutMs: 60_000, pollMs: 1000, sleep: async () => undefined, progress: () => undefined, marker: "marker" },
    });
    expect(code).toBe(0);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const sent = new Set(mocks.sent());
  const unknown = [...sent].filter((c) => !(c in ACTIONS));
  expect(unknown).toEqual([]);
  const needed = [...sent].map((c) => ACTIONS[c]).filter((a) => a !== "");
  for (const action of needed) {
    const decision = await decide(
      { identity: [VERIFY_READ_ONLY_POLICY] },
      { principal: `arn:aws:iam::${ACCOUNT}:role/verifier`, action, resource: "*", resourceAccount: ACCOUNT },
    );
    expect([action, decision]).toEqual([action, "Allowed"]);
  }
  // The organizations:* reads are the organization's verify run's (__tests__/verify/organization.test.ts).
  expect([...VERIFY_READ_ONLY_POLICY.Statement[0].Action].sort()).toEqual([...new Set([...needed, ...ORGANIZATION_ACTIONS])].sort());
  for (const write of ["s3:PutBucketPolicy", "s3:DeleteObject", "cloudtrail:StopLogging", "iam:PutRolePolicy", "kms:ScheduleKeyDeletion", "sns:Publish"]) {
    const decision = await decide({ identity: [VERIFY_READ_ONLY_POLICY] }, { principal: `arn:aws:iam::${ACCOUNT}:role/verifier`, action: write, resource: "*", resourceAccount: ACCOUNT });
    expect([write, decision]).toEqual([write, "ImplicitlyDenied"]);
  }
});

test("docs/verify.md prints the same policy", () => {
  expect(readFileSync(join(__dirname, "..", "..", "docs", "verify.md"), "utf8")).toContain(JSON.stringify(VERIFY_READ_ONLY_POLICY, null, 2));
});
