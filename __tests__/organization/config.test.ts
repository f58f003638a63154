/** The organization block: one message per mistake, naming the setting as written; the example loads. */
import { hasOrganizationBlock, loadConfig } from "../../config/load";
import { configProblems, type Json } from "../helpers";
import { exampleSettings, organizationOf } from "./fixture";

const withOrganization = (change: (o: Json) => void, top: (s: Json) => void = () => undefined): Json => {
  const settings = exampleSettings();
  change(settings.organization);
  top(settings);
  return settings;
};

describe("the organization block", () => {
  test("the example loads: a delegated administrator, three members, prod with a local trail", () => {
    const org = organizationOf();
    expect({ delegated: org.delegated, members: org.members, trail: org.trail.accountId, attach: org.guardrails }).toEqual({
      delegated: true,
      members: [
        { environment: "dev", accountId: "444444444444", localTrail: false },
        { environment: "staging", accountId: "555555555555", localTrail: false },
        { environment: "prod", accountId: "666666666666", localTrail: true },
      ],
      trail: "333333333333",
      attach: { attachTo: ["r-ab12"], resourceControlPolicy: true },
    });
    expect(org.audit.retainOnDestroy).toBe(true);
    expect(org.audit.objectLock.mode).toBe("GOVERNANCE");
  });

  test("without a trail account, the management account creates the trail", () => {
    const settings = withOrganization((o) => {
      delete o.trailAccountId;
      delete o.deployRoles.trail;
      o.breakGlassPrincipalArns = ["arn:aws:iam::222222222222:role/terraform-deployer", "arn:aws:iam::111111111111:role/break-glass"];
    });
    expect(configProblems(settings)).toEqual([]);
    expect(organizationOf(settings).delegated).toBe(false);
  });

  test.each<[string, (o: Json) => void, string[]]>([
    ["an organization id of the wrong form", (o) => (o.id = "org-1"), ['organization.id: must be an organization id like o-a1b2c3d4e5, got "org-1"']],
    ["no organization id", (o) => delete o.id, ["organization.id: must be given: the organization's id, like o-a1b2c3d4e5"]],
    ["no log-archive account", (o) => delete o.logArchiveAccountId, ["organization.logArchiveAccountId: must be given: the account that holds the trail's buckets and key"]],
    [
      "the log archive in the management account",
      (o) => (o.logArchiveAccountId = "111111111111"),
      ['organization.logArchiveAccountId: must not be the management account: the archive is separated from who administers the organization so that no one account can both write and erase the evidence, got "111111111111"'],
    ],
    [
      "the trail account is the log archive",
      (o) => (o.trailAccountId = "222222222222"),
      ['organization.trailAccountId: must not be the log-archive account: the trail\'s administrators would administer the archive too, got "222222222222"'],
    ],
    ["a member that is no environment", (o) => o.members.push("qa"), ['organization.members: each entry must be an environment of cdktf.json (dev, staging, prod), got "qa"']],
    ["a member twice", (o) => o.members.push("dev"), ['organization.members: must list each environment once, got "dev"']],
    [
      "no break-glass principal of the log-archive account",
      (o) => (o.breakGlassPrincipalArns = o.breakGlassPrincipalArns.filter((a: string) => !a.includes("222222222222"))),
      [
        "organization.breakGlassPrincipalArns: must name at least one principal of the log-archive account (it applies the archive's denies), 222222222222; got arn:aws:iam::333333333333:role/break-glass/security-admin, arn:aws:iam::333333333333:role/terraform-deployer",
      ],
    ],
    [
      "a break-glass principal outside the organization",
      (o) => o.breakGlassPrincipalArns.push("arn:aws:iam::999999999999:role/x"),
      ['organization.breakGlassPrincipalArns: each entry must be a principal of an account of the organization (111111111111, 333333333333, 222222222222, 444444444444, 555555555555, 666666666666), got "arn:aws:iam::999999999999:role/x" (32 characters)'],
    ],
    [
      "a deploy role of another account",
      (o) => (o.deployRoles.management.arn = "arn:aws:iam::222222222222:role/terraform-deployer"),
      ['organization.deployRoles.management.arn: must be a role of the management account 111111111111, got "arn:aws:iam::222222222222:role/terraform-deployer" (49 characters)'],
    ],
    ["guardrails attached nowhere", (o) => (o.guardrails.attachTo = []), ["organization.guardrails.attachTo: must name where the guardrails attach: the root (r-...), OUs (ou-...-...) or member accounts; got none"]],
    [
      "guardrails attached to the management account",
      (o) => o.guardrails.attachTo.push("111111111111"),
      ['organization.guardrails.attachTo: must not be the management account: AWS Organizations does not apply SCPs to it, got "111111111111"'],
    ],
    ["a malformed attachment target", (o) => (o.guardrails.attachTo = ["root"]), ['organization.guardrails.attachTo: each entry must be a root id (r-ab12), an OU id (ou-ab12-cdef3456) or a 12-digit account id, got "root"']],
    ["no management account", (o) => delete o.managementAccountId, ["organization.managementAccountId: must be given: the management account that owns the organization trail"]],
    [
      "neither a management nor a log-archive account (not taken for the same account)",
      (o) => {
        delete o.managementAccountId;
        delete o.logArchiveAccountId;
      },
      ["organization.managementAccountId: must be given: the management account that owns the organization trail", "organization.logArchiveAccountId: must be given: the account that holds the trail's buckets and key"],
    ],
    [
      "no management, log-archive or trail account (none taken for another)",
      (o) => {
        delete o.managementAccountId;
        delete o.logArchiveAccountId;
        delete o.trailAccountId;
      },
      ["organization.managementAccountId: must be given: the management account that owns the organization trail", "organization.logArchiveAccountId: must be given: the account that holds the trail's buckets and key"],
    ],
    ["a malformed deploy role arn (reported once, not also as missing)", (o) => (o.deployRoles.trail.arn = "not-an-arn"), [expect.stringMatching(/^organization\.deployRoles\.trail\.arn: /) as unknown as string]],
    // A rejected account is reported once: nothing is checked against it.
    ["a malformed management account", (o) => (o.managementAccountId = "1111"), ['organization.managementAccountId: must be 12 digits, got "1111"']],
    ["a malformed log-archive account", (o) => (o.logArchiveAccountId = "2222"), ['organization.logArchiveAccountId: must be 12 digits, got "2222"']],
    ["a malformed trail account", (o) => (o.trailAccountId = "3333"), ['organization.trailAccountId: must be 12 digits, got "3333"']],
    [
      "a malformed break-glass entry (not also reported as missing principals)",
      (o) => (o.breakGlassPrincipalArns = ["nope"]),
      ['organization.breakGlassPrincipalArns: each entry must be an IAM role or user ARN like arn:aws:iam::123456789012:role/break-glass, got "nope"'],
    ],
    [
      "no break-glass principals",
      (o) => delete o.breakGlassPrincipalArns,
      [
        "organization.breakGlassPrincipalArns: must name at least one principal of the log-archive account (it applies the archive's denies), 222222222222; got none",
        "organization.breakGlassPrincipalArns: must name at least one principal of the trail account (the guardrails stop everyone else from changing the trail), 333333333333; got none",
      ],
    ],
    ["a deploy role without its arn", (o) => (o.deployRoles.trail = { externalId: "mlops-ci" }), ["organization.deployRoles.trail: must give arn, the role to assume"]],
    [
      "a log-archive deploy role of another account",
      (o) => (o.deployRoles.logArchive.arn = "arn:aws:iam::333333333333:role/terraform-deployer"),
      ['organization.deployRoles.logArchive.arn: must be a role of the log-archive account 222222222222, got "arn:aws:iam::333333333333:role/terraform-deployer" (49 characters)'],
    ],
    [
      "a trail deploy role that is not break-glass",
      (o) => (o.deployRoles.trail.arn = "arn:aws:iam::333333333333:role/other"),
      ['organization.deployRoles.trail.arn: must be one of organization.breakGlassPrincipalArns: Terraform applies as this role, and the guardrails would stop it halfway, got "arn:aws:iam::333333333333:role/other" (36 characters)'],
    ],
    [
      "a log-archive deploy role that is not break-glass",
      (o) => (o.deployRoles.logArchive.arn = "arn:aws:iam::222222222222:role/other"),
      ['organization.deployRoles.logArchive.arn: must be one of organization.breakGlassPrincipalArns: Terraform applies as this role, and the guardrails would stop it halfway, got "arn:aws:iam::222222222222:role/other" (36 characters)'],
    ],
    ["a management deploy role outside break-glass (no SCP applies there): fine", (o) => (o.deployRoles.management.arn = "arn:aws:iam::111111111111:role/other"), []],
    ["the same attachment twice", (o) => o.guardrails.attachTo.push("r-ab12"), ['organization.guardrails.attachTo: must list each target once, got "r-ab12"']],
    ["no guardrails block", (o) => delete o.guardrails, ["organization.guardrails.attachTo: must name where the guardrails attach: the root (r-...), OUs (ou-...-...) or member accounts; got none"]],
    ["the example account", (o) => (o.managementAccountId = "123456789012"), ['organization.managementAccountId: must be a real account, not the documented example account 123456789012, got "123456789012"']],
    [
      "so many break-glass principals that the SCP would not fit",
      (o) => o.breakGlassPrincipalArns.push(...Array.from({ length: 12 }, (_, i) => `arn:aws:iam::222222222222:role/break-glass/a-rather-long-path/for-people/emergency-${i}`)),
      [
        'organization.breakGlassPrincipalArns: must be short enough for the guardrail SCP to fit AWS Organizations\' 5120 characters (each statement exempts every principal listed): it would be 8773; list fewer principals, or roles with shorter paths, got "16 principals"',
      ],
    ],
  ])("%s: one message", (_, change, expected) => {
    expect(configProblems(withOrganization(change))).toEqual(expected);
  });

  test.each<[string, (s: Json) => void, string[]]>([
    ["a member in the management account", (s) => (s.environments.dev.accountId = "111111111111"), ['organization.members: each member must be outside the management account 111111111111: SCPs never apply there, so its administrators could not be kept from the guardrails, got "dev"']],
    ["a member in the log-archive account", (s) => (s.environments.dev.accountId = "222222222222"), ['organization.members: each member must be outside the log-archive account 222222222222: workloads there could reach the evidence, got "dev"']],
    [
      "a member without an account",
      (s) => delete s.environments.dev.accountId,
      ['organization.members: each member needs its own accountId (environments.dev.accountId): the example account is no member of any organization, got "dev"'],
    ],
    [
      "a member recording the archive's log bucket as data events",
      (s) => (s.environments.dev.audit = { extraDataEventBuckets: ["mlops-org-cloudtrail-logs-us-east-1-222222222222"] }),
      ['organization.members: must not record the archive\'s own buckets as data events (each delivery would log itself, forever), got "mlops-org-cloudtrail-logs-us-east-1-222222222222" (48 characters)'],
    ],
    [
      "a member recording the archive's access-log bucket as data events",
      (s) => (s.environments.dev.audit = { extraDataEventBuckets: ["mlops-org-cloudtrail-s3access-us-east-1-222222222222"] }),
      ['organization.members: must not record the archive\'s own buckets as data events (each delivery would log itself, forever), got "mlops-org-cloudtrail-s3access-us-east-1-222222222222" (52 characters)'],
    ],
    [
      "an environment named organization",
      (s) => (s.environments.organization = { accountId: "777777777777" }),
      ["environments.organization: no environment may be named organization beside an organization block: npm run deploy|diff|output -- organization names the organization's stacks; rename it"],
    ],
    [
      "an environment whose stacks take the organization's names",
      (s) => (s.environments.org = { accountId: "777777777777" }),
      ["environments.org: its stacks would take the names of the organization's (mlops-retail-prediction-org-state); rename the environment"],
    ],
  ])("%s: one message", (_, change, expected) => {
    expect(configProblems(withOrganization(() => undefined, change))).toEqual(expected);
  });

  test("a member's own trail is opt-in: audit.localTrail defaults to false for members, true elsewhere", () => {
    const settings = withOrganization((o) => (o.members = ["dev"]));
    expect(organizationOf(settings).members).toEqual([{ environment: "dev", accountId: "444444444444", localTrail: false }]);
  });
});

test("hasOrganizationBlock: an organization block, valid or not, in a foundation object", () => {
  expect([{ organization: {} }, { organization: "x" }, {}, { organization: undefined }, null, undefined, "organization"].map(hasOrganizationBlock)).toEqual([true, true, false, false, false, false, false]);
});

describe("what the organization block resolves to", () => {
  test("without deploy roles, members or a guardrails' resource control policy setting: the caller's credentials, no members, the RCP on", () => {
    const org = organizationOf(
      withOrganization((o) => {
        delete o.deployRoles;
        delete o.members;
        delete o.guardrails.resourceControlPolicy;
      }),
    );
    expect({ management: org.management, trail: org.trail, logArchive: org.logArchive, members: org.members, rcp: org.guardrails.resourceControlPolicy }).toStrictEqual({
      management: { accountId: "111111111111" },
      trail: { accountId: "333333333333" },
      logArchive: { accountId: "222222222222" },
      members: [],
      rcp: true,
    });
  });

  test("a deploy role with an external id keeps it; one without has none; the RCP can be turned off", () => {
    const org = organizationOf(
      withOrganization((o) => {
        o.deployRoles.trail.externalId = "mlops-ci";
        o.guardrails.resourceControlPolicy = false;
      }),
    );
    expect(org.trail.deployRole).toStrictEqual({ arn: "arn:aws:iam::333333333333:role/terraform-deployer", externalId: "mlops-ci", sessionName: "cdktf-organization" });
    expect(org.logArchive.deployRole).toStrictEqual({ arn: "arn:aws:iam::222222222222:role/terraform-deployer", sessionName: "cdktf-organization" });
    expect(org.guardrails.resourceControlPolicy).toBe(false);
  });

  test("the organization's state bucket is recorded only where state buckets' data events are", () => {
    const withState = organizationOf().dataEventBuckets;
    const without = organizationOf(withOrganization(() => undefined, (s) => {
      s.audit = { ...s.audit, stateBucketDataEvents: false };
      s.complianceSuppressions = [{ rule: "CT-6", reason: "the state buckets are recorded by another trail" }];
    })).dataEventBuckets;
    expect(withState).toContain("mlops-retail-prediction-org-tfstate-333333333333");
    // The top-level setting is the members' too: no state bucket is recorded.
    expect(without).toEqual(withState.filter((b) => !b.includes("-tfstate-")));
    expect(without.length).toBe(3);
  });

  test("a member whose state bucket is not recorded: its data bucket is, its state bucket is not", () => {
    const org = organizationOf(withOrganization(() => undefined, (s) => {
        s.environments.dev.audit = { stateBucketDataEvents: false };
        s.environments.dev.complianceSuppressions = [{ rule: "CT-6", reason: "dev's state is throwaway" }];
      }),
    );
    const all = organizationOf().dataEventBuckets;
    expect(org.dataEventBuckets).toEqual(all.filter((b) => b !== "mlops-retail-prediction-dev-tfstate-444444444444"));
  });

  test("without an organization block there is no organization at all", () => {
    expect("organization" in loadConfig({ settings: { environments: { dev: {} } } })).toBe(false);
  });

  test("an SCP of exactly 5,120 characters fits; one principal's character more does not", () => {
    // Every character of a break-glass principal adds one to each statement that exempts it (k);
    // the project's name, in the protected ARNs, moves the rest by another step, so some project
    // suffix and padding land on the limit exactly.
    const sizeOf = (suffix: string, pad: number): number | undefined => {
      const problems = configProblems(
        withOrganization(
          (o) => o.breakGlassPrincipalArns.push(`arn:aws:iam::222222222222:role/${"p".repeat(pad)}`),
          (s) => (s.project = `mlops-retail-prediction${suffix}`),
        ),
      );
      const m = /it would be (\d+)/.exec(problems.join("\n"));
      return m ? Number(m[1]) : undefined;
    };
    const k = sizeOf("", 3001)! - sizeOf("", 3000)!;
    let found: { suffix: string; pad: number } | undefined;
    for (const suffix of ["", "-a", "-ab", "-abc", "-abcd", "-abcde", "-abcdef", "-abcdefg", "-abcdefgh"]) {
      const over = sizeOf(suffix, 3000)! - 5120;
      if (over % k === 0) found = { suffix, pad: 3000 - over / k };
      if (found) break;
    }
    expect(found).toBeDefined();
    expect(sizeOf(found!.suffix, found!.pad)).toBeUndefined();
    expect(sizeOf(found!.suffix, found!.pad + 1)).toBe(5120 + k);
  });
});
