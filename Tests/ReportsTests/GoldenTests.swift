import Reports
import Testing

/// report.md, results.json and results.csv of the fixed fixture, byte for byte.
@Suite struct GoldenTests {
  let bundle: ReportBundle

  init() throws {
    bundle = try ReportBundle(try ReportFixture.report())
  }

  @Test func markdown() throws {
    if let problem = try goldenMismatch("report.md", bundle.markdown) { Issue.record("\(problem)") }
  }

  @Test func json() throws {
    if let problem = try goldenMismatch("results.json", bundle.json) { Issue.record("\(problem)") }
  }

  @Test func csv() throws {
    if let problem = try goldenMismatch("results.csv", bundle.csv) { Issue.record("\(problem)") }
  }

  @Test func renderingIsDeterministic() throws {
    let again = try ReportBundle(try ReportFixture.report())
    #expect(again.html == bundle.html && again.json == bundle.json)
  }
}
