/** The cleanup settings of one environment: the workshop's names, never one this app creates. */
import { iamPolicyName, iamRoleName, s3BucketName } from "../facts/name-rules";
import { checkName, type Problems } from "./problems";
import type { Settings } from "./schema";
import type { CleanupSettings, Environment, Names } from "./types";

/** The workshop's names, from the guides unless configured; none may be a name this app creates (cdktf destroy removes those). */
export function resolveCleanup(s: Settings, environment: Environment, accountId: string, names: Names, label: (path: string) => string, problems: Problems): CleanupSettings {
  const c = s.cleanup;
  const cleanup: CleanupSettings = {
    eksClusterPattern: c.eksClusterPattern,
    ecrRepository: c.ecrRepository,
    // The environment's own image tag: another environment's images are not this one's leftovers.
    ecrTags: c.ecrTags ?? [environment],
    ecrUntagged: c.ecrUntagged,
    sagemakerPrefix: c.sagemakerPrefix,
    modelPackageGroup: c.modelPackageGroup,
    restApiName: c.restApiName,
    lambdaFunctions: c.lambdaFunctions,
    dynamoDbTable: c.dynamoDbTable,
    workshopBucket: c.workshopBucket ?? `ml-workshop-data-${accountId}`,
    iamPolicy: c.iamPolicy,
    iamRole: c.iamRole,
  };
  // The defaults are valid names: only a name the user gives can fail these.
  checkName(cleanup.workshopBucket, s3BucketName, label("cleanup.workshopBucket"), problems);
  checkName(cleanup.iamPolicy, iamPolicyName, label("cleanup.iamPolicy"), problems);
  checkName(cleanup.iamRole, iamRoleName, label("cleanup.iamRole"), problems);
  const own = Object.entries(names) as [keyof Names, string][];
  for (const [setting, value] of [
    ["cleanup.workshopBucket", cleanup.workshopBucket],
    ["cleanup.iamPolicy", cleanup.iamPolicy],
    ["cleanup.iamRole", cleanup.iamRole],
  ] as const) {
    const clash = own.find(([, name]) => name === value);
    if (clash) problems.add(label(setting), `must not be a name this app creates (names.${clash[0]}): cdktf destroy removes it`, value);
  }
  return cleanup;
}
