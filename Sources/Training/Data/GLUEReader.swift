import Foundation

/// Reads GLUE tasks in their original TSV form: UTF-8, one row per line, split on tabs only (no
/// quoting; `"` is a literal character), an optional UTF-8 byte-order mark (MRPC) stripped, a
/// header line except for CoLA, and a last line that may lack its newline (CoLA dev).
public enum GLUEReader {
  /// Reads `split` of `task` from a data directory laid out as `glue/<TASK>/<split>.tsv`.
  public static func read(
    _ task: GLUETask, split: DatasetSplit, dataDirectory: String
  ) throws(DatasetError) -> [Example] {
    let path = try DataLocator.file(
      task.relativePath(split), in: dataDirectory, dataset: "GLUE \(task.directoryName) \(split)")
    return try read(task, path: path)
  }

  /// Reads one TSV file of `task`.
  public static func read(_ task: GLUETask, path: String) throws(DatasetError) -> [Example] {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      if !FileManager.default.fileExists(atPath: path) {
        throw .fileMissing(path: path, dataset: "GLUE \(task.directoryName)")
      }
      throw .fileUnreadable(path: path, reason: error.localizedDescription)
    }
    return try parse(task, bytes: [UInt8](data), path: path)
  }

  /// Parses TSV bytes of `task`; `path` is used in error messages only.
  public static func parse(
    _ task: GLUETask, bytes: [UInt8], path: String
  ) throws(DatasetError) -> [Example] {
    var rows: [Example] = []
    var sawHeader = task.headerColumns == nil
    var lineNumber = 0
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while start < bytes.count {
      lineNumber += 1
      var end = start
      while end < bytes.count && bytes[end] != 0x0A { end += 1 }
      let next = end + 1
      if end > start && bytes[end - 1] == 0x0D { end -= 1 }  // tolerate CRLF
      let columns = try splitColumns(bytes[start..<end], path: path, line: lineNumber)
      start = next
      if !sawHeader {
        sawHeader = true
        if let expected = task.headerColumns, columns != expected {
          throw .headerMismatch(path: path, expected: expected, found: columns)
        }
        continue
      }
      rows.append(try example(task, columns: columns, path: path, line: lineNumber))
    }
    if lineNumber == 0 { throw .emptyFile(path: path) }
    return rows
  }

  static func splitColumns(
    _ line: ArraySlice<UInt8>, path: String, line lineNumber: Int
  ) throws(DatasetError) -> [String] {
    var columns: [String] = []
    var fieldStart = line.startIndex
    var i = line.startIndex
    while true {
      if i == line.endIndex || line[i] == 0x09 {
        guard let field = String(validating: line[fieldStart..<i], as: UTF8.self) else {
          throw .invalidUTF8(path: path, line: lineNumber)
        }
        columns.append(field)
        if i == line.endIndex { break }
        fieldStart = i + 1
      }
      i += 1
    }
    return columns
  }

  static func example(
    _ task: GLUETask, columns: [String], path: String, line: Int
  ) throws(DatasetError) -> Example {
    guard columns.count == task.columnCount else {
      throw .malformedRow(
        path: path, line: line, expectedColumns: task.columnCount, foundColumns: columns.count)
    }
    let raw = columns[task.labelColumn]
    let label: ExampleLabel
    if task.isRegression {
      guard let score = Float(raw), score.isFinite else {
        throw .unparseableScore(path: path, line: line, column: task.labelColumn + 1, found: raw)
      }
      guard task.scoreRange.contains(score) else {
        throw .labelOutOfRange(
          path: path, line: line, column: task.labelColumn + 1,
          expected: ["\(task.scoreRange.lowerBound) ... \(task.scoreRange.upperBound)"],
          found: raw)
      }
      label = .score(score)
    } else {
      guard let index = task.labelNames.firstIndex(of: raw) else {
        throw .labelOutOfRange(
          path: path, line: line, column: task.labelColumn + 1, expected: task.labelNames,
          found: raw)
      }
      label = .classIndex(index)
    }
    return Example(
      textA: columns[task.textAColumn], textB: task.textBColumn.map { columns[$0] }, label: label,
      sourceLine: line)
  }
}
