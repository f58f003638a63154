// `npm run verify -- [<environment> ...] [--probe] [--probe-timeout <minutes>]`: read-only checks of
// a deployed environment (see verify/run.ts). Exit 0: nothing failed; 1: something failed; 2: could not run.
import { readContextOrExit } from "./project-context";
import { createClients } from "../verify/aws";
import { runVerify, VERIFY_USAGE } from "../verify/run";


const args = process.argv.slice(2);
const environments: string[] = [];
let probe = false;
let timeoutMinutes = 15;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--probe") probe = true;
  else if (arg === "--probe-timeout") {
    timeoutMinutes = Number(args[++i]);
    if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) {
      console.error(`verify: --probe-timeout must be a number of minutes above 0, got ${JSON.stringify(args[i] ?? "")}\n${VERIFY_USAGE}`);
      process.exit(2);
    }
  } else if (arg === "--help" || arg === "-h") {
    console.log(VERIFY_USAGE);
    process.exit(0);
  } else if (arg.startsWith("-")) {
    console.error(`verify: unknown option ${arg}\n${VERIFY_USAGE}`);
    process.exit(2);
  } else environments.push(arg);
}

const context = readContextOrExit("verify", 2);
const tty = process.stderr.isTTY === true;
runVerify({
  context,
  env: process.env,
  environments,
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  clients: createClients,
  log: (line) => console.log(line),
  problem: (line) => console.error(line),
  probe: probe
    ? {
        timeoutMs: timeoutMinutes * 60_000,
        pollMs: 15_000,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        // On a terminal the line is redrawn in place; in CI each poll is a plain line.
        progress: (line) => (tty ? process.stderr.write(`\r\x1b[2K${line}`) : console.error(line)),
      }
    : undefined,
}).then(
  (code) => {
    if (probe && tty) process.stderr.write("\n");
    process.exitCode = code;
  },
  (error) => {
    console.error(`verify: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
