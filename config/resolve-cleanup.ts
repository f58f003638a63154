/** The cleanup settings of one environment: the workshop's names, never one this app creates. */
import { iamPolicyName, iamRoleName, s3BucketName } from "../facts/name-rules";
import { checkName, type Problems } from "./problems";
import type { SettingsInput } from "./schema";
import type { CleanupSettings, Environment, Names } from "./types";

type Settings = SettingsInput;

/** The workshop's names, from the guides unless configured; none may be a name this app creates (cdktf destroy removes those). */
export function resolveCleanup(s: Settings, environment: Environment, accountId: string, names: Names, label: (path: string) => string, problems: Problems): CleanupSettings {
  const c = s.cleanup ?? {};
  const cleanup: CleanupSettings = {
    eksClusterPattern: c.eksClusterPattern ?? "mlops-retail-*",
    ecrRepository: c.ecrRepository ?? "mlops/retail-api",
    // The environment's own image tag: another environment's images are not this one's leftovers.
    ecrTags: c.ecrTags ?? [environment],
    ecrUntagged: c.ecrUntagged ?? true,
    sagemakerPrefix: c.sagemakerPrefix ?? "retail-",
    modelPackageGroup: c.modelPackageGroup ?? "retail-forecast-models",
    restApiName: c.restApiName ?? "InferenceAPI",
    lambdaFunctions: c.lambdaFunctions ?? ["preprocessing-function", "inference-function"],
    dynamoDbTable: c.dynamoDbTable ?? "InferenceMetadata",
    workshopBucket: c.workshopBucket ?? `ml-workshop-data-${accountId}`,
    iamPolicy: c.iamPolicy ?? "lambda-inference-policy",
    iamRole: c.iamRole ?? "lambda-inference-role",
  };
  if (c.workshopBucket !== undefined) checkName(cleanup.workshopBucket, s3BucketName, label("cleanup.workshopBucket"), problems);
  if (c.iamPolicy !== undefined) checkName(cleanup.iamPolicy, iamPolicyName, label("cleanup.iamPolicy"), problems);
  if (c.iamRole !== undefined) checkName(cleanup.iamRole, iamRoleName, label("cleanup.iamRole"), problems);
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
