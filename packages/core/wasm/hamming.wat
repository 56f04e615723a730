;; out[i] = number of differing bits between data[i] and the query, for n rows of `bytes`
;; bytes (a multiple of 16), with SIMD popcount: the coarse first pass of the vector scan over
;; large namespaces (one sign bit per dimension, a thirty-second of the f32 bytes).
;; Built into src/memory/hamming-wasm.ts by `pnpm --filter @memro/core build:wasm`.
(module
  (memory (import "env" "memory") 1)
  (func (export "dots") (param $data i32) (param $n i32) (param $bytes i32) (param $q i32) (param $out i32)
    (local $i i32) (local $j i32) (local $acc v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (v128.const i16x8 0 0 0 0 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $bytes)))
            ;; Each byte lane counts at most 8; widened to i16 lanes it cannot overflow.
            (local.set $acc (i16x8.add (local.get $acc)
              (i16x8.extadd_pairwise_i8x16_u (i8x16.popcnt (v128.xor
                (v128.load (i32.add (local.get $data) (local.get $j)))
                (v128.load (i32.add (local.get $q) (local.get $j))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $row)))
        (local.set $acc (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $data (i32.add (local.get $data) (local.get $bytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))))
