// `npm run rules`: regenerates compliance/RULES.md from the rules' metadata.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../compliance/pack";
import { rulesMarkdown } from "../compliance/rules-table";

const file = join(__dirname, "../compliance/RULES.md");
writeFileSync(file, rulesMarkdown(ALL_RULES));
console.log(`wrote ${file} (${ALL_RULES.length} rules)`);
