import Model
import TensorCore
import Testing

/// Finite-difference checks of the encoder backward pass with every PEFT module plugged in,
/// with and without dropout and padding: the gradients of every trainable parameter (which
/// flow through every layer's input gradient: attention, softmax, LayerNorm, GELU, linear
/// layers, embeddings) match central differences of `Σ r_h ⊙ hidden + Σ_l r_l ⊙ a_l`.
@Suite struct EncoderGradientTests {
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var configuration: PEFTConfiguration
    var dropout = false
    var padded = false
    var trainBaseLayers = false
    var description: String { name }
  }

  static let cases: [Case] = [
    Case(name: "LoRA q,v", configuration: PEFTConfiguration(method: .lora, loraRank: 2)),
    Case(
      name: "LoRA all targets + dropout",
      configuration: PEFTConfiguration(
        method: .lora, loraRank: 2, loraTargets: LoRATarget.allCases),
      dropout: true),
    Case(
      name: "QLoRA", configuration: PEFTConfiguration(method: .qlora, loraRank: 3, nf4BlockSize: 8)),
    Case(
      name: "adapter + dropout + padding",
      configuration: PEFTConfiguration(method: .adapter, adapterReductionFactor: 2), dropout: true,
      padded: true),
    Case(
      name: "prompt tuning + dropout",
      configuration: PEFTConfiguration(method: .prompt, promptTokens: 3),
      dropout: true),
    Case(name: "prefix tuning", configuration: PEFTConfiguration(method: .prefix, prefixLength: 2)),
    Case(
      name: "prefix tuning + dropout + padding",
      configuration: PEFTConfiguration(method: .prefix, prefixLength: 2), dropout: true,
      padded: true),
    Case(
      name: "ADA-DEFT gates on LoRA",
      configuration: PEFTConfiguration(
        method: .lora, loraRank: 2, ada: ADAConfiguration(initialLogit: 0.5))),
    Case(
      name: "base layers trainable (Linear, LayerNorm weights)",
      configuration: PEFTConfiguration(method: .prompt, promptTokens: 2), trainBaseLayers: true),
  ]

  @Test(arguments: cases)
  func trainableGradientsMatchFiniteDifferences(_ c: Case) {
    let encoder = TinyEncoder.make()
    let peft = PEFTModules(configuration: c.configuration, encoder: encoder, seed: 7)
    TinyEncoder.randomizeLoRA(peft, seed: 9)
    var trainable = peft.parameters
    if c.trainBaseLayers {
      for layer in encoder.layers {
        for linear in layer.linears {
          linear.weight.isTrainable = true
          linear.bias?.isTrainable = true
          trainable += [linear.weight] + (linear.bias.map { [$0] } ?? [])
        }
        for norm in [layer.attentionNorm, layer.outputNorm] {
          norm.gamma.isTrainable = true
          norm.beta.isTrainable = true
          trainable += [norm.gamma, norm.beta]
        }
      }
    }
    var batch = TinyEncoder.batch()
    if c.padded { batch = batch.padded(padId: 0) }
    let dropout = c.dropout ? StepDropout(seed: 42, hiddenRate: 0.1, attentionRate: 0.1) : nil
    let pass = encoder.run(
      batch, peft: peft, options: EncoderPassOptions(dropout: dropout, keepCache: true))
    let rHidden = GradientCheck.random(pass.output.hidden.count, seed: 11)
    let rActivations = pass.output.mlpActivations.enumerated().map { l, a in
      GradientCheck.random(a.count, seed: 100 + UInt64(l))
    }
    func loss() -> Double {
      let p = encoder.run(batch, peft: peft, options: EncoderPassOptions(dropout: dropout))
      var total = GradientCheck.dot(p.output.hidden.scalars, rHidden)
      for (a, r) in zip(p.output.mlpActivations, rActivations) {
        total += GradientCheck.dot(a.scalars, r)
      }
      return total
    }
    let store = GradientStore(parameters: trainable)
    encoder.backward(
      pass, gradHidden: Tensor(shape: pass.output.hidden.shape, scalars: rHidden),
      gradActivations: zip(pass.output.mlpActivations, rActivations).map {
        Tensor(shape: $0.shape, scalars: $1)
      },
      peft: peft, gradients: store)
    #expect(!trainable.isEmpty)
    for p in trainable {
      if p.name.hasSuffix("attention.self.key.bias") {
        // Softmax ignores a constant added to a row of scores, so dL/db_k is exactly 0.
        let g = store.gradient(of: p).scalars.map { abs($0) }.max() ?? 0
        #expect(g < 1e-4, "\(p.name): |gradient| = \(g), expected 0")
        continue
      }
      GradientCheck.expect(p, analytic: store.gradient(of: p), loss: loss)
    }
  }

  /// Padding rows are computed but never attended to: real rows equal the unpadded pass.
  @Test func paddingDoesNotChangeRealRows() {
    let encoder = TinyEncoder.make()
    for configuration in [
      PEFTConfiguration(method: .prefix, prefixLength: 2),
      PEFTConfiguration(method: .prompt, promptTokens: 3),
    ] {
      let peft = PEFTModules(configuration: configuration, encoder: encoder, seed: 3)
      let batch = TinyEncoder.batch()
      let plain = encoder.run(batch, peft: peft, options: EncoderPassOptions())
      let padded = encoder.run(batch.padded(padId: 0), peft: peft, options: EncoderPassOptions())
      let d = encoder.config.hiddenSize
      for s in 0..<batch.sequenceCount {
        for (a, b) in zip(plain.layout.tracedRows(s), padded.layout.tracedRows(s)) {
          for j in 0..<d {
            let x = plain.output.hidden.scalars[a * d + j]
            let y = padded.output.hidden.scalars[b * d + j]
            #expect(abs(x - y) < 1e-5, "\(configuration.method) sequence \(s) row \(a) unit \(j)")
          }
        }
      }
    }
  }

  /// A split batch draws the same dropout masks as the whole (masks are keyed by global row).
  @Test func splitBatchEqualsWholeUnderDropout() {
    let encoder = TinyEncoder.make()
    let peft = PEFTModules(
      configuration: PEFTConfiguration(
        method: .lora, loraRank: 2, loraTargets: LoRATarget.allCases),
      encoder: encoder, seed: 3)
    TinyEncoder.randomizeLoRA(peft, seed: 4)
    let batch = TinyEncoder.batch()
    let dropout = StepDropout(seed: 5, hiddenRate: 0.2, attentionRate: 0.2)
    let whole = encoder.run(batch, peft: peft, options: EncoderPassOptions(dropout: dropout))
    var parts: [Float] = []
    for range in [0..<1, 1..<3] {
      let part = batch.sequences(range)
      let firstRow = batch.offsets[range.lowerBound]
      parts +=
        encoder.run(
          part, peft: peft, options: EncoderPassOptions(dropout: dropout, firstRow: firstRow)
        ).output.hidden.scalars
    }
    let maxDifference = zip(parts, whole.output.hidden.scalars).map { abs($0 - $1) }.max() ?? 0
    #expect(parts.count == whole.output.hidden.count)
    #expect(maxDifference < 1e-5, "max |split − whole| = \(maxDifference)")
  }
}
