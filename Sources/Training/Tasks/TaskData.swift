import Model
import TensorCore

/// The tokenised training and evaluation sets of a task.
public struct TaskData: Sendable {
  public var task: TrainingTask
  public var train: [TrainingExample]
  public var evaluation: [TrainingExample]
  /// GLUE: the evaluation examples (same order as `evaluation`), for the metrics.
  public var evaluationExamples: [Example]
  /// SQuAD: the evaluation questions and their features (`evaluation` holds one entry per
  /// feature).
  public var squadEvaluation: (examples: [SQuADExample], features: [SpanFeature])?
  /// Where the sets came from, for headers and reports (e.g. `glue/SST-2/train.tsv`).
  public var trainSource: String
  public var evaluationSource: String

  /// Options for building a task's sets.
  public struct Options: Sendable, Equatable {
    public var maxLength: Int
    public var docStride: Int
    /// A seeded random subset of this many training examples (nil: all).
    public var trainLimit: Int?
    /// The first this many evaluation examples in file order (nil: all).
    public var evaluationLimit: Int?
    /// Train on this fraction of the dev set and evaluate on the rest, when the task has no
    /// train split (QNLI here; SQuAD always: only dev-v1.1.json is available).
    public var trainFromDevFraction: Double?
    public var seed: UInt64

    public init(
      maxLength: Int, docStride: Int = 128, trainLimit: Int? = nil, evaluationLimit: Int? = nil,
      trainFromDevFraction: Double? = nil, seed: UInt64 = 0
    ) {
      self.maxLength = maxLength
      self.docStride = docStride
      self.trainLimit = trainLimit
      self.evaluationLimit = evaluationLimit
      self.trainFromDevFraction = trainFromDevFraction
      self.seed = seed
    }
  }

  /// Reads and tokenises `task` from `dataDirectory`.
  public static func load(
    _ task: TrainingTask, dataDirectory: String, tokenizer: WordPieceTokenizer, options: Options
  ) throws(DatasetError) -> TaskData {
    switch task {
    case .glue(let glue):
      return try loadGLUE(
        glue, dataDirectory: dataDirectory, tokenizer: tokenizer, options: options)
    case .squad:
      return try loadSQuAD(dataDirectory: dataDirectory, tokenizer: tokenizer, options: options)
    }
  }

  static func loadGLUE(
    _ task: GLUETask, dataDirectory: String, tokenizer: WordPieceTokenizer, options o: Options
  ) throws(DatasetError) -> TaskData {
    let dev = try GLUEReader.read(task, split: .dev, dataDirectory: dataDirectory)
    var train: [Example]
    var evaluation = dev
    var trainSource = task.relativePath(.train)
    var evaluationSource = task.relativePath(.dev)
    if let fraction = o.trainFromDevFraction {
      let order = ExampleOrder.permutation(count: dev.count, seed: o.seed ^ 0xDE5)
      let cut = Int((fraction * Double(dev.count)).rounded())
      train = order.prefix(cut).map { dev[$0] }
      evaluation = order.dropFirst(cut).sorted().map { dev[$0] }
      trainSource = "\(task.relativePath(.dev)) (\(cut) rows, seeded split)"
      evaluationSource = "\(task.relativePath(.dev)) (the other \(dev.count - cut) rows)"
    } else {
      do throws(DatasetError) {
        train = try GLUEReader.read(task, split: .train, dataDirectory: dataDirectory)
      } catch {
        if case .fileMissing(let path, let dataset) = error {
          throw .missingTrainSplit(path: path, dataset: dataset)
        }
        throw error
      }
    }
    train = ExampleOrder.subset(train, limit: o.trainLimit, seed: o.seed)
    evaluation = ExampleOrder.limited(evaluation, to: o.evaluationLimit)
    func tokenise(_ examples: [Example]) -> [TrainingExample] {
      Parallel.map((examples.count + 1023) / 1024) { chunk in
        examples[(chunk * 1024)..<min(examples.count, (chunk + 1) * 1024)].map { e in
          let target: TrainingTarget =
            switch e.label {
            case .classIndex(let c): .classIndex(c)
            case .score(let s): .score(s)
            }
          return TrainingExample(
            encoding: tokenizer.encode(e.textA, e.textB, maxLength: o.maxLength), target: target)
        }
      }.flatMap { $0 }
    }
    return TaskData(
      task: .glue(task), train: tokenise(train), evaluation: tokenise(evaluation),
      evaluationExamples: evaluation, squadEvaluation: nil, trainSource: trainSource,
      evaluationSource: evaluationSource)
  }

  static func loadSQuAD(
    dataDirectory: String, tokenizer: WordPieceTokenizer, options o: Options
  ) throws(DatasetError) -> TaskData {
    let dataset = try SQuADReader.readDev(dataDirectory: dataDirectory)
    let fraction = o.trainFromDevFraction ?? 0.8
    let split: SQuADSplit
    let featureOptions: SpanFeatureOptions
    do throws(SQuADOptionsError) {
      split = try dataset.split(trainArticleFraction: fraction)
      featureOptions = try SpanFeatureOptions(maxLength: o.maxLength, docStride: o.docStride)
    } catch {
      throw .invalidOption(error.description)
    }
    let trainExamples = ExampleOrder.subset(split.train, limit: o.trainLimit, seed: o.seed)
    let evalExamples = ExampleOrder.limited(split.evaluation, to: o.evaluationLimit)
    func examples(_ features: [SpanFeature]) -> [TrainingExample] {
      features.map {
        TrainingExample(
          encoding: $0.encoding, target: .span(start: $0.startPosition, end: $0.endPosition))
      }
    }
    let trainFeatures = SpanFeaturizer.features(
      for: trainExamples, tokenizer: tokenizer, options: featureOptions)
    let evalFeatures = SpanFeaturizer.features(
      for: evalExamples, tokenizer: tokenizer, options: featureOptions)
    return TaskData(
      task: .squad, train: examples(trainFeatures), evaluation: examples(evalFeatures),
      evaluationExamples: [], squadEvaluation: (evalExamples, evalFeatures),
      trainSource:
        "\(SQuADReader.devRelativePath) (\(split.trainTitles.count) articles, \(split.train.count) questions)",
      evaluationSource:
        "\(SQuADReader.devRelativePath) (other \(split.evaluationTitles.count) articles, \(split.evaluation.count) questions)"
    )
  }
}
