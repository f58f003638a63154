/**
 * The schema as each level of the file is checked: the same checks, without the defaults. The top
 * level, an environment's block and the MLOPS_* variables are checked one by one and merged; a
 * default filled in at one level would hide the value another level gives. Defaults are filled in
 * once the levels are merged (config/complete-settings.ts).
 */
import * as v from "valibot";

type Schema = v.GenericSchema;
type Piped = Schema & { readonly pipe: readonly [Schema, ...v.PipeItem<unknown, unknown, v.BaseIssue<unknown>>[]] };

export function withoutDefaults<S extends Schema>(schema: S): S {
  return strip(schema) as S;
}

function strip(schema: Schema): Schema {
  if ("pipe" in schema) {
    // A pipe may hold several schemas (a plain-object check, then the object's entries).
    const [first, ...rest] = (schema as Piped).pipe.map((item) => (item.kind === "schema" ? strip(item as Schema) : item));
    return v.pipe(first as Schema, ...(rest as []));
  }
  if (schema.type === "optional") return v.optional(strip((schema as v.OptionalSchema<Schema, unknown>).wrapped));
  if (schema.type === "strict_object") {
    const object = schema as v.StrictObjectSchema<v.ObjectEntries, v.ErrorMessage<v.StrictObjectIssue> | undefined>;
    return v.strictObject(Object.fromEntries(Object.entries(object.entries).map(([key, entry]) => [key, strip(entry)])), object.message);
  }
  if (schema.type === "array") {
    const array = schema as v.ArraySchema<Schema, v.ErrorMessage<v.ArrayIssue> | undefined>;
    return v.array(strip(array.item), array.message);
  }
  if (schema.type === "record") {
    const record = schema as v.RecordSchema<v.GenericSchema<string, string | number | symbol>, Schema, v.ErrorMessage<v.RecordIssue> | undefined>;
    return v.record(record.key, strip(record.value), record.message);
  }
  return schema;
}
