// The loader's checks at their edges: each case either passes just inside a limit or fails just
// outside it, with the exact lines of the error. Written against the mutants `npm run mutate`
// found surviving in config/load.ts, each case named after the behaviour it pins.
import { ConfigError, declaredEnvironments, loadConfig, type ConfigSources } from "../../config/load";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
const ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

/** The problem lines of the ConfigError, without the heading and the indent. */
function problemsOf(sources: ConfigSources): string[] {
  try {
    loadConfig(sources);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.slice();
  }
  throw new Error("expected a ConfigError");
}

const dev = (settings: Record<string, unknown>): ConfigSources => ({ settings: { accountId: ACCOUNT, environments: { dev: settings } } });
const prod = (settings: Record<string, unknown>): ConfigSources => ({ settings: { accountId: ACCOUNT, environments: { prod: settings }, synthesize: ["prod"] } });
const devAndStaging = (devSettings: Record<string, unknown>, staging: Record<string, unknown>, top: Record<string, unknown> = {}): ConfigSources => ({
  settings: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, ...top, environments: { dev: devSettings, staging }, synthesize: ["dev", "staging"] },
});

describe("ConfigError", () => {
  test("is named ConfigError, so an uncaught one says what it is", () => {
    expect(() => loadConfig(dev({ accountId: "12" }))).toThrow(expect.objectContaining({ name: "ConfigError" }));
  });
});

describe("declaredEnvironments", () => {
  test.each<[string, unknown, string[]]>([
    ["the declared environments, in the file's order", { environments: { prod: {}, dev: {} } }, ["prod", "dev"]],
    ["dev when the foundation object declares none", {}, ["dev"]],
    ["dev when there is no foundation object", undefined, ["dev"]],
    ["dev when environments is a list", { environments: ["prod"] }, ["dev"]],
    ["dev when environments is null", { environments: null }, ["dev"]],
    ["dev when the foundation object is a list", [{ environments: { prod: {} } }], ["dev"]],
  ])("%s", (_name, settings, expected) => {
    expect(declaredEnvironments(settings)).toEqual(expected);
  });
});

describe("selecting environments", () => {
  test.each<[string, ConfigSources, string[]]>([
    ["the default dev is not configured", { settings: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { staging: {} } } },
      ['synthesize: each entry must be a configured environment ("staging"), got "dev"']],
    ["no environment is configured", { settings: { environments: {} } }, ['synthesize: each entry must be a configured environment (none is configured), got "dev"']],
    ["synthesize names an environment beside a rejected one", { settings: { environments: { QA: {}, staging: {} }, synthesize: ["dev"] } },
      ['environments.QA: environment names must be 1-40 lowercase letters and digits in words joined by single hyphens, starting with a letter (dev, team-a, prod-eu), got "QA"', 'synthesize: each entry must be a configured environment ("staging"), got "dev"']],
    ["MLOPS_ENVIRONMENTS names an environment beside a rejected one", { settings: { environments: { QA: {}, staging: {} } }, env: { MLOPS_ENVIRONMENTS: "dev" } },
      ['environments.QA: environment names must be 1-40 lowercase letters and digits in words joined by single hyphens, starting with a letter (dev, team-a, prod-eu), got "QA"', 'MLOPS_ENVIRONMENTS: each entry must be a configured environment ("staging"), got "dev"']],
    ["an unconfigured environment is listed with every configured one", { settings: { environments: { dev: {}, staging: {} }, synthesize: ["prod"] } },
      ['synthesize: each entry must be a configured environment ("dev", "staging"), got "prod"']],
    // A rejected environments object, or a foundation object that is not one, leaves nothing to
    // compare a selection with: the selection is not a second mistake.
    ["environments is not an object", { settings: { environments: "dev", synthesize: ["prod"] } }, ['environments: must be an object of environments, each with its settings, got "dev"']],
    ["environments is null", { settings: { environments: null, synthesize: ["prod"] } }, ["environments: must be an object of environments, each with its settings, got null"]],
    ["the foundation object is a string", { settings: "dev", env: { MLOPS_ENVIRONMENTS: "prod" } }, ['foundation (cdktf.json context): must be an object, got "dev"']],
  ])("fails once when %s", (_name, sources, lines) => {
    expect(problemsOf(sources)).toEqual(lines);
  });

  test("the default selection is excused beside a rejected environment: the rejection is the one mistake", () => {
    expect(problemsOf({ settings: { environments: { QA: {} } } })).toEqual(['environments.QA: environment names must be 1-40 lowercase letters and digits in words joined by single hyphens, starting with a letter (dev, team-a, prod-eu), got "QA"']);
  });

  test("MLOPS_ENVIRONMENTS entries are trimmed", () => {
    const loaded = loadConfig({ ...devAndStaging({}, {}), env: { MLOPS_ENVIRONMENTS: " staging , dev " } });
    expect(loaded.environments.map((c) => c.environment)).toEqual(["staging", "dev"]);
  });
});

describe("environment variables", () => {
  test("variables that do not start with MLOPS_ are not the loader's business", () => {
    expect(loadConfig({ env: { PATH: "/usr/bin", HOME: "/root", MLOPS_REGION: "eu-west-1" } }).environments[0].region).toBe("eu-west-1");
  });

  test("misspelt variables are reported in alphabetical order", () => {
    const allowed = "allowed: MLOPS_PROJECT, MLOPS_ACCOUNT_ID, MLOPS_REGION, MLOPS_DATA_BUCKET, MLOPS_EKS_OIDC_ISSUER_URL, MLOPS_ALARM_EMAILS, MLOPS_PERMISSIONS_BOUNDARY_ARN, MLOPS_ALLOW_STATE_BUCKET_DESTROY, MLOPS_ENVIRONMENTS";
    expect(problemsOf({ env: { MLOPS_ZONE: "a", MLOPS_ACOUNT: "b" } })).toEqual([`MLOPS_ACOUNT: unknown variable; ${allowed}`, `MLOPS_ZONE: unknown variable; ${allowed}`]);
  });

  test.each([
    [" true ", true],
    ["TRUE", true],
    ["false", false],
    [" False", false],
  ])("MLOPS_ALLOW_STATE_BUCKET_DESTROY=%j is read as %s, over the file's top-level value", (value, expected) => {
    const loaded = loadConfig({ settings: { allowStateBucketDestroy: !expected }, env: { MLOPS_ALLOW_STATE_BUCKET_DESTROY: value } });
    expect(loaded.environments[0].allowStateBucketDestroy).toBe(expected);
  });

  test("a refused variable is left out, and the other variables still apply and are checked", () => {
    const prodFile = { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] } };
    const logBucket = `mlops-cloudtrail-logs-prod-us-east-1-${ACCOUNT}`;
    expect(problemsOf({ settings: { environments: { prod: prodFile }, synthesize: ["prod"] }, env: { MLOPS_ACCOUNT_ID: OTHER_ACCOUNT, MLOPS_DATA_BUCKET: logBucket } })).toEqual([
      'MLOPS_ACCOUNT_ID: would replace environments.prod.accountId ("111122223333"), which cdktf.json sets for prod; unset the variable, or set environments.prod.allowVariableOverrides to true',
      `MLOPS_DATA_BUCKET: must not be the trail's own log bucket (its data events would log themselves), got "${logBucket}" (49 characters)`,
    ]);
  });
});

describe("one mistake, one line", () => {
  test("an address given three times is one line; another spelling of it is its own", () => {
    expect(problemsOf(dev({ alarmEmails: ["ops@example.com", "ops@example.com", "ops@example.com", "OPS@example.com"] }))).toEqual([
      'environments.dev.alarmEmails: must list each e-mail address once, got "ops@example.com"',
      'environments.dev.alarmEmails: must list each e-mail address once, got "OPS@example.com"',
    ]);
  });

  test("a value the schema rejects and a check across settings are both reported", () => {
    expect(problemsOf(dev({ alarmEmails: ["x"], dataBucket: { kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } }))).toEqual([
      'environments.dev.alarmEmails: each entry must be an e-mail address like ops@example.com, got "x"',
      `environments.dev.dataBucket.kmsKeyArn: must be a key in us-east-1, the region of the data bucket that the roles' kms:ViaService condition names (s3.us-east-1.amazonaws.com), got "arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab" (75 characters)`,
    ]);
  });

  test("names are not compared in an environment whose account was rejected: the fallback account would make a collision up", () => {
    expect(problemsOf(devAndStaging({ names: { trail: "shared-trail" } }, { accountId: "4444", names: { trail: "shared-trail" } }))).toEqual([
      'environments.staging.accountId: must be 12 digits, got "4444"',
    ]);
  });

  test("names are not compared when a top-level value was rejected", () => {
    expect(problemsOf(devAndStaging({ names: { stateStack: "shared-state" } }, { names: { stateStack: "shared-state" } }, { region: "mars-1" }))).toEqual([
      'region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "mars-1"',
    ]);
  });

  test("names are not compared when a nested top-level value was rejected", () => {
    expect(problemsOf(devAndStaging({ names: { stateStack: "shared-state" } }, { names: { stateStack: "shared-state" } }, { audit: { breakGlassPrincipalArns: [DEPLOYER], insights: "yes" } }))).toEqual([
      'audit.insights: must be true or false, got "yes"',
    ]);
  });

  test("names of the other environments are still compared beside a rejected one", () => {
    const settings = {
      accountId: ACCOUNT,
      audit: { breakGlassPrincipalArns: [DEPLOYER] },
      environments: { dev: { names: { stateStack: "shared-state" } }, staging: { names: { stateStack: "shared-state" } }, prod: { region: "mars-1" } },
      synthesize: ["dev", "staging", "prod"],
    };
    expect(problemsOf({ settings })).toEqual([
      'environments.prod.region: must be an AWS commercial region code such as us-east-1 or eu-west-1, got "mars-1"',
      'environments.staging.names.stateStack: must differ from the dev environment\'s stateStack (stack names are unique within the app), got "shared-state"',
    ]);
  });
});

describe("settings checked against each other", () => {
  const key = (region: string, account = ACCOUNT): string => `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  test("a data bucket key in the configured region is accepted", () => {
    expect(loadConfig(dev({ dataBucket: { kmsKeyArn: key("us-east-1") } })).environments[0].dataBucket.kmsKeyArn).toBe(key("us-east-1"));
  });

  test.each([
    ["an AWS managed policy", "arn:aws:iam::aws:policy/PowerUserAccess"],
    ["a policy of the environment's account", `arn:aws:iam::${ACCOUNT}:policy/boundary`],
  ])("a permissions boundary that is %s is accepted", (_name, arn) => {
    expect(loadConfig(dev({ permissionsBoundaryArn: arn })).environments[0].permissionsBoundaryArn).toBe(arn);
  });

  test("a permissions boundary of another account is refused", () => {
    expect(problemsOf(dev({ permissionsBoundaryArn: `arn:aws:iam::${OTHER_ACCOUNT}:policy/boundary` }))).toEqual([
      `environments.dev.permissionsBoundaryArn: must be a policy of dev's account ${ACCOUNT} or an AWS managed policy, got "arn:aws:iam::${OTHER_ACCOUNT}:policy/boundary" (41 characters)`,
    ]);
  });

  test("with the example account, a permissions boundary of any account is accepted (the account is not known yet)", () => {
    const arn = `arn:aws:iam::${OTHER_ACCOUNT}:policy/boundary`;
    expect(loadConfig({ settings: { permissionsBoundaryArn: arn } }).environments[0].permissionsBoundaryArn).toBe(arn);
  });

  test("dropping the noisy management events is accepted when the CIS 4.7 alarm is turned off", () => {
    const [config] = loadConfig(dev({ audit: { excludeNoisyManagementEvents: true }, alarms: { disabledControls: ["kmsKeyDisableOrDeletion"] } })).environments;
    expect(config.audit.excludeNoisyManagementEvents).toBe(true);
  });

  test("the VPC CNI's policy goes to an IRSA role when the issuer is set", () => {
    expect(loadConfig(dev({ eksOidcIssuerUrl: ISSUER, iam: { cniPolicy: "irsa" } })).environments[0].iam.cniPolicy).toBe("irsa");
  });

  test("the OIDC provider of one issuer may be created in two accounts", () => {
    const settings = {
      eksOidcIssuerUrl: ISSUER,
      audit: { breakGlassPrincipalArns: [DEPLOYER] },
      environments: { dev: { accountId: ACCOUNT }, staging: { accountId: OTHER_ACCOUNT, audit: { breakGlassPrincipalArns: [`arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`] } } },
      synthesize: ["dev", "staging"],
    };
    expect(loadConfig({ settings }).environments.map((c) => c.iam.oidcProvider)).toEqual(["create", "create"]);
  });
});

describe("break-glass principals", () => {
  test.each([
    ["a user", `arn:aws:iam::${ACCOUNT}:user/alice`],
    ["the account root", `arn:aws:iam::${ACCOUNT}:root`],
    ["a role with a path", `arn:aws:iam::${ACCOUNT}:role/ops/break-glass`],
  ])("%s is accepted", (_name, arn) => {
    expect(loadConfig(prod({ audit: { breakGlassPrincipalArns: [arn] } })).environments[0].audit.breakGlassPrincipalArns).toEqual([arn]);
  });

  const shape = "each entry must be an IAM role, user or root ARN like arn:aws:iam::123456789012:role/terraform-deployer, without wildcards";
  test.each([
    ["text before the ARN", `xarn:aws:iam::${ACCOUNT}:role/deployer`],
    ["a wildcard after the name", `arn:aws:iam::${ACCOUNT}:role/deployer*`],
    ["a user with a wildcard", `arn:aws:iam::${ACCOUNT}:user/*`],
    ["a federated user session", `arn:aws:sts::${ACCOUNT}:federated-user/bob`],
    ["an assumed-role session of another partition", `arn:aws-cn:sts::${ACCOUNT}:assumed-role/deployer/ci`],
  ])("%s is refused as not a principal ARN", (_name, arn) => {
    expect(problemsOf(prod({ audit: { breakGlassPrincipalArns: [arn] } }))).toEqual([`environments.prod.audit.breakGlassPrincipalArns: ${shape}, got "${arn}" (${arn.length} characters)`]);
  });

  test("with the example account, principals of any account are accepted (the account is not known yet)", () => {
    const arn = `arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`;
    const loaded = loadConfig({ settings: { environments: { prod: { audit: { breakGlassPrincipalArns: [arn] } } }, synthesize: ["prod"] } });
    expect(loaded.environments[0].audit.breakGlassPrincipalArns).toEqual([arn]);
    // Principals are set, so the only warning is the example account's.
    expect(loaded.warnings.map((w) => w.message)).toEqual([
      "prod: no accountId configured; synthesizing with the example account 123456789012. Set environments.prod.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) before npm run deploy -- prod.",
    ]);
  });
});

describe("names", () => {
  const irsa = "mlops-retail-prediction-dev-irsa-retail-api";
  test("a name the retail API's IRSA role would take is free while no issuer is set", () => {
    expect(loadConfig(dev({ names: { eksClusterRole: irsa } })).environments[0].names.eksClusterRole).toBe(irsa);
  });

  test("with an issuer, a set name that is the default IRSA role's is the mistake", () => {
    expect(problemsOf(dev({ eksOidcIssuerUrl: ISSUER, names: { eksClusterRole: irsa } }))).toEqual([
      `environments.dev.names.eksClusterRole: must differ from iam.retailApiServiceAccount (its IRSA role name): both would be the IAM role, got "${irsa}" (43 characters)`,
    ]);
  });

  test("with an issuer, a set service account whose IRSA role takes a set name is the mistake", () => {
    const name = "mlops-retail-prediction-dev-irsa-api";
    expect(problemsOf(dev({ eksOidcIssuerUrl: ISSUER, iam: { retailApiServiceAccount: "retail:api" }, names: { eksClusterRole: name } }))).toEqual([
      `environments.dev.iam.retailApiServiceAccount (its IRSA role name): must differ from environments.dev.names.eksClusterRole: both would be the IAM role, got "${name}" (36 characters)`,
    ]);
  });

  test("a set name that is the VPC CNI's IRSA role's is the mistake", () => {
    const name = "mlops-retail-prediction-dev-irsa-aws-node";
    expect(problemsOf(dev({ eksOidcIssuerUrl: ISSUER, iam: { cniPolicy: "irsa" }, names: { eksNodeGroupRole: name } }))).toEqual([
      `environments.dev.names.eksNodeGroupRole: must differ from the VPC CNI's IRSA role (iam.cniPolicy): both would be the IAM role, got "${name}" (41 characters)`,
    ]);
  });

  test("the VPC CNI's IRSA role name is free while its policy stays on the node role", () => {
    const name = "mlops-retail-prediction-dev-irsa-aws-node";
    expect(loadConfig(dev({ eksOidcIssuerUrl: ISSUER, names: { eksNodeGroupRole: name } })).environments[0].names.eksNodeGroupRole).toBe(name);
  });

  test("another environment's VPC CNI IRSA role is named by its key", () => {
    const name = "mlops-retail-prediction-dev-irsa-aws-node";
    const settings = devAndStaging({ eksOidcIssuerUrl: ISSUER, iam: { cniPolicy: "irsa" } }, { names: { eksNodeGroupRole: name } });
    expect(problemsOf(settings)).toEqual([
      `environments.staging.names.eksNodeGroupRole: must differ from the dev environment's cniIrsaRole (IAM role names are unique within account ${ACCOUNT}), got "${name}" (41 characters)`,
    ]);
  });

  test("another environment's IRSA role is named by its key", () => {
    const settings = devAndStaging({ eksOidcIssuerUrl: ISSUER }, { iam: { oidcProvider: "existing" }, eksOidcIssuerUrl: ISSUER, names: { eksClusterRole: irsa } });
    expect(problemsOf(settings)).toEqual([
      `environments.staging.names.eksClusterRole: must differ from the dev environment's retailApiIrsaRole (IAM role names are unique within account ${ACCOUNT}), got "${irsa}" (43 characters)`,
    ]);
  });

  test("one value for names of different kinds is allowed", () => {
    const [config] = loadConfig(dev({ names: { trail: "mlops-audit", logGroup: "mlops-audit", alarmTopic: "mlops-audit", stateStack: "mlops-audit" } })).environments;
    expect([config.names.trail, config.names.logGroup, config.names.alarmTopic, config.names.stateStack]).toEqual(["mlops-audit", "mlops-audit", "mlops-audit", "mlops-audit"]);
  });

  // Two environments in one account and region; the name of each kind collides, and is allowed
  // where its scope differs.
  test.each<[string, string, "account" | "region", string]>([
    ["logGroup", "shared-log-group", "region", "log group names are unique within account 111122223333 and region us-east-1"],
    ["alarmTopic", "shared-alarms", "region", "SNS topic names are unique within account 111122223333 and region us-east-1"],
    ["kmsAlias", "alias/shared-key", "region", "KMS alias names are unique within account 111122223333 and region us-east-1"],
    ["eksNodeInstanceProfile", "shared-profile", "account", "instance profile names are unique within account 111122223333"],
    ["lambdaInferencePolicy", "shared-policy", "account", "IAM policy names are unique within account 111122223333"],
    ["eksClusterRole", "shared-role", "account", "IAM role names are unique within account 111122223333"],
  ])("names.%s %j collides across environments of one %s, not beyond", (name, value, scope, why) => {
    expect(problemsOf(devAndStaging({ names: { [name]: value } }, { names: { [name]: value } }))).toEqual([
      `environments.staging.names.${name}: must differ from the dev environment's ${name} (${why}), got "${value}"`,
    ]);
    const apart = scope === "region" ? { region: "eu-west-1" } : { accountId: OTHER_ACCOUNT, audit: { breakGlassPrincipalArns: [`arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`] } };
    expect(() => loadConfig(devAndStaging({ names: { [name]: value } }, { ...apart, names: { [name]: value } }))).not.toThrow();
  });

  test.each<[string, string, string]>([
    ["logBucket", "shared-audit-logs", "S3 bucket names are global"],
    ["stateStack", "shared-state", "stack names are unique within the app"],
  ])("names.%s %j collides across accounts and regions", (name, value, why) => {
    const apart = { accountId: OTHER_ACCOUNT, region: "eu-west-1", audit: { breakGlassPrincipalArns: [`arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`] } };
    expect(problemsOf(devAndStaging({ names: { [name]: value } }, { ...apart, names: { [name]: value } }))).toEqual([
      `environments.staging.names.${name}: must differ from the dev environment's ${name} (${why}), got "${value}"`,
    ]);
  });

  test("a top-level name shared by three environments is one line", () => {
    const settings = { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, names: { logGroup: "shared-log-group" }, environments: { dev: {}, staging: {}, prod: {} }, synthesize: ["dev", "staging", "prod"] };
    expect(problemsOf({ settings })).toEqual([
      `names.logGroup: is set at the top level, so dev and staging would both create the log group (log group names are unique within account ${ACCOUNT} and region us-east-1); set it for each environment under environments.<environment>.names.logGroup, got "shared-log-group"`,
    ]);
  });

  test("two top-level names of one kind with one value: each environment's clash, then the other setting across environments", () => {
    const settings = devAndStaging({}, {}, { names: { logBucket: "shared-audit-bucket", accessLogBucket: "shared-audit-bucket" } });
    expect(problemsOf(settings)).toEqual([
      'names.accessLogBucket: must differ from names.logBucket: both would be the S3 bucket, got "shared-audit-bucket"',
      'names.logBucket: is set at the top level, so dev and staging would both create the S3 bucket (S3 bucket names are global); set it for each environment under environments.<environment>.names.logBucket, got "shared-audit-bucket"',
      'names.accessLogBucket: must differ from the dev environment\'s logBucket (S3 bucket names are global), got "shared-audit-bucket"',
    ]);
  });
});

describe("buckets whose object events are recorded", () => {
  test("the data bucket must not be the trail's access-log bucket", () => {
    const bucket = `mlops-cloudtrail-s3access-us-east-1-${ACCOUNT}`;
    expect(problemsOf(dev({ dataBucket: { name: bucket } }))).toEqual([
      `environments.dev.dataBucket.name: must not be the trail's own access-log bucket (its data events would log themselves), got "${bucket}" (48 characters)`,
    ]);
  });

  test("an extra bucket must not be the state bucket, which audit.stateBucketDataEvents records", () => {
    const bucket = `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`;
    expect(problemsOf(dev({ audit: { extraDataEventBuckets: [bucket] } }))).toEqual([
      `environments.dev.audit.extraDataEventBuckets: must not list the Terraform state bucket: audit.stateBucketDataEvents records it, got "${bucket}" (48 characters)`,
    ]);
  });

  test("a repeated extra bucket names the setting that recorded it first", () => {
    expect(problemsOf(dev({ audit: { extraDataEventBuckets: ["feature-store", "raw-data", "feature-store"] } }))).toEqual([
      'environments.dev.audit.extraDataEventBuckets: must not repeat a bucket already recorded (environments.dev.audit.extraDataEventBuckets), got "feature-store"',
    ]);
  });
});

describe("tags", () => {
  const many = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Tag${i}`, "x"]));
  test("47 extra tags are accepted, 48 are not", () => {
    expect(Object.keys(loadConfig(dev({ tags: many(47) })).environments[0].tags)).toHaveLength(47);
    expect(problemsOf(dev({ tags: many(48) }))).toEqual([
      "environments.dev.tags: must have at most 47 tags (AWS allows 50 per resource; the foundation sets Project, Environment, ManagedBy), got 48",
    ]);
  });

  test("keys of 128 characters, values of 256, spaces and an empty value are accepted", () => {
    const tags = { ["k".repeat(128)]: "v".repeat(256), "Cost Center": "ml team", Empty: "" };
    expect(loadConfig(dev({ tags })).environments[0].tags).toEqual(tags);
  });

  const keyRule = "keys must be 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:";
  test.each([
    ["a key of 129 characters", "k".repeat(129), `"${"k".repeat(129)}" (129 characters)`],
    ["a blank key", "  ", '"  "'],
    ["a key under aws:", "AWS:owner", '"AWS:owner"'],
    ["a key starting with a character tags do not allow", "*Owner", '"*Owner"'],
    ["a key ending with a character tags do not allow", "Owner*", '"Owner*"'],
  ])("%s is refused", (_name, key, shown) => {
    expect(problemsOf(dev({ tags: { [key]: "x" } }))).toEqual([`environments.dev.tags: ${keyRule}, got ${shown}`]);
  });

  test.each([
    ["a value of 257 characters", "v".repeat(257), `"${"v".repeat(257)}" (257 characters)`],
    ["a value starting with a character tags do not allow", "*team", '"*team"'],
    ["a value ending with a character tags do not allow", "team*", '"team*"'],
  ])("%s is refused", (_name, value, shown) => {
    expect(problemsOf(dev({ tags: { Owner: value } }))).toEqual([`environments.dev.tags: the value of Owner must be at most 256 letters, digits, spaces and _.:/=+-@, got ${shown}`]);
  });
});

describe("clean-up names", () => {
  test.each([
    ["workshopBucket", "Workshop_Data", 'an S3 bucket name must be 3-63 characters of lowercase letters, digits, hyphens and periods, start and end with a letter or digit, not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, .mrap or --x-s3, got "Workshop_Data"'],
    ["iamPolicy", "lambda inference", 'an IAM policy name must be 1-128 characters of letters, digits and +=,.@_-, got "lambda inference"'],
    ["iamRole", "r".repeat(65), `an IAM role name must be 1-64 characters of letters, digits and +=,.@_-, got "${"r".repeat(65)}" (65 characters)`],
  ])("cleanup.%s %j is refused", (setting, value, message) => {
    expect(problemsOf(dev({ cleanup: { [setting]: value } }))).toEqual([`environments.dev.cleanup.${setting}: ${message}`]);
  });

  test("valid clean-up names are taken as written", () => {
    const cleanup = { workshopBucket: "workshop-data-2026", iamPolicy: "workshop-policy", iamRole: "workshop-role" };
    expect(loadConfig(dev({ cleanup })).environments[0].cleanup).toMatchObject(cleanup);
  });
});
