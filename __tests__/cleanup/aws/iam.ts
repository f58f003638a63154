/**
 * The mocked IAM of the cleanup account. Every list pages two items at a time; a role or policy
 * name, ARN, attachment, inline policy or instance profile this world does not have gets IAM's
 * NoSuchEntity. IAM is eventually consistent: after a role or policy loses an attachment, an
 * inline policy or an instance profile, DeleteRole and DeletePolicy still answer
 * DeleteConflictException for `settlingPolls` calls (default 2), as IAM does for a few seconds.
 */
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteConflictException,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  RemoveRoleFromInstanceProfileCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import type { CleanupWorld } from "../world";
import { ACCOUNT, page, tagList, type ServiceMock } from "./common";

// The SDK's own exceptions, as a caller receives them (name, $fault, $metadata).
const noSuchEntity = (message: string): Error => new NoSuchEntityException({ message, $metadata: { httpStatusCode: 404 } });
const deleteConflict = (message: string): Error => new DeleteConflictException({ message, $metadata: { httpStatusCode: 409 } });

type Entity = { type: "Role" | "User" | "Group"; name: string };

export function iamMock(world: () => CleanupWorld): ServiceMock {
  const iam = mockClient(IAMClient);
  const policy = (arn: string) => {
    const p = world().policies.find((x) => x.arn === arn);
    if (!p) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return p;
  };
  const role = (name: string) => {
    const r = world().roles.find((x) => x.name === name);
    if (!r) throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return r;
  };
  /** Who has the policy attached: its entities, and every role of the world listing it. */
  const detach = ({ type, name }: Entity, arn: string): object => {
    const r = type === "Role" ? role(name) : undefined;
    const p = world().policies.find((x) => x.arn === arn);
    const attached = r ? r.attached.includes(arn) : (p?.entities.some((e) => e.type === type && e.name === name) ?? false);
    if (!attached) throw noSuchEntity(`Policy ${arn} was not found.`);
    if (r) {
      r.attached = r.attached.filter((a) => a !== arn);
      r.settlingPolls = Math.max(r.settlingPolls ?? 0, 2);
    }
    if (p) {
      p.entities = p.entities.filter((e) => !(e.type === type && e.name === name));
      p.settlingPolls = Math.max(p.settlingPolls ?? 0, 2);
    }
    return {};
  };
  /** A marker page of IAM's shape: IsTruncated and Marker. */
  const marked = <T>(items: readonly T[], Marker: string | undefined) => {
    const p = page(items, Marker);
    return { slice: p.slice, IsTruncated: p.next !== undefined, Marker: p.next };
  };
  const install = (): void => {
    iam.on(GetPolicyCommand).callsFake(({ PolicyArn }) => ({ Policy: { Arn: policy(PolicyArn).arn, DefaultVersionId: policy(PolicyArn).versions.find((v) => v.isDefault)?.id } }));
    iam.on(ListPolicyTagsCommand).callsFake(({ PolicyArn, Marker }) => {
      const p = marked(Object.entries(policy(PolicyArn).tags), Marker);
      return { Tags: p.slice.map(([Key, Value]) => ({ Key, Value })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    });
    iam.on(ListEntitiesForPolicyCommand).callsFake(({ PolicyArn, Marker }) => {
      const p = marked(policy(PolicyArn).entities, Marker);
      return {
        PolicyRoles: p.slice.filter((e) => e.type === "Role").map((e) => ({ RoleName: e.name })),
        PolicyUsers: p.slice.filter((e) => e.type === "User").map((e) => ({ UserName: e.name })),
        PolicyGroups: p.slice.filter((e) => e.type === "Group").map((e) => ({ GroupName: e.name })),
        IsTruncated: p.IsTruncated,
        Marker: p.Marker,
      };
    });
    iam.on(DetachRolePolicyCommand).callsFake(({ RoleName, PolicyArn }) => detach({ type: "Role", name: RoleName }, PolicyArn));
    iam.on(DetachUserPolicyCommand).callsFake(({ UserName, PolicyArn }) => detach({ type: "User", name: UserName }, PolicyArn));
    iam.on(DetachGroupPolicyCommand).callsFake(({ GroupName, PolicyArn }) => detach({ type: "Group", name: GroupName }, PolicyArn));
    iam.on(ListPolicyVersionsCommand).callsFake(({ PolicyArn, Marker }) => {
      const p = marked(policy(PolicyArn).versions, Marker);
      return { Versions: p.slice.map((v) => ({ VersionId: v.id, IsDefaultVersion: v.isDefault })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    });
    iam.on(DeletePolicyVersionCommand).callsFake(({ PolicyArn, VersionId }) => {
      const p = policy(PolicyArn);
      const version = p.versions.find((v) => v.id === VersionId);
      if (!version) throw noSuchEntity(`Policy ${PolicyArn} version ${VersionId} does not exist.`);
      if (version.isDefault) throw deleteConflict("Cannot delete the default version of a policy.");
      p.versions = p.versions.filter((v) => v.id !== VersionId);
      return {};
    });
    iam.on(DeletePolicyCommand).callsFake(({ PolicyArn }) => {
      const p = policy(PolicyArn);
      if (p.entities.length > 0) throw deleteConflict("Cannot delete a policy attached to entities.");
      if (p.versions.length > 1) throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions.");
      if ((p.settlingPolls ?? 0) > 0) {
        p.settlingPolls!--;
        throw deleteConflict("Cannot delete a policy attached to entities.");
      }
      world().policies = world().policies.filter((x) => x.arn !== PolicyArn);
      return {};
    });
    iam.on(GetRoleCommand).callsFake(({ RoleName }) => ({ Role: { RoleName, Arn: `arn:aws:iam::${ACCOUNT}:role/${RoleName}`, Tags: tagList(role(RoleName).tags) } }));
    iam.on(ListInstanceProfilesForRoleCommand).callsFake(({ RoleName, Marker }) => {
      const p = marked(role(RoleName).profiles, Marker);
      return { InstanceProfiles: p.slice.map((InstanceProfileName) => ({ InstanceProfileName })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    });
    iam.on(RemoveRoleFromInstanceProfileCommand).callsFake(({ RoleName, InstanceProfileName }) => {
      const r = role(RoleName);
      if (!r.profiles.includes(InstanceProfileName)) throw noSuchEntity(`Instance Profile ${InstanceProfileName} cannot be found.`);
      r.profiles = r.profiles.filter((p) => p !== InstanceProfileName);
      r.settlingPolls = Math.max(r.settlingPolls ?? 0, 2);
      return {};
    });
    iam.on(ListRolePoliciesCommand).callsFake(({ RoleName, Marker }) => {
      const p = marked(role(RoleName).inline, Marker);
      return { PolicyNames: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
    });
    iam.on(DeleteRolePolicyCommand).callsFake(({ RoleName, PolicyName }) => {
      const r = role(RoleName);
      if (!r.inline.includes(PolicyName)) throw noSuchEntity(`The role policy with name ${PolicyName} cannot be found.`);
      r.inline = r.inline.filter((p) => p !== PolicyName);
      r.settlingPolls = Math.max(r.settlingPolls ?? 0, 2);
      return {};
    });
    iam.on(ListAttachedRolePoliciesCommand).callsFake(({ RoleName, Marker }) => {
      const p = marked(role(RoleName).attached, Marker);
      return { AttachedPolicies: p.slice.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split("/").pop() })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    });
    iam.on(DeleteRoleCommand).callsFake(({ RoleName }) => {
      const r = role(RoleName);
      if (r.profiles.length + r.inline.length + r.attached.length > 0) throw deleteConflict("Cannot delete entity, must remove policies and instance profiles first.");
      if ((r.settlingPolls ?? 0) > 0) {
        r.settlingPolls!--;
        throw deleteConflict("Cannot delete entity, must detach all policies first.");
      }
      world().roles = world().roles.filter((x) => x.name !== RoleName);
      return {};
    });
  };
  return { stubs: { iam }, install };
}
