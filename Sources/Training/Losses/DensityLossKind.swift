/// What DEFT's density loss counts as one "non-zero" item (docs/training.md, "Hardware-aware
/// density losses").
///
/// - `element`: each activation, `a²/(a²+ε)` (the paper's loss).
/// - `int8`: each activation, with ε following the layer's calibrated int8 step `s_l`
///   (`√ε_l = c·s_l`, c = ½ by default: the term is ½ exactly where the value starts to round
///   to a non-zero integer), re-calibrated from the training batch every N steps.
/// - `block`: each block of g consecutive units of one token, `S/(S+ε)` with `S = Σ a²` over
///   the block (a group penalty: the block is zero only when all g are).
/// - `tile`: each unit over a tile of t consecutive tokens of one sequence, `S/(S+ε)` with
///   `S = Σ a²` over the tile's tokens (the union that decides whether a weight row is fetched).
public enum DensityLossKind: String, Sendable, Codable, CaseIterable {
  case element
  case int8
  case block
  case tile
}
