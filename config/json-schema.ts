import { toJsonSchema } from "@valibot/to-json-schema";
import { ENVIRONMENT_BLOCK, FOUNDATION } from "./schema";
import { JSON_PATTERNS } from "./setting-builders";

/**
 * The JSON Schema (draft-07) of cdktf.json: cdktf's own keys are left open, and
 * `context.foundation` is the configuration schema. Conversion errors throw, so no check of the
 * schema is silently left out; the two actions without a JSON Schema form are mapped explicitly:
 * trimming (the format patterns allow the spaces the loader trims) and `finite` (JSON numbers are).
 */
export function cdktfJsonSchema(): Record<string, unknown> {
  const foundation = toJsonSchema(FOUNDATION, {
    errorMode: "throw",
    // Each object's pipe starts with a plain-object check (JSON Schema's "object" already excludes
    // lists); the schema after it is the one to convert.
    typeMode: "output",
    definitions: { environmentSettings: ENVIRONMENT_BLOCK },
    overrideAction: ({ valibotAction, jsonSchema }) => {
      const pattern = JSON_PATTERNS.get(valibotAction);
      if (pattern !== undefined) return { ...jsonSchema, pattern };
      if (valibotAction.type === "trim" || valibotAction.type === "finite") return jsonSchema;
      return undefined;
    },
  });
  // References point at the document's root, where the wrapper keeps the definitions.
  const { $schema: _draft, $defs, ...settings } = foundation;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "cdktf.json of the MLOps audit & IAM foundation",
    description: "Generated from config/schema.ts by npm run schema; do not edit.",
    type: "object",
    properties: {
      context: {
        type: "object",
        properties: { foundation: settings },
      },
    },
    $defs,
  };
}
