import type { Json, ResourceView, StackView } from "./types";

/** Builds the rules' view of one synthesized stack (`stack.toTerraform()` or cdk.tf.json). */
export function stackView(synthesized: Json, disabledMonitoringControls: readonly string[] = []): StackView {
  const all: ResourceView[] = [];
  for (const [type, byName] of Object.entries((synthesized.resource ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [name, config] of Object.entries(byName)) {
      const path = String(config["//"]?.metadata?.path ?? name);
      all.push({ type, name, address: `${type}.${name}`, path: path.split("/").slice(1).join("/") || path, config });
    }
  }
  const resources = (type: string): ResourceView[] => all.filter((r) => r.type === type);
  const names = (r: ResourceView): string[] => [`\${${r.address}.id}`, `\${${r.address}.bucket}`, `\${${r.address}.name}`, `\${${r.address}.arn}`, r.config.bucket, r.config.name].filter(
    (v): v is string => typeof v === "string",
  );
  return {
    resources,
    attachedTo: (type, target, attribute = "bucket") => resources(type).filter((r) => names(target).includes(r.config[attribute])),
    isTrailBucket: (bucket) => resources("aws_cloudtrail").some((t) => names(bucket).includes(t.config.s3_bucket_name)),
    disabledMonitoringControls,
    defaultTags: (synthesized.provider?.aws?.[0]?.default_tags?.[0]?.tags ?? {}) as Record<string, string>,
    backendBucket: synthesized.terraform?.backend?.s3?.bucket,
  };
}
