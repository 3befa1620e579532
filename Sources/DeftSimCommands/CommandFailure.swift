/// An error for the user: ArgumentParser prints it as `Error: <message>` and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
  let message: String
  init(_ message: String) { self.message = message }
  var description: String { message }
}

extension CommandFailure {
  /// One line, every issue of a hardware config error separated by `; `.
  init(_ error: some CustomStringConvertible) {
    self.message = error.description.split(separator: "\n").map {
      $0.trimmingCharacters(in: .whitespaces)
    }.joined(separator: "; ")
  }
}
