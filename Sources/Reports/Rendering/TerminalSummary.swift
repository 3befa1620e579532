/// The summary a command prints: which trace is which, then the side-by-side table.
public enum TerminalSummary {
  public static func render(_ report: ComparisonReport) -> String {
    let lines = report.traces.map { trace in
      "\(trace.label): \(trace.path) (\(trace.identity.fingerprint.summary); "
        + (trace.quality.map {
          "\($0.name) \(FixedDecimal.string($0.valuePercent, digits: 2)) %"
        } ?? "no task metric") + ")"
    }
    var parts = lines + ["", TextTable.render(report.sideBySideTable())]
    if !report.equalArea.isEmpty { parts += ["", TextTable.render(report.equalAreaTable())] }
    if let front = report.front {
      parts += ["", front.terminalLine()]
    } else if let note = report.frontNote {
      parts += ["", note]
    }
    return parts.joined(separator: "\n")
  }
}
