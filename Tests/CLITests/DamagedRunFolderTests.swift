import Foundation
import Testing

/// `carecap report` and `carecap compare` on a run folder that is damaged exit 2 with what is wrong,
/// never a crash. The fixture run (2020-2025) is copied and its store patched byte for byte: SQLite
/// keeps no page checksums, so a value of the same length can be replaced in place.
@Suite struct DamagedRunFolderTests {
    static let fixture = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/report-run").path

    /// A copy of the fixture run whose store has `from` replaced by `to` (same length) once.
    func damagedCopy(replacing from: String, with to: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-damaged-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: folder)
        let store = URL(fileURLWithPath: folder).appendingPathComponent("results.gpkg")
        var bytes = [UInt8](try Data(contentsOf: store))
        let needle = Array(from.utf8), replacement = Array(to.utf8)
        precondition(needle.count == replacement.count)
        let at = try #require((0...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) })
        bytes.replaceSubrange(at..<at + needle.count, with: replacement)
        try Data(bytes).write(to: store)
        return folder
    }

    /// The manifest row is (key, value) with the key's and value's text side by side in the record.
    @Test func reportOnAManifestWithHorizon1900ExitsTwo() throws {
        let folder = try damagedCopy(replacing: "horizon2025", with: "horizon1900")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRunner.run(["report", folder, "--format", "md"])
        #expect(run.status == 2)
        #expect(run.stderr == "carecap: \(folder)/results.gpkg: table manifest: key horizon: expected a year after the base year 2020, at most 2100, found 1900\n")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/report.md"))
    }

    @Test func reportOnAManifestWithDrawsZeroExitsTwo() throws {
        let folder = try damagedCopy(replacing: "draws20", with: "draws-0")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRunner.run(["report", folder])
        #expect(run.status == 2)
        #expect(run.stderr.contains("table manifest: key draws: expected a number of draws from 1 to 10000000, found 0"))
    }

    @Test func compareWithADamagedRunExitsTwo() throws {
        let folder = try damagedCopy(replacing: "horizon2025", with: "horizon1900")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRunner.run(["compare", Self.fixture, folder, "--out", folder + "/c.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(folder)/results.gpkg: table manifest: key horizon"))
    }

    @Test func reportOnATruncatedStoreExitsTwo() throws {
        let folder = try damagedCopy(replacing: "horizon2025", with: "horizon2025")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = URL(fileURLWithPath: folder).appendingPathComponent("results.gpkg")
        try Data(try Data(contentsOf: store).prefix(8192)).write(to: store)
        let run = try CommandRunner.run(["report", folder])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("carecap: \(folder)/results.gpkg: ") && run.stderr.contains("damaged"))
    }

    @Test func reportOnAFolderThatDoesNotExistSaysSo() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-none-\(UUID().uuidString)").path
        let run = try CommandRunner.run(["report", missing])
        #expect(run.status == 2)
        #expect(run.stderr == "carecap: \(missing): the run folder does not exist\n")
    }
}
