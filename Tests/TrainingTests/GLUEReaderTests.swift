import Foundation
import Testing
import Training

struct GLUEFileExpectation: Sendable, CustomStringConvertible {
  let task: GLUETask
  let split: DatasetSplit
  let rows: Int
  /// Count per class index (classification) or the sum of scores (regression).
  let classCounts: [Int]
  let scoreSum: Double

  var description: String { "\(task) \(split)" }
}

/// Row and label counts from shared/data/README.md (scores summed with Python).
let glueFiles: [GLUEFileExpectation] = [
  .init(task: .sst2, split: .train, rows: 67_349, classCounts: [29_780, 37_569], scoreSum: 0),
  .init(task: .sst2, split: .dev, rows: 872, classCounts: [428, 444], scoreSum: 0),
  .init(task: .cola, split: .train, rows: 8_551, classCounts: [2_528, 6_023], scoreSum: 0),
  .init(task: .cola, split: .dev, rows: 1_043, classCounts: [322, 721], scoreSum: 0),
  .init(task: .mrpc, split: .train, rows: 3_668, classCounts: [1_194, 2_474], scoreSum: 0),
  .init(task: .mrpc, split: .dev, rows: 408, classCounts: [129, 279], scoreSum: 0),
  .init(task: .rte, split: .train, rows: 2_490, classCounts: [1_249, 1_241], scoreSum: 0),
  .init(task: .rte, split: .dev, rows: 277, classCounts: [146, 131], scoreSum: 0),
  .init(task: .qnli, split: .dev, rows: 5_463, classCounts: [2_702, 2_761], scoreSum: 0),
  .init(task: .stsb, split: .train, rows: 5_749, classCounts: [], scoreSum: 15_528.043397),
  .init(task: .stsb, split: .dev, rows: 1_500, classCounts: [], scoreSum: 3_545.861333),
]

@Suite struct GLUERealFileTests {
  @Test(arguments: glueFiles)
  func rowAndLabelCounts(_ expected: GLUEFileExpectation) throws {
    let examples = try GLUEReader.read(
      expected.task, split: expected.split, dataDirectory: testDataDirectory())
    #expect(examples.count == expected.rows)
    if expected.task.isRegression {
      let sum = examples.reduce(0.0) { $0 + Double($1.label.score ?? .nan) }
      #expect(abs(sum - expected.scoreSum) < 1e-3)
    } else {
      var counts = [Int](repeating: 0, count: expected.task.labelNames.count)
      for e in examples { counts[e.label.classIndex ?? 0] += 1 }
      #expect(counts == expected.classCounts)
    }
    #expect(examples.allSatisfy { ($0.textB != nil) == (expected.task.textBColumn != nil) })
    #expect(examples.allSatisfy { !$0.textA.isEmpty })
  }

  @Test func parsingQuirks() throws {
    let dir = testDataDirectory()
    // MRPC: the BOM-prefixed header is skipped; a stray quote stays a literal character.
    let mrpc = try GLUEReader.read(.mrpc, split: .train, dataDirectory: dir)
    #expect(
      mrpc[0].textA.hasPrefix("Amrozi accused his brother , whom he called \" the witness \""))
    #expect(mrpc[0].label == .classIndex(1))
    #expect(mrpc[0].sourceLine == 2)
    // CoLA: no header (line 1 is data) and no trailing newline after the last row of dev.
    let cola = try GLUEReader.read(.cola, split: .dev, dataDirectory: dir)
    #expect(cola[0].sourceLine == 1)
    #expect(cola.last?.textA == "John talked to Bill about himself.")
    // SST-2 keeps its trailing space before the tab.
    let sst = try GLUEReader.read(.sst2, split: .dev, dataDirectory: dir)
    #expect(sst[0].textA == "it 's a charming and often affecting journey . ")
    // STS-B: sentences from columns 8 and 9, score from column 10.
    let sts = try GLUEReader.read(.stsb, split: .dev, dataDirectory: dir)
    #expect(sts[0].textA == "A man with a hard hat is dancing.")
    #expect(sts[0].textB == "A man wearing a hard hat is dancing.")
    #expect(sts[0].label == .score(5))
  }

  @Test func missingSplitNamesFileAndHowToGetIt() {
    #expect {
      _ = try GLUEReader.read(.qnli, split: .train, dataDirectory: testDataDirectory())
    } throws: { error in
      let text = "\(error)"
      return text.contains("glue/QNLI/train.tsv") && text.contains("download_glue_data.py")
        && text.contains("DEFT_DATA_DIR")
    }
  }
}

@Suite struct GLUEMalformedInputTests {
  func parse(_ task: GLUETask, _ text: String) throws(DatasetError) -> [Example] {
    try GLUEReader.parse(task, bytes: Array(text.utf8), path: "x.tsv")
  }

  @Test func wrongColumnCountNamesLineAndCounts() {
    let error = #expect(throws: DatasetError.self) {
      _ = try parse(.sst2, "sentence\tlabel\ngood .\t1\nno label here\n")
    }
    #expect(error == .malformedRow(path: "x.tsv", line: 3, expectedColumns: 2, foundColumns: 1))
    #expect(
      error?.description.contains("x.tsv:3: expected 2 tab-separated columns, found 1") == true)
  }

  @Test func quotesAreLiteral() throws {
    let rows = try parse(.rte, "index\tsentence1\tsentence2\tlabel\n0\t\"a\tb\"\tentailment\n")
    #expect(rows == [Example(textA: "\"a", textB: "b\"", label: .classIndex(0), sourceLine: 2)])
  }

  @Test func labelOutOfRange() {
    let error = #expect(throws: DatasetError.self) {
      _ = try parse(.qnli, "index\tquestion\tsentence\tlabel\n0\tq\ts\tneutral\n")
    }
    #expect(
      error
        == .labelOutOfRange(
          path: "x.tsv", line: 2, column: 4, expected: ["entailment", "not_entailment"],
          found: "neutral"))
    let binary = #expect(throws: DatasetError.self) {
      _ = try parse(.cola, "src\t2\t\tA sentence.")
    }
    #expect(
      binary
        == .labelOutOfRange(path: "x.tsv", line: 1, column: 2, expected: ["0", "1"], found: "2"))
  }

  @Test func unparseableAndOutOfRangeScores() {
    let header =
      "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n"
    let error = #expect(throws: DatasetError.self) {
      _ = try parse(.stsb, header + "0\tg\tf\ty\t0\ts\ts\ta\tb\tfive\n")
    }
    #expect(error == .unparseableScore(path: "x.tsv", line: 2, column: 10, found: "five"))
    #expect(throws: DatasetError.self) {
      _ = try parse(.stsb, header + "0\tg\tf\ty\t0\ts\ts\ta\tb\t7.5\n")
    }
    #expect(throws: DatasetError.self) {
      _ = try parse(.stsb, header + "0\tg\tf\ty\t0\ts\ts\ta\tb\tnan\n")
    }
  }

  @Test func wrongHeaderAndEmptyFile() {
    let header = #expect(throws: DatasetError.self) { _ = try parse(.sst2, "text\tlabel\nx\t1\n") }
    #expect(
      header
        == .headerMismatch(
          path: "x.tsv", expected: ["sentence", "label"], found: ["text", "label"]))
    #expect(throws: DatasetError.emptyFile(path: "x.tsv")) { _ = try parse(.sst2, "") }
  }

  @Test func bomCRLFAndMissingTrailingNewline() throws {
    let text =
      "\u{FEFF}Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n0\t1\t2\ta\tb\r\n1\t3\t4\tc\td"
    let rows = try parse(.mrpc, text)
    #expect(rows.map(\.textB) == ["b", "d"])
    #expect(rows.map(\.label) == [.classIndex(0), .classIndex(1)])
  }

  @Test func invalidUTF8() {
    let bytes: [UInt8] = Array("sentence\tlabel\n".utf8) + [0x61, 0xFF, 0x09, 0x31, 0x0A]
    #expect(throws: DatasetError.invalidUTF8(path: "x.tsv", line: 2)) {
      _ = try GLUEReader.parse(.sst2, bytes: bytes, path: "x.tsv")
    }
  }

  @Test func temporaryFileOnDisk() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(
      atPath: dir + "/glue/RTE", withIntermediateDirectories: true)
    try writeFile(dir + "/glue/RTE/dev.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\n")
    #expect(
      throws: DatasetError.malformedRow(
        path: dir + "/glue/RTE/dev.tsv", line: 2, expectedColumns: 4, foundColumns: 3)
    ) { _ = try GLUEReader.read(.rte, split: .dev, dataDirectory: dir) }
  }

  @Test func taskNames() throws {
    #expect(try GLUETask(parsing: "SST-2") == .sst2)
    #expect(try GLUETask(parsing: "sts-b") == .stsb)
    #expect(throws: DatasetError.self) { _ = try GLUETask(parsing: "mnli") }
  }
}
