/**
 * Where an environment's audit evidence is protected: the one rule the stacks (explicit denies,
 * the Terraform guard) and the preflight (only break-glass principals may apply) share.
 */
import type { EnvironmentConfig } from "./types";

/**
 * The principals the explicit denies exempt: the break-glass list where evidence is retained, none
 * elsewhere (dev's destroy must be able to remove it), nor where the environment has no evidence
 * of its own (a member of an organization without a local trail: the archive is the log-archive account's).
 */
export function evidenceGuards(config: EnvironmentConfig): readonly string[] {
  return config.audit.retainOnDestroy && config.audit.localTrail ? config.audit.breakGlassPrincipalArns : [];
}

/** Where evidence is protected, the explicit denies apply: only break-glass principals may apply. */
export function protectsEvidence(config: EnvironmentConfig): boolean {
  return evidenceGuards(config).length > 0;
}
