// swift-tools-version: 6.1
import PackageDescription

/// The folder holding this manifest: linker flags need absolute paths.
let packageRoot = String(#filePath.dropLast("/Package.swift".count))

let package = Package(
  name: "ccs",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "ccs", targets: ["ccs"]),
    .library(name: "CCS", targets: ["CCS"]),
    // The fuzz targets, for the libFuzzer package in Fuzz/ (scripts/fuzz builds it).
    .library(name: "CCSFuzzTargets", targets: ["CCSFuzzTargets"]),
  ],
  dependencies: [
    .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/mattpolzin/OpenAPIKit", exact: "6.4.0", traits: []),
    .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
    .package(
      url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
    .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
  ],
  targets: [
    // libedit, from Debian's libedit-dev (scripts/bootstrap installs it).
    .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
    // libyaml, from Debian's libyaml-dev (scripts/bootstrap installs it).
    .systemLibrary(name: "CLibYAML", path: "Sources/CLibYAML"),
    // Lexer, parser, AST, source ranges, diagnostics. No I/O.
    .target(name: "CCSLanguage", dependencies: ["CCSText"]),
    // Text and system helpers every target shares where full Foundation would otherwise be
    // needed (trimming, paths, number text, percent-decoding, the lock, threads, descriptors).
    .target(name: "CCSText"),
    // Regular expressions matched in linear time (a Pike VM), cancellable; no dependencies.
    .target(name: "CCSRegex"),
    // Values, interpreter, scopes, builtin commands, formats, rendering, streams.
    .target(
      name: "CCSRuntime",
      dependencies: ["CCSLanguage", "CCSRegex", "CCSText", "CLibYAML"],
      resources: [.embedInCode("Resources/prelude.ccs")],
      swiftSettings: [
        .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
        // Each file sees the members of the modules it imports, not of every module the target
        // imports: full Foundation, imported (internally) by the regex file alone, does not
        // leak into the others; other targets never see it.
        .enableUpcomingFeature("MemberImportVisibility"),
      ]
    ),
    // HTTP transport, auth and profiles, OpenAPI catalogs bound as commands, SSE, pagination.
    .target(
      name: "CCSAPI",
      dependencies: [
        "CCSLanguage", "CCSRuntime", "CCSText",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      resources: [
        .embedInCode("Resources/clever-cloud-v4.yaml"),
        .embedInCode("Resources/cloudron-v1.yaml"),
      ]
    ),
    // The stateful fake Clever Cloud + Cloudron server.
    .target(
      name: "CCSSandbox",
      dependencies: [
        "CCSText",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    // The embedding facade: `Engine`, the one entry point of every front end and host.
    .target(
      name: "CCS", dependencies: ["CCSLanguage", "CCSRuntime", "CCSAPI", "CCSSandbox", "CCSText"]),
    // The libedit REPL, a front end over `Engine`.
    // Completion and history go through the engine's public API, like any host's.
    .target(name: "CCSShell", dependencies: ["CEditLine", "CCS", "CCSText"]),
    // `ccs runbook`: Markdown runbooks run block by block on one `Engine`.
    .target(name: "CCSRunbook", dependencies: ["CCS", "CCSText"]),
    .executableTarget(
      name: "ccs", dependencies: ["CCS", "CCSShell", "CCSRunbook", "CCSSandbox", "CCSText"],
      // `--static-swift-stdlib` links with `-export-dynamic` (37k dynamic symbols): nothing
      // looks ours up by name, and exporting them cost 11% of start-up (the dynamic linker
      // and `dladdr` scan them) and 4 MB of binary. A position-dependent executable has no
      // relative relocations left for the loader (2 MB of them, 0.8 ms of a 5.5 ms start).
      // See docs/decisions.md, "Performance".
      linkerSettings: [
        .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux])),
        // Release builds link the Swift runtime statically (scripts/bench): a debug build
        // links it as a shared library, whose protected symbols a non-PIE executable cannot
        // reference without the loader warning at every start.
        .unsafeFlags(
          ["-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release)),
        // Release builds link libstdc++, libedit (with terminfo, libbsd, libmd), libyaml and
        // zlib statically: each file in Linker/static is a linker script found before the
        // system's shared library and naming its archive. The loader then maps three shared
        // objects instead of eleven and binds 170 symbols instead of 2,300 at every start.
        .unsafeFlags(
          ["-L", packageRoot + "/Linker/static"],
          .when(platforms: [.linux], configuration: .release)),
        // The functions start-up and the common filters run, placed first and together:
        // fewer pages of code touched (RSS) and fewer page faults. It takes a section per
        // function, which scripts/build-release asks of every module. Gold's option, as the
        // Swift 6.3 toolchain links with gold on Linux.
        .unsafeFlags(
          ["-Xlinker", "--section-ordering-file=" + packageRoot + "/Linker/ccs.order"],
          .when(platforms: [.linux], configuration: .release)),
      ]
    ),
    // An example host: embeds the engine with the sandbox and two host commands.
    .executableTarget(
      name: "OpsBot", dependencies: ["CCS"], path: "Examples/OpsBot",
      resources: [.embedInCode("ops.ccs")]
    ),
    // Fuzz targets as plain functions: Fuzz/ links them into a libFuzzer binary, the
    // FuzzRegressionTests run saved crashers through them.
    .target(
      name: "CCSFuzzTargets",
      dependencies: ["CCSLanguage", "CCSRegex", "CCSRuntime", "CCS", "CCSAPI", "CCSSandbox"]),
    // A test tool, not a product: the line editor in a real terminal for the tmux tests.
    .executableTarget(name: "editline-probe", dependencies: ["CCS", "CCSShell"]),

    .testTarget(name: "CCSLanguageTests", dependencies: ["CCSLanguage"]),
    .testTarget(name: "CCSTextTests", dependencies: ["CCSText"]),
    .testTarget(name: "CCSRegexTests", dependencies: ["CCSRegex"]),
    .testTarget(name: "CCSRuntimeTests", dependencies: ["CCSRuntime", "CCS"]),
    .testTarget(
      name: "CCSAPITests",
      dependencies: [
        "CCSAPI", "CCSSandbox", "CCS", "CCSText",
        // The catalogs are validated with an independent OpenAPI implementation.
        .product(name: "OpenAPIKit", package: "OpenAPIKit"),
        .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
        .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "CCSSandboxTests",
      dependencies: [
        "CCSSandbox",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    .testTarget(name: "CCSShellTests", dependencies: ["CCSShell", "CCS", "editline-probe"]),
    .testTarget(name: "GoldenTests", dependencies: ["CCS", "OpsBot"]),
    .testTarget(name: "FuzzRegressionTests", dependencies: ["CCSFuzzTargets"]),
    .testTarget(
      name: "CCSTests",
      dependencies: [
        "CCS", .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
      ]
    ),
    .testTarget(
      name: "CCSRunbookTests",
      dependencies: [
        "CCSRunbook", "CCS", .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      resources: [.copy("Fixtures")]
    ),
  ]
)
