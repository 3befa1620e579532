import Training

/// The demo's settings in one place: what `deft-sim demo` (and `make demo`) trains unless told
/// otherwise, and the cached front its report shows.
///
/// The DEFT run is the best point of the measured SST-2 front (docs/front.md, "Measured front";
/// spec examples/sweeps/sst2-front.json, point `ada-p0.1`): ADA-DEFT gates alone (gate penalty
/// 0.1, gate learning rate 0.05, no density loss) with the reference recipe. At 900 steps × 32
/// sentences of the full SST-2 train set it measured 88.30 % dev accuracy at int8 density 31.46 %
/// with MLP blocks 3–5 skipped, against PEFT's 87.27 % at 74.98 %: 1.457× (sparse-npu) and 1.697×
/// (edge-npu) over PEFT, energy −33.9 / −40.2 %. It replaced `tile32-l1` (tile loss t = 32, λ = 1,
/// ε = 1e-2: 83.14 % at 25.5 %, 1.247× / 1.803×), which pays 4.1 accuracy points for its lower
/// density; the gates lose nothing at the same length (and −0.69 / +0.23 points over two seeds
/// at 2 epochs). `--no-ada --density-loss tile` trains `tile32-l1` again: the density-loss
/// settings below are that point's. With these defaults the demo's runs are the sweep's `peft`
/// and `ada-p0.1` points (same TrainingConfiguration).
public enum DemoDefaults {
  public static let steps = 900
  public static let batchSize = 32
  public static let learningRate: Float = 1e-3
  public static let loraTargets = "all"
  /// `--recipe reference`: the PyTorch reference's training details (docs/training.md).
  public static let recipe = TrainingRecipe.reference.rawValue
  /// No density loss: the DEFT run trains the gates alone (`--density-loss KIND` adds one).
  public static let densityLoss = Demo.noDensityLoss
  /// The density loss's settings when one is chosen: the front's `tile32-l1` (and `block4-l1`).
  public static let densityTile = 32
  public static let densityBlock = 4
  public static let densityWeight: Float = 1
  public static let densityEps: Float = 1e-2
  /// ADA-DEFT gates on (`--no-ada` turns them off) at the front's `ada-p0.1` settings: gate
  /// penalty 0.1, gate learning rate 0.05.
  public static let ada = true
  public static let adaPenalty: Float = 0.1
  public static let adaLearningRate: Float = 0.05
  /// The cached front shown in the report (a portable copy of a sweep's front.json, written by
  /// scripts/cache-front.sh).
  public static let frontFile = "examples/fronts/sst2-front.json"
}
