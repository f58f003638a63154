/** The organization's accounts as the preflight and the deploy roles see them, delegated or not. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { accountSubject, roleHolder } from "../../aws/organization-accounts";
import { loadConfig } from "../../config/load";

const EXAMPLE = JSON.parse(readFileSync(join(__dirname, "../../examples/organization/cdktf.json"), "utf8")).context.foundation;
const delegated = () => loadConfig({ settings: EXAMPLE, env: {} }).organization!;
const own = () =>
  loadConfig({
    settings: {
      ...EXAMPLE,
      organization: { ...EXAMPLE.organization, trailAccountId: undefined, deployRoles: undefined, breakGlassPrincipalArns: ["arn:aws:iam::222222222222:role/terraform-deployer", "arn:aws:iam::111111111111:role/terraform-deployer"] },
    },
    env: {},
  }).organization!;

test("each account: its label, its setting, and break-glass where it applies denies (the log archive; a delegated trail account)", () => {
  const summary = (org: ReturnType<typeof delegated>) =>
    (["trail", "logArchive", "management"] as const).map((role) => {
      const s = accountSubject(org, role);
      return [s.label, s.accountId, s.region, s.configured, s.breakGlass?.principalArns.length ?? 0];
    });
  expect(summary(delegated())).toEqual([
    ["organization (trail account 333333333333)", "333333333333", "us-east-1", "organization.trailAccountId is 333333333333", 4],
    ["organization (log-archive account 222222222222)", "222222222222", "us-east-1", "organization.logArchiveAccountId is 222222222222", 4],
    ["organization (management account 111111111111)", "111111111111", "us-east-1", "organization.managementAccountId is 111111111111", 0],
  ]);
  expect(summary(own())).toEqual([
    ["organization (trail account 111111111111)", "111111111111", "us-east-1", "organization.managementAccountId is 111111111111", 0],
    ["organization (log-archive account 222222222222)", "222222222222", "us-east-1", "organization.logArchiveAccountId is 222222222222", 2],
    ["organization (management account 111111111111)", "111111111111", "us-east-1", "organization.managementAccountId is 111111111111", 0],
  ]);
  expect(accountSubject(delegated(), "trail").breakGlass!.why).toBe(
    "the organization's trail account 333333333333 keeps its evidence, and the guardrails (the SCP attached to the delegated administrator) stop everyone but the break-glass principals " +
      "(organization.breakGlassPrincipalArns); an apply by anyone else would fail halfway and leave the organization's audit unfinished.",
  );
});

test("roleHolder: each account's deploy role and the setting that configures it", () => {
  expect(roleHolder(delegated(), "logArchive")).toEqual({
    environment: "organization",
    region: "us-east-1",
    deployRole: { arn: "arn:aws:iam::222222222222:role/terraform-deployer", sessionName: "cdktf-organization" },
    setting: "organization.deployRoles.logArchive",
  });
  expect(roleHolder(own(), "trail").deployRole).toBeUndefined();
});
