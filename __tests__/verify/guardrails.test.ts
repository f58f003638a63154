/**
 * The guardrail checks on their own, against AWS Organizations mocked as it answers: what each row
 * says when a call is refused, when an answer lacks a part, and where no delegated administrator
 * is configured. The whole organization's run is in organization.test.ts.
 */
import { ListPoliciesCommand, ListRootsCommand, ListTargetsForPolicyCommand, DescribePolicyCommand, ListAWSServiceAccessForOrganizationCommand, ListDelegatedAdministratorsCommand } from "@aws-sdk/client-organizations";
import { Api } from "../../aws/api";
import { createClients } from "../../verify/aws";
import { checkGuardrails, type ExpectedGuardrails } from "../../verify/checks/guardrails";
import { mockOrganizations, type FakeOrganization } from "../support/fake-organizations";

const REF = "${data.terraform_remote_state.LogArchive.outputs.kms_key_arn}";
const KEY = "arn:aws:kms:us-east-1:222222222222:key/0123";
const declared = (key: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "DenyKeyDeletion", Effect: "Deny", Action: "kms:ScheduleKeyDeletion", Resource: key }] });
const EXPECTED: ExpectedGuardrails = { policies: [{ name: "guard", type: "SERVICE_CONTROL_POLICY", content: declared(REF), targets: ["r-ab12", "ou-ab12-11111111"] }], keyReference: REF };

let state: FakeOrganization;
const organizations = mockOrganizations(() => state);
const api = () => new Api(createClients("us-east-1"));
const rows = async (e: ExpectedGuardrails = EXPECTED, ...key: [string | undefined] | []) =>
  (await checkGuardrails(api(), e, key.length > 0 ? key[0] : KEY)).map((r) => `${r.status} ${r.check} [${r.resource}]: ${r.expected} / ${r.observed}`);

beforeEach(() => {
  state = {
    policies: { "p-1": { name: "guard", type: "SERVICE_CONTROL_POLICY", content: declared(KEY), targets: ["ou-ab12-11111111", "r-ab12", "123456789012"] } },
    root: { id: "r-ab12", enabledTypes: ["SERVICE_CONTROL_POLICY"] },
    trustedServices: ["cloudtrail.amazonaws.com"],
    delegated: { "cloudtrail.amazonaws.com": ["333333333333"] },
  };
  organizations.reset();
});

test("healthy, without a delegated administrator configured: no row for one; attachments beyond the configured ones are fine", async () => {
  expect(await rows()).toEqual([
    "pass policy exists [guard]: a SERVICE_CONTROL_POLICY named guard / p-1",
    "pass content as declared [guard]: the synthesized statements / the same statements",
    "pass attached where configured [guard]: r-ab12, ou-ab12-11111111 / ou-ab12-11111111, r-ab12, 123456789012",
    "pass policy types enabled on the root [r-ab12]: SERVICE_CONTROL_POLICY / SERVICE_CONTROL_POLICY",
    "pass trusted access for CloudTrail [cloudtrail.amazonaws.com]: enabled / enabled",
  ]);
  expect(organizations.mock.commandCalls(ListPoliciesCommand).map((c) => c.args[0].input)).toEqual([{ Filter: "SERVICE_CONTROL_POLICY" }]);
  expect(organizations.mock.commandCalls(ListTargetsForPolicyCommand).map((c) => c.args[0].input.PolicyId)).toEqual(["p-1", "p-1"]);
});

test("the archive key not found: the declared statements cannot match", async () => {
  expect((await rows(EXPECTED, undefined))[1]).toBe(
    'fail content as declared [guard]: the synthesized statements / missing or changed DenyKeyDeletion: Deny kms:ScheduleKeyDeletion; not declared DenyKeyDeletion: Deny kms:ScheduleKeyDeletion',
  );
});

test("one target missing", async () => {
  state.policies["p-1"].targets = ["r-ab12"];
  expect((await rows())[2]).toBe("fail attached where configured [guard]: r-ab12, ou-ab12-11111111 / r-ab12");
});

test.each([
  [ListPoliciesCommand, ["fail policy exists [guard]: a SERVICE_CONTROL_POLICY named guard / AccessDeniedException: denied"]],
  [DescribePolicyCommand, ["fail content as declared [guard]: the synthesized statements / AccessDeniedException: denied"]],
  [ListTargetsForPolicyCommand, ["fail attached where configured [guard]: r-ab12, ou-ab12-11111111 / AccessDeniedException: denied"]],
  [ListRootsCommand, ["fail policy types enabled on the root [root]: SERVICE_CONTROL_POLICY / AccessDeniedException: denied"]],
  [ListAWSServiceAccessForOrganizationCommand, ["fail trusted access for CloudTrail [cloudtrail.amazonaws.com]: enabled / AccessDeniedException: denied"]],
  [ListDelegatedAdministratorsCommand, ["fail CloudTrail delegated administrator [cloudtrail.amazonaws.com]: 333333333333 only / AccessDeniedException: denied"]],
])("%p refused: that row fails with the error", async (command, failing) => {
  organizations.mock.on(command as never).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
  const all = await rows({ ...EXPECTED, delegatedAdministrator: "333333333333" });
  expect(all.filter((r) => r.startsWith("fail"))).toEqual(failing);
});

test("answers lacking a part: a policy without content, no root, no delegated administrator", async () => {
  state.delegated = {};
  organizations.mock.on(DescribePolicyCommand).resolves({ Policy: undefined });
  organizations.mock.on(ListRootsCommand).resolves({ Roots: [] });
  expect((await rows({ ...EXPECTED, delegatedAdministrator: "333333333333" })).filter((r) => r.startsWith("fail"))).toEqual([
    "fail content as declared [guard]: the synthesized statements / missing or changed DenyKeyDeletion: Deny kms:ScheduleKeyDeletion",
    "fail policy types enabled on the root [root]: SERVICE_CONTROL_POLICY / none",
    "fail CloudTrail delegated administrator [cloudtrail.amazonaws.com]: 333333333333 only / none",
  ]);
});

test("no policy of the organization's name: the others of that type are not taken for it", async () => {
  state.policies = { "p-FullAWSAccess": { name: "FullAWSAccess", type: "SERVICE_CONTROL_POLICY", content: "{}", targets: ["r-ab12"] } };
  expect((await rows())[0]).toBe("fail policy exists [guard]: a SERVICE_CONTROL_POLICY named guard / not found");
});

test("the root's expected policy types are listed in order, whatever the policies' order", async () => {
  const both: ExpectedGuardrails = { ...EXPECTED, policies: [EXPECTED.policies[0], { name: "perimeter", type: "RESOURCE_CONTROL_POLICY", content: declared(REF), targets: ["r-ab12"] }] };
  expect((await rows(both)).find((r) => r.includes("policy types enabled on the root"))).toBe(
    "fail policy types enabled on the root [r-ab12]: RESOURCE_CONTROL_POLICY, SERVICE_CONTROL_POLICY / SERVICE_CONTROL_POLICY",
  );
});
