// Compiles wasm/dots.wat into src/memory/dots-wasm.ts (base64), so the package ships no binary
// and needs no compiler at run time: `pnpm --filter @memro/core build:wasm`.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const wabt = await require("wabt")();
const root = new URL("..", import.meta.url);
const source = readFileSync(new URL("wasm/dots.wat", root), "utf8");
const module = wabt.parseWat("dots.wat", source, { simd: true });
const { buffer } = module.toBinary({});
writeFileSync(
  new URL("src/memory/dots-wasm.ts", root),
  `// Generated from wasm/dots.wat by scripts/build-wasm.mjs; do not edit.\nexport const DOTS_WASM_BASE64 =\n  "${Buffer.from(buffer).toString("base64")}";\n`,
);
console.log(`dots.wasm: ${buffer.length} bytes`);
