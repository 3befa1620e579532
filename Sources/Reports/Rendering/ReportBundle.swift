import AtomicOutput

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

  /// The file names of a report directory.
  public static let fileNames: Set<String> = [htmlName, markdownName, jsonName, csvName]

  /// Replaces `directory` (created when missing) with the four files as one: the files are
  /// written into a partial directory beside it that is then exchanged with it, so the directory
  /// holds the old report or the new one, never a mix. An existing directory may hold only
  /// report files (anything else would be lost: refused). Returns the paths written.
  @discardableResult
  public func write(to directory: String) throws(ReportError) -> [String] {
    let files = [
      (Self.htmlName, html), (Self.markdownName, markdown), (Self.jsonName, json),
      (Self.csvName, csv),
    ].map { (name: $0.0, bytes: Array($0.1.utf8)) }
    try ReportError.writing { () throws(FileOutputError) in
      try AtomicDirectory.replace(directory, with: files, replaceable: Self.fileNames)
    }
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    return files.map { base + $0.name }
  }
}
