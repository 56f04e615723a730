// Compiles wasm/*.wat into src/memory/*-wasm.ts (base64), so the package ships no binary and
// needs no compiler at run time: `pnpm --filter @memro/core build:wasm`.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const wabt = await require("wabt")();
const root = new URL("..", import.meta.url);
for (const [name, constant] of [
  ["dots", "DOTS_WASM_BASE64"],
  ["hamming", "HAMMING_WASM_BASE64"],
]) {
  const source = readFileSync(new URL(`wasm/${name}.wat`, root), "utf8");
  const module = wabt.parseWat(`${name}.wat`, source, { simd: true });
  const { buffer } = module.toBinary({});
  writeFileSync(
    new URL(`src/memory/${name}-wasm.ts`, root),
    `// Generated from wasm/${name}.wat by scripts/build-wasm.mjs; do not edit.\nexport const ${constant} =\n  "${Buffer.from(buffer).toString("base64")}";\n`,
  );
  console.log(`${name}.wasm: ${buffer.length} bytes`);
}
