import Testing

@testable import CCSText

/// The environment as ccs reads it, straight from `environ`. The tests only read it: setting
/// a variable while other tests of the process read `environ` is not thread-safe.
@Suite("Process environment")
struct ProcessEnvironmentTests {
  @Test func everyVariableMatchesGetenv() {
    let environment = ProcessEnvironment.current()
    #expect(environment["PATH"] != nil)
    for (name, value) in environment {
      #expect(!name.isEmpty && !name.contains("="))
      #expect(ProcessEnvironment.value(of: name) == value, "\(name)")
    }
  }

  @Test func anUnsetVariableIsNil() {
    let name = "CCS_TEST_SURELY_UNSET_7F3A"
    #expect(ProcessEnvironment.value(of: name) == nil)
    #expect(ProcessEnvironment.current()[name] == nil)
  }
}
