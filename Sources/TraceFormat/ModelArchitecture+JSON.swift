import Foundation

extension ModelArchitecture {
  /// Decodes an architecture from a parsed JSON object at key path `fields.path`; every type
  /// error names its key. Ranges are checked by `validationProblems(keyPrefix:)`.
  public init(json fields: JSONFields) throws(TraceHeaderProblem) {
    var stacks: [StackArchitecture] = []
    for (i, item) in try fields.array("stacks").enumerated() {
      let stack = try JSONFields(path: fields.key("stacks") + "[\(i)]", value: item)
      let roleName = try stack.string("role")
      guard let role = StackRole(rawValue: roleName) else {
        throw TraceHeaderProblem(
          key: stack.key("role"), reason: "expected encoder or decoder, found \"\(roleName)\"")
      }
      let mlpFields = try stack.object("mlp")
      let activation = try mlpFields.string("activation")
      let mlp: MLPKind
      switch try mlpFields.string("kind") {
      case "plain": mlp = .plain(activation: activation)
      case "gated":
        let maskName = try mlpFields.string("masks")
        guard let masks = GatedMaskTensor(rawValue: maskName) else {
          throw TraceHeaderProblem(
            key: mlpFields.key("masks"), reason: "expected gate or product, found \"\(maskName)\"")
        }
        mlp = .gated(activation: activation, masks: masks)
      case let kind:
        throw TraceHeaderProblem(
          key: mlpFields.key("kind"), reason: "expected plain or gated, found \"\(kind)\"")
      }
      let heads = try stack.int("heads")
      let hidden = try stack.int("hidden")
      stacks.append(
        StackArchitecture(
          role: role, layers: try stack.int("layers"), hidden: hidden, heads: heads,
          kvHeads: try stack.optionalInt("kvHeads") ?? heads,
          headDim: try stack.optionalInt("headDim") ?? (heads > 0 ? hidden / heads : 0),
          intermediate: try stack.int("intermediate"), mlp: mlp))
    }
    self.init(
      name: try fields.string("name"), stacks: stacks, vocabSize: try fields.int("vocabSize"),
      tiedEmbeddings: try fields.bool("tiedEmbeddings"))
  }

  /// Reads and validates an architecture JSON file (`deft-sim trace import --arch`): one
  /// problem naming the file and key, or the architecture.
  public static func load(path: String) throws(ArchitectureFileError) -> ModelArchitecture {
    let bytes: [UInt8]
    do {
      let file = try PosixFile.openForReading(path: path)
      let size = try file.size()
      guard size <= TraceLimits.jsonFileBytes else {
        throw ArchitectureFileError(
          path: path, key: "(file)",
          reason: "\(size) bytes, above the limit of \(TraceLimits.jsonFileBytes)")
      }
      var buffer = [UInt8](repeating: 0, count: size)
      let got = try buffer.withUnsafeMutableBytes { raw throws(TraceError) in
        try file.read(into: raw)
      }
      bytes = Array(buffer[0..<got])
    } catch let error as ArchitectureFileError {
      throw error
    } catch let TraceError.io(_, operation, reason) {
      throw ArchitectureFileError(
        path: path, key: "(file)", reason: "\(operation) failed: \(reason)")
    } catch {
      throw ArchitectureFileError(path: path, key: "(file)", reason: "\(error)")
    }
    return try parse(bytes, path: path)
  }

  /// Parses and validates architecture JSON bytes that came from `path`.
  public static func parse(_ bytes: [UInt8], path: String) throws(ArchitectureFileError)
    -> ModelArchitecture
  {
    let value: JSONValue
    do { value = try StrictJSON.parse(bytes) } catch {
      throw ArchitectureFileError(path: path, key: "(syntax)", reason: error.description)
    }
    do throws(TraceHeaderProblem) {
      let architecture = try ModelArchitecture(json: JSONFields(path: "", value: value))
      if let problem = architecture.validationProblems(keyPrefix: "").first { throw problem }
      return architecture
    } catch {
      throw ArchitectureFileError(path: path, key: error.key, reason: error.reason)
    }
  }

  /// Every problem at once; keys are prefixed with `keyPrefix` (`architecture.` in a header).
  public func validationProblems(keyPrefix: String) -> [TraceHeaderProblem] {
    var problems: [TraceHeaderProblem] = []
    func check(_ ok: Bool, _ key: String, _ reason: @autoclosure () -> String) {
      if !ok { problems.append(TraceHeaderProblem(key: keyPrefix + key, reason: reason())) }
    }
    func range(_ value: Int, _ limit: ClosedRange<Int>, _ key: String) {
      check(limit.contains(value), key, TraceLimits.expected(limit, found: value))
    }
    check(
      name.utf8.count <= TraceLimits.nameBytes, "name",
      "expected at most \(TraceLimits.nameBytes) bytes, found \(name.utf8.count)")
    range(vocabSize, TraceLimits.vocabularySize, "vocabSize")
    let roles = stacks.map(\.role)
    check(
      roles == [.encoder] || roles == [.decoder] || roles == [.encoder, .decoder], "stacks",
      "expected [encoder], [decoder] or [encoder, decoder], found \(roles.map(\.rawValue))")
    for (i, stack) in stacks.enumerated() {
      let key = "stacks[\(i)]."
      range(stack.layers, TraceLimits.layers, key + "layers")
      range(stack.hidden, TraceLimits.hidden, key + "hidden")
      range(stack.heads, TraceLimits.heads, key + "heads")
      range(stack.kvHeads, TraceLimits.heads, key + "kvHeads")
      range(stack.headDim, TraceLimits.headDimension, key + "headDim")
      range(stack.intermediate, TraceLimits.intermediate, key + "intermediate")
      check(
        stack.kvHeads < 1 || stack.heads % stack.kvHeads == 0, key + "kvHeads",
        "expected a divisor of heads (\(stack.heads)), found \(stack.kvHeads)")
      let activation = stack.mlp.activation
      check(
        !activation.isEmpty && activation.utf8.count <= 32
          && activation.allSatisfy {
            $0.isASCII && ($0.isLowercase || $0.isNumber || "_-.".contains($0))
          },
        key + "mlp.activation",
        "expected a lowercase name of 1...32 characters [a-z0-9_.-] (gelu, silu, relu, …), "
          + "found \"\(activation.prefix(40))\"")
    }
    return problems
  }
}

/// A problem with an architecture JSON file: the file, the key (or `(syntax)`, `(file)`) and
/// the reason.
public struct ArchitectureFileError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var key: String
  public var reason: String

  public var description: String {
    let what =
      key == "(file)"
      ? "cannot read the architecture JSON" : "bad architecture JSON at key '\(key)'"
    return
      "\(path): \(what): \(reason). Hint: see examples/arch/ and docs/trace-format.md, "
      + "\"Architecture\"."
  }
}
