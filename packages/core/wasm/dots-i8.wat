;; out[i] = dot(data[i], query) for n vectors of `dims` signed bytes (dims a multiple of 16),
;; as i32, with SIMD: the approximate first pass of the vector scan (a quarter of the f32 bytes).
;; Built into src/memory/dots-i8-wasm.ts by `pnpm --filter @memro/core build:wasm`.
(module
  (memory (import "env" "memory") 1)
  (func (export "dots") (param $data i32) (param $n i32) (param $dims i32) (param $q i32) (param $out i32)
    (local $i i32) (local $j i32) (local $acc v128) (local $a v128) (local $b v128)
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $dims)))
            (local.set $a (v128.load (i32.add (local.get $data) (local.get $j))))
            (local.set $b (v128.load (i32.add (local.get $q) (local.get $j))))
            ;; Codes lie in [-127, 127]: a product fits an i16 lane and so does the sum of two,
            ;; which are then widened pairwise into the i32 lanes.
            (local.set $acc (i32x4.add (local.get $acc)
              (i32x4.extadd_pairwise_i16x8_s
                (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $a) (local.get $b))
                           (i16x8.extmul_high_i8x16_s (local.get $a) (local.get $b))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $row)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $data (i32.add (local.get $data) (local.get $dims)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $vectors)))))
