import Foundation
import Testing
import TraceFormat

/// Well-sealed files carrying absurd or malformed values (issue 15's class of bugs): each must give
/// one `TraceError` naming the key or field, before any large allocation.
@Suite final class HostileTraceTests {
  let directory = TemporaryDirectory()
  let path: String
  let v1Header = TraceHeader(
    model: ModelDimensions(name: "m", layers: 6, hidden: 384, intermediate: 1536, heads: 12))

  init() { path = directory.file("hostile.trace") }
  deinit { directory.cleanUp() }

  func readError(_ bytes: [UInt8]) -> TraceError? {
    writeBytes(bytes, to: path)
    return traceError { _ = try readAll(path) }
  }

  /// The v1 header JSON with `old` replaced by `new` (which must occur).
  func v1JSON(_ old: String, _ new: String) -> String {
    let json = TraceCrafting.json(v1Header)
    #expect(json.contains(old), "fixture JSON lacks \(old)")
    return json.replacingOccurrences(of: old, with: new)
  }

  func headerKey(_ json: String, version: UInt32 = 1) -> (key: String, reason: String)? {
    let error = readError(TraceCrafting.file(version: version, headerJSON: json, payloads: []))
    guard case .badHeader(_, let key, let reason)? = error else {
      Issue.record("expected badHeader, got \(String(describing: error))")
      return nil
    }
    return (key, reason)
  }

  @Test func absurdHeaderDimensionsAreNamedByKey() {
    let cases: [(String, String, String)] = [
      (#""layers":6"#, #""layers":1000000000"#, "model.layers"),
      (#""layers":6"#, #""layers":1e9"#, "model.layers"),
      (#""hidden":384"#, #""hidden":4611686018427387904"#, "model.hidden"),
      (#""intermediate":1536"#, #""intermediate":4294967296"#, "model.intermediate"),
      (#""prefixLength":0"#, #""prefixLength":4611686018427387904"#, "peft.prefixLength"),
      (#""promptTokens":0"#, #""promptTokens":-1"#, "peft.promptTokens"),
      (
        #""method":"none""#, #""method":"none","adapterWidth":4611686018427387904"#,
        "peft.adapterWidth"
      ),
      (#""method":"none""#, #""method":"lora","loraRank":0"#, "peft.loraRank"),
      (#""method":"none""#, #""method":"magic""#, "peft.method"),
    ]
    for (old, new, key) in cases {
      let found = headerKey(v1JSON(old, new))
      #expect(found?.key == key, "\(new)")
      #expect(found?.reason.contains("expected an integer in") ?? false || key == "peft.method")
    }
  }

  @Test func badIntegerLiteralsAreNamedByKey() {
    let cases: [(String, String)] = [
      (#""layers":2.5"#, "expected an integer, found 2.5"),
      (#""layers":1e30"#, "expected an integer, found 1e30"),
      (#""layers":"6""#, #"expected an integer, found "6""#),
      (#""layers":99999999999999999999"#, "integer 99999999999999999999 is out of range"),
      (#""layers":null"#, "expected an integer, found null"),
    ]
    for (new, reason) in cases {
      let found = headerKey(v1JSON(#""layers":6"#, new))
      #expect(found?.key == "model.layers", "\(new)")
      #expect(found?.reason.hasPrefix(reason) == true, "\(String(describing: found?.reason))")
    }
  }

  @Test func duplicateKeysAndUnknownLoRATargetsAreRejected() {
    let duplicate = headerKey(v1JSON(#""layers":6"#, #""layers":6,"layers":7"#))
    #expect(duplicate?.key == "(syntax)")
    #expect(duplicate?.reason.contains("duplicate key 'model.layers'") == true)
    let target = headerKey(
      v1JSON(#""method":"none""#, #""method":"lora","loraTargets":["query","qkv"]"#))
    #expect(target?.key == "peft.loraTargets")
    #expect(target?.reason.contains(#"unknown target "qkv""#) == true)
    let trailingComma = headerKey(
      v1JSON(#""layers":6"#, #""layers":6,"#).replacingOccurrences(
        of: #","name""#, with: #""name""#))
    #expect(trailingComma?.key == "(syntax)")
    #expect(headerKey(v1JSON(#""formatVersion":1"#, #""formatVersion":2"#))?.key == "architecture")
  }

  @Test func hugeTokenCountsAreRejectedBeforeDecoding() {
    let json = TraceCrafting.json(v1Header)
    for tokens: UInt32 in [UInt32.max, 1 << 26, 1 << 20] {
      let payload = TraceCrafting.payload(tokens: tokens, layers: 6, units: 1536, encoding: 2)
      let error = readError(TraceCrafting.file(version: 1, headerJSON: json, payloads: [payload]))
      guard case .badRecord(_, .record(0), _, "tokenCount", let reason)? = error else {
        Issue.record("\(tokens): expected badRecord tokenCount, got \(String(describing: error))")
        continue
      }
      #expect(reason.contains("\(tokens)"))
    }
    // Within the limits an empty gap-coded mask is a valid all-zero mask.
    let fine = TraceCrafting.payload(tokens: 1000, layers: 6, units: 1536, encoding: 2)
    writeBytes(TraceCrafting.file(version: 1, headerJSON: json, payloads: [fine]), to: path)
    let records = try? readAll(path).1
    #expect(records?.first?.tokenCount == 1000 && records?.first?.masks[0].nonZeroCount == 0)
  }

  @Test func versionTwoRecordFieldsAreChecked() {
    let decoder = TraceHeader(architecture: TestArchitectures.decoder)
    let t5 = TraceHeader(architecture: TestArchitectures.encoderDecoder)
    typealias V2 = (phase: UInt32, cross: UInt32, contexts: [UInt32])
    let cases: [(TraceHeader, UInt32, UInt32, V2, String)] = [
      (decoder, 3, 130, (7, 0, [1, 2]), "phase"),
      (decoder, 3, 130, (0, 0, [2, 2]), "phase"),
      (decoder, 3, 130, (1, 0, [1, 0]), "contextLengths[1]"),
      (decoder, 3, 130, (1, 0, [1, 1 << 25]), "contextLengths[1]"),
      (decoder, 3, 130, (1, 9, [1, 2]), "crossAttentionLength"),
      (t5, 3, 70, (2, 0, [3, 4]), "crossAttentionLength"),
      (t5, 2, 70, (0, 4, [2, 2]), "crossAttentionLength"),
    ]
    for (header, layers, units, v2, field) in cases {
      let payload = TraceCrafting.payload(tokens: 2, layers: layers, units: units, v2: v2)
      let error = readError(
        TraceCrafting.file(version: 2, headerJSON: TraceCrafting.json(header), payloads: [payload]))
      guard case .badRecord(_, .record(0), _, let found, _)? = error else {
        Issue.record("\(field): expected badRecord, got \(String(describing: error))")
        continue
      }
      #expect(found == field)
    }
    // Context lengths cut short by the payload: a size mismatch, not a crash.
    var short = TraceCrafting.payload(tokens: 50, layers: 3, units: 130, v2: (1, 0, []))
    short = Array(short[0..<32])
    let error = readError(
      TraceCrafting.file(version: 2, headerJSON: TraceCrafting.json(decoder), payloads: [short]))
    guard case .sizeMismatch(_, .record(0), _, let field, 200, 0)? = error else {
      Issue.record("expected a context-length size mismatch, got \(String(describing: error))")
      return
    }
    #expect(field.contains("context length"))
  }

  @Test func malformedVersionTwoHeadersAreNamedByKey() {
    let json = TraceCrafting.json(TraceHeader(architecture: TestArchitectures.decoder))
    let cases: [(String, String, String)] = [
      (#""kvHeads":2"#, #""kvHeads":4"#, "architecture.stacks[0].kvHeads"),
      (#""layers":3"#, #""layers":100000"#, "architecture.stacks[0].layers"),
      (#""headDim":8"#, #""headDim":0"#, "architecture.stacks[0].headDim"),
      (#""role":"decoder""#, #""role":"middle""#, "architecture.stacks[0].role"),
      (#""kind":"gated""#, #""kind":"swiglu""#, "architecture.stacks[0].mlp.kind"),
      (#""masks":"gate""#, #""masks":"up""#, "architecture.stacks[0].mlp.masks"),
      (#""activation":"silu""#, #""activation":"Si LU""#, "architecture.stacks[0].mlp.activation"),
      (#""vocabSize":500"#, #""vocabSize":0"#, "architecture.vocabSize"),
      (#""tiedEmbeddings":true"#, #""tiedEmbeddings":1"#, "architecture.tiedEmbeddings"),
      (#""architecture":"#, #""architecture2":"#, "architecture"),
    ]
    for (old, new, key) in cases {
      #expect(json.contains(old), "fixture lacks \(old)")
      let found = headerKey(json.replacingOccurrences(of: old, with: new), version: 2)
      #expect(found?.key == key, "\(new): \(String(describing: found))")
    }
    let swapped = TraceHeader(
      architecture: ModelArchitecture(
        name: "x", stacks: TestArchitectures.encoderDecoder.stacks.reversed(), vocabSize: 9,
        tiedEmbeddings: false))
    #expect(headerKey(TraceCrafting.json(swapped), version: 2)?.key == "architecture.stacks")
    // A version-1 header in a version-2 file and the other way round.
    #expect(headerKey(TraceCrafting.json(v1Header), version: 2)?.key == "formatVersion")
    #expect(headerKey(json, version: 1)?.key == "formatVersion")
  }

  @Test func architectureFilesGiveOneErrorNamingTheKey() {
    let good = TraceCrafting.json(TraceHeader(architecture: TestArchitectures.decoder))
    let architecture =
      String(
        good[good.range(of: #""architecture":"#)!.upperBound...].prefix { $0 != "]" }) + "]"
    let text = architecture + #","vocabSize":500,"tiedEmbeddings":true}"#
    let bytes = Array(text.replacingOccurrences(of: #""stacks""#, with: #""stacks""#).utf8)
    #expect((try? ModelArchitecture.parse(bytes, path: "a.json")) == TestArchitectures.decoder)
    let cases: [(String, String)] = [
      (
        text.replacingOccurrences(of: #""intermediate":130"#, with: #""intermediate":-1"#),
        "stacks[0].intermediate"
      ),
      (text.replacingOccurrences(of: #""name":"tiny-llama","#, with: ""), "name"),
      (text + " x", "(syntax)"),
      ("[1,2]", "(root)"),
    ]
    for (json, key) in cases {
      do {
        _ = try ModelArchitecture.parse(Array(json.utf8), path: "a.json")
        Issue.record("accepted \(json)")
      } catch {
        #expect(error.key == key)
        #expect(error.description.hasPrefix("a.json: bad architecture JSON at key '\(key)'"))
      }
    }
  }
}
