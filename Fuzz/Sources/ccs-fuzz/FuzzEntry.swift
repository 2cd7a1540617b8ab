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

/// libFuzzer's driver (in the fuzzer runtime `-sanitize=fuzzer` links).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The process entry point. SwiftPM links an executable target with `main` pointing at
/// `<target>_main`; this one hands the command line to libFuzzer's driver.
@_cdecl("ccs_fuzz_main")
public func ccsFuzzMain(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}
