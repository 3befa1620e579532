import Foundation
import Model
import TensorCore
import Testing
import TraceFormat
import Training

/// ADA-DEFT at evaluation: blocks whose gate is below the threshold are not computed, their
/// activations are zero, the trace header lists them and their masks are empty.
@Suite struct ADASkipTests {
  @Test func closedGatesSkipBlocksInEvaluationAndTrace() throws {
    let pretrained = try PretrainedModel(directory: try testModelDirectory())
    let data = try TaskData.load(
      .glue(.sst2), dataDirectory: testDataDirectory(), tokenizer: pretrained.tokenizer,
      options: TaskData.Options(maxLength: 64, trainLimit: 1, evaluationLimit: 24))
    let configuration = TrainingConfiguration(
      task: "sst2", peft: PEFTConfiguration(method: .lora, ada: ADAConfiguration()))
    let model = TaskModel(
      encoder: pretrained.encoder, task: .glue(.sst2), configuration: configuration.peft, seed: 1)
    for layer in [1, 3] { model.peft.layers[layer].gate?.logit.value.scalars = [-5] }
    let path = try makeTemporaryDirectory() + "/ada.zst"
    let result = try Evaluator(
      model: model, data: data,
      options: EvaluationOptions(skipThreshold: 0.1, tracePath: path)
    ).run(header: { zero, metrics in
      TraceHeader(
        run: configuration, model: model, modelName: pretrained.name, zeroDefinition: zero,
        metrics: metrics, evaluationSplit: "dev", skippedLayers: [1, 3], toolVersion: "test",
        provenance: [:])
    })
    #expect(result.skippedLayers == [1, 3])
    let exact = try #require(result.density.entries.first { $0.label == "exact" })
    #expect(exact.perLayerDensity[1] == 0 && exact.perLayerDensity[3] == 0)
    #expect(exact.perLayerDensity[0] > 0.9)
    let reader = try TraceReader(path: path)
    #expect(reader.header.deft.ada && reader.header.deft.skippedLayers == [1, 3])
    while let record = try reader.next() {
      #expect(record.masks[1].nonZeroCount == 0 && record.masks[3].nonZeroCount == 0)
    }
    #expect(model.peft.skippedMLPLayers.isEmpty, "skipping is undone after evaluation")
  }
}
