/** The workshop's Lambda policy, detached from everything first. */
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  paginateListEntitiesForPolicy,
  paginateListPolicyTags,
  paginateListPolicyVersions,
} from "@aws-sdk/client-iam";
import { collect } from "../../aws/api";
import type { CleanupContext, Handler } from "../types";
import { compare, exclusion, ifExists, item, reread, tagRecord, untilSettled, type Json } from "./common";

export const policyArn = (c: CleanupContext): string => `arn:aws:iam::${c.config.accountId}:policy/${c.config.cleanup.iamPolicy}`;

export const policies: Handler = {
  kind: "iam.policy",
  async discover(c) {
    const arn = policyArn(c);
    if (!(await ifExists(() => c.api.send(c.api.clients.iam, new GetPolicyCommand({ PolicyArn: arn }))))) return { items: [], excluded: [] };
    const name = c.config.cleanup.iamPolicy;
    const tags = await policyTags(c, arn);
    const why = exclusion(c, name, tags);
    if (why) return { items: [], excluded: [{ kind: "iam.policy", name, why }] };
    const entities = await policyEntities(c, arn);
    return {
      items: [
        item("iam.policy", name, "global", `the workshop's policy ${name}`, { tags }, {
          arn,
          cost: `attached to ${entities.length} role(s), user(s) or group(s): detached first`,
        }),
      ],
      excluded: [],
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.arn !== policyArn(c)) return { state: "changed", why: "not the configured policy" };
      await c.api.send(c.api.clients.iam, new GetPolicyCommand({ PolicyArn: planned.arn }));
      return compare(c, planned, planned.name, await policyTags(c, planned.arn));
    }),
  async remove(c, planned) {
    const { api } = c;
    const arn = planned.arn!;
    for (const entity of await policyEntities(c, arn)) {
      c.record(`Detach${entity.type}Policy`, arn, { from: entity.name });
      if (entity.type === "Role") await api.send(api.clients.iam, new DetachRolePolicyCommand({ RoleName: entity.name, PolicyArn: arn }));
      if (entity.type === "User") await api.send(api.clients.iam, new DetachUserPolicyCommand({ UserName: entity.name, PolicyArn: arn }));
      if (entity.type === "Group") await api.send(api.clients.iam, new DetachGroupPolicyCommand({ GroupName: entity.name, PolicyArn: arn }));
    }
    // Every page is read before the first version is deleted: a list's marker may not survive a deletion.
    for (const version of await collect(paginateListPolicyVersions({ client: api.via(api.clients.iam) }, { PolicyArn: arn }), (p) => p.Versions)) {
      if (version.IsDefaultVersion) continue;
      c.record("DeletePolicyVersion", arn, { version: version.VersionId });
      await api.send(api.clients.iam, new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: version.VersionId }));
    }
    c.record("DeletePolicy", arn);
    await untilSettled(c, `policy ${planned.name}`, () => api.send(api.clients.iam, new DeletePolicyCommand({ PolicyArn: arn })));
  },
};

/** Every tag of the policy: ListPolicyTags pages like any IAM list. */
async function policyTags(c: CleanupContext, arn: string): Promise<Record<string, string>> {
  return tagRecord(await collect(paginateListPolicyTags({ client: c.api.via(c.api.clients.iam) }, { PolicyArn: arn }), (p) => p.Tags));
}

export async function policyEntities(c: CleanupContext, arn: string): Promise<{ type: "Role" | "User" | "Group"; name: string }[]> {
  const entities: { type: "Role" | "User" | "Group"; name: string }[] = [];
  for await (const page of paginateListEntitiesForPolicy({ client: c.api.via(c.api.clients.iam) }, { PolicyArn: arn })) {
    entities.push(
      ...(page.PolicyRoles ?? []).map((r: Json) => ({ type: "Role" as const, name: r.RoleName })),
      ...(page.PolicyUsers ?? []).map((u: Json) => ({ type: "User" as const, name: u.UserName })),
      ...(page.PolicyGroups ?? []).map((g: Json) => ({ type: "Group" as const, name: g.GroupName })),
    );
  }
  return entities;
}
