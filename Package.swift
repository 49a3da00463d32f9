// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// HiGHS is optional: when pkg-config can find highs.pc (scripts/setup.sh writes one for PyPI's highsbox
/// wheel; brew ships one), the Siting module links it and `carecap optimize` offers it; otherwise the
/// package builds with GLPK alone. The library folder goes into the binaries' rpath so they run without
/// LD_LIBRARY_PATH. SwiftPM caches what this manifest evaluates to: after installing or removing HiGHS in a
/// checkout already built, run `touch Package.swift && swift build --manifest-cache none` once (or remove .build).
func highsLibraryFolder() -> String? {
    let environment = ProcessInfo.processInfo.environment
    var folders = (environment["PKG_CONFIG_PATH"] ?? "").split(separator: ":").map(String.init)
    folders += ["/usr/local/lib/pkgconfig", "/usr/local/share/pkgconfig", "/usr/lib/pkgconfig",
                "/usr/lib/x86_64-linux-gnu/pkgconfig", "/usr/lib/aarch64-linux-gnu/pkgconfig",
                "/opt/homebrew/lib/pkgconfig"]
    for folder in folders {
        guard let text = try? String(contentsOfFile: folder + "/highs.pc", encoding: .utf8) else { continue }
        var variables: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.contains(":") || line.firstIndex(of: ":")! > equals else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            for (key, known) in variables { value = value.replacingOccurrences(of: "${\(key)}", with: known) }
            variables[name] = value
        }
        guard let libdir = variables["libdir"] else { continue }
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: libdir + "/libhighs.so") || fileManager.fileExists(atPath: libdir + "/libhighs.dylib") {
            return libdir
        }
    }
    return nil
}

let highsFolder = highsLibraryFolder()
var sitingDependencies: [Target.Dependency] = ["CGLPK", "Demography", "Numerics"]
var extraTargets: [Target] = []
var sitingSwiftSettings: [SwiftSetting] = []
var sitingLinkerSettings: [LinkerSetting] = []
if let highsFolder {
    extraTargets.append(.systemLibrary(name: "CHiGHS", pkgConfig: "highs", providers: [.brew(["highs"])]))
    sitingDependencies.append("CHiGHS")
    sitingSwiftSettings.append(.define("CARECAP_HIGHS"))
    sitingLinkerSettings.append(.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", highsFolder]))
}

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
        .target(name: "Numerics", dependencies: ["CGSL", "CSurvival"]),
        // The projection's and the simulation's innermost loops in C, so that they can be compiled for AVX2
        // beside the baseline and chosen on the CPU at load (Swift cannot multiversion a function): the
        // same bits either way. Optimised in debug builds too, so that `swift test` runs the vectorised code whose
        // bits the tests compare with the Swift references (FP contraction is off in every file: the same bits
        // at any -O; without it the debug objects held no AVX-512 instruction).
        .target(name: "CSurvival", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "Demography", dependencies: ["Numerics", "CSurvival"]),
        .target(name: "Planning", dependencies: [.product(name: "Yams", package: "Yams")], resources: [.copy("Rules/catalogue"), .copy("Rules/presets")]),
        .target(name: "Scenario", dependencies: ["Planning", "Demography", "Siting", .product(name: "Yams", package: "Yams")]),
        .target(name: "CSQLiteOptions", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(name: "Results", dependencies: ["Planning", "Demography", "CSQLiteOptions", .product(name: "GRDB", package: "GRDB.swift")]),
        // libdeflate for the workbook's zip writer (libdeflate-dev).
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate"),
        .target(name: "Reporting", dependencies: ["Planning", "Results", "Demography", "CDeflate"]),
        .target(name: "Simulation", dependencies: ["Scenario", "Planning", "Demography", "Numerics", "Results", "CSurvival"]),
        .target(name: "Siting", dependencies: sitingDependencies, swiftSettings: sitingSwiftSettings,
                linkerSettings: sitingLinkerSettings),
        .executableTarget(
            name: "carecap",
            dependencies: [
                "Scenario", "Planning", "Reporting", "Results", "Demography", "Numerics", "Simulation", "Siting",
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
        .testTarget(name: "SitingTests", dependencies: ["Siting", "Scenario"], exclude: ["Fixtures"]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "Planning", .product(name: "GRDB", package: "GRDB.swift")]),
    ] + extraTargets,
    swiftLanguageModes: [.v6]
)
