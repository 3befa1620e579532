import Foundation

/// Memory use of this process.
public enum ProcessMemory {
  /// Peak resident set size in bytes (`VmHWM` of /proc/self/status on Linux; 0 if unknown).
  public static func peakResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return 0
    }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kib = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
      return kib * 1024
    }
    return 0
  }
}
