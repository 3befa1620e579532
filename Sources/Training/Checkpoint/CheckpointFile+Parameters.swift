import TensorCore

extension CheckpointFile {
  /// Prefix of optimiser-state tensors, which `apply(to:path:)` skips.
  public static let optimizerStatePrefix = "adamw."

  /// Copies the checkpoint's tensors into the trainable ones of `parameters`, after checking that
  /// the names and shapes match exactly: every trainable parameter must be present with its shape,
  /// and every tensor (other than `adamw.*` optimiser state) must be a trainable parameter.
  /// Nothing is modified unless everything matches.
  public func apply(to parameters: [Parameter], path: String) throws(CheckpointError) {
    let trainable = parameters.filter(\.isTrainable)
    let byName = tensorsByName
    for parameter in trainable {
      guard let tensor = byName[parameter.name] else {
        throw .missingTensor(
          path: path, tensor: parameter.name, expectedShape: parameter.value.shape)
      }
      guard tensor.shape == parameter.value.shape else {
        throw .shapeMismatch(
          path: path, tensor: parameter.name, expected: parameter.value.shape, found: tensor.shape)
      }
    }
    let names = Set(trainable.map(\.name))
    for (name, tensor) in tensors
    where !name.hasPrefix(Self.optimizerStatePrefix) && !names.contains(name) {
      throw .unexpectedTensor(path: path, tensor: name, shape: tensor.shape)
    }
    for parameter in trainable {
      if let tensor = byName[parameter.name] { parameter.value = tensor }
    }
  }

  /// The optimiser step stored by `CheckpointWriter.save(parameters:optimizer:...)`, if any.
  public var optimizerStep: Int? { metadata["optimizer_step"].flatMap { Int($0) } }
}
