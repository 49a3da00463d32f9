import Foundation
import Testing
@testable import Demography

/// A data file the readers cannot open says why (a folder is not "a file that cannot be read", a loop of
/// links is not "no such file"), for the census and every file of the WPP folder alike.
@Suite struct DataFileOpenMessageTests {
    @Test func dataFileThatIsAFolderOrALinkLoopSaysWhich() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let folder = directory.appendingPathComponent("census.csv").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(throws: DataFileError(path: folder, line: 0, expected: "a readable file", found: "a folder")) {
            try CensusTable.load(path: folder)
        }
        let loop = directory.appendingPathComponent("mxM5.tsv").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        #expect(throws: DataFileError(path: loop, line: 0, expected: "a readable file", found: "a loop of symbolic links")) {
            try WPPRates.loadDeathRates(path: loop)
        }
    }
}

/// calibration.csv takes area names from the census: a name that starts a formula is a guarded text
/// cell, and a comma is kept inside quotes instead of being replaced.
@Suite struct CalibrationCSVInjectionTests {
    @Test func calibrationCSVGuardsCensusNames() {
        #expect(CSVField.text("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVField.text("@A1") == "\"'@A1\"")
        #expect(CSVField.text("芒市, 德宏") == "\"芒市, 德宏\"")
        #expect(PopulationCSVWriter.keyField("-1") == Array("\"'-1\",".utf8))
        #expect(PopulationCSVWriter.keyField("533102") == Array("533102,".utf8))
    }
}
