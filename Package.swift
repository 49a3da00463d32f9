// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "CareCap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "carecap", targets: ["carecap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]
        ),
        .target(name: "Numerics", dependencies: ["CGSL"]),
        .target(name: "Demography", dependencies: ["Numerics"]),
        .target(name: "Planning", dependencies: [.product(name: "Yams", package: "Yams")], resources: [.copy("Rules/catalogue"), .copy("Rules/presets")]),
        .target(name: "Scenario", dependencies: ["Planning", "Demography", .product(name: "Yams", package: "Yams")]),
        .target(name: "Results", dependencies: ["Planning", "Demography", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Reporting", dependencies: ["Planning", "Results", "Demography", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Simulation", dependencies: ["Scenario", "Planning", "Demography", "Numerics", "Results"]),
        .executableTarget(
            name: "carecap",
            dependencies: [
                "Scenario", "Planning", "Reporting", "Results", "Demography", "Numerics", "Simulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "carecap-bench",
            dependencies: ["Demography", "Numerics"],
            path: "Benchmarks/carecap-bench"
        ),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics"]),
        .testTarget(name: "DemographyTests", dependencies: ["Demography", "Numerics"]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Planning"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Scenario", "Planning", "Numerics", "Results"]),
        .testTarget(name: "CLITests", dependencies: ["carecap"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Results", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "Planning", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
