import Testing
import TraceFormat

/// The reader holds one record at a time: its buffers never exceed one frame plus one payload,
/// however many records the file has.
@Test func readerMemoryIsBoundedByOneRecord() throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let spec = SyntheticTraceSpec(
    model: ModelDimensions(layers: 6, hidden: 384, intermediate: 1536, heads: 12), sequences: 150,
    tokenCounts: 25...25, density: 0.3, seed: 5)
  let path = directory.file("long.trace")
  let fileBytes = try SyntheticTrace(spec).write(to: path)
  let reader = try TraceReader(path: path)
  var records = 0
  while try reader.next() != nil { records += 1 }
  #expect(records == 150)
  // One payload: 24-byte record header + 6 layers * (8 + 25 tokens * 24 words * 8 bytes).
  let payloadBytes = 24 + 6 * (8 + 25 * 24 * 8)
  #expect(reader.peakBufferedBytes >= payloadBytes)
  #expect(reader.peakBufferedBytes <= 2 * payloadBytes + 1024)
  #expect(reader.peakBufferedBytes * 50 < fileBytes)
  #expect(reader.byteOffset == fileBytes && reader.fileByteCount == fileBytes)
}
