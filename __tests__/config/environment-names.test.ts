/** Environments are data: any names within a pattern, as long as what is derived from them fits. */
import { loadConfig } from "../../config/load";
import { configProblems } from "../helpers";

const problemsOf = configProblems;
const ACCOUNT = "111122223333";
const audit = { breakGlassPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/terraform-deployer`] };

describe("environment names", () => {
  test.each(["sandbox", "team-a-dev", "prod-eu", "x", "qa2"])("%s is a name", (name) => {
    const loaded = loadConfig({ settings: { accountId: ACCOUNT, audit, environments: { [name]: {} }, synthesize: [name] } });
    expect(loaded.environments.map((e) => [e.environment, e.names.foundationStack])).toEqual([[name, `mlops-retail-prediction-${name}-foundation`]]);
  });

  test.each(["Prod", "team_a", "team--a", "-dev", "dev-", "2dev", "a".repeat(41)])("%s is refused with the pattern, once", (name) => {
    expect(problemsOf({ accountId: ACCOUNT, audit, environments: { [name]: {}, dev: {} } })).toEqual([
      `environments.${name}: environment names must be 1-40 lowercase letters and digits in words joined by single hyphens, starting with a letter (dev, team-a, prod-eu), got ${name.length > 20 ? `"${name}" (${name.length} characters)` : `"${name}"`}`,
    ]);
  });

  test("the limit follows the region: 14 characters in us-east-1, 9 in ap-southeast-2, each one line naming the derived name that sets it", () => {
    const name = "team-a-sandbox"; // 14
    expect(problemsOf({ accountId: ACCOUNT, audit, environments: { [name]: {} }, synthesize: [name] })).toEqual([]);
    expect(problemsOf({ accountId: ACCOUNT, audit, region: "ap-southeast-2", environments: { [name]: {} }, synthesize: [name] })).toEqual([
      `environments.${name}: an environment name may have at most 9 characters with project "mlops-retail-prediction", account ${ACCOUNT} and region ap-southeast-2: ` +
        `derived from it, names.accessLogBucket ("mlops-cloudtrail-s3access-${name}-ap-southeast-2-${ACCOUNT}", 68 characters, at most 63) would not fit; shorten the name, or set names.accessLogBucket for it, got "${name}"`,
    ]);
    expect(problemsOf({ accountId: ACCOUNT, audit, environments: { [`${name}x`]: {} }, synthesize: [`${name}x`] })[0]).toMatch(/may have at most 14 characters .* region us-east-1: derived from it, names\.accessLogBucket/);
  });

  test("a name set for the tightest derived name lifts its limit; the next tightest then applies, every name at that limit named", () => {
    const name = "team-a-sandbox-euw1"; // 19
    const names = { accessLogBucket: `${name}-s3access-${ACCOUNT}` };
    expect(problemsOf({ accountId: ACCOUNT, audit, environments: { [name]: { names } }, synthesize: [name] })).toEqual([
      `environments.${name}: an environment name may have at most 18 characters with project "mlops-retail-prediction", account ${ACCOUNT} and region us-east-1: ` +
        `derived from it, names.stateBucket ("mlops-retail-prediction-${name}-tfstate-${ACCOUNT}", 64 characters, at most 63), ` +
        `names.logBucket ("mlops-cloudtrail-logs-${name}-us-east-1-${ACCOUNT}", 64 characters, at most 63) and ` +
        `names.lambdaInferenceRole ("mlops-retail-prediction-${name}-lambda-inference-role", 65 characters, at most 64) would not fit; shorten the name, or set those names for it, got "${name}"`,
    ]);
  });

  test("a name too long is one line for its derived names, but a name the user sets is still checked", () => {
    const name = "team-a-sandbox-euw1";
    const problems = problemsOf({ accountId: ACCOUNT, audit, environments: { [name]: { names: { accessLogBucket: "Bad_Bucket" } } }, synthesize: [name] });
    expect(problems.map((p) => p.split(":")[0])).toEqual([`environments.${name}`, `environments.${name}.names.accessLogBucket`]);
    expect(problems[1]).toMatch(/an S3 bucket name must be .*, got "Bad_Bucket"$/);
  });

  test("an environment without a deploy role has no deployRole at all", () => {
    const [dev] = loadConfig({ settings: { accountId: ACCOUNT, audit, environments: { dev: {} } } }).environments;
    expect(Object.keys(dev)).not.toContain("deployRole");
  });

  test("dev keeps the seed's names; any other name, whatever it is, gets its own", () => {
    const loaded = loadConfig({ settings: { accountId: ACCOUNT, audit, environments: { dev: {}, development: {} }, synthesize: ["dev", "development"] } });
    expect(loaded.environments.map((e) => [e.names.trail, e.names.logBucket, e.audit.retainOnDestroy])).toEqual([
      ["mlops-retail-prediction-audit-trail", `mlops-cloudtrail-logs-us-east-1-${ACCOUNT}`, false],
      ["mlops-retail-prediction-development-audit-trail", `mlops-cloudtrail-logs-development-us-east-1-${ACCOUNT}`, true],
    ]);
  });

  test("fifty environments share the top level's settings and differ only where their blocks say", () => {
    const environments = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`team-${i}`, i === 7 ? { audit: { retainOnDestroy: false, objectLock: { mode: "NONE" } } } : {}]));
    const loaded = loadConfig({ settings: { accountId: ACCOUNT, audit, alarmEmails: ["secops@example.com"], environments, synthesize: Object.keys(environments) } });
    expect(loaded.environments).toHaveLength(50);
    expect(new Set(loaded.environments.map((e) => e.alarmEmails.join()))).toEqual(new Set(["secops@example.com"]));
    expect(loaded.environments.filter((e) => !e.audit.retainOnDestroy).map((e) => e.environment)).toEqual(["team-7"]);
  });
});
