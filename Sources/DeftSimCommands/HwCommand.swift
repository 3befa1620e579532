import ArgumentParser
import Simulator

/// `deft-sim hw …`: hardware config tools.
struct Hw: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hw", abstract: "Hardware config tools.", subcommands: [HwValidate.self])
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
            + "zero handling \(config.zeroHandling.mode.rawValue))")
      } catch {
        failures.append(CommandFailure(error).message)
      }
    }
    if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "; ")) }
  }
}
