import Testing
import TraceFormat

@Test func TraceFormatModuleLoads() {
  #expect(Bool(true))
}
