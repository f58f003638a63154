/**
 * Advanced event selectors of the ML pipeline's own events (facts/ml-events.ts): one per resource
 * type of each preset, limited to the project's SageMaker name prefixes where the ARN carries the
 * name; one per network activity event source, only refused requests by default.
 */
import type { CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { ML_PRESETS, mlSelectorName, networkSelectorName, VPCE_ACCESS_DENIED, type MlPreset } from "../facts/ml-events";

export interface MlEventScope {
  readonly region: string;
  readonly accountId: string;
  /** Name prefixes of the project's SageMaker resources. */
  readonly namePrefixes: readonly string[];
}

export function mlEventSelectors(presets: readonly MlPreset[], scope: MlEventScope): CloudtrailAdvancedEventSelector[] {
  return presets.flatMap((preset) =>
    ML_PRESETS[preset].map((r: { type: string; namedBy?: string }) => ({
      name: mlSelectorName(preset, r.type),
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: [r.type] },
        ...(r.namedBy !== undefined
          ? [{ field: "resources.ARN", startsWith: scope.namePrefixes.map((p) => `arn:aws:sagemaker:${scope.region}:${scope.accountId}:${r.namedBy}${p}`) }]
          : []),
      ],
    })),
  );
}

export function networkActivitySelectors(eventSources: readonly string[], errorsOnly: boolean): CloudtrailAdvancedEventSelector[] {
  return eventSources.map((source) => ({
    name: networkSelectorName(source, errorsOnly),
    fieldSelector: [
      { field: "eventCategory", equalTo: ["NetworkActivity"] },
      { field: "eventSource", equalTo: [source] },
      ...(errorsOnly ? [{ field: "errorCode", equalTo: [VPCE_ACCESS_DENIED] }] : []),
    ],
  }));
}
