import TensorCore
import Testing

@Test func TensorCoreModuleLoads() {
  #expect(Bool(true))
}
