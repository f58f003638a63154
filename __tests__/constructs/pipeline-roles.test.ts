import { Testing, TerraformStack } from "cdktf";
import { PipelineRoles, type PipelineRolesProps } from "../../constructs/pipeline-roles";
import type { PodRoleSpec } from "../../constructs/pod-roles";
import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, OIDC_ISSUER, OTHER_ACCOUNT, configFor, resourceAt, resourcesOf, synthesize, testApp, type Json } from "../helpers";
import { decide, type Decision, type Policies, type Request } from "../support/iam";
import { unprovenConditions } from "../support/necessity";
import { managedPolicyDocument, rolePolicies } from "../support/role-policies";

const REGION = "us-east-1";
const DATA_BUCKET = `mlops-retail-prediction-dev-${ACCOUNT}`;
const ISSUER_HOST = OIDC_ISSUER.slice("https://".length);
const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`;

const dev = synthesize(new FoundationStack(testApp(), configFor("dev")));
const withIssuer = synthesize(new FoundationStack(testApp(), configFor("dev", { eksOidcIssuerUrl: OIDC_ISSUER })));

const eksCluster = rolePolicies(dev, "Roles/EksCluster/Role");
const eksNodes = rolePolicies(dev, "Roles/EksNodeGroup/Role");
const sagemaker = rolePolicies(dev, "Roles/SageMakerExecution/Role");
const lambda = rolePolicies(dev, "Roles/LambdaInference/Role");
const retailApi = rolePolicies(withIssuer, "Roles/RetailApiIrsa/Role/Role");

const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

describe("PipelineRoles in the dev foundation stack", () => {
  test("names every role as later pipeline stages expect", () => {
    expect([eksCluster.name, eksNodes.name, sagemaker.name, lambda.name]).toEqual([
      "mlops-retail-prediction-dev-eks-cluster-role",
      "mlops-retail-prediction-dev-eks-nodegroup-role",
      "mlops-retail-prediction-dev-sagemaker-execution",
      "mlops-retail-prediction-dev-lambda-inference-role",
    ]);
    expect(Object.values(resourcesOf(dev, "aws_iam_policy")).map((p: Json) => p.name)).toEqual(["mlops-retail-prediction-dev-lambda-inference-policy"]);
  });

  test.each(["EksCluster", "EksNodeGroup", "SageMakerExecution", "LambdaInference"])(
    "%s detaches policies on destroy and has an explicit session limit",
    (role) => {
      expect(resourceAt(dev, "aws_iam_role", `Roles/${role}/Role`)).toMatchObject({ force_detach_policies: true, max_session_duration: 3600 });
    },
  );

  test("every role's trust policy names exactly one principal", () => {
    const trusts = Object.values(resourcesOf(withIssuer, "aws_iam_role")).map((r: Json) => JSON.parse(r.assume_role_policy).Statement);
    expect(trusts).toHaveLength(6);
    for (const statements of trusts) {
      expect(statements).toHaveLength(1);
      expect(Object.values(statements[0].Principal).flat()).toHaveLength(1);
    }
  });

  test("the EKS cluster role trusts eks.amazonaws.com for AssumeRole and TagSession, with AmazonEKSClusterPolicy", () => {
    expect(eksCluster.trust.Statement[0]).toMatchObject({ Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
    expect(eksCluster.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
  });

  test("the node role trusts EC2 and gets the worker, CNI, ECR pull-only and CloudWatch agent policies", () => {
    expect(eksNodes.trust.Statement[0].Principal).toEqual({ Service: "ec2.amazonaws.com" });
    expect(eksNodes.managedPolicyArns.sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
    expect(resourceAt(dev, "aws_iam_instance_profile", "Roles/EksNodeInstanceProfile")).toMatchObject({
      name: "mlops-retail-prediction-dev-eks-nodegroup-profile",
      role: "${aws_iam_role.Roles_EksNodeGroup_Role_00157FC6.name}",
    });
  });

  test("the proofs' reading of a role refuses a policy it cannot read, rather than leaving it out", () => {
    const json = structuredClone(dev);
    const attachment = Object.values(resourcesOf(json, "aws_iam_role_policy_attachment")).find((a: Json) => a.role === `\${aws_iam_role.Roles_EksNodeGroup_Role_00157FC6.name}`) as Json;
    attachment.policy_arn = `arn:aws:iam::${ACCOUNT}:policy/literal`;
    expect(() => rolePolicies(json, "Roles/EksNodeGroup/Role")).toThrow(
      `rolePolicies: cannot read the policies arn:aws:iam::${ACCOUNT}:policy/literal attached to Roles/EksNodeGroup/Role`,
    );
  });

  test("the ECR switch restores ReadOnly", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev", { iam: { ecrAccess: "read-only" } })));
    expect(rolePolicies(json, "Roles/EksNodeGroup/Role").managedPolicyArns).toContain("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    expect(rolePolicies(json, "Roles/EksNodeGroup/Role").managedPolicyArns).not.toContain("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly");
  });

  test("SageMaker and Lambda trusts carry aws:SourceAccount", () => {
    for (const [role, service] of [[sagemaker, "sagemaker.amazonaws.com"], [lambda, "lambda.amazonaws.com"]] as const) {
      expect(role.trust.Statement[0]).toEqual({
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      });
    }
  });

  test("SageMaker gets least privilege by default: no AWS managed policies, SageMakerEC2Access inline", () => {
    expect(sagemaker.managedPolicyArns).toEqual([]);
    const inline = Object.values(resourcesOf(dev, "aws_iam_role_policy")).map((p: Json) => p.name);
    expect(inline).toEqual(expect.arrayContaining(["SageMakerEC2Access", "sagemaker-least-privilege"]));
  });

  test('sagemakerAccess "seed-managed-policies" attaches the three broad managed policies instead', () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev", { iam: { sagemakerAccess: "seed-managed-policies" } })));
    const seeded = rolePolicies(json, "Roles/SageMakerExecution/Role");
    expect(seeded.managedPolicyArns).toEqual([
      "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
      "arn:aws:iam::aws:policy/AmazonS3FullAccess",
      "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
    ]);
    const inline = Object.values(resourcesOf(json, "aws_iam_role_policy")).map((p: Json) => p.name);
    expect(inline).toContain("SageMakerEC2Access");
    expect(inline).not.toContain("sagemaker-least-privilege");
    expect(resourceAt(json, "aws_iam_role", "Roles/SageMakerExecution/Role").description).toBe(
      "SageMaker training, processing and endpoints (broad AWS managed policies, by configuration)",
    );
  });

  test("every role's description and statement names: what the IAM console, the plan and verify's policy differences show", () => {
    const named = (type: string, attribute: (r: Json) => unknown): Record<string, unknown> =>
      Object.fromEntries(
        Object.values(resourcesOf(withIssuer, type))
          .filter((r: Json) => r["//"].metadata.path.includes("/Roles/"))
          .map((r: Json) => [r["//"].metadata.path.split("/Roles/")[1], attribute(r)]),
      );
    expect(named("aws_iam_role", (r) => r.description)).toEqual({
      "EksCluster/Role": "EKS control plane of the retail prediction cluster",
      "EksNodeGroup/Role": "EC2 worker nodes of the retail prediction EKS cluster",
      "SageMakerExecution/Role": "SageMaker training, processing and endpoints of the retail prediction project",
      "LambdaInference/Role": "Inference Lambdas (preprocessing-function, inference-function)",
      "RetailApiIrsa/Role/Role": "Pods of retail:retail-api: read model artifacts",
    });
    const sids = (r: Json): string[] => JSON.parse(r.policy).Statement.map((st: Json) => st.Sid);
    expect({ ...named("aws_iam_role_policy", sids), ...named("aws_iam_policy", sids) }).toEqual({
      "SageMakerExecution/SageMakerEC2Access": ["SageMakerEC2Describe"],
      "SageMakerExecution/sagemaker-least-privilege": [
        "ProjectDataObjects",
        "ProjectDataList",
        "ProjectDataListTopLevel",
        "ProjectDataLocation",
        "SageMakerLogs",
        "SageMakerMetrics",
        "EcrAuthorization",
        "EcrPullImages",
        "VpcModeNetworkInterfaces",
        "PassOnlyItselfToSageMaker",
        "ProjectSageMakerResources",
        "ListTrainingJobs",
      ],
      "RetailApiIrsa/Role/read-model-artifacts": ["ModelArtifactsObjects", "ModelArtifactsList"],
      "LambdaInference/CustomerPolicy": ["FunctionLogGroups", "FunctionLogStreams", "InferenceMetadataTable", "InvokeProjectEndpoints", "ModelArtifactsObjects"],
    });
  });

  test("the permissions boundary and session limit from config apply to every role", () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/platform-boundary`;
    const json = synthesize(
      new FoundationStack(testApp(), configFor("dev", { permissionsBoundaryArn: boundary, eksOidcIssuerUrl: OIDC_ISSUER, iam: { maxSessionDurationSeconds: 7200 } })),
    );
    const roles = Object.values(resourcesOf(json, "aws_iam_role"));
    expect(roles).toHaveLength(6);
    for (const role of roles) expect(role).toMatchObject({ permissions_boundary: boundary, max_session_duration: 7200 });
  });

  test("a data bucket KMS key adds decrypt through S3 only", async () => {
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f0f0f0f-1111-2222-3333-444444444444`;
    const json = synthesize(new FoundationStack(testApp(), configFor("dev", { dataBucket: { kmsKeyArn: keyArn } })));
    // The data bucket's key is not ours: assume the default key policy, which delegates to IAM.
    const delegateToIam = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] };
    const policies = { identity: rolePolicies(json, "Roles/SageMakerExecution/Role").identity, resource: delegateToIam };
    const request = (via: string): Request => ({
      principal: roleArn(sagemaker.name),
      action: "kms:Decrypt",
      resource: keyArn,
      resourceAccount: ACCOUNT,
      context: { "kms:ViaService": via },
    });
    expect(await decide(policies, request(`s3.${REGION}.amazonaws.com`))).toBe("Allowed");
    expect(await decide(policies, request(`secretsmanager.${REGION}.amazonaws.com`))).toBe("ImplicitlyDenied");
    const keySids = (type: string, path: string): string[] =>
      JSON.parse(resourceAt(json, type, path).policy)
        .Statement.filter((st: Json) => st.Resource === keyArn)
        .map((st: Json) => st.Sid);
    expect(keySids("aws_iam_role_policy", "Roles/SageMakerExecution/sagemaker-least-privilege")).toEqual(["ProjectDataKey"]);
    expect(keySids("aws_iam_policy", "Roles/LambdaInference/CustomerPolicy")).toEqual(["ModelArtifactsKey"]);
    expect(await decide({ identity: sagemaker.identity, resource: delegateToIam }, request(`s3.${REGION}.amazonaws.com`))).toBe("ImplicitlyDenied");
  });

  describe("IRSA", () => {
    test("without an issuer, no OIDC provider or IRSA role is synthesized and synthesis says so", () => {
      expect(resourcesOf(dev, "aws_iam_openid_connect_provider")).toEqual({});
      const stack = new FoundationStack(testApp(), configFor("dev"));
      expect(stack.node.metadata.map((m) => [m.type, m.data])).toEqual([
        [
          "@cdktf/info",
          "dev: no eks.clusterName or eksOidcIssuerUrl configured, so no pod roles are synthesized; " +
            "set eks.clusterName once the EKS cluster exists (Pod Identity; docs/pod-identity.md).",
        ],
      ]);
    });

    test("with an issuer, the OIDC provider trusts sts.amazonaws.com and the retail API role trusts its service account", () => {
      expect(resourceAt(withIssuer, "aws_iam_openid_connect_provider", "Roles/EksOidcProvider")).toMatchObject({
        url: OIDC_ISSUER,
        client_id_list: ["sts.amazonaws.com"],
      });
      expect(retailApi.name).toBe("mlops-retail-prediction-dev-irsa-retail-api");
      expect(retailApi.trust.Statement[0]).toEqual({
        Sid: "TrustServiceAccounts",
        Effect: "Allow",
        Principal: { Federated: OIDC_PROVIDER_ARN },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:retail:retail-api", [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com" } },
      });
      expect(resourceAt(withIssuer, "aws_iam_role", "Roles/RetailApiIrsa/Role/Role").depends_on).toEqual([
        "aws_iam_openid_connect_provider.Roles_EksOidcProvider_8CB5A070",
      ]);
      expect(withIssuer.output.eks_oidc_provider_arn.value).toBe("${aws_iam_openid_connect_provider.Roles_EksOidcProvider_8CB5A070.arn}");
    });

    test('iam.oidcProvider "existing" looks the provider up by its URL instead of creating it', () => {
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { eksOidcIssuerUrl: OIDC_ISSUER, iam: { oidcProvider: "existing" } })));
      expect(resourcesOf(json, "aws_iam_openid_connect_provider")).toEqual({});
      expect(Object.values(json.data.aws_iam_openid_connect_provider).map((d: Json) => d.url)).toEqual([OIDC_ISSUER]);
      const role = resourceAt(json, "aws_iam_role", "Roles/RetailApiIrsa/Role/Role");
      expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Federated: OIDC_PROVIDER_ARN });
      expect(role.depends_on).toEqual(["data.aws_iam_openid_connect_provider.Roles_ExistingEksOidcProvider_B5BD5FA9"]);
      expect(json.output.eks_oidc_provider_arn.value).toBe("${data.aws_iam_openid_connect_provider.Roles_ExistingEksOidcProvider_B5BD5FA9.arn}");
    });

    test('cniPolicy "irsa" moves AmazonEKS_CNI_Policy from the node role to kube-system:aws-node', () => {
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { eksOidcIssuerUrl: OIDC_ISSUER, iam: { cniPolicy: "irsa" } })));
      const awsNode = rolePolicies(json, "Roles/AwsNodeIrsa/Role/Role");
      expect(awsNode.name).toBe("mlops-retail-prediction-dev-irsa-aws-node");
      expect(awsNode.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
      expect(awsNode.trust.Statement[0].Condition.StringEquals[`${ISSUER_HOST}:sub`]).toBe("system:serviceaccount:kube-system:aws-node");
      expect(rolePolicies(json, "Roles/EksNodeGroup/Role").managedPolicyArns).not.toContain("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
      expect(resourceAt(json, "aws_iam_role", "Roles/AwsNodeIrsa/Role/Role").description).toBe("VPC CNI plugin (kube-system:aws-node)");
      expect(json.output.irsa_role_arn_kube_system_aws_node).toMatchObject({ description: "IRSA role of kube-system:aws-node (eks.amazonaws.com/role-arn annotation)" });
      // The node role keeps exactly its other managed policies, and nothing else is attached to it.
      const nodeAttachments = Object.values(resourcesOf(json, "aws_iam_role_policy_attachment")).filter((a: Json) => a["//"].metadata.path.includes("/Roles/EksNodeGroup/"));
      expect(nodeAttachments.map((a: Json) => a.policy_arn)).toEqual([
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
      ]);
    });

    test("the retail API service account comes from config", () => {
      const json = synthesize(new FoundationStack(testApp(), configFor("dev", { eksOidcIssuerUrl: OIDC_ISSUER, iam: { retailApiServiceAccount: "serving:predictor" } })));
      const role = rolePolicies(json, "Roles/RetailApiIrsa/Role/Role");
      expect(role.name).toBe("mlops-retail-prediction-dev-irsa-predictor");
      expect(role.trust.Statement[0].Condition.StringEquals[`${ISSUER_HOST}:sub`]).toBe("system:serviceaccount:serving:predictor");
    });
  });
});

describe("PipelineRoles validation", () => {
  const props: PipelineRolesProps = {
    accountId: ACCOUNT,
    region: REGION,
    sagemakerResourcePrefixes: ["p"],
    names: {
      eksClusterRole: "a",
      eksNodeGroupRole: "b",
      eksNodeInstanceProfile: "c",
      sagemakerExecutionRole: "d",
      lambdaInferenceRole: "e",
      lambdaInferencePolicy: "f",
    },
    dataBucket: { name: DATA_BUCKET, goldPrefix: "gold/", artifactsPrefix: "artifacts/" },
    inferenceTableName: "InferenceMetadata",
    lambdaFunctionNames: ["inference-function"],
  };
  const retailApi = { id: "RetailApi", roleName: "retail-api", serviceAccount: "retail:retail-api", access: ["read-model-artifacts" as const] };
  test("fails when no SageMaker resource prefix is given (the role could act on no SageMaker resource)", () => {
    expect(() => new PipelineRoles(new TerraformStack(Testing.app(), "s"), "Roles", { ...props, sagemakerResourcePrefixes: [] })).toThrow(
      "PipelineRoles: sagemakerResourcePrefixes must name at least one prefix, got none",
    );
  });
  test("built with only its required settings: the CNI policy on the node role, no AWS managed policy on SageMaker's, an OIDC provider created", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const roles = new PipelineRoles(stack, "Roles", { ...props, pods: { issuerUrl: OIDC_ISSUER, roles: [{ ...retailApi, trust: "irsa" }] } });
    expect(roles.eksNodeGroup.managedPolicyArns).toContain("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
    expect(roles.sagemakerExecution.managedPolicyArns).toEqual([]);
    expect(Object.values(resourcesOf(synthesize(stack), "aws_iam_openid_connect_provider")).map((p: Json) => p.url)).toEqual([OIDC_ISSUER]);
  });
  test.each(["irsa", "pod-role"] as const)('fails when cniPolicy is "%s" without a pod role granted "vpc-cni"', (cniPolicy) => {
    expect(() => new PipelineRoles(new TerraformStack(Testing.app(), "s"), "Roles", { ...props, cniPolicy })).toThrow(
      `PipelineRoles: cniPolicy "${cniPolicy}" needs a pod role with "vpc-cni" access`,
    );
    expect(() => new PipelineRoles(new TerraformStack(Testing.app(), "s"), "Roles", { ...props, cniPolicy, pods: { issuerUrl: OIDC_ISSUER, roles: [{ ...retailApi, trust: "irsa" }] } })).toThrow(
      `PipelineRoles: cniPolicy "${cniPolicy}" needs a pod role with "vpc-cni" access`,
    );
  });
  test.each<[string, Partial<PipelineRolesProps["pods"]> & { roles: PodRoleSpec[] }, string]>([
    ["an IRSA role without an issuer", { clusterName: "c", roles: [{ ...retailApi, trust: "irsa" }] }, "PodRoles: a role trusts IRSA, which needs issuerUrl"],
    ["a role trusting both without an issuer", { clusterName: "c", roles: [{ ...retailApi, trust: "both" }] }, "PodRoles: a role trusts IRSA, which needs issuerUrl"],
    ["a Pod Identity role without a cluster", { issuerUrl: OIDC_ISSUER, roles: [{ ...retailApi, trust: "irsa" }, { ...retailApi, id: "Other", serviceAccount: "ml:other", trust: "pod-identity" }] }, "PodRoles: Pod Identity (a role that trusts it, or the agent's add-on) needs clusterName"],
    ["the agent's add-on without a cluster", { issuerUrl: OIDC_ISSUER, manageAgentAddon: true, roles: [{ ...retailApi, trust: "irsa" }] }, "PodRoles: Pod Identity (a role that trusts it, or the agent's add-on) needs clusterName"],
  ])("refuses %s", (_name, pods, message) => {
    expect(() => new PipelineRoles(new TerraformStack(Testing.app(), "s"), "Roles", { ...props, pods })).toThrow(message);
  });

  test("pod roles are described by what they may do, each access an inline policy with its own statement ids", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new PipelineRoles(stack, "Roles", {
      ...props,
      cniPolicy: "pod-role",
      pods: {
        clusterName: "c",
        roles: [
          { ...retailApi, id: "Mixed", serviceAccount: "kube-system:aws-node", access: ["vpc-cni", "read-curated-data"], trust: "pod-identity" },
          { ...retailApi, id: "Writer", serviceAccount: "ml:writer", access: ["write-model-artifacts"], trust: "pod-identity" },
        ],
      },
    });
    const json = synthesize(stack);
    expect(resourceAt(json, "aws_iam_role", "Roles/Mixed/Role/Role").description).toBe("Pods of kube-system:aws-node: VPC CNI plugin, read curated data");
    const sids = (path: string) => JSON.parse(resourceAt(json, "aws_iam_role_policy", path).policy).Statement.map((st: Json) => st.Sid);
    expect(sids("Roles/Mixed/Role/read-curated-data")).toEqual(["CuratedDataObjects", "CuratedDataList"]);
    expect(sids("Roles/Writer/Role/write-model-artifacts")).toEqual(["ModelArtifactsWriteObjects", "ModelArtifactsWriteList", "ModelArtifactsWriteLocation"]);
  });

  test("one IRSA role among Pod Identity ones still gets the OIDC provider, and the add-on goes to the cluster", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const roles = new PipelineRoles(stack, "Roles", {
      ...props,
      pods: {
        clusterName: "c",
        issuerUrl: OIDC_ISSUER,
        manageAgentAddon: true,
        roles: [
          { ...retailApi, trust: "pod-identity" },
          { ...retailApi, id: "Fargate", serviceAccount: "batch:scorer", trust: "irsa" },
        ],
      },
    });
    const json = synthesize(stack);
    expect(Object.keys(resourcesOf(json, "aws_iam_openid_connect_provider"))).toHaveLength(1);
    expect(JSON.parse(resourceAt(json, "aws_iam_role", "Roles/Fargate/Role/Role").assume_role_policy).Statement.map((st: Json) => st.Sid)).toEqual(["TrustServiceAccounts"]);
    expect(Object.values(resourcesOf(json, "aws_eks_addon")).map((a: Json) => [a.cluster_name, a.addon_name])).toEqual([["c", "eks-pod-identity-agent"]]);
    expect(roles.podIdentityAgent).toBeDefined();
  });

  test("fails when a service account is not namespace:name", () => {
    const roles = [{ ...retailApi, serviceAccount: "default" }];
    expect(() => new PipelineRoles(new TerraformStack(Testing.app(), "s"), "Roles", { ...props, pods: { issuerUrl: OIDC_ISSUER, roles: [{ ...roles[0], trust: "irsa" }] } })).toThrow(
      'IrsaRole: serviceAccounts entries must be "namespace:name", got "default"',
    );
    expect(() => new PipelineRoles(new TerraformStack(Testing.app(), "s"), "Roles", { ...props, pods: { clusterName: "c", roles: [{ ...roles[0], trust: "pod-identity" }] } })).toThrow(
      'PodIdentityRole: serviceAccount must be "namespace:name", got "default"',
    );
  });
});

/** Evaluated decisions, per role: request -> expected. The closing note's tables are these rows. */
type Who = "eks cluster" | "eks nodes" | "sagemaker" | "lambda" | "retail-api irsa";
type Row = { role: Who; description: string; kind: "trust" | "identity"; request: Request; expected: Decision; mode?: "unsafe" };

const ROLE_NAMES: Record<Who, string> = {
  "eks cluster": eksCluster.name,
  "eks nodes": eksNodes.name,
  sagemaker: sagemaker.name,
  lambda: lambda.name,
  "retail-api irsa": retailApi.name,
};
const POLICIES = { "eks cluster": eksCluster, "eks nodes": eksNodes, sagemaker, lambda, "retail-api irsa": retailApi };

const assume = (role: Who, description: string, principal: string, expected: Decision, context: Record<string, string> = {}, action = "sts:AssumeRole"): Row => ({
  role,
  description,
  kind: "trust",
  request: { principal, action, resource: roleArn(ROLE_NAMES[role]), resourceAccount: ACCOUNT, context },
  expected,
});
const act = (role: Who, description: string, action: string, resource: string, expected: Decision, context: Record<string, string> = {}): Row => ({
  role,
  description,
  kind: "identity",
  request: { principal: roleArn(ROLE_NAMES[role]), action, resource, resourceAccount: resource.includes(OTHER_ACCOUNT) ? OTHER_ACCOUNT : ACCOUNT, context },
  expected,
});
const webIdentity = (description: string, sub: string, aud: string, expected: Decision): Row => ({
  ...assume("retail-api irsa", description, OIDC_PROVIDER_ARN, expected, { [`${ISSUER_HOST}:sub`]: sub, [`${ISSUER_HOST}:aud`]: aud }, "sts:AssumeRoleWithWebIdentity"),
  mode: "unsafe",
});

const object = (key: string, bucket = DATA_BUCKET): string => `arn:aws:s3:::${bucket}/${key}`;
const ecrRepo = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/retail-api`;
const table = (name: string): string => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const sagemakerRes = (type: string, name: string): string => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/${name}`;

const rows: Row[] = [
  assume("eks cluster", "EKS assumes the cluster role", "eks.amazonaws.com", "Allowed"),
  assume("eks cluster", "EC2 assumes the cluster role", "ec2.amazonaws.com", "ImplicitlyDenied"),
  assume("eks nodes", "EC2 assumes the node role", "ec2.amazonaws.com", "Allowed"),
  assume("eks nodes", "EKS assumes the node role", "eks.amazonaws.com", "ImplicitlyDenied"),
  act("eks nodes", "nodes get an ECR token", "ecr:GetAuthorizationToken", "*", "Allowed"),
  act("eks nodes", "nodes pull an image from an ECR repository of the account", "ecr:BatchGetImage", ecrRepo, "Allowed"),
  act("eks nodes", "nodes download a layer from that repository", "ecr:GetDownloadUrlForLayer", ecrRepo, "Allowed"),
  act("eks nodes", "nodes push an image", "ecr:PutImage", ecrRepo, "ImplicitlyDenied"),
  assume("sagemaker", "SageMaker assumes its role for this account", "sagemaker.amazonaws.com", "Allowed", { "aws:SourceAccount": ACCOUNT }),
  assume("sagemaker", "SageMaker assumes its role for another account", "sagemaker.amazonaws.com", "ImplicitlyDenied", { "aws:SourceAccount": OTHER_ACCOUNT }),
  assume("sagemaker", "Lambda assumes the SageMaker role", "lambda.amazonaws.com", "ImplicitlyDenied", { "aws:SourceAccount": ACCOUNT }),
  act("sagemaker", "SageMaker reads gold/ data", "s3:GetObject", object("gold/sales/2026-11.parquet"), "Allowed"),
  act("sagemaker", "SageMaker writes gold/ data", "s3:PutObject", object("gold/features/part-0.parquet"), "Allowed"),
  act("sagemaker", "SageMaker reads artifacts/", "s3:GetObject", object("artifacts/model.tar.gz"), "Allowed"),
  act("sagemaker", "SageMaker writes artifacts/", "s3:PutObject", object("artifacts/model.tar.gz"), "Allowed"),
  act("sagemaker", "SageMaker lists artifacts/", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "Allowed", { "s3:prefix": "artifacts/run-1/" }),
  act("sagemaker", "SageMaker lists outside its prefixes (raw/)", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied", { "s3:prefix": "raw/" }),
  // The seed's verification: `aws s3 ls s3://<data bucket>/` sends an empty prefix with the "/" delimiter.
  act("sagemaker", "SageMaker lists the data bucket's top level (aws s3 ls s3://bucket/)", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "Allowed", { "s3:prefix": "", "s3:delimiter": "/" }),
  act("sagemaker", "SageMaker lists every key from the root (no delimiter)", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied", { "s3:prefix": "" }),
  act("sagemaker", "SageMaker lists raw/ folders with the delimiter", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied", { "s3:prefix": "raw/", "s3:delimiter": "/" }),
  act("sagemaker", "SageMaker lists training jobs (aws sagemaker list-training-jobs)", "sagemaker:ListTrainingJobs", "*", "Allowed"),
  act("sagemaker", "SageMaker creates the seed's retail-* training job", "sagemaker:CreateTrainingJob", sagemakerRes("training-job", "retail-forecast-xgb-2026-11-27"), "Allowed"),
  act("sagemaker", "SageMaker creates the seed's retail-* endpoint", "sagemaker:CreateEndpoint", sagemakerRes("endpoint", "retail-forecast-endpoint"), "Allowed"),
  act("sagemaker", "SageMaker describes the retail-forecast-models package group", "sagemaker:DescribeModelPackageGroup", sagemakerRes("model-package-group", "retail-forecast-models"), "Allowed"),
  act("sagemaker", "SageMaker registers a model version in retail-forecast-models", "sagemaker:CreateModelPackage", sagemakerRes("model-package", "retail-forecast-models/3"), "Allowed"),
  act("sagemaker", "SageMaker runs a job SageMaker Pipelines named", "sagemaker:CreateTrainingJob", sagemakerRes("training-job", "pipelines-a1b2c3d4e5f6-TrainModel-Xy12AbCd34"), "Allowed"),
  act("sagemaker", "SageMaker creates a job without a known prefix", "sagemaker:CreateTrainingJob", sagemakerRes("training-job", "forecast-train-1"), "ImplicitlyDenied"),
  act("sagemaker", "SageMaker reads outside its prefixes (raw/)", "s3:GetObject", object("raw/customers.csv"), "ImplicitlyDenied"),
  act("sagemaker", "SageMaker reads another bucket", "s3:GetObject", object("gold/x.parquet", "someone-elses-bucket"), "ImplicitlyDenied"),
  act("sagemaker", "SageMaker deletes an object", "s3:DeleteObject", object("gold/x.parquet"), "ImplicitlyDenied"),
  act("sagemaker", "SageMaker deletes the bucket", "s3:DeleteBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied"),
  act("sagemaker", "SageMaker creates an IAM user", "iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/backdoor`, "ImplicitlyDenied"),
  act("sagemaker", "SageMaker creates an IAM role", "iam:CreateRole", roleArn("escalate"), "ImplicitlyDenied"),
  act("sagemaker", "SageMaker attaches a policy to itself", "iam:AttachRolePolicy", roleArn(sagemaker.name), "ImplicitlyDenied"),
  act("sagemaker", "SageMaker passes itself to SageMaker", "iam:PassRole", roleArn(sagemaker.name), "Allowed", { "iam:PassedToService": "sagemaker.amazonaws.com" }),
  act("sagemaker", "SageMaker passes itself to EC2", "iam:PassRole", roleArn(sagemaker.name), "ImplicitlyDenied", { "iam:PassedToService": "ec2.amazonaws.com" }),
  act("sagemaker", "SageMaker passes another role", "iam:PassRole", roleArn("admin"), "ImplicitlyDenied", { "iam:PassedToService": "sagemaker.amazonaws.com" }),
  act("sagemaker", "SageMaker describes VPCs", "ec2:DescribeVpcs", "*", "Allowed"),
  act("sagemaker", "SageMaker describes subnets", "ec2:DescribeSubnets", "*", "Allowed"),
  act("sagemaker", "SageMaker terminates an instance", "ec2:TerminateInstances", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`, "ImplicitlyDenied"),
  act("sagemaker", "SageMaker writes logs under /aws/sagemaker/", "logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/TrainingJobs:log-stream:job-1/algo-1`, "Allowed"),
  act("sagemaker", "SageMaker writes logs of another group", "logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:mlops-cloudtrail-log-group:log-stream:x`, "ImplicitlyDenied"),
  act("sagemaker", "SageMaker puts metrics in its namespace", "cloudwatch:PutMetricData", "*", "Allowed", { "cloudwatch:namespace": "/aws/sagemaker/TrainingJobs" }),
  act("sagemaker", "SageMaker puts metrics in aws/sagemaker/ (no leading slash)", "cloudwatch:PutMetricData", "*", "Allowed", { "cloudwatch:namespace": "aws/sagemaker/Endpoints" }),
  act("sagemaker", "SageMaker puts metrics in another namespace", "cloudwatch:PutMetricData", "*", "ImplicitlyDenied", { "cloudwatch:namespace": "AWS/Billing" }),
  act("sagemaker", "SageMaker creates a network interface in a subnet of the account (VPC mode)", "ec2:CreateNetworkInterface", `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0abc`, "Allowed"),
  act("sagemaker", "SageMaker creates a network interface with a security group of the account", "ec2:CreateNetworkInterface", `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0abc`, "Allowed"),
  act("sagemaker", "SageMaker deletes its network interface", "ec2:DeleteNetworkInterface", `arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/eni-0abc`, "Allowed"),
  act("sagemaker", "SageMaker lets a job use its network interface", "ec2:CreateNetworkInterfacePermission", `arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/eni-0abc`, "Allowed"),
  act("sagemaker", "SageMaker removes that permission", "ec2:DeleteNetworkInterfacePermission", `arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/eni-0abc`, "Allowed"),
  act("sagemaker", "SageMaker creates a network interface in another account's subnet", "ec2:CreateNetworkInterface", `arn:aws:ec2:${REGION}:${OTHER_ACCOUNT}:subnet/subnet-0abc`, "ImplicitlyDenied"),
  act("sagemaker", "SageMaker deletes a network interface in another region", "ec2:DeleteNetworkInterface", `arn:aws:ec2:eu-west-1:${ACCOUNT}:network-interface/eni-0abc`, "ImplicitlyDenied"),
  act("sagemaker", "SageMaker creates the seed's retail-* processing job", "sagemaker:CreateProcessingJob", sagemakerRes("processing-job", "retail-preprocess-2026-11-27"), "Allowed"),
  act("sagemaker", "SageMaker creates a processing job without a known prefix", "sagemaker:CreateProcessingJob", sagemakerRes("processing-job", "preprocess-1"), "ImplicitlyDenied"),
  act("sagemaker", "SageMaker creates a project model", "sagemaker:CreateModel", sagemakerRes("model", "mlops-retail-prediction-xgb"), "Allowed"),
  act("sagemaker", "SageMaker creates the seed's endpoint configuration", "sagemaker:CreateEndpointConfig", sagemakerRes("endpoint-config", "retail-forecast-config"), "Allowed"),
  act("sagemaker", "SageMaker starts the seed's pipeline", "sagemaker:StartPipelineExecution", sagemakerRes("pipeline", "retail-forecast-pipeline"), "Allowed"),
  act("sagemaker", "SageMaker describes the seed's project", "sagemaker:DescribeProject", sagemakerRes("project", "retail-forecast"), "Allowed"),
  act("sagemaker", "SageMaker pulls a training image", "ecr:BatchGetImage", ecrRepo, "Allowed"),
  act("sagemaker", "SageMaker creates a project training job", "sagemaker:CreateTrainingJob", sagemakerRes("training-job", "mlops-retail-prediction-train-1"), "Allowed"),
  act("sagemaker", "SageMaker creates a project endpoint", "sagemaker:CreateEndpoint", sagemakerRes("endpoint", "mlops-retail-prediction-endpoint"), "Allowed"),
  act("sagemaker", "SageMaker creates another project's endpoint", "sagemaker:CreateEndpoint", sagemakerRes("endpoint", "other-endpoint"), "ImplicitlyDenied"),
  assume("lambda", "Lambda assumes its role for this account", "lambda.amazonaws.com", "Allowed", { "aws:SourceAccount": ACCOUNT }),
  assume("lambda", "Lambda assumes its role for another account", "lambda.amazonaws.com", "ImplicitlyDenied", { "aws:SourceAccount": OTHER_ACCOUNT }),
  assume("lambda", "SageMaker assumes the Lambda role", "sagemaker.amazonaws.com", "ImplicitlyDenied", { "aws:SourceAccount": ACCOUNT }),
  act("lambda", "Lambda puts an item in InferenceMetadata", "dynamodb:PutItem", table("InferenceMetadata"), "Allowed"),
  act("lambda", "Lambda queries an InferenceMetadata index", "dynamodb:Query", `${table("InferenceMetadata")}/index/by-date`, "Allowed"),
  act("lambda", "Lambda puts an item in another table", "dynamodb:PutItem", table("Customers"), "ImplicitlyDenied"),
  act("lambda", "Lambda deletes an InferenceMetadata item", "dynamodb:DeleteItem", table("InferenceMetadata"), "ImplicitlyDenied"),
  act("lambda", "Lambda invokes a project endpoint", "sagemaker:InvokeEndpoint", sagemakerRes("endpoint", "mlops-retail-prediction-endpoint"), "Allowed"),
  act("lambda", "Lambda invokes the seed's retail-* endpoint", "sagemaker:InvokeEndpoint", sagemakerRes("endpoint", "retail-forecast-endpoint"), "Allowed"),
  act("lambda", "Lambda invokes another endpoint", "sagemaker:InvokeEndpoint", sagemakerRes("endpoint", "other-endpoint"), "ImplicitlyDenied"),
  act("lambda", "Lambda reads a model artifact", "s3:GetObject", object("artifacts/model.tar.gz"), "Allowed"),
  act("lambda", "Lambda reads gold/ data", "s3:GetObject", object("gold/sales.parquet"), "ImplicitlyDenied"),
  act("lambda", "Lambda writes its function's logs", "logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/inference-function:log-stream:2026/11/22/x`, "Allowed"),
  act("lambda", "Lambda writes another function's logs", "logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`, "ImplicitlyDenied"),
  webIdentity("retail-api pods assume the role (right sub and aud)", "system:serviceaccount:retail:retail-api", "sts.amazonaws.com", "Allowed"),
  webIdentity("another service account assumes it", "system:serviceaccount:retail:batch-job", "sts.amazonaws.com", "ImplicitlyDenied"),
  webIdentity("the right service account with another audience", "system:serviceaccount:retail:retail-api", "other-audience", "ImplicitlyDenied"),
  act("retail-api irsa", "retail API reads a model artifact", "s3:GetObject", object("artifacts/model.tar.gz"), "Allowed"),
  act("retail-api irsa", "retail API writes an artifact", "s3:PutObject", object("artifacts/model.tar.gz"), "ImplicitlyDenied"),
  act("retail-api irsa", "retail API lists artifacts/", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "Allowed", { "s3:prefix": "artifacts/model-1/" }),
  act("retail-api irsa", "retail API lists gold/ (s3:prefix)", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied", { "s3:prefix": "gold/" }),
];

describe("evaluated role decisions (iam-simulate)", () => {
  const policiesOf = (role: Who, kind: Row["kind"]): Policies => (kind === "trust" ? { resource: POLICIES[role].trust } : { identity: POLICIES[role].identity });
  test.each(rows)("$role: $description -> $expected", async ({ role, kind, request, expected, mode }) => {
    expect(await decide(policiesOf(role, kind), request, mode)).toBe(expected);
  });

  // The documents this project writes: trust policies and inline or customer policies (AWS managed ones are AWS's).
  const owned = (Object.keys(POLICIES) as Who[]).flatMap((role) => {
    const managed = POLICIES[role].managedPolicyArns.map(managedPolicyDocument);
    return [
      { role, document: "trust", policy: POLICIES[role].trust },
      ...POLICIES[role].identity.filter((d) => !managed.includes(d)).map((policy, i) => ({ role, document: `identity policy ${i}`, policy })),
    ];
  });
  test.each(owned)("$role: every condition of the $document is necessary: without any one of them, a row above gets another decision", async ({ policy }) => {
    const proofs = rows.map(({ role, kind, request, expected, mode }) => ({ policies: policiesOf(role, kind), request, expected, mode }));
    expect(await unprovenConditions(policy, proofs)).toEqual([]);
  });
});
