import { App, Testing, type TerraformStack } from "cdktf";
import { loadConfig } from "../config/load";
import type { EnvironmentConfig } from "../config/types";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
/** The role that runs Terraform, and the break-glass principal of every retaining test environment. */
export const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
export const OIDC_ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

/**
 * A validated configuration for one environment, through the real loader. The deployer is the
 * break-glass principal unless the settings name others.
 */
export function configFor(environment: "dev" | "staging" | "prod" = "dev", settings: Record<string, unknown> = {}): EnvironmentConfig {
  const loaded = loadConfig({
    settings: { accountId: ACCOUNT, audit: { breakGlassPrincipalArns: [DEPLOYER] }, environments: { [environment]: settings }, synthesize: [environment] },
  });
  return loaded.environments[0];
}

export function testApp(): App {
  return Testing.app();
}

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/**
 * The stack's synthesized Terraform JSON, with cdktf's metadata kept: `//.metadata.path` is the
 * construct path that {@link resourceAt} finds resources by.
 */
export function synthesize(stack: TerraformStack): Json {
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

/** All resources of one Terraform type, by logical id. */
export function resourcesOf(synthesized: Json, type: string): Record<string, Json> {
  return synthesized.resource?.[type] ?? {};
}

/** The single resource of a type at a construct path below the stack (`StateBucket/Policy`). */
export function resourceAt(synthesized: Json, type: string, path: string): Json {
  const matches = Object.values(resourcesOf(synthesized, type)).filter((r: Json) => r["//"].metadata.path.split("/").slice(1).join("/") === path);
  if (matches.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${matches.length}`);
  return matches[0];
}

/** The problems loadConfig reports for a `foundation` object, one line each; none when it loads. */
export function configProblems(settings: unknown): string[] {
  try {
    loadConfig({ settings });
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
}
