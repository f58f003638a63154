/**
 * `npm run verify`: read-only verification of deployed environments against what the current
 * configuration synthesizes. Exit codes: 0 nothing failed, 1 something failed, 2 could not run
 * (no credentials, another account, no account configured, invalid configuration).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, declaredEnvironments, hasOrganizationBlock, loadConfig } from "../config/load";
import type { EnvironmentConfig, OrganizationConfig } from "../config/types";
import { ORGANIZATION_TARGET } from "../facts/organization";
import { synthesizeInScratch } from "../stacks/foundation-app";
import { Api, CannotRun, type Credentials } from "../aws/api";
import { deployRoleCredentials } from "../aws/deploy-role";
import { preflight } from "../aws/preflight";
import type { Clients } from "./aws";
import { checkAcceptance, checkAccessLogs, checkAlarms, checkBucket, checkInstanceProfileAndProvider, checkKeys, checkLogFiles, checkPodIdentity, checkRole, checkTrail, type CheckContext, type Row } from "./checks";
import { expectedFrom } from "./expected";
import { verifyOrganization } from "./organization";
import { probe } from "./probe";
import { synthesizedStacks } from "./synthesis";

export interface VerifyOptions {
  readonly context: Record<string, unknown> | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Environments to verify; default: the ones the configuration synthesizes. */
  readonly environments: readonly string[];
  /** Every environment cdktf.json configures, instead of `environments`. */
  readonly all?: boolean;
  /** Where verify-<env>.md and .json are written (cdktf.out). */
  readonly outdir: string;
  /** The SDK clients of one account: `accountId` is the account the credentials are for (mocked accounts answer by it). */
  readonly clients: (region: string, credentials?: Credentials, accountId?: string) => Clients;
  readonly log: (line: string) => void;
  readonly problem: (line: string) => void;
  readonly now?: () => Date;
  /** How the configuration is synthesized for its expectations; default: in a scratch folder (tests reuse one synthesis per context). */
  readonly synthesize?: typeof synthesizeInScratch;
  readonly probe?: { readonly timeoutMs: number; readonly pollMs: number; readonly sleep: (ms: number) => Promise<void>; readonly progress: (line: string) => void; readonly marker?: string };
}

async function verifyEnvironment(options: VerifyOptions, config: EnvironmentConfig): Promise<{ rows: Row[]; calls: number; seconds: number }> {
  const started = Date.now();
  const api = new Api(options.clients(config.region, deployRoleCredentials(config), config.accountId));
  await preflight(api, config, { action: "verify", applies: false });
  const read = synthesizedStacks(options, { ...options.env, MLOPS_ENVIRONMENTS: config.environment });
  const expected = expectedFrom(config, read(config.names.stateStack), read(config.names.foundationStack));
  const c: CheckContext = { api, expected, config, now: options.now ?? (() => new Date()) };
  const keys = await checkKeys(c);
  const [trail, buckets, roles, profile, pods, acceptance, alarms] = await Promise.all([
    checkTrail(c, keys.arns),
    Promise.all(expected.buckets.map((b) => checkBucket(c, b, keys.arns))),
    Promise.all(expected.roles.map((r) => checkRole(c, r))),
    checkInstanceProfileAndProvider(c),
    checkPodIdentity(c),
    checkAcceptance(c),
    checkAlarms(c),
  ]);
  const logFiles = await checkLogFiles(c, trail.startedAt);
  const accessLogs = await checkAccessLogs(c, trail.startedAt);
  const probed = options.probe
    ? await probe({ api, region: config.region, logGroup: expected.trail.logGroup, now: c.now, ...options.probe })
    : [];
  const rows = [...trail.rows, ...buckets.flat(), logFiles, ...(accessLogs ? [accessLogs] : []), ...keys.rows, ...roles.flat(), ...profile, ...pods, ...acceptance, ...alarms, ...probed];
  return { rows, calls: api.calls, seconds: (Date.now() - started) / 1000 };
}

const STATUS = { pass: "PASS", fail: "FAIL", warn: "WARN" } as const;
const cell = (v: string): string => v.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** What is verified: an environment, or the organization (its trail and log-archive accounts). */
export interface Subject {
  readonly label: string;
  /** The account, or for the organization each account with what it holds. */
  readonly accounts: string;
  readonly region: string;
}

const environmentSubject = (config: EnvironmentConfig): Subject => ({ label: config.environment, accounts: config.accountId, region: config.region });
const organizationSubject = (org: OrganizationConfig): Subject => ({
  label: ORGANIZATION_TARGET,
  accounts: `trail ${org.trail.accountId}, log archive ${org.logArchive.accountId}`,
  region: org.region,
});

function markdown(subject: Subject, rows: readonly Row[], calls: number, when: Date): string {
  const count = (s: Row["status"]): number => rows.filter((r) => r.status === s).length;
  return [
    `# Verification of ${subject.label}`,
    "",
    `Account ${subject.accounts}, region ${subject.region}, ${when.toISOString()}: ${count("pass")} passed, ${count("fail")} failed, ${count("warn")} warnings; ${calls} API calls.`,
    "",
    "| status | group | check | resource | expected | observed |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.status === "pass" ? "pass" : `**${r.status}**`} | ${cell(r.group)} | ${cell(r.check)} | \`${cell(r.resource)}\` | ${cell(r.expected)} | ${cell(r.observed)} |`),
    "",
  ].join("\n");
}

export async function runVerify(options: VerifyOptions): Promise<number> {
  const settings = options.context?.foundation;
  const declared = declaredEnvironments(settings);
  const hasOrganization = hasOrganizationBlock(settings);
  const named = options.environments.filter((e) => e !== ORGANIZATION_TARGET);
  // The organization is verified when named, and when nothing is (by default and with --all, which
  // names nothing): its stacks are synthesized with any selection.
  const withOrganization = options.environments.includes(ORGANIZATION_TARGET) || (hasOrganization && options.environments.length === 0);
  if (withOrganization && !hasOrganization) {
    options.problem(`verify: ${ORGANIZATION_TARGET}: cdktf.json has no organization block, so there is no organization to verify (docs/organization.md says how to configure one)`);
    return 2;
  }
  const wanted = options.all === true ? declared : named;
  const unknown = wanted.filter((e) => !declared.includes(e));
  if (unknown.length > 0) {
    options.problem(`verify: ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not configured in cdktf.json; configured: ${declared.join(", ")}${hasOrganization ? `, and ${ORGANIZATION_TARGET}` : ""}`);
    return 2;
  }
  let configs: EnvironmentConfig[];
  let organization: OrganizationConfig | undefined;
  try {
    // The environments named on the command line, else those the configuration synthesizes (none when only the organization is named).
    const env = wanted.length > 0 ? { ...options.env, MLOPS_ENVIRONMENTS: wanted.join(",") } : options.env;
    const loaded = loadConfig({ settings, env });
    configs = options.environments.length > 0 && wanted.length === 0 ? [] : [...loaded.environments];
    organization = withOrganization ? loaded.organization : undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    options.problem(error.message);
    return 2;
  }
  const jobs: Job[] = [
    ...(organization !== undefined ? [{ subject: organizationSubject(organization), run: () => verifyOrganization(options, organization) }] : []),
    ...configs.map((config) => ({ subject: environmentSubject(config), run: () => verifyEnvironment(options, config) })),
  ];
  const outcomes: Outcome[] = [];
  // A few at a time (each keeps its own calls within the Api's limit); each one's rows are
  // printed together when it is done, so that several never interleave.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const outcome = await verifyAndReport(options, jobs[i]);
      outcomes[i] = outcome;
      for (const line of outcome.problems) options.problem(line);
      for (const line of outcome.lines) options.log(line);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_ENVIRONMENTS, jobs.length) }, worker));
  if (jobs.length > 1) for (const line of summary(outcomes)) options.log(line);
  return Math.max(0, ...outcomes.map((o) => o.code));
}

interface Job {
  readonly subject: Subject;
  readonly run: () => Promise<{ rows: Row[]; calls: number; seconds: number }>;
}

/** Environments verified at once. */
const CONCURRENT_ENVIRONMENTS = 4;

interface Outcome {
  readonly subject: Subject;
  /** 0 all passed, 1 something failed, 2 could not run. */
  readonly code: 0 | 1 | 2;
  readonly lines: readonly string[];
  readonly problems: readonly string[];
  readonly counts?: { readonly passed: number; readonly failed: number; readonly warned: number; readonly calls: number; readonly seconds: number };
}

/** Verifies one environment (or the organization) and writes its reports; what to print is returned, not printed. */
async function verifyAndReport(options: VerifyOptions, { subject, run }: Job): Promise<Outcome> {
  let result;
  try {
    result = await run();
  } catch (error) {
    if (!(error instanceof CannotRun)) throw error;
    return { subject, code: 2, lines: [], problems: [`verify: ${error.message}`] };
  }
  const { rows, calls, seconds } = result;
  const when = (options.now ?? (() => new Date()))();
  const lines = rows.map(
    (r) => `${STATUS[r.status]}  ${r.group}: ${r.check} [${r.resource}]${r.status === "pass" ? "" : `\n      expected: ${r.expected}\n      observed: ${r.observed}`}`,
  );
  const failed = rows.filter((r) => r.status === "fail").length;
  const warned = rows.filter((r) => r.status === "warn").length;
  const passed = rows.length - failed - warned;
  mkdirSync(options.outdir, { recursive: true });
  const base = join(options.outdir, `verify-${subject.label}`);
  writeFileSync(`${base}.md`, markdown(subject, rows, calls, when));
  writeFileSync(`${base}.json`, `${JSON.stringify({ environment: subject.label, accountId: subject.accounts, region: subject.region, at: when.toISOString(), calls, rows }, null, 2)}\n`);
  lines.push(`${subject.label}: ${passed} passed, ${failed} failed, ${warned} warnings; ${calls} API calls in ${seconds.toFixed(1)} s. Report: ${base}.md (and .json)`);
  return { subject, code: failed > 0 ? 1 : 0, lines, problems: [], counts: { passed, failed, warned, calls, seconds } };
}

/** One line per environment, in the order configured, after all of them. */
function summary(outcomes: readonly Outcome[]): string[] {
  const failed = outcomes.filter((o) => o.code === 1).length;
  const unrun = outcomes.filter((o) => o.code === 2).length;
  const width = Math.max(...outcomes.map((o) => o.subject.label.length));
  return [
    "",
    `Summary of ${outcomes.length} environments: ${outcomes.length - failed - unrun} passed, ${failed} failed, ${unrun} could not run`,
    ...outcomes.map(({ subject, code, counts }) => {
      const where = `${subject.label.padEnd(width)}  ${subject.accounts}  ${subject.region.padEnd(14)}`;
      if (counts === undefined) return `  ${where}  could not run (see above)`;
      return `  ${where}  ${code === 1 ? "FAILED" : "passed"}  ${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warnings; ${counts.calls} API calls in ${counts.seconds.toFixed(1)} s`;
    }),
  ];
}
