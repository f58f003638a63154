// Transpile-only TypeScript loader for `node -r ./scripts/register.js main.ts`.
// Type checking is a separate step (`npm run typecheck`); this only strips types. Output is cached
// by a hash of the source and the options (node_modules/.cache/mlops-register), so a warm run does
// not even load swc's native binary; a changed file gets a new hash, so the cache is never stale.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
  swcrc: false,
  configFile: false,
};
const cacheDir = path.join(__dirname, "..", "node_modules", ".cache", "mlops-register");
const salt = JSON.stringify(options) + require("@swc/core/package.json").version;
let swc;

function transpile(source, filename) {
  const key = crypto.createHash("sha256").update(salt).update(filename).update(source).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    swc ??= require("@swc/core");
    const { code } = swc.transformSync(source, { ...options, filename });
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      // Write then rename: a concurrent reader never sees half a file.
      const temp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temp, code);
      fs.renameSync(temp, cached);
    } catch {
      // A read-only node_modules only costs speed.
    }
    return code;
  }
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
