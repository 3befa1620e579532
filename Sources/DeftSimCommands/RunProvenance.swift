import Reports

/// The command line a training run records in its trace header: the arguments that decide what
/// is trained, without the ones that only decide how the run is driven (stops, resumes,
/// checkpoint cadence, intermediate evaluations), so an interrupted and resumed run records the
/// same command, and the same trace bytes, as an uninterrupted one.
enum RunProvenance {
  /// Options that take a value and do not change the result.
  static let drivingOptions: Set<String> = ["--stop-after", "--checkpoint-every", "--eval-every"]
  /// Flags that do not change the result.
  static let drivingFlags: Set<String> = ["--resume", "--overwrite"]

  /// `deft-sim ARGUMENTS…` (the program path replaced by `deft-sim`) without the driving options,
  /// shell-quoted.
  static func command(_ arguments: [String]) -> String {
    var kept: [String] = []
    var skipValue = false
    for argument in arguments.dropFirst() {
      if skipValue {
        skipValue = false
        continue
      }
      let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
      if drivingFlags.contains(argument) { continue }
      if drivingOptions.contains(name) {
        skipValue = !argument.contains("=")
        continue
      }
      kept.append(argument)
    }
    return ShellWords.join(["deft-sim"] + kept)
  }
}
