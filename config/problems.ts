/** The problems one validation pass collects, each once, and the error that lists them all. */
import type { NameRule } from "../facts/name-rules";
import { got } from "./setting-builders";

/** Thrown when the configuration has problems; the message lists every one. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(["Invalid configuration:", ...problems.map((p) => `  - ${p}`)].join("\n"));
    this.name = "ConfigError";
  }
}

/** Collects problems, each once, in the order found. */
export class Problems {
  private readonly seen = new Set<string>();
  readonly lines: string[] = [];
  get count(): number {
    return this.lines.length;
  }
  /** `setting: what is allowed, got <value>`. */
  add(setting: string, allowed: string, value: unknown): void {
    this.raw(`${setting}: ${allowed}${got(value)}`);
  }
  raw(line: string): void {
    if (!this.seen.has(line)) {
      this.seen.add(line);
      this.lines.push(line);
    }
  }
}

export function checkName(name: string, rule: NameRule, setting: string, problems: Problems): void {
  const problem = rule(name);
  if (problem) problems.raw(`${setting}: ${problem}`);
}
