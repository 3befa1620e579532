import Training

/// The demo's settings in one place: what `deft-sim demo` (and `make demo`) trains unless told
/// otherwise, and the cached front its report shows.
///
/// The DEFT point is the best point of the measured SST-2 front (docs/front.md, "Measured front";
/// spec examples/sweeps/sst2-front.json, point `tile32-l1`): the tile-union loss over tiles of
/// t = 32 tokens, λ = 1, ε = 1e-2, with the reference recipe. At 900 steps × 32 sentences of the
/// full SST-2 train set it measured 83.14 % dev accuracy, int8 density 25.5 %, tile-16 density
/// 31.5 %, estimated speedup 1.222 on sparse-npu and 1.715 on edge-npu, against PEFT's 87.27 %
/// at 74.98 % (over PEFT: 1.247× and 1.803×, the best density-loss point on both configs). The
/// ADA-DEFT points of the same front skip whole MLP blocks instead (`ada-p0.2`: 85.44 %, 1.457×
/// and 1.696× over PEFT) and are shown on the report's cached front; the demo's story is the
/// density loss. With these defaults the demo's runs are the sweep's `peft` and `tile32-l1`
/// points (same TrainingConfiguration).
public enum DemoDefaults {
  public static let steps = 900
  public static let batchSize = 32
  public static let learningRate: Float = 1e-3
  public static let loraTargets = "all"
  /// `--recipe reference`: the PyTorch reference's training details (docs/training.md).
  public static let recipe = TrainingRecipe.reference.rawValue
  public static let densityLoss = DensityLossKind.tile.rawValue
  public static let densityTile = 32
  public static let densityBlock = 4
  public static let densityWeight: Float = 1
  public static let densityEps: Float = 1e-2
  /// `--ada`'s settings: the front's `ada-p0.2` point (gate penalty 0.2, gate learning rate 0.05;
  /// with `--density-loss none` the demo's DEFT run is that point).
  public static let adaPenalty: Float = 0.2
  public static let adaLearningRate: Float = 0.05
  /// The cached front shown in the report (a portable copy of a sweep's front.json, written by
  /// scripts/cache-front.sh).
  public static let frontFile = "examples/fronts/sst2-front.json"
}
