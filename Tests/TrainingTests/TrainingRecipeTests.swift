import Model
import TensorCore
import Testing
import Training

/// `--recipe reference`: the PyTorch reference's head, initialisation, dropout, decay and
/// clipping (docs/method.md).
@Suite struct TrainingRecipeTests {
  static let config = BertConfig(
    vocabSize: 24, hiddenSize: 64, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 96,
    maxPositionEmbeddings: 40, layerNormEps: 1e-5)

  @Test func referenceHeadAndLoRAInitialisation() throws {
    let encoder = BertEncoder(randomWith: Self.config, seed: 1)
    let peft = PEFTConfiguration(
      method: .lora, loraRank: 8, loraDropout: 0,
      loraInitialization: TrainingRecipe.reference.loraInitialization)
    let model = TaskModel(
      encoder: encoder, task: .glue(.sst2), configuration: peft, seed: 3, usePooler: false,
      recipe: .reference)
    guard case .classification(let head) = model.head else {
      Issue.record("expected a classification head")
      return
    }
    #expect(head.pooler == nil)
    #expect(!head.dropoutBeforeClassifier)
    let bound = 1 / Float(64).squareRoot()
    let weights = head.classifier.weight.value.scalars + (head.classifier.bias?.value.scalars ?? [])
    #expect(weights.allSatisfy { abs($0) <= bound })
    #expect(weights.contains { abs($0) > 0.1 })  // not normal(0, 0.02)
    let a = try #require(model.peft.layers[0].lora[.query]).a.value.scalars
    let std = (a.reduce(0) { $0 + Double($1 * $1) } / Double(a.count)).squareRoot()
    #expect(abs(std - Double(bound)) < 0.1 * Double(bound))  // Gaussian: std 1/√in
    #expect(a.contains { abs($0) > bound })  // beyond the uniform bound
    let defaultModel = TaskModel(
      encoder: BertEncoder(randomWith: Self.config, seed: 1), task: .glue(.sst2),
      configuration: PEFTConfiguration(method: .lora), seed: 3)
    let uniformA = try #require(defaultModel.peft.layers[0].lora[.query]).a.value.scalars
    #expect(uniformA.allSatisfy { abs($0) <= bound })
  }

  @Test func recipeDefaults() {
    #expect(TrainingRecipe.reference.defaultClassifierInput == .cls)
    #expect(TrainingRecipe.reference.defaultLoRADropout == 0)
    #expect(!TrainingRecipe.reference.clipsGradients)
    #expect(!TrainingRecipe.reference.excludesBiasesFromDecay)
    #expect(TrainingRecipe.deftSim.clipsGradients)
    let c = TrainingConfiguration(task: "sst2", peft: PEFTConfiguration(method: .lora))
    #expect(c.resolvedRecipe == .deftSim)
  }
}
