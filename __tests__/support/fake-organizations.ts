/**
 * AWS Organizations as the management account sees it, mocked: policies by id with their name,
 * type, content and targets, the root and its enabled policy types, the services with trusted
 * access, and the delegated administrators by service. Answers as the API does: ListPolicies
 * needs its Filter and lists only that type, an unknown policy id is PolicyNotFoundException,
 * lists come two a page (a caller that reads one page misses the rest).
 */
import {
  DescribePolicyCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";

export interface FakeOrganization {
  policies: Record<string, { name: string; type: string; content: string; targets: string[] }>;
  root: { id: string; enabledTypes: string[] };
  /** Policy types being disabled on the root (PENDING_DISABLE): listed, not enabled. */
  rootPending?: string[];
  trustedServices: string[];
  /** Delegated administrators' account ids by service principal. */
  delegated: Record<string, string[]>;
}

const error = (name: string, message: string): Error => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

function page<T>(items: readonly T[], token: string | undefined): { slice: T[]; next?: string } {
  const start = token === undefined ? 0 : Number(token.replace(/^page-/, ""));
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw error("InvalidInputException", `Invalid NextToken ${token}`);
  return { slice: items.slice(start, start + 2), ...(start + 2 < items.length ? { next: `page-${start + 2}` } : {}) };
}

export function mockOrganizations(state: () => FakeOrganization) {
  const mock = mockClient(OrganizationsClient);
  const install = (): void => {
    mock.on(ListPoliciesCommand).callsFake(({ Filter, NextToken }) => {
      if (Filter === undefined) throw error("InvalidInputException", "Filter is required");
      const listed = Object.entries(state().policies).filter(([, p]) => p.type === Filter).map(([Id, p]) => ({ Id, Name: p.name, Type: p.type, AwsManaged: false }));
      const p = page(listed, NextToken);
      return { Policies: p.slice, NextToken: p.next };
    });
    const policy = (id: string) => {
      const p = state().policies[id];
      if (!p) throw error("PolicyNotFoundException", `We can't find a policy with the PolicyId that you specified: ${id}`);
      return p;
    };
    mock.on(DescribePolicyCommand).callsFake(({ PolicyId }) => {
      const p = policy(PolicyId);
      return { Policy: { PolicySummary: { Id: PolicyId, Name: p.name, Type: p.type }, Content: p.content } };
    });
    mock.on(ListTargetsForPolicyCommand).callsFake(({ PolicyId, NextToken }) => {
      const p = page(policy(PolicyId).targets.map((TargetId) => ({ TargetId, Type: TargetId.startsWith("r-") ? "ROOT" : TargetId.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : "ACCOUNT" })), NextToken);
      return { Targets: p.slice, NextToken: p.next };
    });
    // A root lists the policy types enabled on it, and those being enabled or disabled.
    mock.on(ListRootsCommand).callsFake(() => {
      const { root, rootPending = [] } = state();
      const types = [...root.enabledTypes.filter((t) => !rootPending.includes(t)).map((Type) => ({ Type, Status: "ENABLED" })), ...rootPending.map((Type) => ({ Type, Status: "PENDING_DISABLE" }))];
      return { Roots: [{ Id: root.id, Arn: `arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/${root.id}`, Name: "Root", PolicyTypes: types }] };
    });
    mock.on(ListAWSServiceAccessForOrganizationCommand).callsFake(({ NextToken }) => {
      const p = page(state().trustedServices.map((ServicePrincipal) => ({ ServicePrincipal, DateEnabled: new Date(0) })), NextToken);
      return { EnabledServicePrincipals: p.slice, NextToken: p.next };
    });
    mock.on(ListDelegatedAdministratorsCommand).callsFake(({ ServicePrincipal, NextToken }) => {
      const p = page((state().delegated[ServicePrincipal] ?? []).map((Id) => ({ Id, Status: "ACTIVE" })), NextToken);
      return { DelegatedAdministrators: p.slice, NextToken: p.next };
    });
  };
  install();
  return {
    mock,
    reset: () => {
      mock.reset();
      install();
    },
  };
}
