/// The members of a zip archive (what `np.savez` / `np.savez_compressed` write), read from its
/// central directory: ZIP64 records are understood, stored (0) and deflated (8) members are read,
/// anything else (encryption, other methods, several disks) is rejected with a clear error. Every
/// offset and size is checked against the file's size before it is used.
struct ZipArchive {
  struct Member: Sendable {
    let name: String
    let method: UInt16
    let crc: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    /// Offset of the member's data (after its local header).
    let dataOffset: Int
  }

  let path: String
  let file: PosixFile
  let fileSize: Int
  let members: [Member]

  /// The most members an archive may have.
  static let maxMembers = 4096

  init(path: String) throws(NpzError) {
    self.path = path
    func fail(_ reason: String) -> NpzError { NpzError(path: path, array: nil, reason: reason) }
    do {
      file = try PosixFile.openForReading(path: path)
      fileSize = try file.size()
    } catch {
      throw fail("\(error)")
    }
    let tailCount = min(fileSize, 22 + 65535)
    let tail = try Self.bytes(file, path: path, at: fileSize - tailCount, count: tailCount)
    guard
      let eocd = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
        tail.le32($0) == 0x0605_4B50
      })
    else {
      throw fail(
        "no end-of-central-directory record: not a zip archive (an .npz is one; a single .npy "
          + "is not accepted here)")
    }
    var entryCount = Int(tail.le16(eocd + 10))
    var directorySize = Int(tail.le32(eocd + 12))
    var directoryOffset = Int(tail.le32(eocd + 16))
    guard tail.le16(eocd + 4) == 0 && tail.le16(eocd + 6) == 0 else {
      throw fail("multi-disk archives are not supported")
    }
    let eocdOffset = fileSize - tailCount + eocd
    if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF,
      eocdOffset >= 20
    {
      let locator = try Self.bytes(file, path: path, at: eocdOffset - 20, count: 20)
      if locator.le32(0) == 0x0706_4B50 {
        let recordOffset = Int(clamping: locator.le64(8))
        guard recordOffset <= fileSize - 56 else { throw fail("ZIP64 record offset out of range") }
        let record = try Self.bytes(file, path: path, at: recordOffset, count: 56)
        guard record.le32(0) == 0x0606_4B50 else { throw fail("bad ZIP64 end record signature") }
        entryCount = Int(clamping: record.le64(32))
        directorySize = Int(clamping: record.le64(40))
        directoryOffset = Int(clamping: record.le64(48))
      }
    }
    guard entryCount <= Self.maxMembers else {
      throw fail("\(entryCount) members, above the limit of \(Self.maxMembers)")
    }
    guard directoryOffset <= fileSize, directorySize <= fileSize - directoryOffset else {
      throw fail(
        "central directory (offset \(directoryOffset), \(directorySize) bytes) past the end")
    }
    let directory = try Self.bytes(file, path: path, at: directoryOffset, count: directorySize)
    var members: [Member] = []
    var cursor = 0
    for index in 0..<entryCount {
      guard directory.count - cursor >= 46, directory.le32(cursor) == 0x0201_4B50 else {
        throw fail("central directory entry \(index) is damaged")
      }
      let flags = directory.le16(cursor + 8)
      let method = directory.le16(cursor + 10)
      let crc = directory.le32(cursor + 16)
      var compressed = Int(directory.le32(cursor + 20))
      var uncompressed = Int(directory.le32(cursor + 24))
      let nameCount = Int(directory.le16(cursor + 28))
      let extraCount = Int(directory.le16(cursor + 30))
      let commentCount = Int(directory.le16(cursor + 32))
      var localOffset = Int(directory.le32(cursor + 42))
      let end = cursor + 46 + nameCount + extraCount + commentCount
      guard end <= directory.count else { throw fail("central directory entry \(index) is cut") }
      let name = String(decoding: directory[cursor + 46..<cursor + 46 + nameCount], as: UTF8.self)
      // ZIP64 extended information: the 0xFFFFFFFF fields, in this order.
      var extra = cursor + 46 + nameCount
      let extraEnd = extra + extraCount
      while extraEnd - extra >= 4 {
        let id = directory.le16(extra)
        let size = Int(directory.le16(extra + 2))
        guard extra + 4 + size <= extraEnd else { break }
        if id == 0x0001 {
          var field = extra + 4
          func next() -> Int? {
            guard field + 8 <= extra + 4 + size else { return nil }
            defer { field += 8 }
            return Int(clamping: directory.le64(field))
          }
          if uncompressed == 0xFFFF_FFFF { uncompressed = next() ?? uncompressed }
          if compressed == 0xFFFF_FFFF { compressed = next() ?? compressed }
          if localOffset == 0xFFFF_FFFF { localOffset = next() ?? localOffset }
        }
        extra += 4 + size
      }
      cursor = end
      guard flags & 1 == 0 else { throw NpzError(path: path, array: name, reason: "encrypted") }
      guard method == 0 || method == 8 else {
        throw NpzError(
          path: path, array: name,
          reason: "compression method \(method) (only stored and deflate are supported)")
      }
      guard localOffset <= fileSize - 30 else {
        throw NpzError(path: path, array: name, reason: "local header offset past the end")
      }
      let local = try Self.bytes(file, path: path, at: localOffset, count: 30)
      guard local.le32(0) == 0x0403_4B50 else {
        throw NpzError(path: path, array: name, reason: "bad local header signature")
      }
      let dataOffset = localOffset + 30 + Int(local.le16(26)) + Int(local.le16(28))
      guard dataOffset <= fileSize, compressed <= fileSize - dataOffset else {
        throw NpzError(
          path: path, array: name,
          reason: "\(compressed) bytes of data at offset \(dataOffset) run past the end of the file"
        )
      }
      guard method == 8 || compressed == uncompressed else {
        throw NpzError(
          path: path, array: name,
          reason: "stored member with sizes \(compressed) and \(uncompressed)")
      }
      members.append(
        Member(
          name: name, method: method, crc: crc, compressedSize: compressed,
          uncompressedSize: uncompressed, dataOffset: dataOffset))
    }
    self.members = members
  }

  static func bytes(_ file: PosixFile, path: String, at offset: Int, count: Int) throws(NpzError)
    -> [UInt8]
  {
    var buffer = [UInt8](repeating: 0, count: count)
    let got: Int
    do {
      got = try buffer.withUnsafeMutableBytes { raw throws(TraceError) in
        try file.read(into: raw, at: offset)
      }
    } catch {
      throw NpzError(path: path, array: nil, reason: "\(error)")
    }
    guard got == count else {
      throw NpzError(path: path, array: nil, reason: "file ends at byte \(offset + got)")
    }
    return buffer
  }
}

extension Array where Element == UInt8 {
  func le16(_ offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
  func le32(_ offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[offset + $1]) << UInt32(8 * $1) }
  }
  func le64(_ offset: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { $0 | UInt64(self[offset + $1]) << UInt64(8 * $1) }
  }
}
