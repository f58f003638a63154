/**
 * Whether the opt-in live suites can run: AWS credentials from the environment and
 * MLOPS_ACCOUNT_ID naming their account. Prints why a suite is skipped; nothing skipped counts as passing.
 */
export function liveMissing(suite: string): string[] {
  const hasCredentials = ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"].some((v) => process.env[v]);
  const missing = [!hasCredentials && "AWS credentials", !process.env.MLOPS_ACCOUNT_ID && "MLOPS_ACCOUNT_ID"].filter((m): m is string => typeof m === "string");
  if (missing.length > 0) console.log(`${suite} skipped: ${missing.join(" and ")} not set. Nothing here counts as passing.`);
  return missing;
}

/** Appended to a live test's title, so the skipped test says why in jest's own output. */
export const skipReason = (missing: readonly string[]): string => (missing.length > 0 ? ` (skipped: ${missing.join(" and ")} not set)` : "");
