/**
 * Pod-level identity in the configuration: which trust each pod role gets from what is set (the
 * decision table of docs/pod-identity.md), and one exact message per mistake.
 */
import { loadConfig, type ConfigSources } from "../../config/load";
import type { PodRoleSettings } from "../../config/types";
import { configProblems } from "../helpers";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
const ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
const CLUSTER = "mlops-retail-cluster";
const TARGET = `arn:aws:iam::${OTHER_ACCOUNT}:role/data-reader`;

const dev = (settings: Record<string, unknown>): ConfigSources => ({ settings: { accountId: ACCOUNT, environments: { dev: settings } } });

/** The problem lines of the ConfigError, without the heading and the indent. */
const problemsOf = (sources: ConfigSources): string[] => configProblems(sources.settings);
const eksOf = (settings: Record<string, unknown>) => loadConfig(dev(settings)).environments[0].eks;
const trusts = (roles: readonly PodRoleSettings[]): string[] => roles.map((r) => `${r.serviceAccount} ${r.trust}`);

describe("which trust the pod roles get", () => {
  test.each<[string, Record<string, unknown>, boolean, string[]]>([
    ["nothing set: no pod roles", {}, false, []],
    ["only the issuer: IRSA, today's roles", { eksOidcIssuerUrl: ISSUER }, false, ["retail:retail-api irsa"]],
    ["a cluster name: Pod Identity", { eks: { clusterName: CLUSTER } }, true, ["retail:retail-api pod-identity"]],
    ["a cluster name and the issuer: both, while moving", { eksOidcIssuerUrl: ISSUER, eks: { clusterName: CLUSTER } }, true, ["retail:retail-api both"]],
    ["both, with podIdentity false: IRSA", { eksOidcIssuerUrl: ISSUER, eks: { clusterName: CLUSTER, podIdentity: false } }, false, ["retail:retail-api irsa"]],
    ["the CNI's role follows the default trust", { eks: { clusterName: CLUSTER }, iam: { cniPolicy: "pod-role" } }, true, ["retail:retail-api pod-identity", "kube-system:aws-node pod-identity"]],
    ['"irsa", the former name, also moves the CNI policy to a pod role', { eksOidcIssuerUrl: ISSUER, iam: { cniPolicy: "irsa" } }, false, ["retail:retail-api irsa", "kube-system:aws-node irsa"]],
    [
      "an entry's own trust wins (a Fargate pod keeps IRSA)",
      { eksOidcIssuerUrl: ISSUER, eks: { clusterName: CLUSTER, podRoles: [{ serviceAccount: "retail:retail-api", access: ["read-model-artifacts"] }, { serviceAccount: "batch:scorer", access: ["read-curated-data"], trust: "irsa" }] } },
      true,
      ["retail:retail-api both", "batch:scorer irsa"],
    ],
    [
      "written roles replace the defaults; the CNI's is added when its policy leaves the node role",
      { eks: { clusterName: CLUSTER, podRoles: [{ serviceAccount: "ml:trainer", access: ["read-curated-data"] }] }, iam: { cniPolicy: "pod-role" } },
      true,
      ["ml:trainer pod-identity", "kube-system:aws-node pod-identity"],
    ],
  ])("%s", (_name, settings, podIdentity, expected) => {
    const eks = eksOf(settings);
    expect([eks.podIdentity, trusts(eks.podRoles)]).toEqual([podIdentity, expected]);
  });

  test("the CNI's default role is granted vpc-cni", () => {
    expect(eksOf({ eks: { clusterName: CLUSTER }, iam: { cniPolicy: "pod-role" } }).podRoles.map((r) => [r.serviceAccount, r.access])).toEqual([
      ["retail:retail-api", ["read-model-artifacts"]],
      ["kube-system:aws-node", ["vpc-cni"]],
    ]);
  });

  test("the CNI's role is added only when no written role grants vpc-cni", () => {
    const cni = { iam: { cniPolicy: "pod-role" } };
    const written = (podRoles: unknown[]) => trusts(eksOf({ ...cni, eks: { clusterName: CLUSTER, podRoles } }).podRoles);
    expect(written([{ serviceAccount: "retail:retail-api", access: ["read-model-artifacts"] }, { serviceAccount: "kube-system:aws-node", access: ["vpc-cni"] }])).toEqual([
      "retail:retail-api pod-identity",
      "kube-system:aws-node pod-identity",
    ]);
    expect(written([{ serviceAccount: "kube-system:custom-cni", access: ["vpc-cni"] }, { serviceAccount: "retail:retail-api", access: ["read-model-artifacts"] }])).toEqual([
      "kube-system:custom-cni pod-identity",
      "retail:retail-api pod-identity",
    ]);
  });

  test("a resolved role: its name, access, no ABAC and no target unless written", () => {
    expect(eksOf({ eks: { clusterName: CLUSTER, manageAgentAddon: true } })).toStrictEqual({
      clusterName: CLUSTER,
      podIdentity: true,
      manageAgentAddon: true,
      podRoles: [{ serviceAccount: "retail:retail-api", roleName: "mlops-retail-prediction-dev-irsa-retail-api", trust: "pod-identity", access: ["read-model-artifacts"], abac: false }],
    });
    expect(eksOf({ eks: { clusterName: CLUSTER, podRoles: [{ serviceAccount: "ml:exporter", targetRoleArn: TARGET }] } }).podRoles).toEqual([
      { serviceAccount: "ml:exporter", roleName: "mlops-retail-prediction-dev-irsa-exporter", trust: "pod-identity", access: [], abac: false, targetRoleArn: TARGET },
    ]);
  });
});

describe("mistakes, one exact message each", () => {
  const role = (entry: Record<string, unknown>) => ({ podRoles: [{ serviceAccount: "ml:trainer", access: ["read-curated-data"], ...entry }] });
  const at = "environments.dev.eks.podRoles[0]";
  test.each<[string, Record<string, unknown>, string[]]>([
    ["podIdentity true without a cluster", { eks: { podIdentity: true } }, ["environments.dev.eks.podIdentity: needs eks.clusterName: Pod Identity associates the roles in a cluster named there, got true"]],
    ["podIdentity true without a cluster, with an issuer: the default roles' trust is not reported again", { eksOidcIssuerUrl: ISSUER, eks: { podIdentity: true } }, [
      "environments.dev.eks.podIdentity: needs eks.clusterName: Pod Identity associates the roles in a cluster named there, got true",
    ]],
    ["a target with two accesses of its own", { eks: { clusterName: CLUSTER, ...role({ access: ["read-curated-data", "write-model-artifacts"], targetRoleArn: TARGET }) } }, [
      `${at}.access: must be empty with a targetRoleArn: the pods get the target role's credentials, not this role's, got "read-curated-data, write-model-artifacts" (40 characters)`,
    ]],
    ["podIdentity false without an issuer", { eks: { clusterName: CLUSTER, podIdentity: false } }, [
      "environments.dev.eks.podIdentity: false means IRSA, which needs eksOidcIssuerUrl to be set, got false",
    ]],
    ["the agent's add-on without a cluster", { eksOidcIssuerUrl: ISSUER, eks: { manageAgentAddon: true } }, ["environments.dev.eks.manageAgentAddon: needs eks.clusterName, the cluster the add-on goes to, got true"]],
    ["pod roles without a cluster or an issuer", { eks: role({}) }, ['environments.dev.eks.podRoles: needs eks.clusterName (Pod Identity) or eksOidcIssuerUrl (IRSA) to be set, got "1 roles"']],
    ["the CNI's pod role without a cluster or an issuer", { iam: { cniPolicy: "pod-role" } }, ['environments.dev.iam.cniPolicy: "pod-role" needs eks.clusterName or eksOidcIssuerUrl to be set; use "node-role" until the cluster exists, got "pod-role"']],
    ["an entry trusting IRSA without an issuer", { eks: { clusterName: CLUSTER, ...role({ trust: "irsa" }) } }, [`${at}.trust: "irsa" trusts IRSA, which needs eksOidcIssuerUrl to be set, got "irsa"`]],
    ["an entry trusting both without an issuer", { eks: { clusterName: CLUSTER, ...role({ trust: "both" }) } }, [`${at}.trust: "both" trusts IRSA, which needs eksOidcIssuerUrl to be set, got "both"`]],
    ["an entry trusting Pod Identity without a cluster", { eksOidcIssuerUrl: ISSUER, eks: role({ trust: "pod-identity" }) }, [`${at}.trust: "pod-identity" trusts Pod Identity, which needs eks.clusterName to be set, got "pod-identity"`]],
    ["vpc-cni while the node role has it", { eks: { clusterName: CLUSTER, ...role({ access: ["vpc-cni"] }) } }, [`${at}.access: grants "vpc-cni", which the node role has while iam.cniPolicy is "node-role"; set iam.cniPolicy to "pod-role", got "vpc-cni"`]],
    ["ABAC on an IRSA role", { eksOidcIssuerUrl: ISSUER, eks: { clusterName: CLUSTER, ...role({ abac: true }) } }, [`${at}.abac: needs trust "pod-identity": an IRSA session carries no session tags, so its permissions would all be denied, got "both"`]],
    ["ABAC on the CNI's managed policy", { iam: { cniPolicy: "pod-role" }, eks: { clusterName: CLUSTER, ...role({ access: ["vpc-cni"], abac: true }) } }, [`${at}.abac: cannot condition "vpc-cni", an AWS managed policy; leave abac false for this role, got true`]],
    ["no access and no target", { eks: { clusterName: CLUSTER, ...role({ access: [] }) } }, [`${at}.access: must grant at least one access, or name a targetRoleArn, got "none"`]],
    ["a target with access of its own", { eks: { clusterName: CLUSTER, ...role({ targetRoleArn: TARGET }) } }, [`${at}.access: must be empty with a targetRoleArn: the pods get the target role's credentials, not this role's, got "read-curated-data"`]],
    ["a target with ABAC", { eks: { clusterName: CLUSTER, ...role({ access: [], targetRoleArn: TARGET, abac: true }) } }, [`${at}.abac: conditions this role's permissions, but with a targetRoleArn the pods get the target's, got true`]],
    ["a target through IRSA", { eksOidcIssuerUrl: ISSUER, eks: { clusterName: CLUSTER, ...role({ access: [], targetRoleArn: TARGET }) } }, [`${at}.targetRoleArn: chains through Pod Identity only; set trust to "pod-identity", got "both"`]],
    ["a target in the environment's own account", { eks: { clusterName: CLUSTER, ...role({ access: [], targetRoleArn: `arn:aws:iam::${ACCOUNT}:role/reader` }) } }, [
      `${at}.targetRoleArn: must be a role in another account: a role of ${ACCOUNT} is associated directly, with its access here, got "arn:aws:iam::${ACCOUNT}:role/reader" (37 characters)`,
    ]],
    ["a service account named twice", { eks: { clusterName: CLUSTER, podRoles: [{ serviceAccount: "ml:trainer", access: ["read-curated-data"] }, { serviceAccount: "ml:trainer", access: ["write-model-artifacts"] }] } }, [
      'environments.dev.eks.podRoles[1].serviceAccount: must name each service account once (entry 0 names it too), got "ml:trainer"',
    ]],
    ["two namespaces' service accounts of one name (the role name leaves the namespace out)", { eks: { clusterName: CLUSTER, podRoles: [{ serviceAccount: "ml:api", access: ["read-curated-data"] }, { serviceAccount: "retail:api", access: ["read-model-artifacts"] }] } }, [
      'environments.dev.eks.podRoles retail:api (its role name): must differ from environments.dev.eks.podRoles ml:api (its role name): both would be the IAM role, got "mlops-retail-prediction-dev-irsa-api" (36 characters)',
    ]],
    ["an unknown access", { eks: { clusterName: CLUSTER, ...role({ access: ["admin"] }) } }, [
      'environments.dev.eks.podRoles: each entry must be one of read-model-artifacts, read-curated-data, write-model-artifacts, vpc-cni, got "admin"',
    ]],
    ["a cluster name AWS would refuse", { eks: { clusterName: "-cluster" } }, [
      'environments.dev.eks.clusterName: must be an EKS cluster name: 1-100 letters, digits, hyphens and underscores, starting with a letter or digit, got "-cluster"',
    ]],
  ])("%s", (_name, settings, expected) => {
    expect(problemsOf(dev(settings))).toEqual(expected);
  });

  test("two environments associating one service account in one cluster", () => {
    const settings = { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, eks: { clusterName: CLUSTER }, environments: { dev: {}, staging: {} }, synthesize: ["dev", "staging"] };
    expect(problemsOf({ settings })).toEqual([
      `environments.staging.eks.podRoles: dev and staging would both associate retail:retail-api in the cluster ${CLUSTER} of account ${ACCOUNT} in us-east-1 (EKS allows one association per service account); give each environment its own cluster or service accounts`,
    ]);
    // Each in its own cluster, or IRSA (no association), is fine.
    expect(() => loadConfig({ settings: { ...settings, environments: { dev: {}, staging: { eks: { clusterName: "staging-cluster" } } } } })).not.toThrow();
    expect(() => loadConfig({ settings: { ...settings, eksOidcIssuerUrl: ISSUER, eks: { clusterName: CLUSTER, podIdentity: false }, environments: { dev: {}, staging: { iam: { oidcProvider: "existing" } } } } })).not.toThrow();
  });
});

describe("pod role names among the environment's names", () => {
  const devStaging = (dev: Record<string, unknown>, staging: Record<string, unknown>, top: Record<string, unknown> = {}): ConfigSources => ({
    settings: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, ...top, environments: { dev, staging }, synthesize: ["dev", "staging"] },
  });

  test("a set name that is the CNI's pod role's: the pod role is named as such", () => {
    const name = "mlops-retail-prediction-dev-irsa-aws-node";
    expect(problemsOf(dev({ eks: { clusterName: CLUSTER }, iam: { cniPolicy: "pod-role" }, names: { eksNodeGroupRole: name } }))).toEqual([
      `environments.dev.names.eksNodeGroupRole: must differ from the VPC CNI's pod role (iam.cniPolicy): both would be the IAM role, got "${name}" (41 characters)`,
    ]);
  });

  test("a written aws-node entry is named by its entry, not as the CNI's default role", () => {
    const name = "mlops-retail-prediction-dev-irsa-aws-node";
    const podRoles = [{ serviceAccount: "kube-system:aws-node", access: ["vpc-cni"] }];
    expect(problemsOf(dev({ eks: { clusterName: CLUSTER, podRoles }, iam: { cniPolicy: "pod-role" }, names: { eksNodeGroupRole: name } }))).toEqual([
      `environments.dev.eks.podRoles kube-system:aws-node (its role name): must differ from environments.dev.names.eksNodeGroupRole: both would be the IAM role, got "${name}" (41 characters)`,
    ]);
  });

  test("the retail API's role is called its pod role under Pod Identity", () => {
    const name = "mlops-retail-prediction-dev-irsa-retail-api";
    expect(problemsOf(dev({ eks: { clusterName: CLUSTER }, names: { eksClusterRole: name } }))).toEqual([
      `environments.dev.names.eksClusterRole: must differ from iam.retailApiServiceAccount (its pod role name): both would be the IAM role, got "${name}" (43 characters)`,
    ]);
  });

  test("another environment's name that is this one's pod role: named by its kind of name", () => {
    const name = "mlops-retail-prediction-dev-irsa-trainer";
    const podRoles = [{ serviceAccount: "ml:trainer", access: ["read-curated-data"] }];
    expect(problemsOf(devStaging({ eks: { clusterName: CLUSTER, podRoles } }, { names: { eksClusterRole: name } }))).toEqual([
      `environments.staging.names.eksClusterRole: must differ from the dev environment's podRole (IAM role names are unique within account ${ACCOUNT}), got "${name}" (40 characters)`,
    ]);
  });
});
