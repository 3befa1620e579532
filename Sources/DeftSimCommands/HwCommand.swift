import ArgumentParser
import Foundation
import Reports
import Simulator

/// `deft-sim hw …`: hardware config tools.
struct Hw: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hw", abstract: "Hardware config tools.",
    subcommands: [HwValidate.self, HwEqualArea.self])
}

/// `deft-sim hw validate FILE…`: checks hardware configs, reporting every problem of every file.
struct HwValidate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Validate hardware config files (every problem of every file at once).")

  @Argument(help: "Hardware config JSON files.")
  var files: [String]

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one hardware config file") }
  }

  func run() throws {
    var failures: [String] = []
    for file in files {
      do {
        let config = try HardwareConfig.load(path: file)
        print(
          "\(file): ok (\(config.name): \(config.peArray.rows)x\(config.peArray.columns) "
            + "\(config.peArray.dataflow.rawValue), \(config.operandPrecision.rawValue), "
            + "zero handling \(config.zeroHandling.mode.rawValue), mapping "
            + "\(config.mapping.model.rawValue), area "
            + "\(FixedDecimal.string(AreaBreakdown(config: config).totalMM2, digits: 3)) mm²)")
      } catch {
        failures.append(CommandFailure(error).message)
      }
    }
    if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "; ")) }
  }
}

/// `deft-sim hw equal-area FILE`: the dense config of the same area as FILE, as JSON.
struct HwEqualArea: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "equal-area",
    abstract: "Print the dense config of the same area as a (skip) config, as JSON.",
    discussion: """
      The config without zero handling, with dense activations and one weight slot per PE, its \
      PE array grown (rows and columns in turn) while its area stays within the given \
      config's (docs/hwconfig.md, "Area"). Reports replay this twin for every skip config.
      """)

  @Argument(help: "Hardware config JSON file.")
  var file: String

  func run() throws {
    let config: HardwareConfig
    do { config = try HardwareConfig.load(path: file) } catch { throw CommandFailure(error) }
    let twin = config.equalAreaDenseTwin
    print(
      try rendering { () throws(ReportError) in try SortedJSON.string(twin, what: "the config") },
      terminator: "")
    FileHandle.standardError.write(
      Data(
        ("\(config.name): "
          + "\(FixedDecimal.string(AreaBreakdown(config: config).totalMM2, digits: 3)) mm²; "
          + "\(twin.name): \(twin.peArray.rows)x\(twin.peArray.columns), "
          + "\(FixedDecimal.string(AreaBreakdown(config: twin).totalMM2, digits: 3)) mm²\n").utf8))
  }
}
