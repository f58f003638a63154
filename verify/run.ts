/**
 * `npm run verify`: read-only verification of deployed environments against what the current
 * configuration synthesizes. Exit codes: 0 nothing failed, 1 something failed, 2 could not run
 * (no credentials, another account, no account configured, invalid configuration).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, declaredEnvironments, loadConfig } from "../config/load";
import type { EnvironmentConfig } from "../config/types";
import { synthesizeInScratch } from "../stacks/foundation-app";
import { Api, CannotRun, type Credentials } from "../aws/api";
import { deployRoleCredentials } from "../aws/deploy-role";
import { preflight } from "../aws/preflight";
import type { Clients } from "./aws";
import { checkAcceptance, checkAccessLogs, checkAlarms, checkBucket, checkInstanceProfileAndProvider, checkKeys, checkLogFiles, checkPodIdentity, checkRole, checkTrail, type CheckContext, type Row } from "./checks";
import { expectedFrom } from "./expected";
import { probe } from "./probe";

export interface VerifyOptions {
  readonly context: Record<string, unknown> | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Environments to verify; default: the ones the configuration synthesizes. */
  readonly environments: readonly string[];
  /** Every environment cdktf.json configures, instead of `environments`. */
  readonly all?: boolean;
  /** Where verify-<env>.md and .json are written (cdktf.out). */
  readonly outdir: string;
  readonly clients: (region: string, credentials?: Credentials) => Clients;
  readonly log: (line: string) => void;
  readonly problem: (line: string) => void;
  readonly now?: () => Date;
  /** How the configuration is synthesized for its expectations; default: in a scratch folder (tests reuse one synthesis per context). */
  readonly synthesize?: typeof synthesizeInScratch;
  readonly probe?: { readonly timeoutMs: number; readonly pollMs: number; readonly sleep: (ms: number) => Promise<void>; readonly progress: (line: string) => void; readonly marker?: string };
}

/** The stacks the current configuration synthesizes for one environment. */
function synthesizedStacks(options: VerifyOptions, config: EnvironmentConfig): { state: unknown; foundation: unknown } {
  const { code, log, stacks } = (options.synthesize ?? synthesizeInScratch)({ context: options.context, env: { ...options.env, MLOPS_ENVIRONMENTS: config.environment } });
  if (code !== 0) throw new CannotRun(`the configuration does not synthesize:\n${log.join("\n")}`);
  const read = (name: string): unknown => JSON.parse(stacks.find((s) => s.name === name)!.text);
  return { state: read(config.names.stateStack), foundation: read(config.names.foundationStack) };
}

async function verifyEnvironment(options: VerifyOptions, config: EnvironmentConfig): Promise<{ rows: Row[]; calls: number; seconds: number }> {
  const started = Date.now();
  const api = new Api(options.clients(config.region, deployRoleCredentials(config)));
  await preflight(api, config, { action: "verify", applies: false });
  const stacks = synthesizedStacks(options, config);
  const expected = expectedFrom(config, stacks.state, stacks.foundation);
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

function markdown(config: EnvironmentConfig, rows: readonly Row[], calls: number, when: Date): string {
  const count = (s: Row["status"]): number => rows.filter((r) => r.status === s).length;
  return [
    `# Verification of ${config.environment}`,
    "",
    `Account ${config.accountId}, region ${config.region}, ${when.toISOString()}: ${count("pass")} passed, ${count("fail")} failed, ${count("warn")} warnings; ${calls} API calls.`,
    "",
    "| status | group | check | resource | expected | observed |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.status === "pass" ? "pass" : `**${r.status}**`} | ${cell(r.group)} | ${cell(r.check)} | \`${cell(r.resource)}\` | ${cell(r.expected)} | ${cell(r.observed)} |`),
    "",
  ].join("\n");
}

export async function runVerify(options: VerifyOptions): Promise<number> {
  const declared = declaredEnvironments(options.context?.foundation);
  const wanted = options.all === true ? declared : options.environments;
  const unknown = wanted.filter((e) => !declared.includes(e));
  if (unknown.length > 0) {
    options.problem(`verify: ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not configured in cdktf.json; configured: ${declared.join(", ")}`);
    return 2;
  }
  let configs: EnvironmentConfig[];
  try {
    // The environments named on the command line, else those the configuration synthesizes.
    const env = wanted.length > 0 ? { ...options.env, MLOPS_ENVIRONMENTS: wanted.join(",") } : options.env;
    configs = [...loadConfig({ settings: options.context?.foundation, env }).environments];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    options.problem(error.message);
    return 2;
  }
  const outcomes: Outcome[] = [];
  // A few environments at a time (each keeps its own calls within the Api's limit); each one's
  // rows are printed together when it is done, so that several never interleave.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < configs.length; i = next++) {
      const outcome = await verifyAndReport(options, configs[i]);
      outcomes[i] = outcome;
      for (const line of outcome.problems) options.problem(line);
      for (const line of outcome.lines) options.log(line);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_ENVIRONMENTS, configs.length) }, worker));
  if (configs.length > 1) for (const line of summary(outcomes)) options.log(line);
  return Math.max(0, ...outcomes.map((o) => o.code));
}

/** Environments verified at once. */
const CONCURRENT_ENVIRONMENTS = 4;

interface Outcome {
  readonly config: EnvironmentConfig;
  /** 0 all passed, 1 something failed, 2 could not run. */
  readonly code: 0 | 1 | 2;
  readonly lines: readonly string[];
  readonly problems: readonly string[];
  readonly counts?: { readonly passed: number; readonly failed: number; readonly warned: number; readonly calls: number; readonly seconds: number };
}

/** Verifies one environment and writes its reports; what to print is returned, not printed. */
async function verifyAndReport(options: VerifyOptions, config: EnvironmentConfig): Promise<Outcome> {
  let result;
  try {
    result = await verifyEnvironment(options, config);
  } catch (error) {
    if (!(error instanceof CannotRun)) throw error;
    return { config, code: 2, lines: [], problems: [`verify: ${error.message}`] };
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
  const base = join(options.outdir, `verify-${config.environment}`);
  writeFileSync(`${base}.md`, markdown(config, rows, calls, when));
  writeFileSync(`${base}.json`, `${JSON.stringify({ environment: config.environment, accountId: config.accountId, region: config.region, at: when.toISOString(), calls, rows }, null, 2)}\n`);
  lines.push(`${config.environment}: ${passed} passed, ${failed} failed, ${warned} warnings; ${calls} API calls in ${seconds.toFixed(1)} s. Report: ${base}.md (and .json)`);
  return { config, code: failed > 0 ? 1 : 0, lines, problems: [], counts: { passed, failed, warned, calls, seconds } };
}

/** One line per environment, in the order configured, after all of them. */
function summary(outcomes: readonly Outcome[]): string[] {
  const failed = outcomes.filter((o) => o.code === 1).length;
  const unrun = outcomes.filter((o) => o.code === 2).length;
  const width = Math.max(...outcomes.map((o) => o.config.environment.length));
  return [
    "",
    `Summary of ${outcomes.length} environments: ${outcomes.length - failed - unrun} passed, ${failed} failed, ${unrun} could not run`,
    ...outcomes.map(({ config, code, counts }) => {
      const where = `${config.environment.padEnd(width)}  ${config.accountId}  ${config.region.padEnd(14)}`;
      if (counts === undefined) return `  ${where}  could not run (see above)`;
      return `  ${where}  ${code === 1 ? "FAILED" : "passed"}  ${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warnings; ${counts.calls} API calls in ${counts.seconds.toFixed(1)} s`;
    }),
  ];
}
