import Foundation
import Model

/// What `deft-sim train` stores in a checkpoint's `__metadata__` besides the tensors, read back
/// and checked before anything is built from it: the format tag, the run's settings, the step
/// and the per-step losses so far (so a resumed run reports the same loss curve as an
/// uninterrupted one).
public struct CheckpointMetadata: Sendable, Equatable {
  /// The value of `__metadata__.format` in deft-sim checkpoints.
  public static let format = "deft-sim-checkpoint"

  public var configuration: TrainingConfiguration
  /// Optimiser steps taken (`optimizer_step`).
  public var step: Int
  /// The model's name (`model`), when recorded.
  public var modelName: String?
  /// The losses of steps `0..<step` (`losses`); nil in checkpoints written before they were
  /// recorded.
  public var losses: LossHistory?

  /// Reads and checks the metadata of `file` (read from `path`, for messages). Settings are
  /// checked against the largest model deft-sim loads; the caller checks them again against the
  /// model it loads.
  public init(_ file: CheckpointFile, path: String) throws(CheckpointError) {
    let metadata = file.metadata
    func bad(_ key: String, _ problem: String) -> CheckpointError {
      .badMetadata(path: path, key: key, problem: problem)
    }
    guard metadata["format"] == Self.format else {
      throw bad(
        "format",
        "expected '\(Self.format)', found "
          + (metadata["format"].map { "'\($0)'" } ?? "no format key"))
    }
    guard let json = metadata["configuration"] else {
      throw bad("configuration", "missing (the run's settings as JSON)")
    }
    do {
      configuration = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(json.utf8))
    } catch {
      throw bad("configuration", "not a deft-sim training configuration: \(Self.describe(error))")
    }
    let problems = configuration.problems(
      hidden: BertConfig.Limits.hiddenSize.upperBound,
      maxPositions: BertConfig.Limits.maxPositionEmbeddings.upperBound)
    if !problems.isEmpty { throw bad("configuration", problems.joined(separator: "; ")) }
    let steps = TrainingConfiguration.Limits.steps
    guard let text = metadata["optimizer_step"], let step = Int(text),
      (0...steps.upperBound).contains(step)
    else {
      throw bad(
        "optimizer_step",
        "expected an integer in 0...\(steps.upperBound), found "
          + (metadata["optimizer_step"].map { "'\($0)'" } ?? "none"))
    }
    self.step = step
    modelName = metadata["model"]
    if let text = metadata["losses"] {
      let history: LossHistory
      let decoder = JSONDecoder()
      decoder.nonConformingFloatDecodingStrategy = .convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      do { history = try decoder.decode(LossHistory.self, from: Data(text.utf8)) } catch {
        throw bad("losses", "not a loss history: \(Self.describe(error))")
      }
      guard history.task.count == step && history.density.count == step else {
        throw bad(
          "losses",
          "\(history.task.count) task and \(history.density.count) density losses for \(step) "
            + "steps")
      }
      losses = history
    } else {
      losses = nil
    }
  }

  /// The metadata strings of a checkpoint after `losses.task.count` steps.
  public static func strings(
    configuration: TrainingConfiguration, modelName: String, toolVersion: String,
    losses: LossHistory
  ) -> [String: String] {
    [
      "format": format, "configuration": canonicalJSON(configuration),
      "task": configuration.task, "method": configuration.peft.method.rawValue,
      "model": modelName, "tool_version": toolVersion,
      "optimizer_step": String(losses.task.count), "losses": canonicalJSON(losses),
    ]
  }

  /// Sorted-key JSON (the form compared between runs).
  public static func canonicalJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
  }

  private static func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    switch error {
    case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .dataCorrupted(let context):
      let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
      return (keys.isEmpty ? "" : "at '\(keys)': ") + context.debugDescription
    @unknown default: return "\(error)"
    }
  }
}

/// The task and density loss of every optimiser step so far.
public struct LossHistory: Codable, Sendable, Equatable {
  public var task: [Double]
  public var density: [Double]

  public init(task: [Double] = [], density: [Double] = []) {
    self.task = task
    self.density = density
  }

  public mutating func append(task: Double, density: Double) {
    self.task.append(task)
    self.density.append(density)
  }
}
