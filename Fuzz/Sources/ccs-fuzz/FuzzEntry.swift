import CCSFuzzTargets
import Foundation

/// The target this process fuzzes, named by `CCS_FUZZ_TARGET` (scripts/fuzz sets it).
let selectedTarget: FuzzTarget = {
  let name = ProcessInfo.processInfo.environment["CCS_FUZZ_TARGET"] ?? ""
  guard let target = FuzzTarget(rawValue: name) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("ccs-fuzz: set CCS_FUZZ_TARGET to one of: \(names)\n".utf8))
    exit(2)
  }
  return target
}()

/// libFuzzer's entry point: one input, any bytes. A broken invariant traps so the fuzzer
/// saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  do {
    try selectedTarget.run(bytes)
  } catch {
    fatalError("ccs-fuzz \(selectedTarget.rawValue): \(error)")
  }
  return 0
}
