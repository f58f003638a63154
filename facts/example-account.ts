/** The documented example account (AWS's own placeholder): synthesized when none is configured, never deployed, read or cleaned. */
export const EXAMPLE_ACCOUNT_ID = "123456789012";
