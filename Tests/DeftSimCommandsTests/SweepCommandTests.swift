import Foundation
import Testing

/// `deft-sim sweep run` on a malformed spec (the built binary): one error listing every problem,
/// exit status 1, nothing written.
@Test func malformedSweepSpecIsOneErrorWithExitStatus1() throws {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("sweep-cli-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let base = BuiltBinary.repoRoot.appendingPathComponent("hwconfigs/sparse-npu.json").path
  let spec = directory + "/spec.json"
  try """
  {"formatVersion": 1, "name": "bad", "base": "\(base)",
   "axes": [{"key": "peArray.rowz", "values": [16]}, {"key": "clockGHz", "values": []},
            {"key": "dramBytesPerCycle", "values": ["fast"]}],
   "traces": ["none.trace"], "constraints": [{"metric": "power", "max": 1}]}
  """.write(toFile: spec, atomically: true, encoding: .utf8)
  let result = try BuiltBinary.run(shell: "sweep run '\(spec)' --out '\(directory)/out'")
  #expect(result.status == 1)
  let message = result.stderr
  #expect(message.hasPrefix("Error: \(spec): invalid sweep spec (5 problems)"))
  for part in [
    "axes[0].key': unknown key path", "axes[1].values': empty axis",
    "axes[2].values[0]': wrong type", "traces[0]': no such file",
    "constraints[0].metric': unknown metric",
  ] {
    #expect(message.contains(part), "\(part)")
  }
  #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
}
