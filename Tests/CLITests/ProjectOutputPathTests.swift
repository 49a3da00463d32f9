import Foundation
import Testing

/// The project command's output path fails as `run`'s does: an output that cannot be written exits 3.
@Suite struct ProjectOutputPathTests {
    @Test func projectOutputThatCannotBeWrittenExitsThree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-project-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The parent of --out is a plain file: the folder cannot be created.
        let file = folder.appendingPathComponent("plain-file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let result = try CommandRunner.run(["project", "Scenarios/dehong-population.yaml", "--out", "\(file)/out", "--quiet"])
        #expect(result.status == 3, "\(result.status) \(result.stderr)")
        #expect(result.stderr.contains("cannot create") && result.stderr.contains(folder.lastPathComponent), "\(result.stderr)")
    }
}
