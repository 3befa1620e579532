import Foundation
import Reports
import TraceFormat

/// What `trace inspect` shows, rendered as text or JSON (kept apart from printing for tests).
/// Version 1: one encoder table, as before. Version 2: the architecture and one table per phase.
public struct TraceInspection: Sendable {
  public var file: String
  public var fileBytes: Int
  public var header: TraceHeader
  /// The first phase's summary (a version-1 trace's only one).
  public var summary: TraceSummary
  public var phases: TracePhaseSummaries

  /// A version-1 inspection from one summary.
  public init(file: String, fileBytes: Int, header: TraceHeader, summary: TraceSummary) {
    self.file = file
    self.fileBytes = fileBytes
    self.header = header
    self.summary = summary
    self.phases = TracePhaseSummaries(phases: [(.encoder, summary)])
  }

  /// An inspection from per-phase summaries (any version).
  public init(
    file: String, fileBytes: Int, header: TraceHeader, phases: TracePhaseSummaries,
    blockSizes: [Int] = [4], tileTokens: [Int] = [16]
  ) {
    self.file = file
    self.fileBytes = fileBytes
    self.header = header
    self.phases = phases
    self.summary =
      phases.phases.first?.summary
      ?? TraceSummary(
        layers: header.architecture?.stacks.first?.layers ?? header.model.layers,
        units: header.architecture?.stacks.first?.intermediate ?? header.model.intermediate,
        blockSizes: blockSizes, tileTokens: tileTokens)
  }

  public func text() -> String {
    var lines = ["trace: \(file) (\(fileBytes) bytes, format version \(header.formatVersion))"]
    if let architecture = header.architecture {
      lines.append(
        "model: \(architecture.name.isEmpty ? "(unnamed)" : architecture.name) "
          + "vocab=\(architecture.vocabSize) tied-embeddings=\(architecture.tiedEmbeddings)")
      for stack in architecture.stacks {
        let mlp: String
        switch stack.mlp {
        case .plain(let activation): mlp = "plain \(activation)"
        case .gated(let activation, let masks):
          mlp = "gated \(activation), masks: \(masks.rawValue)"
        }
        lines.append(
          "\(stack.role.rawValue): layers=\(stack.layers) hidden=\(stack.hidden) "
            + "heads=\(stack.heads) kv-heads=\(stack.kvHeads) head-dim=\(stack.headDim) "
            + "intermediate=\(stack.intermediate) mlp=\(mlp)")
      }
    } else {
      let m = header.model
      lines.append(
        "model: \(m.name.isEmpty ? "(unnamed)" : m.name) layers=\(m.layers) hidden=\(m.hidden) "
          + "intermediate=\(m.intermediate) heads=\(m.heads)")
    }
    lines += [
      "peft: \(header.peft.method)" + peftDetails(),
      "deft: "
        + (header.deft.enabled
          ? "enabled weight=\(header.deft.densityWeight) eps=\(header.deft.densityEps)"
          : header.deft.ada ? "density loss off," : "disabled")
        + (header.deft.ada ? " ada skipped=\(header.deft.skippedLayers)" : ""),
      "task: \(header.task.name) \(header.task.split)"
        + header.task.metrics.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined(),
      "zero definition: \(header.zeroDefinition.label)   values: \(header.storesValues ? "yes" : "no")"
        + "   seed: \(header.seed)   tool: \(header.toolVersion.isEmpty ? "?" : header.toolVersion)",
    ]
    for (key, value) in header.provenance.sorted(by: { $0.key < $1.key }) {
      lines.append("provenance.\(key): \(value)")
    }
    if header.architecture == nil {
      lines += table(summary, heading: "records")
    } else if phases.phases.isEmpty {
      lines += ["records: 0"]
    } else {
      for (phase, phaseSummary) in phases.phases {
        lines += [""] + table(phaseSummary, heading: "\(phase) records")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The record/token line and the per-layer density table of one summary.
  private func table(_ summary: TraceSummary, heading: String) -> [String] {
    let meanTokens =
      summary.recordCount == 0 ? 0 : Double(summary.tokenCount) / Double(summary.recordCount)
    var lines = [
      "\(heading): \(summary.recordCount)   tokens: \(summary.tokenCount) "
        + "(\(fixed(meanTokens, 1)) per record)",
      "",
    ]
    let firstLayer = summary.layers.first
    var table = Table(
      columns: (["layer", "density"]
        + (firstLayer?.blocks.map { "block g=\($0.blockSize)" } ?? [])
        + (firstLayer?.unions.map { "union t=\($0.tileTokens)" } ?? [])).map { Table.Column($0) })
    for layer in summary.layers {
      table.append(
        ["\(layer.layer)", fixed(layer.density, 4)] + layer.blocks.map { fixed($0.density, 4) }
          + layer.unions.map { fixed($0.density, 4) })
    }
    table.append(
      ["all", fixed(summary.density, 4)] + Array(repeating: "", count: table.columns.count - 2))
    lines.append(TextTable.render(table))
    return lines
  }

  /// Pretty JSON with sorted keys: `{ file, fileBytes, header, summary }` (the first phase's),
  /// plus `phases` (`[{phase, summary}]`) for a version-2 trace.
  public func json() throws -> String {
    let document = InspectionDocument(
      file: file, fileBytes: fileBytes, header: header, summary: SummaryDocument(summary),
      phases: header.architecture == nil
        ? nil
        : phases.phases.map {
          PhaseDocument(phase: "\($0.phase)", summary: SummaryDocument($0.summary))
        })
    return try SortedJSON.string(document, what: "the inspection")
  }

  private func peftDetails() -> String {
    let p = header.peft
    var parts: [String] = []
    if let rank = p.loraRank { parts.append("rank=\(rank)") }
    if let alpha = p.loraAlpha { parts.append("alpha=\(alpha)") }
    if let targets = p.loraTargets { parts.append("targets=\(targets.joined(separator: ","))") }
    if let width = p.adapterWidth { parts.append("adapterWidth=\(width)") }
    if p.promptTokens > 0 { parts.append("promptTokens=\(p.promptTokens)") }
    if p.prefixLength > 0 { parts.append("prefixLength=\(p.prefixLength)") }
    return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
  }
}

private struct InspectionDocument: Encodable {
  var file: String
  var fileBytes: Int
  var header: TraceHeader
  var summary: SummaryDocument
  var phases: [PhaseDocument]?
}

private struct PhaseDocument: Encodable {
  var phase: String
  var summary: SummaryDocument
}

private struct SummaryDocument: Encodable {
  var recordCount: Int
  var tokenCount: Int
  var density: Double
  var layers: [LayerDocument]

  init(_ summary: TraceSummary) {
    recordCount = summary.recordCount
    tokenCount = summary.tokenCount
    density = summary.density
    layers = summary.layers.map { layer in
      LayerDocument(
        layer: layer.layer, elements: layer.elements, nonZeroElements: layer.nonZeroElements,
        density: layer.density,
        blocks: layer.blocks.map { BlockDocument(blockSize: $0.blockSize, density: $0.density) },
        unions: layer.unions.map { UnionDocument(tileTokens: $0.tileTokens, density: $0.density) })
    }
  }
}

private struct LayerDocument: Encodable {
  var layer: Int
  var elements: Int
  var nonZeroElements: Int
  var density: Double
  var blocks: [BlockDocument]
  var unions: [UnionDocument]
}

private struct BlockDocument: Encodable {
  var blockSize: Int
  var density: Double
}

private struct UnionDocument: Encodable {
  var tileTokens: Int
  var density: Double
}

/// `value` with `digits` decimals (no locale).
func fixed(_ value: Double, _ digits: Int) -> String {
  FixedDecimal.string(value, digits: digits)
}
