// mutation-survivors.md: one row per surviving mutant kept on purpose, with its reason. A row is
// matched to a mutant by file, mutator, original code and replacement (each cut to 80
// characters), not by line, which moves with every edit. Used by scripts/mutate.js and tested.
"use strict";

const cut = (code) => String(code).replace(/\s+/g, " ").trim().slice(0, 80).trim();
const keyOf = (file, mutator, original, replacement) => [file, mutator, cut(original), cut(replacement)].join("\u0000");

/** A code span; one that holds a backtick is fenced by two, with a space inside. */
function cell(code) {
  const text = cut(code).replace(/\|/g, "\\|");
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}
function uncell(text) {
  const t = text.trim();
  const inner = t.startsWith("`` ") && t.endsWith(" ``") ? t.slice(3, -3) : t.replace(/^`|`$/g, "");
  return inner.replace(/\\\|/g, "|");
}

/** The rows of the table: `| file | line | mutator | original | replacement | reason |`. */
function parseReasons(markdown) {
  const rows = [];
  for (const line of markdown.split("\n")) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1);
    if (cells.length !== 6 || !/^`[a-z]+\//.test(cells[0].trim())) continue;
    const [file, lineNumber, mutator, original, replacement, reason] = cells.map(uncell);
    rows.push({ file, line: Number(lineNumber), mutator, original, replacement, reason, key: keyOf(file, mutator, original, replacement) });
  }
  return rows;
}

/** The mutated code, from a Stryker report's copy of the source. */
function originalOf(source, { start, end }) {
  const lines = source.split("\n");
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join("\n");
}

/** A row for a survivor that has no reason yet. */
const survivorRow = (file, mutant, source) =>
  `| \`${file}\` | ${mutant.location.start.line} | ${mutant.mutatorName} | ${cell(originalOf(source, mutant.location))} | ${cell(mutant.replacement)} | ${
    mutant.status === "NoCoverage" ? "(no test runs it) " : ""
  }<reason> |`;

module.exports = { cut, keyOf, cell, uncell, parseReasons, originalOf, survivorRow };
