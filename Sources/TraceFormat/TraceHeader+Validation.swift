/// One reason a trace header cannot be used, at a JSON key path such as `model.layers`.
public struct TraceHeaderProblem: Sendable, Equatable, CustomStringConvertible {
  public var key: String
  public var reason: String

  public init(key: String, reason: String) {
    self.key = key
    self.reason = reason
  }

  public var description: String { "\(key): \(reason)" }
}

extension TraceHeader {
  /// Every problem of this header at once (empty when it is valid). Writers refuse and readers
  /// reject a header with problems.
  public var validationProblems: [TraceHeaderProblem] {
    var problems: [TraceHeaderProblem] = []
    func require(_ condition: Bool, _ key: String, _ reason: @autoclosure () -> String) {
      if !condition { problems.append(TraceHeaderProblem(key: key, reason: reason())) }
    }
    require(
      formatVersion == TraceHeader.currentFormatVersion, "formatVersion",
      "expected \(TraceHeader.currentFormatVersion), found \(formatVersion)")
    require(model.layers >= 1, "model.layers", "expected >= 1, found \(model.layers)")
    require(model.hidden >= 1, "model.hidden", "expected >= 1, found \(model.hidden)")
    require(
      model.intermediate >= 1, "model.intermediate",
      "expected >= 1, found \(model.intermediate)")
    require(model.heads >= 1, "model.heads", "expected >= 1, found \(model.heads)")
    require(
      model.heads < 1 || model.hidden % model.heads == 0, "model.heads",
      "hidden \(model.hidden) is not a multiple of heads \(model.heads)")
    require(
      peft.promptTokens >= 0, "peft.promptTokens", "expected >= 0, found \(peft.promptTokens)")
    require(
      peft.prefixLength >= 0, "peft.prefixLength", "expected >= 0, found \(peft.prefixLength)")
    require(
      deft.skippedLayers.allSatisfy { (0..<max(model.layers, 0)).contains($0) },
      "deft.skippedLayers",
      "expected layer indices in 0..<\(model.layers), found \(deft.skippedLayers)")
    switch zeroDefinition {
    case .exact: break
    case .threshold(let tau):
      require(
        tau.isFinite && tau >= 0, "zeroDefinition.threshold", "expected finite >= 0, found \(tau)")
    case .quantized(let bits, let scales):
      require((2...32).contains(bits), "zeroDefinition.bits", "expected 2...32, found \(bits)")
      require(
        scales.count == model.layers, "zeroDefinition.scales",
        "expected one scale per layer (\(model.layers)), found \(scales.count)")
      require(
        scales.allSatisfy { $0.isFinite && $0 >= 0 }, "zeroDefinition.scales",
        "expected finite scales >= 0")
    }
    return problems
  }
}
