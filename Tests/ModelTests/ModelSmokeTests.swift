import Model
import Testing

@Test func ModelModuleLoads() {
  #expect(Bool(true))
}
