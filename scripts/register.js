// Transpile-only TypeScript loader for `node -r ./scripts/register.js main.ts`.
// Type checking is a separate step (`npm run typecheck`); this only strips types, in
// milliseconds, so `cdktf synth` does not pay for ts-node or a tsc build.
"use strict";
const fs = require("node:fs");
const { transformSync } = require("@swc/core");

const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
  swcrc: false,
  configFile: false,
};

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, "utf8"), { ...options, filename });
  module._compile(code, filename);
};
