import Model
import TensorCore

/// The head on top of the encoder for a task.
public enum TaskHead {
  case classification(ClassificationHead)
  case span(SpanHead)

  public var parameters: [Parameter] {
    switch self {
    case .classification(let head): return head.parameters
    case .span(let head): return head.parameters
    }
  }
}

/// A frozen pretrained encoder, the trainable PEFT modules plugged into it, and a task head.
public final class TaskModel {
  public let encoder: BertEncoder
  public let peft: PEFTModules
  public let head: TaskHead
  public let task: TrainingTask

  public init(encoder: BertEncoder, peft: PEFTModules, head: TaskHead, task: TrainingTask) {
    self.encoder = encoder
    self.peft = peft
    self.head = head
    self.task = task
  }

  /// Fresh modules of `configuration` for `task`, initialised from `seed`. Freezes every encoder
  /// parameter (PEFT trains only its modules and the head).
  public convenience init(
    encoder: BertEncoder, task: TrainingTask, configuration: PEFTConfiguration, seed: UInt64,
    usePooler: Bool = true, recipe: TrainingRecipe = .deftSim
  ) {
    for p in encoder.parameters { p.isTrainable = false }
    let peft = PEFTModules(configuration: configuration, encoder: encoder, seed: seed)
    let head: TaskHead
    switch task.headKind {
    case .classification(let classes):
      head = .classification(
        ClassificationHead(
          encoder: encoder, classes: classes, usePooler: usePooler,
          initialization: recipe.headInitialization,
          dropoutBeforeClassifier: recipe.dropoutBeforeClassifier, seed: seed))
    case .regression:
      head = .classification(
        ClassificationHead(
          encoder: encoder, classes: 1, usePooler: usePooler,
          initialization: recipe.headInitialization,
          dropoutBeforeClassifier: recipe.dropoutBeforeClassifier, seed: seed))
    case .span:
      head = .span(SpanHead(hidden: encoder.config.hiddenSize, seed: seed))
    }
    self.init(encoder: encoder, peft: peft, head: head, task: task)
  }

  /// Every trainable parameter, in a fixed order (checkpoints and the optimiser use it).
  public var trainableParameters: [Parameter] { peft.parameters + head.parameters }

  public var trainableParameterCount: Int { trainableParameters.reduce(0) { $0 + $1.value.count } }
}
