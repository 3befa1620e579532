/// SCALE-Sim's dense systolic-array model of one GEMM (`m × k` times `k × n`), for an
/// `R × C` array (see docs/simulator-model.md):
///
/// | dataflow | folds | cycles per fold | ifmap reads | filter reads | ofmap writes |
/// |---|---|---|---|---|---|
/// | ws | ⌈K/R⌉·⌈N/C⌉ | 2R + C + M − 2 | M·K·⌈N/C⌉ | K·N | M·N·⌈K/R⌉ |
/// | os | ⌈M/R⌉·⌈N/C⌉ | R + C + K − 2 | M·K·⌈N/C⌉ | K·N·⌈M/R⌉ | M·N |
/// | is | ⌈K/R⌉·⌈M/C⌉ | 2R + C + N − 2 | M·K | K·N·⌈M/C⌉ | M·N·⌈K/R⌉ |
///
/// Hand-worked: ws, 4 × 4 array, M = 3, K = 6, N = 5: folds ⌈6/4⌉·⌈5/4⌉ = 4, cycles per fold
/// 8 + 4 + 3 − 2 = 13, compute 52 cycles; ifmap reads 3·6·2 = 36, filter 30, ofmap 3·5·2 = 30.
public struct SystolicCounts: Codable, Sendable, Equatable {
  public var folds: Int
  public var cyclesPerFold: Int
  /// Cycles of one fold spent streaming (M for ws, K for os, N for is); the rest is fill/drain.
  public var streamCyclesPerFold: Int
  /// Stall-free compute cycles (SCALE-Sim prints this minus 1).
  public var computeCycles: Int
  public var ifmapReadWords: Int
  public var filterReadWords: Int
  public var ofmapWriteWords: Int
  /// How many times the array re-reads each operand (⌈N/C⌉ for the ws ifmap, …) and how many
  /// partial-sum passes the output sees.
  public var ifmapPasses: Int
  public var filterPasses: Int
  public var ofmapPasses: Int
  /// Folds along N (ws, os) or along M (is): the passes over the streamed dimension.
  public var outerFolds: Int

  /// Fill/drain cycles of one fold.
  public var fillDrainCyclesPerFold: Int { cyclesPerFold - streamCyclesPerFold }
}

/// The dense formulas; pure functions of shape and array.
public enum SystolicTiming {
  @inline(__always)
  static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

  /// SCALE-Sim counts for one instance of an `m × k × n` GEMM on `array`.
  public static func dense(m: Int, k: Int, n: Int, array: PEArray) -> SystolicCounts {
    let r = array.rows
    let c = array.columns
    let folds: Int
    let fillDrain: Int
    let stream: Int
    let passes: (ifmap: Int, filter: Int, ofmap: Int)
    let outer: Int
    switch array.dataflow {
    case .ws:
      folds = ceilDiv(k, r) * ceilDiv(n, c)
      (fillDrain, stream) = (2 * r + c - 2, m)
      passes = (ceilDiv(n, c), 1, ceilDiv(k, r))
      outer = ceilDiv(n, c)
    case .os:
      folds = ceilDiv(m, r) * ceilDiv(n, c)
      (fillDrain, stream) = (r + c - 2, k)
      passes = (ceilDiv(n, c), ceilDiv(m, r), 1)
      outer = ceilDiv(n, c)
    case .is:
      folds = ceilDiv(k, r) * ceilDiv(m, c)
      (fillDrain, stream) = (2 * r + c - 2, n)
      passes = (1, ceilDiv(m, c), ceilDiv(k, r))
      outer = ceilDiv(m, c)
    }
    let cycles = computeCycles(
      folds: folds, fillDrainPerFold: fillDrain, totalStreamCycles: folds * stream, array: array)
    return SystolicCounts(
      folds: folds, cyclesPerFold: fillDrain + stream, streamCyclesPerFold: stream,
      computeCycles: m == 0 ? 0 : cycles,
      ifmapReadWords: m * k * passes.ifmap, filterReadWords: m == 0 ? 0 : k * n * passes.filter,
      ofmapWriteWords: m * n * passes.ofmap, ifmapPasses: passes.ifmap,
      filterPasses: passes.filter, ofmapPasses: passes.ofmap, outerFolds: outer)
  }

  /// Compute cycles from the fold structure. Without overlap (SCALE-Sim):
  /// `folds × fillDrain + stream`. With `overlapFoldFillDrain`, one fill/drain is paid and every
  /// later fold needs at least R cycles (loading its stationary tile behind the previous fold):
  /// `min(that, fillDrain + max(stream, (folds − 1) × R))`.
  public static func computeCycles(
    folds: Int, fillDrainPerFold: Int, totalStreamCycles: Int, array: PEArray
  ) -> Int {
    let serial = folds * fillDrainPerFold + totalStreamCycles
    guard array.overlapFoldFillDrain, folds > 0 else { return serial }
    let overlapped = fillDrainPerFold + max(totalStreamCycles, (folds - 1) * array.rows)
    return min(serial, overlapped)
  }
}
