// `npm run verify -- [<environment> ... | --all] [--probe] [--probe-timeout <minutes>]`: read-only checks of
// a deployed environment (see verify/run.ts). Exit 0: nothing failed; 1: something failed; 2: could not run.
import { runnableOrExit } from "./parsed-args";
import { readContextOrExit } from "./project-context";
import { createClients } from "../verify/aws";
import { parseVerifyArgs, VERIFY_USAGE } from "../verify/args";
import { runVerify } from "../verify/run";

const args = runnableOrExit("verify", VERIFY_USAGE, parseVerifyArgs(process.argv.slice(2)));
const { environments, all, probe, timeoutMinutes } = args;

const context = readContextOrExit("verify", 2);
const tty = process.stderr.isTTY === true;
runVerify({
  context,
  env: process.env,
  environments,
  all,
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
