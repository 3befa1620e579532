import Foundation

extension FrontReport {
  /// A front file is a few kilobytes per point; anything larger is not one.
  public static let maximumFileBytes = 16 << 20

  /// Reads `front.json` (or a cached copy) and checks that every point has one hardware entry
  /// per config, in the order of `configs` (the charts and tables index them so).
  public static func load(path: String) throws(FrontFileError) -> FrontReport {
    let size: Int
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    } catch {
      if !FileManager.default.fileExists(atPath: path) { throw .missing(path: path) }
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    guard size <= maximumFileBytes else {
      throw .unreadable(
        path: path, reason: "\(size) bytes, more than the \(maximumFileBytes) a front may have")
    }
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    let front: FrontReport
    do { front = try JSONDecoder().decode(FrontReport.self, from: data) } catch {
      let detail = (error as? DecodingError).map(DecodingProblem.describe) ?? "\(error)"
      throw .malformed(path: path, detail: detail)
    }
    for (i, point) in front.points.enumerated() {
      let names = point.hardware.map(\.config)
      guard names == front.configs else {
        throw .malformed(
          path: path,
          detail: "points[\(i)].hardware: expected the configs \(front.configs) in that order, "
            + "found \(names)")
      }
      for (key, value) in [("accuracy", point.accuracy), ("density", point.density)]
      where !value.isFinite {
        throw .malformed(
          path: path, detail: "points[\(i)].\(key): expected a finite number, found \(value)")
      }
    }
    return front
  }
}
