import Foundation
import Testing
@testable import Scenario
#if canImport(Glibc)
import Glibc
#endif

/// A path that cannot be opened gets a message that says why, truly: a symbolic link loop is not "no
/// such file", a folder is not "a file that cannot be read"; a data path's error names the key that
/// named it.
@Suite struct FileOpenMessageTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// What each kind of path is made as, and what the message must say of it.
    enum Kind: String, CaseIterable, Sendable {
        case missing, folder, loop, dangling, fifo, fileAsFolder
        var says: String {
            switch self {
            case .missing: "does not exist"
            case .folder: "is a folder, not a file"
            case .loop: "cannot be opened: a loop of symbolic links"
            case .dangling: "is a symbolic link to a path that does not exist"
            case .fifo: "is not a regular file (a FIFO)"
            case .fileAsFolder: "does not exist (a part of the path before the last is a file, not a folder)"
            }
        }
    }

    /// Makes a path of `kind` named `name` in the test's folder; returns its path.
    func make(_ kind: Kind, _ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let fm = FileManager.default
        switch kind {
        case .missing: break
        case .folder: try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        case .loop:
            try fm.createSymbolicLink(atPath: path, withDestinationPath: path + ".other")
            try fm.createSymbolicLink(atPath: path + ".other", withDestinationPath: path)
        case .dangling: try fm.createSymbolicLink(atPath: path, withDestinationPath: path + ".gone")
        case .fifo: #expect(mkfifo(path, 0o644) == 0)
        case .fileAsFolder:
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
            return path + "/inner.yaml"
        }
        return path
    }

    @Test(arguments: Kind.allCases)
    func scenarioFileThatCannotBeOpenedSaysWhy(kind: Kind) throws {
        let path = try make(kind, "scenario.yaml")
        #expect {
            try ScenarioLoader.load(path: path)
        } throws: { error in
            (error as? ScenarioError)?.description == "\(path): error: \(kind.says); expected a scenario file (YAML)"
        }
    }

    /// The census key of a scenario names a path of each kind: the error is at the key (line 3,
    /// column 11 after `  census: `), names it, and says what is true of the path.
    @Test(arguments: Kind.allCases)
    func dataPathThatCannotBeOpenedSaysWhyAtItsKey(kind: Kind) throws {
        let census = try make(kind, "census.csv")
        let written = String(census.dropFirst(directory.path.count + 1))
        let scenario = directory.appendingPathComponent("s.yaml")
        try Data("""
            carecap: 1
            population:
              census: \(written)
              wpp: .
              horizon: 2030

            """.utf8).write(to: scenario)
        #expect {
            try ScenarioLoader.load(path: scenario.path)
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.keyPath == "population.census" && error.line == 3 && error.column == 11
                && error.message.hasPrefix("\"\(written)\" \(kind.says); expected a readable file")
        }
    }

    /// A file where the WPP folder should be.
    @Test func dataFolderThatIsAFileSaysSo() throws {
        try Data("x".utf8).write(to: directory.appendingPathComponent("wpp"))
        let scenario = directory.appendingPathComponent("s.yaml")
        try Data("carecap: 1\npopulation: {census: s.yaml, wpp: wpp, horizon: 2030}\n".utf8).write(to: scenario)
        #expect {
            try ScenarioLoader.load(path: scenario.path)
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.keyPath == "population.wpp" && error.message.hasPrefix("\"wpp\" is a file, not a folder; expected a folder")
        }
    }

    /// Root reads everything, so this can only be tested as another user.
    @Test(.enabled(if: getuid() != 0, "runs as root: permissions do not apply"))
    func unreadableFileSaysPermissionDenied() throws {
        let path = directory.appendingPathComponent("locked.yaml").path
        try Data("carecap: 1\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        #expect {
            try ScenarioLoader.load(path: path)
        } throws: { error in
            (error as? ScenarioError)?.message == "cannot be opened: permission denied; expected a scenario file (YAML)"
        }
    }

    @Test func pointsFileThatIsAFolderSaysSo() throws {
        let folder = try make(.folder, "points.csv")
        let file = PopulationSection.DataPath(path: folder, written: "points.csv", keyPath: "population.points", line: 7, column: 11)
        #expect {
            try CountyPoints.load(file)
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.keyPath == "population.points" && error.line == 7
                && error.message == "the points file \(folder) is a folder, not a file; expected a readable file"
        }
    }
}
