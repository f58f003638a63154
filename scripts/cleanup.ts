// `npm run cleanup -- plan <environment> [--out <file>] [--allow-prod]`
// `npm run cleanup -- apply <plan file> [--yes] [--allow-prod]`
// Plan is read-only; apply deletes exactly what the plan lists (see cleanup/run.ts).
import { readContextOrExit } from "./project-context";
import { createInterface } from "node:readline/promises";
import { createCleanupClients } from "../cleanup/aws";
import { CLEANUP_USAGE, runApply, runPlan } from "../cleanup/run";


const [command, target, ...rest] = process.argv.slice(2);
const flags = new Set(rest.filter((a) => a.startsWith("--") && a !== "--out"));
const outIndex = rest.indexOf("--out");
const out = outIndex >= 0 ? rest[outIndex + 1] : undefined;
const known = command === "plan" ? ["--allow-prod"] : ["--yes", "--allow-prod"];
const unknown = [...flags].filter((f) => !known.includes(f));
if (!["plan", "apply"].includes(command ?? "") || !target || target.startsWith("-") || unknown.length > 0 || (outIndex >= 0 && (!out || command !== "plan"))) {
  console.error(`${unknown.length > 0 ? `cleanup: unknown option ${unknown.join(", ")}\n` : ""}${CLEANUP_USAGE}`);
  process.exit(2);
}

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

(command === "plan" ? runPlan(options, target, out, flags.has("--allow-prod")) : runApply(options, target, { yes: flags.has("--yes"), allowProd: flags.has("--allow-prod"), confirm })).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`cleanup: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
