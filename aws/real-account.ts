/**
 * The documented example account (123456789012) lets `npm run synth` work without an account;
 * nothing can be deployed to it, read from it or cleaned in it. Checked offline, before any call.
 */
import type { EnvironmentConfig } from "../config/types";
import { CannotRun } from "./api";

export function requireRealAccount(config: EnvironmentConfig): void {
  if (!config.accountIdIsExample) return;
  const env = config.environment;
  throw new CannotRun(
    `${env}: accountId is the documented example account ${config.accountId}, which nobody can deploy to; ` +
      `set environments.${env}.accountId in cdktf.json (or MLOPS_ACCOUNT_ID) to the account's 12 digits`,
  );
}
