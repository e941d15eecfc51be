/** Small helpers the kernels share: adding to an f64 in memory, and summing SIMD lanes. */

@inline export function addF64(at: usize, value: f64): void {
  store<f64>(at, load<f64>(at) + value);
}

@inline export function laneSum(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

@inline export function pairSum(v: v128): f64 {
  return <f64>(i64x2.extract_lane(v, 0) + i64x2.extract_lane(v, 1));
}
