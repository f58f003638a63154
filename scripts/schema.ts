// `npm run schema`: writes config/cdktf.schema.json, the JSON Schema of cdktf.json with its
// `context.foundation` object generated from config/schema.ts, for editors to validate and complete.
// `npm run schema -- --check` exits 1 when the committed file differs (a test runs the same check).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cdktfJsonSchema } from "../config/json-schema";

const file = join(__dirname, "..", "config", "cdktf.schema.json");
const text = `${JSON.stringify(cdktfJsonSchema(), null, 2)}\n`;
if (process.argv.includes("--check")) {
  if (readFileSync(file, "utf8") !== text) {
    console.error("config/cdktf.schema.json is out of date: run npm run schema");
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
