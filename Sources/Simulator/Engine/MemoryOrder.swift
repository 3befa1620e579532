/// The loop order the memory model chose for one run of a GEMM (docs/simulator-model.md,
/// "Memory"): the one of its candidates that moves the fewest DRAM bytes, `fold` on ties.
public enum MemoryOrder: Hashable, Sendable, CustomStringConvertible {
  /// SCALE-Sim's fold order: operands that fit are fetched once, the others refetched per pass,
  /// outputs that do not fit spill partial sums per K pass.
  case fold
  /// M split into balanced tiles of at most `tileRows` rows whose ifmap and live partial sums
  /// stay on chip; the weights are streamed once per tile (or fetched once overall when they
  /// fit), and (accelerator model) every tile pays its own windows' fill and drain.
  case mTiled(tileRows: Int)

  /// `fold` or `m-tiled(m=75)`.
  public var description: String {
    switch self {
    case .fold: return "fold"
    case .mTiled(let rows): return "m-tiled(m=\(rows))"
    }
  }
}

/// The memory orders of the runs of one GEMM over a replay (one run per batch, or per sequence
/// for the per-sequence attention GEMMs), in order of first appearance.
struct MemoryOrderTally {
  private(set) var runs: [(order: MemoryOrder, count: Int)] = []

  mutating func add(_ order: MemoryOrder) {
    if let i = runs.firstIndex(where: { $0.order == order }) {
      runs[i].count += 1
    } else {
      runs.append((order, 1))
    }
  }

  /// The order when every run used the same one (`fold`, `m-tiled(m=75)`), else each order
  /// with its run count: `m-tiled(m=75) ×26, fold ×1`.
  var summary: String {
    if runs.count == 1 { return runs[0].order.description }
    return runs.map { "\($0.order) ×\($0.count)" }.joined(separator: ", ")
  }
}
