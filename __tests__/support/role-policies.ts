import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resourceAt, resourcesOf, type Json } from "../helpers";

/** Published AWS managed policy documents (default versions), copied from shared/fixtures. */
const MANAGED: Record<string, { arn: string; document: object }> = JSON.parse(
  readFileSync(join(__dirname, "../fixtures/aws-managed-policies.json"), "utf8"),
).policies;

export function managedPolicyDocument(arn: string): object {
  const found = Object.values(MANAGED).find((p) => p.arn === arn);
  if (!found) throw new Error(`no fixture for the managed policy ${arn}`);
  return found.document;
}

export interface RolePolicies {
  readonly name: string;
  readonly trust: Json;
  /** Every identity policy the role ends up with: inline, customer-managed, AWS managed. */
  readonly identity: object[];
  readonly managedPolicyArns: string[];
  readonly permissionsBoundary?: string;
}

/** Everything IAM would evaluate for the role at `path` (e.g. `Roles/SageMakerExecution/Role`). */
export function rolePolicies(json: Json, path: string): RolePolicies {
  const role = resourceAt(json, "aws_iam_role", path);
  const id = role["//"].metadata.uniqueId;
  const inline = Object.values(resourcesOf(json, "aws_iam_role_policy"))
    .filter((p: Json) => p.role === `\${aws_iam_role.${id}.id}`)
    .map((p: Json) => JSON.parse(p.policy));
  const attached = Object.values(resourcesOf(json, "aws_iam_role_policy_attachment"))
    .filter((a: Json) => a.role === `\${aws_iam_role.${id}.name}`)
    .map((a: Json) => a.policy_arn as string);
  const customerId = (arn: string): string | undefined => /^\$\{aws_iam_policy\.([^.]+)\.arn\}$/.exec(arn)?.[1];
  const isAwsManaged = (arn: string): boolean => arn.startsWith("arn:aws:iam::aws:policy/");
  // A policy this helper cannot read would drop out of every proof that uses the role unseen.
  const unreadable = attached.filter((arn) => customerId(arn) === undefined && !isAwsManaged(arn));
  if (unreadable.length > 0) throw new Error(`rolePolicies: cannot read the policies ${unreadable.join(", ")} attached to ${path}`);
  const customer = attached.flatMap((arn) => customerId(arn) ?? []).map((policyId) => JSON.parse(resourcesOf(json, "aws_iam_policy")[policyId].policy));
  const managedPolicyArns = attached.filter(isAwsManaged);
  return {
    name: role.name,
    trust: JSON.parse(role.assume_role_policy),
    identity: [...inline, ...customer, ...managedPolicyArns.map(managedPolicyDocument)],
    managedPolicyArns,
    permissionsBoundary: role.permissions_boundary,
  };
}
