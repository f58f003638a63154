/** The workshop's Lambda role, emptied of profiles and policies first. */
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  paginateListAttachedRolePolicies,
  paginateListInstanceProfilesForRole,
  paginateListRolePolicies,
  RemoveRoleFromInstanceProfileCommand,
} from "@aws-sdk/client-iam";
import { collect } from "../../aws/api";
import type { Handler } from "../types";
import { compare, exclusion, ifExists, item, reread, tagRecord, untilSettled, type Json } from "./common";

export const roles: Handler = {
  kind: "iam.role",
  async discover(c) {
    const name = c.config.cleanup.iamRole;
    const role: Json = (await ifExists(() => c.api.send<Json>(c.api.clients.iam, new GetRoleCommand({ RoleName: name }))))?.Role;
    if (!role) return { items: [], excluded: [] };
    const tags = tagRecord(role.Tags);
    const why = exclusion(c, name, tags);
    if (why) return { items: [], excluded: [{ kind: "iam.role", name, why }] };
    return { items: [item("iam.role", name, "global", `the workshop's role ${name}`, { tags }, { arn: role.Arn })], excluded: [] };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.iamRole) return { state: "changed", why: "not the configured role" };
      const role = (await c.api.send<Json>(c.api.clients.iam, new GetRoleCommand({ RoleName: planned.name }))).Role;
      return compare(c, planned, planned.name, tagRecord(role.Tags));
    }),
  async remove(c, planned) {
    const { api } = c;
    const RoleName = planned.name;
    const iam = api.via(api.clients.iam);
    for (const profile of await collect(paginateListInstanceProfilesForRole({ client: iam }, { RoleName }), (p) => p.InstanceProfiles)) {
      c.record("RemoveRoleFromInstanceProfile", RoleName, { profile: profile.InstanceProfileName });
      await api.send(api.clients.iam, new RemoveRoleFromInstanceProfileCommand({ RoleName, InstanceProfileName: profile.InstanceProfileName }));
    }
    for (const PolicyName of await collect(paginateListRolePolicies({ client: iam }, { RoleName }), (p) => p.PolicyNames)) {
      c.record("DeleteRolePolicy", RoleName, { policy: PolicyName });
      await api.send(api.clients.iam, new DeleteRolePolicyCommand({ RoleName, PolicyName }));
    }
    for (const attached of await collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName }), (p) => p.AttachedPolicies)) {
      c.record("DetachRolePolicy", RoleName, { policy: attached.PolicyArn });
      await api.send(api.clients.iam, new DetachRolePolicyCommand({ RoleName, PolicyArn: attached.PolicyArn }));
    }
    c.record("DeleteRole", RoleName);
    await untilSettled(c, `role ${RoleName}`, () => api.send(api.clients.iam, new DeleteRoleCommand({ RoleName })));
  },
};
