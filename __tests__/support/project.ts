/**
 * A throwaway copy of the project for tests that run the cdktf CLI: its own cdktf.json (and so its
 * own local state files and cdktf.out), the sources linked from this clone, and a `terraform` on
 * PATH that records what cdktf asks of it (the working folder and the arguments) and answers like
 * Terraform without touching AWS. That is enough to run cdktf's own stack selection, dependency
 * check and ordering for real.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const LINKED = ["node_modules", "main.ts", "scripts", "config", "stacks", "constructs", "compliance", "review", "package.json", "tsconfig.json"];

export interface TestProject {
  readonly root: string;
  /** Variables that put the recording terraform first on PATH. */
  readonly env: Record<string, string>;
  /** What cdktf asked terraform, as "<stack folder or .> :: <arguments>", version checks left out. */
  terraformCalls(): string[];
  /** Runs the project's cdktf CLI; resolves to its exit code, keeping its output. */
  cdktf(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number>;
  readonly output: string[];
  remove(): void;
}

export function testProject(foundation: Record<string, unknown>): TestProject {
  const root = mkdtempSync(join(tmpdir(), "foundation-project-"));
  for (const name of LINKED) symlinkSync(join(ROOT, name), join(root, name));
  const cdktfJson = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8"));
  writeFileSync(join(root, "cdktf.json"), JSON.stringify({ ...cdktfJson, context: { foundation } }, null, 2));
  const bin = join(root, ".fake-bin");
  mkdirSync(bin);
  const log = join(root, ".terraform-calls");
  writeFileSync(
    join(bin, "terraform"),
    [
      "#!/bin/sh",
      `echo "$PWD :: $*" >> "${log}"`,
      // FAKE_TF_FAIL names a stack whose apply fails, as a real apply can.
      'if [ -n "$FAKE_TF_FAIL" ] && [ "$1" = apply ] && [ "${PWD##*/}" = "$FAKE_TF_FAIL" ]; then echo "Error: apply failed" >&2; exit 1; fi',
      'case "$1" in',
      `  version) echo '{"terraform_version":"1.11.4","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}';;`,
      "  -v) echo 'Terraform v1.11.4';;",
      "  output) echo '{}';;",
      "esac",
      "exit 0",
      "",
    ].join("\n"),
  );
  chmodSync(join(bin, "terraform"), 0o755);
  writeFileSync(join(root, ".terraformrc"), "");
  const env = { PATH: `${bin}:${process.env.PATH ?? ""}`, TF_CLI_CONFIG_FILE: join(root, ".terraformrc"), CHECKPOINT_DISABLE: "1", CI: "true" };
  const output: string[] = [];
  return {
    root,
    env,
    output,
    terraformCalls: () =>
      existsSync(log)
        ? readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((line) => {
              const [dir, args] = line.split(" :: ");
              return `${relative(root, dir) || "."} :: ${args}`;
            })
            .filter((line) => !/ :: (version -json|-v)$/.test(line))
        : [],
    cdktf: (args, childEnv) =>
      new Promise((resolve) => {
        const child = spawn(join(root, "node_modules", ".bin", "cdktf"), args, { cwd: root, env: { ...childEnv, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
        child.stdout.on("data", (d) => output.push(String(d)));
        child.stderr.on("data", (d) => output.push(String(d)));
        child.on("exit", (code) => resolve(code ?? 1));
      }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
