/// The four files of a report directory, rendered from one ``ComparisonReport``.
public struct ReportBundle: Sendable {
  public static let htmlName = "report.html"
  public static let markdownName = "report.md"
  public static let jsonName = "results.json"
  public static let csvName = "results.csv"

  public var html: String
  public var markdown: String
  public var json: String
  public var csv: String

  public init(_ report: ComparisonReport) throws(ReportError) {
    html = try HTMLReport.render(report)
    markdown = MarkdownReport.render(report)
    json = try SortedJSON.string(report, what: "the results")
    csv = ResultsCSV.render(report)
  }

  /// Writes the files into `directory` (created when missing), each atomically; returns their
  /// paths.
  @discardableResult
  public func write(to directory: String) throws(ReportError) -> [String] {
    try AtomicFile.createDirectory(directory)
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    var written: [String] = []
    for (name, text) in [
      (Self.htmlName, html), (Self.markdownName, markdown), (Self.jsonName, json),
      (Self.csvName, csv),
    ] {
      try AtomicFile.write(text, to: base + name)
      written.append(base + name)
    }
    return written
  }
}
