;; out[i] = dot(data[i], query) for n vectors of `dims` f32 (dims a multiple of 8), with SIMD.
;; Built into src/memory/dots-wasm.ts by `pnpm --filter @memro/core build:wasm`.
(module
  (memory (import "env" "memory") 1)
  (func (export "dots") (param $data i32) (param $n i32) (param $dims i32) (param $q i32) (param $out i32)
    (local $i i32) (local $j i32) (local $bytes i32) (local $a v128) (local $b v128)
    (local.set $bytes (i32.shl (local.get $dims) (i32.const 2)))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $a (f32x4.add (local.get $a)
              (f32x4.mul (v128.load (i32.add (local.get $data) (local.get $j)))
                         (v128.load (i32.add (local.get $q) (local.get $j))))))
            (local.set $b (f32x4.add (local.get $b)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $data) (local.get $j)))
                         (v128.load offset=16 (i32.add (local.get $q) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $row)))
        (local.set $a (f32x4.add (local.get $a) (local.get $b)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
            (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        (local.set $data (i32.add (local.get $data) (local.get $bytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $vectors))))
  ;; out[i] = dot(data + slots[i] * dims * 4, query) for m slots (i32 each, at $slots): exact
  ;; scores of a shortlist without copying its rows.
  (func (export "dots_at") (param $data i32) (param $slots i32) (param $m i32) (param $dims i32) (param $q i32) (param $out i32)
    (local $i i32) (local $j i32) (local $bytes i32) (local $row i32) (local $a v128) (local $b v128)
    (local.set $bytes (i32.shl (local.get $dims) (i32.const 2)))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $row (i32.add (local.get $data) (i32.mul (local.get $bytes)
          (i32.load (i32.add (local.get $slots) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row_loop
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $a (f32x4.add (local.get $a)
              (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $j)))
                         (v128.load (i32.add (local.get $q) (local.get $j))))))
            (local.set $b (f32x4.add (local.get $b)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $row) (local.get $j)))
                         (v128.load offset=16 (i32.add (local.get $q) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $row_loop)))
        (local.set $a (f32x4.add (local.get $a) (local.get $b)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
            (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $vectors)))))
