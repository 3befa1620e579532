/// What is wrong with an `.npz`/`.npy` file or the arrays in it: the file, the array (or the zip
/// structure) and the reason, with a pointer to the documented layout.
public struct NpzError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  /// The array name (the member name without `.npy`), or nil for the zip structure.
  public var array: String?
  public var reason: String

  public init(path: String, array: String?, reason: String) {
    self.path = path
    self.array = array
    self.reason = reason
  }

  public var description: String {
    let place = array.map { "array '\($0)'" } ?? "zip structure"
    return "\(path): \(place): \(reason). Hint: see docs/trace-format.md, \"NumPy interchange\"."
  }
}
