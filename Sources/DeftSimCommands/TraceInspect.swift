import ArgumentParser
import Foundation
import Reports
import TraceFormat

extension Trace {
  /// `deft-sim trace inspect FILE [--json]`: the header and the per-layer density summary.
  public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "inspect",
      abstract: "Print a trace's header and per-layer densities (element, block, tile union).",
      discussion: """
        Reads the whole file, verifying every checksum. Block density: fraction of blocks of g \
        consecutive units of a token holding a non-zero. Union density: fraction of units \
        non-zero for at least one token of a tile of t consecutive tokens.
        """
    )

    @Argument(help: "The trace file.")
    public var file: String

    @Flag(help: "Print JSON (header and summary) instead of text.")
    public var json = false

    @Option(name: .customLong("block-size"), help: "Block size g for block density (repeatable).")
    public var blockSizes: [Int] = [4]

    @Option(name: .customLong("tile-tokens"), help: "Tile size t for union density (repeatable).")
    public var tileTokens: [Int] = [16]

    public init() {}

    public func validate() throws {
      if let bad = blockSizes.first(where: { $0 < 1 }) {
        throw ValidationError("--block-size must be >= 1 (got \(bad))")
      }
      if let bad = tileTokens.first(where: { $0 < 1 }) {
        throw ValidationError("--tile-tokens must be >= 1 (got \(bad))")
      }
    }

    public func run() throws {
      let reader = try TraceReader(path: file)
      let summary = try TraceSummary.compute(
        reader: reader, blockSizes: blockSizes, tileTokens: tileTokens)
      let inspection = TraceInspection(
        file: file, fileBytes: reader.fileByteCount, header: reader.header, summary: summary)
      if json {
        print(try inspection.json(), terminator: "")
      } else {
        print(inspection.text())
      }
    }
  }
}

/// What `trace inspect` shows, rendered as text or JSON (kept apart from printing for tests).
public struct TraceInspection: Sendable {
  public var file: String
  public var fileBytes: Int
  public var header: TraceHeader
  public var summary: TraceSummary

  public init(file: String, fileBytes: Int, header: TraceHeader, summary: TraceSummary) {
    self.file = file
    self.fileBytes = fileBytes
    self.header = header
    self.summary = summary
  }

  public func text() -> String {
    let m = header.model
    var lines = [
      "trace: \(file) (\(fileBytes) bytes, format version \(header.formatVersion))",
      "model: \(m.name.isEmpty ? "(unnamed)" : m.name) layers=\(m.layers) hidden=\(m.hidden) "
        + "intermediate=\(m.intermediate) heads=\(m.heads)",
      "peft: \(header.peft.method)" + peftDetails(),
      "deft: "
        + (header.deft.enabled
          ? "enabled weight=\(header.deft.densityWeight) eps=\(header.deft.densityEps)"
            + (header.deft.ada ? " ada skipped=\(header.deft.skippedLayers)" : "")
          : "disabled"),
      "task: \(header.task.name) \(header.task.split)"
        + header.task.metrics.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined(),
      "zero definition: \(header.zeroDefinition.label)   values: \(header.storesValues ? "yes" : "no")"
        + "   seed: \(header.seed)   tool: \(header.toolVersion.isEmpty ? "?" : header.toolVersion)",
    ]
    for (key, value) in header.provenance.sorted(by: { $0.key < $1.key }) {
      lines.append("provenance.\(key): \(value)")
    }
    let meanTokens =
      summary.recordCount == 0 ? 0 : Double(summary.tokenCount) / Double(summary.recordCount)
    lines.append(
      "records: \(summary.recordCount)   tokens: \(summary.tokenCount) (\(fixed(meanTokens, 1)) per record)"
    )
    lines.append("")
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
      ["all", fixed(summary.density, 4)]
        + Array(repeating: "", count: table.columns.count - 2))
    lines.append(TextTable.render(table))
    return lines.joined(separator: "\n")
  }

  /// Pretty JSON with sorted keys: `{ file, fileBytes, header, summary }`, densities included.
  public func json() throws -> String {
    let document = InspectionDocument(
      file: file, fileBytes: fileBytes, header: header,
      summary: SummaryDocument(
        recordCount: summary.recordCount, tokenCount: summary.tokenCount, density: summary.density,
        layers: summary.layers.map { layer in
          LayerDocument(
            layer: layer.layer, elements: layer.elements, nonZeroElements: layer.nonZeroElements,
            density: layer.density,
            blocks: layer.blocks.map {
              BlockDocument(blockSize: $0.blockSize, density: $0.density)
            },
            unions: layer.unions.map {
              UnionDocument(tileTokens: $0.tileTokens, density: $0.density)
            })
        }))
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
}

private struct SummaryDocument: Encodable {
  var recordCount: Int
  var tokenCount: Int
  var density: Double
  var layers: [LayerDocument]
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
