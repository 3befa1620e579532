import Foundation
import Model
import TensorCore
import Testing
import Training

/// Directional-derivative checks on the real pretrained encoder (384 hidden, 12 heads, 6 layers)
/// and real SST-2 sentences: along the analytic gradient's own direction `v = g/‖g‖` of every
/// trainable tensor, the central difference `(L(θ + hv) − L(θ − hv)) / 2h` (Richardson-extrapolated)
/// equals `⟨g, v⟩ = ‖g‖`. A gradient wrong in direction or scale fails. This catches what a tiny
/// model could hide (12 heads, real lengths, the pretrained pooler, the real density loss).
@Suite struct RealModelGradientTests {
  @Test(arguments: [PEFTMethod.lora, .adapter, .prefix])
  func directionalDerivativesMatch(_ method: PEFTMethod) throws {
    let pretrained = try PretrainedModel(directory: try testModelDirectory())
    let data = try TaskData.load(
      .glue(.sst2), dataDirectory: testDataDirectory(), tokenizer: pretrained.tokenizer,
      options: TaskData.Options(maxLength: 64, trainLimit: 4, evaluationLimit: 1, seed: 3))
    let model = TaskModel(
      encoder: pretrained.encoder, task: .glue(.sst2),
      configuration: PEFTConfiguration(
        method: method, loraTargets: [.query, .mlpDown], prefixLength: 4), seed: 2)
    var g = SplitMix64(seed: 8)  // small random B / W_up so every gradient is non-zero
    for layer in model.peft.layers {
      for target in LoRATarget.allCases {
        guard let lora = layer.lora[target] else { continue }
        lora.b.value.scalars = lora.b.value.scalars.map { _ in 0.01 * g.nextNormal() }
      }
      if let adapter = layer.adapter {
        adapter.up.weight.value.scalars = adapter.up.weight.value.scalars.map { _ in
          0.01 * g.nextNormal()
        }
        // Keep the ReLU's inputs away from its kink, where finite differences are meaningless.
        adapter.down.bias?.value.scalars = adapter.down.bias?.value.scalars.map { _ in 0.5 } ?? []
      }
    }
    let examples = ArraySlice(data.train)
    let density = DensityLoss(weight: 1, epsilon: 1e-2)
    func loss() -> Double {
      for p in model.trainableParameters { p.zeroGradient() }
      return model.accumulateGradients(
        examples, dropout: nil, densityLoss: density, gatePenaltyWeight: nil, threads: 2
      ).total
    }
    let base = loss()
    let gradients = model.trainableParameters.map { $0.gradient?.scalars ?? [] }
    for (p, gradient) in zip(model.trainableParameters, gradients) {
      let norm = gradient.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
      guard norm > 0 else {
        Issue.record("\(method) \(p.name): zero gradient")
        continue
      }
      let direction = gradient.map { Float(Double($0) / norm) }
      let analytic = norm
      let original = p.value.scalars
      // A step that changes the loss by about 0.2% to first order, well above Float rounding,
      // and moves no value by more than 1e-2; Richardson extrapolation over h and h/2 removes
      // the second-order term.
      let h = Float(min(2e-3 * base / norm, 1e-2))
      func slope(_ step: Float) -> Double {
        p.value.scalars = zip(original, direction).map { $0 + step * $1 }
        let plus = loss()
        p.value.scalars = zip(original, direction).map { $0 - step * $1 }
        let minus = loss()
        return (plus - minus) / (2 * Double(step))
      }
      let numeric = (4 * slope(h / 2) - slope(h)) / 3
      p.value.scalars = original
      let scale = max(abs(numeric), abs(analytic), 1e-6)
      // Float rounding of the loss (about 1e-7 relative, twice, divided by the step) bounds what
      // a finite difference can resolve for a tensor whose gradient is tiny.
      let noise = 4e-7 * base / Double(h)
      #expect(
        abs(numeric - analytic) <= 5e-2 * scale + noise,
        "\(method) \(p.name): ⟨∇L, v⟩ = \(analytic), finite difference \(numeric)")
    }
  }
}
