// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Retoma",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "retoma", targets: ["retoma"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // HMAC-SHA256 for the webhook's signatures (its HTTP listener is our own, in RetomaChannels).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // CSV import and export: a streaming reader and a writer, no dependencies of its own (BENCHMARKS.md).
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        // The PostgreSQL driver for teams sharing one board (RetomaPostgres); no ORM.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "RetomaCore"),
        .target(name: "RetomaHTTP", dependencies: ["CCurl"]),
        .target(name: "RetomaAI", dependencies: ["RetomaCore", "RetomaHTTP"]),
        .target(name: "RetomaStore", dependencies: [
            "RetomaCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The store's database seam on a PostgreSQL server: connection settings, the driver and its schema.
        .target(name: "RetomaPostgres", dependencies: [
            "RetomaStore", "RetomaCore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .target(name: "RetomaChannels", dependencies: [
            "RetomaCore", "RetomaHTTP",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "RetomaEngine", dependencies: ["RetomaCore", "RetomaStore", "RetomaAI", "RetomaChannels"]),
        // Spreadsheet import and export: reading, header mapping and checks, pure (no I/O of its own).
        .target(name: "RetomaCSV", dependencies: [
            "RetomaCore", "RetomaStore",
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        .target(name: "TUIKit"),
        .target(name: "RetomaApp", dependencies: ["RetomaCore", "TUIKit"]),
        .target(name: "TerminalCurses", dependencies: ["TUIKit", "CNcursesw"]),
        .executableTarget(name: "retoma", dependencies: [
            "RetomaCore", "RetomaStore", "TUIKit", "RetomaApp", "TerminalCurses", "RetomaEngine", "RetomaAI", "RetomaChannels",
            "RetomaCSV", "RetomaPostgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks of pure code (bench/prompt.sh).
        .executableTarget(name: "retoma-bench", dependencies: ["RetomaCore", "RetomaStore", "RetomaEngine", "RetomaAI",
                                                              "RetomaChannels"]),
        // Engine benchmarks (bench/engine.sh): due lookup among 1,000,000 deals, engine memory, due-to-send delay.
        .executableTarget(name: "retoma-engine-bench", dependencies: [
            "RetomaEngine", "RetomaStore", "RetomaPostgres", "RetomaCore", "RetomaChannels", "RetomaAI",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "bench/EngineBench"),
        // The webhook listener under 2,000 slow connections while the engine sends (bench/webhook-flood.sh).
        .executableTarget(name: "retoma-webhook-bench", dependencies: [
            "RetomaEngine", "RetomaStore", "RetomaCore", "RetomaChannels", "RetomaAI",
        ], path: "bench/WebhookBench"),
        // Fuzzing (bench/fuzz.sh): `retoma-fuzz TARGET` under libFuzzer; FuzzCorpusTests replays Tests/FuzzCorpus
        // through the same entry points.
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        .target(name: "FuzzEntryPoints", dependencies: ["RetomaCore", "RetomaChannels", "RetomaAI", "TUIKit", "CLibFuzzer"]),
        .executableTarget(name: "retoma-fuzz", dependencies: ["FuzzEntryPoints"]),
        .testTarget(name: "RetomaCoreTests", dependencies: ["RetomaCore"]),
        // The test server and the backend the store and engine tests run on (RETOMA_TEST_BACKEND: sqlite or postgres).
        .target(name: "StoreTestBackend", dependencies: [
            "RetomaStore", "RetomaCore", "RetomaPostgres", .product(name: "PostgresNIO", package: "postgres-nio"),
        ], path: "Tests/StoreTestBackend"),
        .testTarget(name: "RetomaStoreTests", dependencies: ["RetomaStore", "RetomaCore", "StoreTestBackend",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RetomaPostgresTests", dependencies: [
            "RetomaPostgres", "RetomaStore", "RetomaCore", "StoreTestBackend",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "TUIKitTests", dependencies: ["TUIKit"]),
        .testTarget(name: "RetomaCSVTests", dependencies: ["RetomaCSV", "RetomaStore", "RetomaCore"]),
        // A loopback HTTP server written for tests, shared by every test target that talks HTTP.
        // The WhatsApp emulators sign webhooks as Meta does, with their own HMAC (not Retoma's code).
        .target(name: "LoopbackHTTPServer", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
                path: "Tests/LoopbackHTTPServer"),
        .testTarget(name: "RetomaHTTPTests", dependencies: ["RetomaHTTP", "LoopbackHTTPServer"]),
        .testTarget(name: "RetomaAITests", dependencies: ["RetomaAI", "RetomaCore", "RetomaHTTP", "LoopbackHTTPServer"]),
        .testTarget(name: "RetomaEngineTests", dependencies: ["RetomaEngine", "RetomaStore", "RetomaCore", "RetomaChannels", "RetomaAI", "LoopbackHTTPServer",
                                                          "StoreTestBackend"]),
        .testTarget(name: "RetomaChannelsTests", dependencies: ["RetomaChannels", "RetomaCore", "RetomaHTTP", "RetomaStore",
                                                            "LoopbackHTTPServer"]),
        .testTarget(name: "RetomaAppTests", dependencies: ["RetomaApp", "RetomaCore", "TUIKit"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzEntryPoints"]),
        .testTarget(name: "EndToEndTests", dependencies: ["retoma", "RetomaStore", "RetomaCore", "RetomaChannels", "RetomaHTTP",
                                                      "LoopbackHTTPServer", "StoreTestBackend",
                                                      .product(name: "PostgresNIO", package: "postgres-nio")]),
    ],
    swiftLanguageModes: [.v6]
)
