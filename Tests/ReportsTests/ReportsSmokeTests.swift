import Reports
import Testing

@Test func ReportsModuleLoads() {
  #expect(Bool(true))
}
