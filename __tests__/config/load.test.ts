import { ConfigError, loadConfig, type ConfigSources } from "../../config/load";
import { EXAMPLE_ACCOUNT_ID } from "../../facts/example-account";

const ACCOUNT = "111122223333";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;

/** The message lines after "Invalid configuration:". */
function problemsOf(sources: ConfigSources): string[] {
  try {
    loadConfig(sources);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message.split("\n")[0]).toBe("Invalid configuration:");
    return error.message.split("\n").slice(1);
  }
  throw new Error("expected a ConfigError");
}

function dev(settings: Record<string, unknown>): ConfigSources {
  return { settings: { environments: { dev: settings } } };
}

/** Prod alone, in a real account. */
function prod(settings: Record<string, unknown>): ConfigSources {
  return { settings: { accountId: ACCOUNT, environments: { prod: settings }, synthesize: ["prod"] } };
}

const OIDC_ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

describe("loadConfig", () => {
  test("with no configuration synthesizes dev with the example account and warns", () => {
    const loaded = loadConfig();
    expect(loaded.environments).toHaveLength(1);
    const [config] = loaded.environments;
    expect(config).toMatchObject({
      project: "mlops-retail-prediction",
      environment: "dev",
      accountId: EXAMPLE_ACCOUNT_ID,
      accountIdIsExample: true,
      region: "us-east-1",
      dataBucket: { name: `mlops-retail-prediction-dev-${EXAMPLE_ACCOUNT_ID}`, goldPrefix: "gold/", artifactsPrefix: "artifacts/" },
    });
    expect(loaded.warnings).toEqual([
      {
        environment: "dev",
        message:
          "dev: no accountId configured; synthesizing with the example account 123456789012. " +
          "Set environments.dev.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) before npm run deploy -- dev.",
      },
    ]);
  });

  /** The audit defaults every environment shares (docs/settings.md); the rest depends on the environment. */
  const AUDIT_DEFAULTS = {
    logRetentionDays: 365,
    insights: true,
    excludeNoisyManagementEvents: false,
    glacierStorageClass: "GLACIER",
    transitionMinimumObjectSize: "all_storage_classes_128K",
    noncurrentVersionRetentionDays: 365,
    accessLogRetentionDays: 365,
    extraDataEventBuckets: [],
    stateBucketDataEvents: true,
    localTrail: true,
    mlDataEvents: [],
    networkActivity: { eventSources: [], errorsOnly: true },
  };

  // Every default, written out by hand from the configuration tables of docs/settings.md: a default the
  // stacks always override would otherwise change unnoticed.
  test("dev in a real account with nothing else set resolves every setting to its documented default", () => {
    const [config] = loadConfig({ settings: { accountId: ACCOUNT, environments: { dev: {} } } }).environments;
    expect(config).toEqual({
      project: "mlops-retail-prediction",
      environment: "dev",
      accountId: ACCOUNT,
      accountIdIsExample: false,
      region: "us-east-1",
      dataBucket: { name: "mlops-retail-prediction-dev-111122223333", goldPrefix: "gold/", artifactsPrefix: "artifacts/" },
      alarmEmails: [],
      tags: {},
      names: {
        stateStack: "mlops-retail-prediction-dev-state",
        foundationStack: "mlops-retail-prediction-dev-foundation",
        stateBucket: "mlops-retail-prediction-dev-tfstate-111122223333",
        trail: "mlops-retail-prediction-audit-trail",
        logBucket: "mlops-cloudtrail-logs-us-east-1-111122223333",
        accessLogBucket: "mlops-cloudtrail-s3access-us-east-1-111122223333",
        kmsAlias: "alias/mlops-retail-prediction-dev-cloudtrail-key",
        logGroup: "mlops-cloudtrail-log-group",
        cloudTrailLogsRole: "mlops-retail-prediction-dev-cloudtrail-logs-role",
        eksClusterRole: "mlops-retail-prediction-dev-eks-cluster-role",
        eksNodeGroupRole: "mlops-retail-prediction-dev-eks-nodegroup-role",
        eksNodeInstanceProfile: "mlops-retail-prediction-dev-eks-nodegroup-profile",
        sagemakerExecutionRole: "mlops-retail-prediction-dev-sagemaker-execution",
        lambdaInferenceRole: "mlops-retail-prediction-dev-lambda-inference-role",
        lambdaInferencePolicy: "mlops-retail-prediction-dev-lambda-inference-policy",
        alarmTopic: "mlops-retail-prediction-dev-security-alarms",
        alarmKmsAlias: "alias/mlops-retail-prediction-dev-security-alarms-key",
      },
      allowStateBucketDestroy: false,
      audit: {
        ...AUDIT_DEFAULTS,
        keyDeletionWindowDays: 7,
        retainOnDestroy: false,
        breakGlassPrincipalArns: [],
        objectLock: { mode: "NONE", retentionDays: 365 },
      },
      alarms: {
        metricNamespace: "CISBenchmark/mlops-retail-prediction-dev",
        disabledControls: [],
        unauthorizedApiCallsThreshold: 1,
        consoleAuthFailuresThreshold: 1,
      },
      iam: {
        sagemakerAccess: "least-privilege",
        cniPolicy: "node-role",
        ecrAccess: "pull-only",
        inferenceTableName: "InferenceMetadata",
        lambdaFunctionNames: ["preprocessing-function", "inference-function"],
        retailApiServiceAccount: "retail:retail-api",
        maxSessionDurationSeconds: 3600,
        oidcProvider: "create",
        sagemakerResourcePrefixes: ["mlops-retail-prediction", "retail-", "pipelines-"],
      },
      eks: { podIdentity: false, manageAgentAddon: false, podRoles: [] },
      costAssumptions: {
        managementEventsPerMonth: 300000,
        writeEventShare: 0.1,
        dataEventsPerMonth: 1000000,
        stateBucketDataEventsPerMonth: 5000,
        logGbPerMonth: 1,
        cloudWatchLogsGbPerMonth: 3,
        kmsRequestsPerMonth: 20000,
        mlDataEventsPerMonth: 200000,
        networkActivityEventsPerMonth: 1000000,
        vpceDeniedShare: 0.001,
        month: 13,
      },
      complianceSuppressions: [],
      cleanup: {
        eksClusterPattern: "mlops-retail-*",
        ecrRepository: "mlops/retail-api",
        ecrTags: ["dev"],
        ecrUntagged: true,
        sagemakerPrefix: "retail-",
        modelPackageGroup: "retail-forecast-models",
        restApiName: "InferenceAPI",
        lambdaFunctions: ["preprocessing-function", "inference-function"],
        dynamoDbTable: "InferenceMetadata",
        workshopBucket: "ml-workshop-data-111122223333",
        iamPolicy: "lambda-inference-policy",
        iamRole: "lambda-inference-role",
      },
    });
    // Settings that are absent by default are absent, not empty.
    expect([config.dataBucket.kmsKeyArn, config.eksOidcIssuerUrl, config.permissionsBoundaryArn]).toEqual([undefined, undefined, undefined]);
  });

  test.each(["staging", "prod"])("%s keeps its evidence by default: Object Lock in governance mode, a 30-day key deletion window", (environment) => {
    const [config] = loadConfig({
      settings: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { [environment]: {} }, synthesize: [environment] },
    }).environments;
    expect(config.audit).toEqual({
      ...AUDIT_DEFAULTS,
      keyDeletionWindowDays: 30,
      retainOnDestroy: true,
      breakGlassPrincipalArns: [DEPLOYER],
      objectLock: { mode: "GOVERNANCE", retentionDays: 365 },
    });
  });

  test("valid dev, staging and prod configurations in one account pass", () => {
    const loaded = loadConfig({
      settings: {
        accountId: ACCOUNT,
        audit: { breakGlassPrincipalArns: [DEPLOYER] },
        alarmEmails: ["ops@example.com"],
        tags: { Owner: "platform-team", CostCenter: "ml-42" },
        synthesize: ["dev", "staging", "prod"],
        environments: { dev: {}, staging: { region: "eu-west-1" }, prod: { eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789" } },
      },
    });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.environments.map((c) => [c.environment, c.region, c.accountId])).toEqual([
      ["dev", "us-east-1", ACCOUNT],
      ["staging", "eu-west-1", ACCOUNT],
      ["prod", "us-east-1", ACCOUNT],
    ]);
    const [devConfig, , prod] = loaded.environments;
    expect(devConfig.audit).toMatchObject({ keyDeletionWindowDays: 7, retainOnDestroy: false });
    expect(prod.audit).toMatchObject({ keyDeletionWindowDays: 30, retainOnDestroy: true });
  });

  test("environment variables override the file for CI", () => {
    const loaded = loadConfig({
      settings: { environments: { dev: { accountId: "999999999999" }, prod: { audit: { breakGlassPrincipalArns: [DEPLOYER] } } } },
      env: { MLOPS_ACCOUNT_ID: ACCOUNT, MLOPS_ENVIRONMENTS: "prod", MLOPS_ALARM_EMAILS: "a@example.com, b@example.org" },
    });
    expect(loaded.environments.map((c) => [c.environment, c.accountId, c.alarmEmails])).toEqual([
      ["prod", ACCOUNT, ["a@example.com", "b@example.org"]],
    ]);
  });

  test("MLOPS_ALLOW_STATE_BUCKET_DESTROY=true allows destroying the state bucket", () => {
    expect(loadConfig({ env: { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "true" } }).environments[0].allowStateBucketDestroy).toBe(true);
    expect(loadConfig().environments[0].allowStateBucketDestroy).toBe(false);
  });

  test.each<[string, ConfigSources, string]>([
    ["MLOPS_ALLOW_STATE_BUCKET_DESTROY is not a boolean", { env: { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "yes" } }, 'MLOPS_ALLOW_STATE_BUCKET_DESTROY: must be true or false, got "yes"'],
    ["accountId is not 12 digits", dev({ accountId: "1234" }), 'environments.dev.accountId: must be 12 digits, got "1234"'],
    ["accountId comes from MLOPS_ACCOUNT_ID", { env: { MLOPS_ACCOUNT_ID: "12345678901x" } }, 'MLOPS_ACCOUNT_ID: must be 12 digits, got "12345678901x"'],
    ["region is not an AWS region", { settings: { region: "us-east-7" } }, 'region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "us-east-7"'],
    ["the environment name is not allowed", { settings: { environments: { dev: {}, QA: {} } } }, 'environments.QA: environment names must be 1-40 lowercase letters and digits in words joined by single hyphens, starting with a letter (dev, team-a, prod-eu), got "QA"'],
    ["an e-mail is malformed", dev({ alarmEmails: ["ops@example.com", "not-an-email"] }), 'environments.dev.alarmEmails: each entry must be an e-mail address like ops@example.com, got "not-an-email"'],
    ["the project has upper case", { settings: { project: "MLOps" } }, 'project: must be 2-34 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (every derived name must fit AWS limits), got "MLOps"'],
    ["a setting is unknown", dev({ acountId: ACCOUNT }), 'environments.dev.acountId: unknown setting; allowed: project, accountId, region, dataBucket, eksOidcIssuerUrl, eks, alarmEmails, permissionsBoundaryArn, tags, names, deployRole, allowStateBucketDestroy, audit, alarms, iam, costAssumptions, cleanup, complianceSuppressions, allowVariableOverrides'],
    ["a setting has the wrong type", dev({ audit: { insights: "yes" } }), 'environments.dev.audit.insights: must be true or false, got "yes"'],
    ["log retention is not a CloudWatch value", dev({ audit: { logRetentionDays: 100 } }), "environments.dev.audit.logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 100"],
    ["the key deletion window is out of range", dev({ audit: { keyDeletionWindowDays: 3 } }), "environments.dev.audit.keyDeletionWindowDays: must be a whole number from 7 to 30, got 3"],
    ["the OIDC issuer URL has a trailing slash", dev({ eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC/" }), 'environments.dev.eksOidcIssuerUrl: must be the cluster\'s OIDC issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>, without a trailing slash, got "https://oidc.eks.us-east-1.amazonaws.com/id/ABC/" (48 characters)'],
    ["a service account is not namespace:name", dev({ iam: { retailApiServiceAccount: "default" } }), 'environments.dev.iam.retailApiServiceAccount: must be "namespace:serviceaccount" in Kubernetes naming (lowercase letters, digits, hyphens), got "default"'],
    ["the CNI policy goes to IRSA without an issuer", dev({ iam: { cniPolicy: "irsa" } }), 'environments.dev.iam.cniPolicy: "irsa" needs eks.clusterName or eksOidcIssuerUrl to be set; use "node-role" until the cluster exists, got "irsa"'],
    ["the permissions boundary is not a policy ARN", dev({ permissionsBoundaryArn: "boundary" }), 'environments.dev.permissionsBoundaryArn: must be an IAM policy ARN like arn:aws:iam::123456789012:policy/boundary, got "boundary"'],
    ["a tag overrides a foundation tag", dev({ tags: { Project: "x" } }), 'environments.dev.tags: must not set "Project", "Environment", "ManagedBy": the foundation sets them, got "Project"'],
    ["the data bucket is the trail's log bucket", dev({ accountId: ACCOUNT, dataBucket: { name: `mlops-cloudtrail-logs-us-east-1-${ACCOUNT}` } }), `environments.dev.dataBucket.name: must not be the trail's own log bucket (its data events would log themselves), got "mlops-cloudtrail-logs-us-east-1-${ACCOUNT}" (44 characters)`],
    ["a prefix does not end with a slash", dev({ dataBucket: { goldPrefix: "gold" } }), 'environments.dev.dataBucket.goldPrefix: must be a key prefix like "gold/": path segments without a leading slash, ending with "/", without * or ?, got "gold"'],
    ["a disabled alarm control is unknown", dev({ alarms: { disabledControls: ["rootUsage"] } }), 'environments.dev.alarms.disabledControls: each entry must be one of unauthorizedApiCalls, consoleSignInWithoutMfa, rootAccountUsage, iamPolicyChanges, cloudTrailChanges, consoleAuthFailures, kmsKeyDisableOrDeletion, s3BucketPolicyChanges, awsConfigChanges, securityGroupChanges, naclChanges, networkGatewayChanges, routeTableChanges, vpcChanges, organizationsChanges, got "rootUsage"'],
    ["the trail drops the KMS events the CIS 4.7 alarm needs", dev({ audit: { excludeNoisyManagementEvents: true } }), 'environments.dev.audit.excludeNoisyManagementEvents: drops the kms.amazonaws.com events the CIS 4.7 alarm watches; keep them, or add "kmsKeyDisableOrDeletion" to alarms.disabledControls, got true'],
    ["the metric namespace is reserved for AWS", dev({ alarms: { metricNamespace: "AWS/CloudTrail" } }), 'environments.dev.alarms.metricNamespace: must be a CloudWatch namespace: 1-255 letters, digits and .-_/#: or spaces, not starting with AWS/, got "AWS/CloudTrail"'],
    ["an alarm threshold is zero", dev({ alarms: { unauthorizedApiCallsThreshold: 0 } }), "environments.dev.alarms.unauthorizedApiCallsThreshold: must be a whole number from 1 to 100000, got 0"],
    ["a cost assumption is out of range", dev({ costAssumptions: { writeEventShare: 1.5 } }), "environments.dev.costAssumptions.writeEventShare: must be a number from 0 to 1, got 1.5"],
    ["synthesize names an unconfigured environment", { settings: { synthesize: ["prod"] } }, 'synthesize: each entry must be a configured environment ("dev"), got "prod"'],
    ["a break-glass entry is an assumed-role session", prod({ audit: { breakGlassPrincipalArns: [`arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`] } }),
      `environments.prod.audit.breakGlassPrincipalArns: each entry must be the role's ARN with its path, as aws:PrincipalArn carries it, not an assumed-role session ARN (print it with: aws iam get-role --role-name deployer --query Role.Arn --output text), got "arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci" (50 characters)`],
    ["a break-glass entry is in another account", prod({ audit: { breakGlassPrincipalArns: ["arn:aws:iam::444455556666:role/deployer"] } }),
      `environments.prod.audit.breakGlassPrincipalArns: each entry must be a principal of prod's account ${ACCOUNT}, got "arn:aws:iam::444455556666:role/deployer" (39 characters)`],
    ["a break-glass entry has a wildcard", prod({ audit: { breakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/*`] } }),
      `environments.prod.audit.breakGlassPrincipalArns: each entry must be an IAM role, user or root ARN like arn:aws:iam::123456789012:role/terraform-deployer, without wildcards, got "arn:aws:iam::${ACCOUNT}:role/*" (32 characters)`],
    ["prod keeps its evidence and nobody may break the glass", prod({}),
      "audit.breakGlassPrincipalArns: must name at least one IAM role or user of the account, including the principal that runs Terraform, " +
        "because prod keeps its audit evidence (audit.retainOnDestroy); without it nobody could change or remove the protected logs, keys and alarm topic. Got none"],
    ["dev locks objects a destroy must delete", dev({ audit: { objectLock: { mode: "GOVERNANCE" } } }),
      'environments.dev.audit.objectLock.mode: must be "NONE" where audit.retainOnDestroy is false: cdktf destroy could not empty a locked bucket, got "GOVERNANCE"'],
    ["the Object Lock mode is unknown", prod({ audit: { breakGlassPrincipalArns: [DEPLOYER], objectLock: { mode: "LEGAL_HOLD" } } }),
      'environments.prod.audit.objectLock.mode: must be one of "NONE", "GOVERNANCE", "COMPLIANCE", got "LEGAL_HOLD"'],
    ["the Object Lock retention is zero days", prod({ audit: { breakGlassPrincipalArns: [DEPLOYER], objectLock: { retentionDays: 0 } } }),
      "environments.prod.audit.objectLock.retentionDays: must be a whole number from 1 to 36500, got 0"],
    ["a SageMaker prefix is a wildcard", dev({ iam: { sagemakerResourcePrefixes: ["retail-*"] } }),
      'environments.dev.iam.sagemakerResourcePrefixes: each entry must be the start of a SageMaker resource name: 1-63 letters, digits and hyphens, starting with a letter or digit, got "retail-*"'],
    ["no SageMaker prefix is left", dev({ iam: { sagemakerResourcePrefixes: [] } }),
      "environments.dev.iam.sagemakerResourcePrefixes: must name at least one SageMaker resource name prefix, got []"],
    ["an existing OIDC provider is asked for without an issuer", dev({ iam: { oidcProvider: "existing" } }),
      'environments.dev.iam.oidcProvider: "existing" looks the provider up by eksOidcIssuerUrl, which is not set, got "existing"'],
    ["two environments of one account would both create the OIDC provider", {
      settings: { accountId: ACCOUNT, eksOidcIssuerUrl: OIDC_ISSUER, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { dev: {}, staging: {} } } },
      `environments.staging.iam.oidcProvider: dev and staging would both create the IAM OIDC provider for ${OIDC_ISSUER} in account ${ACCOUNT} (IAM allows one per issuer); set iam.oidcProvider to "existing" in staging`],
  ])("fails when %s", (_name, sources, message) => {
    expect(problemsOf(sources)).toEqual([`  - ${message}`]);
  });

  describe("environment variables", () => {
    const prodFile = { accountId: ACCOUNT, alarmEmails: ["secops@example.com"], audit: { breakGlassPrincipalArns: [DEPLOYER] } };
    const withProd = (prod: Record<string, unknown>): Record<string, unknown> => ({ environments: { dev: {}, prod }, synthesize: ["prod"] });
    test.each<[string, ConfigSources, string[]]>([
      ["a misspelt MLOPS_* variable is an error, not ignored", { env: { MLOPS_ACOUNT_ID: ACCOUNT } },
        ["MLOPS_ACOUNT_ID: unknown variable; allowed: MLOPS_PROJECT, MLOPS_ACCOUNT_ID, MLOPS_REGION, MLOPS_DATA_BUCKET, MLOPS_EKS_OIDC_ISSUER_URL, MLOPS_ALARM_EMAILS, MLOPS_PERMISSIONS_BOUNDARY_ARN, MLOPS_ALLOW_STATE_BUCKET_DESTROY, MLOPS_ENVIRONMENTS"]],
      ["an empty variable is an error, not the default", { env: { MLOPS_REGION: " " } }, ['MLOPS_REGION: must not be empty; unset it to use the value from cdktf.json, got " "']],
      ["a list of empty e-mail addresses is an error, not no subscribers", { env: { MLOPS_ALARM_EMAILS: ",," } }, ['MLOPS_ALARM_EMAILS: must not be empty; unset it to use the value from cdktf.json, got ",,"']],
      ["an empty MLOPS_ENVIRONMENTS is an error, not synthesize", { env: { MLOPS_ENVIRONMENTS: "" } }, ["MLOPS_ENVIRONMENTS: must be a non-empty list of environment names, got []"]],
      ["MLOPS_ACCOUNT_ID would replace prod's own account", { settings: withProd(prodFile), env: { MLOPS_ACCOUNT_ID: "999999999999" } },
        ['MLOPS_ACCOUNT_ID: would replace environments.prod.accountId ("111122223333"), which cdktf.json sets for prod; unset the variable, or set environments.prod.allowVariableOverrides to true']],
      ["MLOPS_ALARM_EMAILS would replace prod's own subscribers", { settings: withProd(prodFile), env: { MLOPS_ALARM_EMAILS: "me@example.com" } },
        ['MLOPS_ALARM_EMAILS: would replace environments.prod.alarmEmails (["secops@example.com"]), which cdktf.json sets for prod; unset the variable, or set environments.prod.allowVariableOverrides to true']],
      ["MLOPS_ALLOW_STATE_BUCKET_DESTROY would strip prod's state bucket protection", { settings: withProd(prodFile), env: { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "true" } },
        ["MLOPS_ALLOW_STATE_BUCKET_DESTROY: does not apply to prod, which keeps its audit evidence (audit.retainOnDestroy); to tear prod down, set environments.prod.allowStateBucketDestroy to true in cdktf.json"]],
      ["the opt-in is not a boolean", { settings: withProd({ ...prodFile, allowVariableOverrides: "yes" }), env: {} }, ['environments.prod.allowVariableOverrides: must be true or false, got "yes"']],
    ])("%s", (_name, sources, messages) => {
      expect(problemsOf(sources)).toEqual(messages.map((m) => `  - ${m}`));
    });

    test("a variable may replace an environment's own value when that environment opts in, or when the values agree", () => {
      const optIn = loadConfig({ settings: withProd({ ...prodFile, allowVariableOverrides: true }), env: { MLOPS_ALARM_EMAILS: "me@example.com" } });
      expect(optIn.environments[0].alarmEmails).toEqual(["me@example.com"]);
      const same = loadConfig({ settings: withProd(prodFile), env: { MLOPS_ACCOUNT_ID: ACCOUNT } });
      expect(same.environments[0].accountId).toBe(ACCOUNT);
    });

    test("MLOPS_ALLOW_STATE_BUCKET_DESTROY tears prod down only when the file allows it for prod too", () => {
      const loaded = loadConfig({ settings: withProd({ ...prodFile, allowStateBucketDestroy: true }), env: { MLOPS_ALLOW_STATE_BUCKET_DESTROY: "true" } });
      expect(loaded.environments[0].allowStateBucketDestroy).toBe(true);
    });

    test("variables apply only to the environments being synthesized", () => {
      const settings = { environments: { dev: {}, prod: prodFile }, synthesize: ["dev"] };
      const loaded = loadConfig({ settings, env: { MLOPS_ACCOUNT_ID: "999999999999", MLOPS_ALLOW_STATE_BUCKET_DESTROY: "true" } });
      expect(loaded.environments.map((c) => [c.environment, c.accountId, c.allowStateBucketDestroy])).toEqual([["dev", "999999999999", true]]);
    });
  });

  test("accepts an existing OIDC provider in the second environment of an account, and the example account without break-glass principals", () => {
    const loaded = loadConfig({
      settings: {
        accountId: ACCOUNT,
        eksOidcIssuerUrl: OIDC_ISSUER,
        audit: { breakGlassPrincipalArns: [DEPLOYER] },
        environments: { dev: {}, staging: { iam: { oidcProvider: "existing" } } },
        synthesize: ["dev", "staging"],
      },
    });
    expect(loaded.environments.map((c) => c.iam.oidcProvider)).toEqual(["create", "existing"]);
    const example = loadConfig({ settings: { environments: { prod: {} }, synthesize: ["prod"] } });
    expect(example.warnings.map((w) => w.message)).toEqual([
      "prod: no accountId configured; synthesizing with the example account 123456789012. Set environments.prod.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) before npm run deploy -- prod.",
      "prod: no audit.breakGlassPrincipalArns, so the evidence protection (explicit denies on the log buckets, keys and alarm topic) is left out of this example-account synthesis. With a real accountId this is an error.",
    ]);
  });

  test("asks for break-glass principals only in the environments being synthesized, in one line for all of them", () => {
    const settings = { accountId: ACCOUNT, environments: { dev: {}, staging: {}, prod: {} } };
    expect(() => loadConfig({ settings: { ...settings, synthesize: ["dev"] } })).not.toThrow();
    expect(problemsOf({ settings: { ...settings, synthesize: ["dev", "staging", "prod"] } })).toEqual([
      "  - audit.breakGlassPrincipalArns: must name at least one IAM role or user of the account, including the principal that runs Terraform, " +
        "because staging and prod keep their audit evidence (audit.retainOnDestroy); without it nobody could change or remove the protected logs, keys and alarm topic. Got none",
    ]);
  });

  test("defaults the SageMaker scope to the project and the seed pipeline's names", () => {
    expect(loadConfig(dev({})).environments[0].iam.sagemakerResourcePrefixes).toEqual(["mlops-retail-prediction", "retail-", "pipelines-"]);
  });

  describe("name rules", () => {
    const bucketRule =
      "an S3 bucket name must be 3-63 characters of lowercase letters, digits, hyphens and periods, start and end with a letter or digit, " +
      "not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, .mrap or --x-s3";
    test.each([
      ["Upper-Case-Bucket", `"Upper-Case-Bucket"`],
      ["ab", `"ab"`],
      ["192.168.10.1", `"192.168.10.1"`],
      ["xn--bucket", `"xn--bucket"`],
      ["my-bucket-s3alias", `"my-bucket-s3alias"`],
      ["my-bucket--ol-s3", `"my-bucket--ol-s3"`],
      ["b".repeat(64), `"${"b".repeat(64)}" (64 characters)`],
    ])("rejects the bucket name %s", (name, shown) => {
      expect(problemsOf(dev({ names: { logBucket: name } }))).toEqual([`  - environments.dev.names.logBucket: ${bucketRule}, got ${shown}`]);
    });

    test("accepts a 63-character bucket name", () => {
      expect(loadConfig(dev({ names: { logBucket: "b".repeat(63) } })).environments[0].names.logBucket).toHaveLength(63);
    });

    test("rejects a role name over 64 characters", () => {
      const name = "r".repeat(65);
      expect(problemsOf(dev({ names: { eksClusterRole: name } }))).toEqual([
        `  - environments.dev.names.eksClusterRole: an IAM role name must be 1-64 characters of letters, digits and +=,.@_-, got "${name}" (65 characters)`,
      ]);
    });

    test("rejects a role name with a space", () => {
      expect(problemsOf(dev({ names: { sagemakerExecutionRole: "my role" } }))).toEqual([
        '  - environments.dev.names.sagemakerExecutionRole: an IAM role name must be 1-64 characters of letters, digits and +=,.@_-, got "my role"',
      ]);
    });

    test("rejects a KMS alias under alias/aws/", () => {
      expect(problemsOf(dev({ names: { kmsAlias: "alias/aws/cloudtrail" } }))).toEqual([
        '  - environments.dev.names.kmsAlias: a KMS alias must be "alias/" followed by letters, digits and /_-, at most 256 characters and not under alias/aws/, got "alias/aws/cloudtrail"',
      ]);
    });

    test("rejects a trail name with adjacent punctuation", () => {
      expect(problemsOf(dev({ names: { trail: "audit--trail" } }))).toEqual([
        '  - environments.dev.names.trail: a trail name must be 3-128 characters of letters, digits, periods, underscores and hyphens, start and end with a letter or digit, with no two of ._- adjacent and not IP-shaped, got "audit--trail"',
      ]);
    });

    test("rejects a log group name with a space", () => {
      expect(problemsOf(dev({ names: { logGroup: "cloud trail" } }))).toEqual([
        '  - environments.dev.names.logGroup: a log group name must be 1-512 characters of letters, digits and ._-/#, got "cloud trail"',
      ]);
    });
  });

  test("fails when two environments in one account would share a global name", () => {
    const settings = {
      accountId: ACCOUNT,
      environments: { dev: { names: { logBucket: "shared-audit-logs" } }, prod: { names: { logBucket: "shared-audit-logs" } } },
    };
    expect(problemsOf({ settings })).toEqual([
      '  - environments.prod.names.logBucket: must differ from the dev environment\'s logBucket (S3 bucket names are global), got "shared-audit-logs"',
    ]);
  });

  test("fails when two environments in one account and region share a trail name", () => {
    const settings = { accountId: ACCOUNT, environments: { dev: {}, staging: { names: { trail: "mlops-retail-prediction-audit-trail" } } } };
    expect(problemsOf({ settings })).toEqual([
      '  - environments.staging.names.trail: must differ from the dev environment\'s trail (trail names are unique within account 111122223333 and region us-east-1), got "mlops-retail-prediction-audit-trail" (35 characters)',
    ]);
  });

  test("allows the same trail name in two different accounts", () => {
    const settings = {
      environments: { dev: { accountId: ACCOUNT }, prod: { accountId: "444455556666", names: { trail: "mlops-retail-prediction-audit-trail" } } },
    };
    expect(() => loadConfig({ settings })).not.toThrow();
  });

  test("reports several problems at once in one error", () => {
    expect(problemsOf(dev({ accountId: "12", region: "mars-1", alarmEmails: ["x"] }))).toEqual([
      '  - environments.dev.accountId: must be 12 digits, got "12"',
      '  - environments.dev.region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "mars-1"',
      '  - environments.dev.alarmEmails: each entry must be an e-mail address like ops@example.com, got "x"',
    ]);
  });
});
