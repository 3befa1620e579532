import Foundation
import Model
import TensorCore
import Testing
import TraceFormat
import Training

/// Whole runs on the real model and SST-2: every PEFT method learns, runs are deterministic
/// (metrics and trace bytes), resuming equals an uninterrupted run, frozen weights never change,
/// and bad settings or checkpoints fail clearly.
@Suite(.serialized) struct TrainingRunTests {
  static func request(
    _ configuration: TrainingConfiguration, out: String, trace: Bool = false, resume: Bool = false,
    measureDensity: Bool = false, stopAfter: Int? = nil
  ) throws -> TrainingRunRequest {
    TrainingRunRequest(
      configuration: configuration, modelDirectory: try testModelDirectory(),
      dataDirectory: testDataDirectory(), runDirectory: out, writeTrace: trace, resume: resume,
      evaluation: EvaluationOptions(measureDensity: measureDensity), checkpointEvery: 1000,
      stopAfterSteps: stopAfter, toolVersion: "test", commandLine: "test")
  }

  struct LearningCase: CustomStringConvertible, Sendable {
    var peft: PEFTConfiguration
    var learningRate: Float
    var description: String { peft.method.rawValue }
  }

  /// Short runs (100 steps of 16 sentences from 1,600) reach well above chance (50%) on 256 SST-2
  /// dev sentences; the bound (62%) is four standard errors above chance.
  @Test(arguments: [
    LearningCase(peft: PEFTConfiguration(method: .lora), learningRate: 1e-3),
    LearningCase(peft: PEFTConfiguration(method: .qlora), learningRate: 1e-3),
    LearningCase(peft: PEFTConfiguration(method: .adapter), learningRate: 1e-3),
    LearningCase(peft: PEFTConfiguration(method: .prompt, promptTokens: 10), learningRate: 3e-2),
    LearningCase(peft: PEFTConfiguration(method: .prefix, prefixLength: 10), learningRate: 1e-2),
  ])
  func everyMethodLearnsSST2(_ c: LearningCase) throws {
    let out = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let configuration = TrainingConfiguration(
      task: "sst2", peft: c.peft, maxSteps: 100, batchSize: 16, learningRate: c.learningRate,
      trainLimit: 1600, evaluationLimit: 256)
    let metrics = try #require(try TrainingRun.train(try Self.request(configuration, out: out)))
    let accuracy = metrics.evaluation.metrics.valuesPercent["accuracy"] ?? 0
    #expect(accuracy >= 62, "\(c): accuracy \(accuracy)% after 100 steps")
    #expect(FileManager.default.fileExists(atPath: out + "/checkpoint.safetensors"))
    #expect(FileManager.default.fileExists(atPath: out + "/metrics.json"))
  }

  static let small = TrainingConfiguration(
    task: "sst2", peft: PEFTConfiguration(method: .lora, loraTargets: LoRATarget.allCases),
    densityLoss: DensityLoss(epsilon: 1e-3), maxSteps: 12, batchSize: 8, learningRate: 1e-3,
    trainLimit: 96, evaluationLimit: 48)

  /// The same command twice: identical evaluation results, losses and trace bytes.
  @Test func sameSeedGivesIdenticalMetricsAndTraceBytes() throws {
    var outcomes: [(RunMetrics, Data)] = []
    let out = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: out) }
    for _ in 0..<2 {
      try? FileManager.default.removeItem(atPath: out)
      let metrics = try #require(
        try TrainingRun.train(
          try Self.request(Self.small, out: out, trace: true, measureDensity: true)))
      outcomes.append((metrics, try Data(contentsOf: URL(fileURLWithPath: out + "/trace.zst"))))
    }
    var a = outcomes[0].0.evaluation
    var b = outcomes[1].0.evaluation
    a.tracePath = nil
    b.tracePath = nil
    #expect(a == b)
    #expect(outcomes[0].0.training?.lossCurve == outcomes[1].0.training?.lossCurve)
    #expect(outcomes[0].1 == outcomes[1].1, "trace bytes differ")
    let reader = try TraceReader(
      path: try {
        let out = try makeTemporaryDirectory()
        let path = out + "/t.zst"
        try outcomes[0].1.write(to: URL(fileURLWithPath: path))
        return path
      }())
    #expect(reader.header.deft.enabled && reader.header.deft.densityEps == Double(Float(1e-3)))
    #expect(reader.header.peft.loraTargets?.count == 6)
    #expect(reader.header.task.metrics["accuracy"] != nil)
    #expect(reader.header.model.intermediate == 1536)
  }

  /// Training 12 steps straight equals 6 steps, a stop, and `--resume` to 12: the checkpoint holds
  /// the parameters, AdamW's moments, the step and every step's losses; data order and dropout
  /// depend only on the step. The checkpoint, the trace and metrics.json are byte for byte the
  /// same, apart from metrics.json's `measured` section (times, peak memory, resumed step).
  @Test func resumeEqualsUninterruptedRun() throws {
    let out = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: out) }
    func files() throws -> (checkpoint: Data, trace: Data, metrics: [String: Any]) {
      func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
      }
      var metrics = try #require(
        try JSONSerialization.jsonObject(with: data("metrics.json")) as? [String: Any])
      #expect(metrics.removeValue(forKey: "measured") != nil, "metrics.json has no measured")
      return (try data("checkpoint.safetensors"), try data("trace.zst"), metrics)
    }
    let request = { (stop: Int?, resume: Bool) in
      try Self.request(
        Self.small, out: out, trace: true, resume: resume, measureDensity: true, stopAfter: stop)
    }
    let straight = try #require(try TrainingRun.train(try request(nil, false)))
    #expect(straight.measured.resumedFromStep == 0)
    let expected = try files()
    try FileManager.default.removeItem(atPath: out)
    #expect(try TrainingRun.train(try request(6, false)) == nil)
    let resumed = try #require(try TrainingRun.train(try request(nil, true)))
    #expect(resumed.measured.resumedFromStep == 6)
    let found = try files()
    #expect(found.checkpoint == expected.checkpoint, "checkpoint bytes differ")
    #expect(found.trace == expected.trace, "trace bytes differ")
    #expect(
      try JSONSerialization.data(withJSONObject: found.metrics, options: .sortedKeys)
        == JSONSerialization.data(withJSONObject: expected.metrics, options: .sortedKeys),
      "metrics.json differs outside measured")
    #expect(resumed.training == straight.training)
    #expect(resumed.training?.lossCurve.count == 12)
  }

  /// PEFT never changes the pretrained weights.
  @Test func frozenWeightsAreUnchangedAfterTraining() throws {
    let directory = try testModelDirectory()
    let model = try PretrainedModel(directory: directory)
    let before = model.encoder.parameters.map(\.value)
    let data = try TaskData.load(
      .glue(.sst2), dataDirectory: testDataDirectory(), tokenizer: model.tokenizer,
      options: TaskData.Options(maxLength: 32, trainLimit: 32, evaluationLimit: 1))
    for method in [PEFTMethod.lora, .adapter, .prompt, .prefix] {
      let taskModel = TaskModel(
        encoder: model.encoder, task: .glue(.sst2),
        configuration: PEFTConfiguration(method: method, promptTokens: 4, prefixLength: 4), seed: 1)
      let trainer = Trainer(
        configuration: TrainingConfiguration(
          task: "sst2", peft: taskModel.peft.configuration ?? PEFTConfiguration(method: method),
          maxSteps: 2, batchSize: 16),
        model: taskModel, data: data)
      let trainableBefore = taskModel.trainableParameters.map(\.value)
      _ = trainer.trainStep()
      _ = trainer.trainStep()
      #expect(model.encoder.parameters.map(\.value) == before, "\(method) changed a frozen weight")
      #expect(
        taskModel.trainableParameters.map(\.value) != trainableBefore, "\(method) did not train")
    }
  }

  @Test func checkpointOfAnotherMethodIsRejected() throws {
    let out = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: out) }
    var c = Self.small
    c.maxSteps = 1
    c.densityLoss = nil
    _ = try TrainingRun.train(try Self.request(c, out: out))
    var other = c
    other.peft = PEFTConfiguration(method: .adapter)
    #expect {
      _ = try TrainingRun.train(try Self.request(other, out: out, resume: true))
    } throws: { error in
      "\(error)".contains(
        "checkpoint does not match this run: method is 'lora', expected 'adapter'")
    }
  }

  @Test func finishedRunIsNotOverwrittenByAccident() throws {
    let out = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: out) }
    var c = Self.small
    c.maxSteps = 1
    _ = try TrainingRun.train(try Self.request(c, out: out))
    let before = try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoint.safetensors"))
    #expect {
      _ = try TrainingRun.train(try Self.request(c, out: out))
    } throws: { error in
      "\(error)".contains("already holds checkpoint.safetensors")
        && "\(error)".contains("--overwrite")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoint.safetensors")) == before)
  }

  @Test func unwritableRunDirectoryFailsClearly() throws {
    let parent = try makeTemporaryDirectory()
    let file = parent + "/not-a-directory"
    try writeFile(file, "x")
    #expect {
      _ = try TrainingRun.train(try Self.request(Self.small, out: file + "/run"))
    } throws: { error in
      "\(error)".contains("cannot use as run directory") && "\(error)".contains("--out")
    }
  }
}
