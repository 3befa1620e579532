import Foundation
import Simulator

/// Hardware configs built from JSON trees, through the one hardware config decoder
/// (`HardwareConfig.decode`), so a sweep accepts exactly what `deft-sim hw validate` accepts.
enum HardwareProbe {
  /// Problems the decoder reports about a single value (not about how values combine).
  static let valueProblems: Set<String> = [
    "wrong type", "out of range", "negative value", "empty string", "unknown value",
    "impossible skip granularity", "unknown key",
  ]

  static func decode(_ tree: JSONValue, file: String = "base") -> Result<
    HardwareConfig, HardwareConfigError
  > {
    do throws(HardwareConfigError) {
      return .success(try HardwareConfig.decode(json: Data(tree.canonicalText.utf8), file: file))
    } catch {
      return .failure(error)
    }
  }

  static func decode(json data: Data, file: String) -> Result<HardwareConfig, HardwareConfigError> {
    do throws(HardwareConfigError) {
      return .success(try HardwareConfig.decode(json: data, file: file))
    } catch {
      return .failure(error)
    }
  }

  static func issues(_ tree: JSONValue) -> [HardwareConfigIssue] {
    if case .failure(let error) = decode(tree) { return error.issues }
    return []
  }
}
