import { App, Testing, type TerraformStack } from "cdktf";
import { loadConfig } from "../config/load";
import type { EnvironmentConfig } from "../config/types";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const OIDC_ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

/** A validated configuration for one environment, through the real loader. */
export function configFor(environment: "dev" | "staging" | "prod" = "dev", settings: Record<string, unknown> = {}): EnvironmentConfig {
  const loaded = loadConfig({
    settings: { accountId: ACCOUNT, environments: { [environment]: settings }, synthesize: [environment] },
  });
  return loaded.environments[0];
}

export function testApp(): App {
  return Testing.app();
}

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The stack's synthesized Terraform JSON. */
export function synthesize(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of one Terraform type, by logical id. */
export function resourcesOf(synthesized: Json, type: string): Record<string, Json> {
  return synthesized.resource?.[type] ?? {};
}

/**
 * The single resource of a type at a construct path below the stack (`StateBucket/Policy`).
 * cdktf's logical ids are the path joined with "_" plus a hash suffix.
 */
export function resourceAt(synthesized: Json, type: string, path: string): Json {
  const prefix = `${path.split("/").join("_")}_`;
  const matches = Object.entries(resourcesOf(synthesized, type)).filter(([id]) => id.startsWith(prefix) && !id.slice(prefix.length).includes("_"));
  if (matches.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${matches.length}`);
  return matches[0][1];
}
