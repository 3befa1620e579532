import AtomicOutput
import Foundation
import Reports

/// What one shard writes (`shard-I-of-N.json`): the sweep's identity, the shard's points with
/// their axis values, the rows of every trace, and the points left out. Merge needs nothing else.
public struct ShardFile: Codable, Sendable, Equatable {
  public static let currentFormatVersion = 1

  public var formatVersion = ShardFile.currentFormatVersion
  public var sweep: String
  /// ``SweepDigest`` of the spec: shards of different sweeps never merge.
  public var digest: String
  public var shard: Int
  public var shards: Int
  /// Points of the whole grid, and this shard's `[lower, upper)`.
  public var gridPoints: Int
  public var lower: Int
  public var upper: Int
  public var axisKeys: [String]
  public var constraints: [String]
  public var traces: [TraceInfo]
  public var pairs: [TracePair]
  /// The axis values of every point of the shard that ran.
  public var points: [PointValues]
  public var rows: [SweepRow]
  public var invalid: [ExcludedPoint]
  public var pruned: [ExcludedPoint]

  public static func name(shard: Int, of shards: Int) -> String {
    "shard-\(shard)-of-\(shards).json"
  }

  /// Sorted keys, one line, a trailing newline: the same content gives the same bytes.
  public func bytes() throws(SweepRunError) -> [UInt8] { try Self.encode(self, what: "shard file") }

  static func encode<T: Encodable>(_ value: T, what: String) throws(SweepRunError) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
      return Array(try encoder.encode(value)) + [0x0A]
    } catch {
      throw .cannotEncode(what: what, reason: "\(error)")
    }
  }

  static func decode<T: Decodable>(_ type: T.Type, path: String) -> T? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return try? JSONDecoder().decode(type, from: data)
  }
}

/// A trace as the shards saw it (merge requires every shard to have seen the same).
public struct TraceInfo: Codable, Sendable, Equatable {
  public var label: String
  public var path: String
  public var sequences: Int
  public var tokens: Int
  public var deft: Bool
  public var model: String
  public var task: String
  public var split: String
  public var peftMethod: String

  /// PEFT/DEFT pairs, by the rule of the reports (`TracePair.pairs`): traces of the same model,
  /// task, split and PEFT method; the k-th PEFT trace pairs with the k-th DEFT trace.
  public static func pairs(_ traces: [TraceInfo]) -> [TracePair] {
    var peft: [String: [Int]] = [:]
    var deft: [String: [Int]] = [:]
    var order: [String] = []
    for (index, trace) in traces.enumerated() {
      let key = [trace.model, trace.task, trace.split, trace.peftMethod].joined(separator: "\u{1F}")
      if peft[key] == nil && deft[key] == nil { order.append(key) }
      if trace.deft {
        deft[key, default: []].append(index)
      } else {
        peft[key, default: []].append(index)
      }
    }
    var result: [TracePair] = []
    for key in order {
      for (p, d) in zip(peft[key] ?? [], deft[key] ?? []) {
        result.append(TracePair(peft: p, deft: d))
      }
    }
    return result.sorted { ($0.deft, $0.peft) < ($1.deft, $1.peft) }
  }
}

/// The axis values of one point, by axis key.
public struct PointValues: Codable, Sendable, Equatable {
  public var point: Int
  public var values: [JSONValue]
}

/// One point on one trace.
public struct SweepRow: Codable, Sendable, Equatable {
  public var point: Int
  public var trace: Int
  /// Every constraint holds on this trace.
  public var feasible: Bool
  public var metrics: SweepMetrics
}

/// The rows of one trace of one shard, written as soon as the trace is done so that a killed
/// shard, rerun, does not replay it again (`.shard-I-of-N.parts/trace-T.json`).
struct TracePart: Codable, Equatable {
  var digest: String
  var shard: Int
  var shards: Int
  var trace: TraceInfo
  var rows: [SweepRow]
}

/// Why a shard could not run or write its results.
public enum SweepRunError: Error, Sendable, CustomStringConvertible {
  case spec(SweepSpecError)
  case invalidPoints(InvalidPointsError)
  case replay(String)
  case output(FileOutputError)
  case cannotEncode(what: String, reason: String)
  case otherSweep(path: String)

  public var description: String {
    switch self {
    case .spec(let error): return "\(error)"
    case .invalidPoints(let error): return "\(error)"
    case .replay(let text): return text
    case .output(let error): return "\(error)"
    case .cannotEncode(let what, let reason): return "cannot encode the \(what): \(reason)"
    case .otherSweep(let path):
      return "\(path) holds the results of another sweep (a different spec); hint: pass a new "
        + "--out directory, or remove the file"
    }
  }
}
