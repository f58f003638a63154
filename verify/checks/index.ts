/**
 * The read-only checks of a deployed environment, one concern per file. Each returns rows of
 * expected vs observed; nothing here changes the account (every call is a Get, List, Describe or
 * Simulate).
 */
export { checkAcceptance } from "./acceptance";
export { checkAlarms } from "./alarms";
export { checkAccessLogs, checkBucket, checkLogFiles } from "./buckets";
export type { CheckContext, Row, Status } from "./common";
export { checkKeys } from "./keys";
export { checkPodIdentity } from "./pod-identity";
export { checkInstanceProfileAndProvider, checkRole } from "./roles";
export { checkTrail } from "./trail";
