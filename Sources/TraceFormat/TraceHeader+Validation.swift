/// One reason a trace header cannot be used, at a JSON key path such as `model.layers`.
public struct TraceHeaderProblem: Error, Sendable, Equatable, CustomStringConvertible {
  public var key: String
  public var reason: String

  public init(key: String, reason: String) {
    self.key = key
    self.reason = reason
  }

  public var description: String { "\(key): \(reason)" }
}

extension TraceHeader {
  /// Every problem of this header at once (empty when it is valid): the one validation that
  /// writers, the reader (so `trace inspect`, `replay` and everything else) and importers apply.
  /// Every dimension and count is checked against `TraceLimits`.
  public var validationProblems: [TraceHeaderProblem] {
    var problems: [TraceHeaderProblem] = []
    func require(_ condition: Bool, _ key: String, _ reason: @autoclosure () -> String) {
      if !condition { problems.append(TraceHeaderProblem(key: key, reason: reason())) }
    }
    func range(_ value: Int, _ limit: ClosedRange<Int>, _ key: String) {
      require(limit.contains(value), key, TraceLimits.expected(limit, found: value))
    }
    require(
      TraceHeader.supportedFormatVersions.contains(formatVersion), "formatVersion",
      "expected \(TraceHeader.supportedFormatVersions), found \(formatVersion)")
    var maxHidden = model.hidden
    if let architecture {
      require(formatVersion >= 2, "architecture", "only format version 2 headers have one")
      problems += architecture.validationProblems(keyPrefix: "architecture.")
      require(
        model == architecture.compatibilityDimensions, "model",
        "a version-2 header's model must be derived from its architecture (set architecture, "
          + "not model)")
      maxHidden = architecture.stacks.map(\.hidden).max() ?? 0
    } else {
      require(formatVersion < 2, "architecture", "missing key (format version 2 needs it)")
      require(
        model.name.utf8.count <= TraceLimits.nameBytes, "model.name",
        "expected at most \(TraceLimits.nameBytes) bytes, found \(model.name.utf8.count)")
      range(model.layers, TraceLimits.layers, "model.layers")
      range(model.hidden, TraceLimits.hidden, "model.hidden")
      range(model.intermediate, TraceLimits.intermediate, "model.intermediate")
      range(model.heads, TraceLimits.heads, "model.heads")
      require(
        model.heads < 1 || model.hidden % model.heads == 0, "model.heads",
        "hidden \(model.hidden) is not a multiple of heads \(model.heads)")
    }
    problems += peftProblems(maxHidden: maxHidden)
    let layers = globalLayerCount
    require(deft.densityWeight.isFinite, "deft.densityWeight", "expected a finite number")
    require(deft.densityEps.isFinite, "deft.densityEps", "expected a finite number")
    require(
      deft.skippedLayers.allSatisfy { (0..<max(layers, 0)).contains($0) }
        && Set(deft.skippedLayers).count == deft.skippedLayers.count,
      "deft.skippedLayers",
      "expected distinct layer indices in 0..<\(layers), found \(deft.skippedLayers.prefix(20))")
    for (name, value) in task.metrics where !value.isFinite {
      problems.append(
        TraceHeaderProblem(key: "task.metrics.\(name)", reason: "expected a finite number"))
    }
    switch zeroDefinition {
    case .exact: break
    case .threshold(let tau):
      require(
        tau.isFinite && tau >= 0, "zeroDefinition.threshold", "expected finite >= 0, found \(tau)")
    case .quantized(let bits, let scales):
      range(bits, TraceLimits.quantizationBits, "zeroDefinition.bits")
      require(
        scales.count == layers, "zeroDefinition.scales",
        "expected one scale per layer (\(layers)), found \(scales.count)")
      require(
        scales.allSatisfy { $0.isFinite && $0 >= 0 }, "zeroDefinition.scales",
        "expected finite scales >= 0")
    }
    return problems
  }

  private func peftProblems(maxHidden: Int) -> [TraceHeaderProblem] {
    var problems: [TraceHeaderProblem] = []
    func require(_ condition: Bool, _ key: String, _ reason: @autoclosure () -> String) {
      if !condition { problems.append(TraceHeaderProblem(key: key, reason: reason())) }
    }
    require(
      TraceLimits.peftMethods.contains(peft.method), "peft.method",
      "expected one of \(TraceLimits.peftMethods.sorted().joined(separator: ", ")), "
        + "found \"\(peft.method.prefix(40))\"")
    if let rank = peft.loraRank {
      require(
        TraceLimits.loraRank.contains(rank), "peft.loraRank",
        TraceLimits.expected(TraceLimits.loraRank, found: rank))
    }
    if let alpha = peft.loraAlpha {
      require(alpha.isFinite, "peft.loraAlpha", "expected a finite number, found \(alpha)")
    }
    if let targets = peft.loraTargets {
      let gated = architecture?.stacks.contains { $0.mlp.isGated } ?? false
      let known = TraceLimits.loraTargets.subtracting(gated ? [] : ["mlp-gate"])
      for target in targets where !known.contains(target) {
        problems.append(
          TraceHeaderProblem(
            key: "peft.loraTargets",
            reason: "unknown target \"\(target.prefix(40))\" (expected "
              + "\(known.sorted().joined(separator: ", ")))"))
      }
      require(
        Set(targets).count == targets.count, "peft.loraTargets",
        "expected distinct targets, found \(targets)")
    }
    if let width = peft.adapterWidth {
      let limit = 1...max(1, maxHidden)
      require(
        limit.contains(width), "peft.adapterWidth",
        TraceLimits.expected(limit, found: width) + " (at most the hidden size)")
    }
    require(
      TraceLimits.promptTokens.contains(peft.promptTokens), "peft.promptTokens",
      TraceLimits.expected(TraceLimits.promptTokens, found: peft.promptTokens))
    require(
      TraceLimits.prefixLength.contains(peft.prefixLength), "peft.prefixLength",
      TraceLimits.expected(TraceLimits.prefixLength, found: peft.prefixLength))
    if let parameters = peft.trainableParameters {
      require(parameters >= 0, "peft.trainableParameters", "expected >= 0, found \(parameters)")
    }
    return problems
  }
}
