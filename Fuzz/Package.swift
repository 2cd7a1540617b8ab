// swift-tools-version: 6.1
// The libFuzzer binary over ccs's fuzz targets. Built only by scripts/fuzz, with
// `-sanitize=fuzzer,address` and its own scratch path, so the main build is unaffected.
import PackageDescription

let package = Package(
  name: "ccs-fuzz",
  dependencies: [.package(name: "ccs", path: "..")],
  targets: [
    .executableTarget(
      name: "ccs-fuzz",
      dependencies: [.product(name: "CCSFuzzTargets", package: "ccs")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
  ]
)
