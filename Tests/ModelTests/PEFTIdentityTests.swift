import Model
import TensorCore
import Testing

/// Fresh PEFT modules that should not change the model do not: LoRA with B = 0, an adapter with
/// a zero up-projection, zero prompt tokens and zero prefix length all give exactly the base
/// model's outputs on the real pretrained encoder.
@Suite struct PEFTIdentityTests {
  static func goldenBatch(_ model: PretrainedModel) throws -> PackedBatch {
    PackedBatch(try GoldenCase.all().map { model.tokenizer.encode($0.textA, $0.textB) })
  }

  @Test(arguments: [
    PEFTConfiguration(method: .lora, loraTargets: LoRATarget.allCases),
    PEFTConfiguration(method: .adapter),
  ])
  func freshModuleEqualsBaseModel(_ configuration: PEFTConfiguration) throws {
    let model = try Fixtures.model()
    let batch = try Self.goldenBatch(model)
    let base = model.encoder.forward(batch)
    let peft = PEFTModules(configuration: configuration, encoder: model.encoder, seed: 1)
    let adapted = model.encoder.forward(batch, peft: peft)
    #expect(adapted.hidden.scalars == base.hidden.scalars)
    for l in base.mlpActivations.indices {
      #expect(adapted.mlpActivations[l].scalars == base.mlpActivations[l].scalars, "layer \(l)")
    }
  }

  @Test func zeroPromptAndPrefixEqualBaseModel() throws {
    let model = try Fixtures.model()
    let batch = try Self.goldenBatch(model)
    let base = model.encoder.forward(batch)
    let d = model.config.hiddenSize
    let empty = { (name: String) in
      Parameter(name: name, value: Tensor(zeros: [0, d]), isTrainable: true)
    }
    let peft = PEFTModules(layerCount: model.config.numHiddenLayers)
    peft.prompt = PromptTuning(embeddings: empty("prompt"))
    for l in peft.layers.indices {
      peft.layers[l].prefix = PrefixTuning(keys: empty("k\(l)"), values: empty("v\(l)"))
    }
    let adapted = model.encoder.forward(batch, peft: peft)
    #expect(adapted.hidden.scalars == base.hidden.scalars)
  }

  /// Prompt tuning prepends its tokens: the traced rows grow by the prompt length.
  @Test func promptTokensArePrependedToEverySequence() throws {
    let model = try Fixtures.model()
    let batch = try Self.goldenBatch(model)
    let peft = PEFTModules(
      configuration: PEFTConfiguration(method: .prompt, promptTokens: 5), encoder: model.encoder,
      seed: 2)
    let pass = model.encoder.run(batch, peft: peft, options: EncoderPassOptions())
    #expect(pass.layout.rowCount == batch.tokenCount + 5 * batch.sequenceCount)
    #expect(pass.output.mlpActivations[0].dim(0) == pass.layout.rowCount)
    #expect(pass.layout.clsRow(1) == batch.offsets[1] + 10)
  }
}
