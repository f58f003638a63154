// `npm run cleanup -- plan <environment> [--out <file>] [--allow-prod]`
// `npm run cleanup -- apply <plan file> [--yes] [--allow-prod]`
// Plan is read-only; apply deletes exactly what the plan lists (see cleanup/run.ts).
import { runnableOrExit } from "./parsed-args";
import { readContextOrExit } from "./project-context";
import { createInterface } from "node:readline/promises";
import { createCleanupClients } from "../cleanup/aws";
import { CLEANUP_USAGE, parseCleanupArgs } from "../cleanup/args";
import { runApply, runPlan } from "../cleanup/run";

const args = runnableOrExit("cleanup", CLEANUP_USAGE, parseCleanupArgs(process.argv.slice(2)));

const tty = process.stdin.isTTY === true && process.stderr.isTTY === true;
const options = {
  context: readContextOrExit("cleanup", 2),
  env: process.env,
  clients: createCleanupClients,
  outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
  log: (line: string) => console.log(line),
  problem: (line: string) => console.error(line),
  // On a terminal a long wait redraws one line; otherwise each update is a plain line.
  progress: (line: string) => (tty ? process.stderr.write(`\r\x1b[2K${line}`) : console.error(line)),
};
const confirm = tty
  ? async (question: string): Promise<string> => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    }
  : undefined;

(args.command === "plan" ? runPlan(options, args.environment, args.out, { allowProd: args.allowProd, sharedAccount: args.sharedAccount }) : runApply(options, args.file, { yes: args.yes, allowProd: args.allowProd, confirm })).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`cleanup: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
