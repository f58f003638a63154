import { ML_PRESET_NAMES, ML_PRESETS, mlSelectorName, networkSelectorName } from "../../facts/ml-events";

test("selector names say the preset and type, or the event source and whether only refused requests are kept", () => {
  expect(mlSelectorName("sagemaker-serving", "AWS::SageMaker::Endpoint")).toBe("ML data events: sagemaker-serving (AWS::SageMaker::Endpoint)");
  expect(networkSelectorName("s3.amazonaws.com", true)).toBe("Network activity: s3.amazonaws.com (VpceAccessDenied only)");
  expect(networkSelectorName("s3.amazonaws.com", false)).toBe("Network activity: s3.amazonaws.com");
});

test("every resource type is named once, as AWS::<service>::<resource>; SageMaker's are scoped by name, Bedrock's are not", () => {
  const all = ML_PRESET_NAMES.flatMap((p) => ML_PRESETS[p].map((r: { type: string; namedBy?: string }) => r));
  expect(new Set(all.map((r) => r.type)).size).toBe(all.length);
  for (const r of all) {
    expect(r.type).toMatch(/^AWS::(SageMaker|Bedrock)::[A-Za-z]+$/);
    expect([r.type, r.namedBy !== undefined]).toEqual([r.type, r.type.startsWith("AWS::SageMaker::")]);
  }
});
