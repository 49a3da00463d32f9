import Foundation
@testable import Demography

/// Paths of the project's data, found from this file's location so tests run from any directory.
enum TestData {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let censusPath = repositoryRoot.appendingPathComponent("Scenarios/data/census2020/county_age5_sex.csv").path
    static let wppDirectory = repositoryRoot.appendingPathComponent("Scenarios/data/wpp2024_china").path
    static let referenceDirectory = repositoryRoot.appendingPathComponent("Tests/Fixtures/ccmpp_reference")

    /// Parsed once per test process: every test that needs them shares these.
    static let census: Result<CensusTable, Error> = Result { try CensusTable.load(path: censusPath) }
    static let wpp: Result<WPPRates, Error> = Result { try WPPRates.load(directory: wppDirectory) }

    /// Rows of a reference CSV as dictionaries keyed by column name.
    static func referenceRows(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: referenceDirectory.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    static func temporaryFile(_ name: String, contents: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-demography-tests-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url.path
    }
}

func relativeDifference(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
}
