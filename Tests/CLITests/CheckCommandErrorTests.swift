import Foundation
import Testing

/// The built `carecap` next to the test bundle (SwiftPM builds it: this target depends on it), else
/// `.build/debug/carecap` of this package.
private func carecapExecutable() throws -> URL {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("carecap")
    if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let built = package.appendingPathComponent(".build/debug/carecap")
    try #require(FileManager.default.isExecutableFile(atPath: built.path), "carecap is not built at \(built.path)")
    return built
}

private struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
}

private func carecap(_ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = try carecapExecutable()
    process.arguments = arguments
    // Both streams go to files, so a full pipe cannot block the child.
    let stem = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-run-\(UUID().uuidString)")
    let outURL = stem.appendingPathExtension("out"), errURL = stem.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: errData, as: UTF8.self))
}

struct CLIErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    /// `:LINE:COL: error: KEY.PATH:` expected right after the file path.
    let place: String
    let fragment: String
    var testDescription: String { name }
}

let cliErrorCases: [CLIErrorCase] = [
    CLIErrorCase(name: "fractional households", yaml: """
        carecap: 1
        districts:
          - id: a
            households: 12.5
        """, place: ":4:17: error: districts[0].households:", fragment: "expected a whole number of households ≥ 0, found 12.5"),
    CLIErrorCase(name: "misspelt key", yaml: """
        carecap: 1
        districts:
          - id: a
            housholds: 12
        """, place: ":4:5: error: districts[0].housholds:", fragment: "did you mean \"households\""),
    CLIErrorCase(name: "unknown preset", yaml: """
        carecap: 1
        rules: sanya-2024
        districts: []
        """, place: ":2:8: error: rules:", fragment: "did you mean \"sanya-2023\""),
    CLIErrorCase(name: "unknown rule", yaml: """
        carecap: 1
        overrides:
          nursing-bed-shares: {share: 0.6}
        districts: []
        """, place: ":3:3: error: overrides.nursing-bed-shares:", fragment: "did you mean \"nursing-bed-share\""),
    CLIErrorCase(name: "checked yes", yaml: """
        carecap: 1
        overrides:
          nursery-class-size: {checked: yes}
        districts: []
        """, place: ":3:33: error: overrides.nursery-class-size.checked:", fragment: "expected true or false, found yes"),
    CLIErrorCase(name: "classes times cap overflow", yaml: """
        carecap: 1
        overrides:
          nursery-class-size: {infant_cap: 999999999}
        districts:
          - id: a
            households: 100
            nursery: {classes: {infant: 999999999999}}
        """, place: ":7:33: error: districts[0].nursery.classes.infant:", fragment: "expected at most 1000000000 classes"),
    CLIErrorCase(name: "nursing beds above beds", yaml: """
        carecap: 1
        supply:
          "460202":
            institutions:
              - {id: home, beds: 100, nursing_beds: 101}
        """, place: ":5:45: error: supply.460202.institutions[0].nursing_beds:", fragment: "at most the institution's beds (100)"),
    CLIErrorCase(name: "duplicate key", yaml: """
        carecap: 1
        districts:
          - id: a
            households: 1
            households: 2
        """, place: ":5:5: error: districts[0].households:", fragment: "duplicate key \"households\" (first given at line 4)"),
    CLIErrorCase(name: "alias bomb as a key", yaml: """
        carecap: 1
        description:
          - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
          - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
          - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
          - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
          - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
          - &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
          - &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
        districts:
          - {id: a, households: 1, ? *g : 1}
        """, place: ":8:21: error: description[5][3]:", fragment: "alias bomb"),
]

@Suite("carecap check on bad input")
struct CheckCommandErrorTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @Test("exit 2, nothing on stdout, one positioned error on stderr", arguments: cliErrorCases)
    func malformedFile(_ c: CLIErrorCase) throws {
        let path = directory.appendingPathComponent("scenario.yaml").path
        try Data(c.yaml.utf8).write(to: URL(fileURLWithPath: path))
        let run = try carecap(["check", path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix(path + c.place), "\(run.stderr)")
        #expect(run.stderr.contains(c.fragment), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("\n"))
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Backtracing"))
    }

    @Test func missingFile() throws {
        let path = directory.appendingPathComponent("absent.yaml").path
        let run = try carecap(["check", path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "\(path): error: does not exist; expected a scenario file (YAML)\n")
    }

    @Test func directoryAsTheFile() throws {
        let run = try carecap(["check", directory.path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("\(directory.path): error: is a folder, not a file"))
    }

    @Test func invalidUTF8() throws {
        let path = directory.appendingPathComponent("latin1.yaml").path
        try Data(Array("carecap: 1\nname: caf".utf8) + [0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        let run = try carecap(["check", path])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(path):2:10: error: expected UTF-8 text, found the byte 0xE9"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let path = directory.appendingPathComponent("ok.yaml").path
        try Data("carecap: 1\ndistricts: []\n".utf8).write(to: URL(fileURLWithPath: path))
        let run = try carecap(["check", path, "--fromat", "csv"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("--fromat"), "\(run.stderr)")
    }

    @Test func validFileExitsZero() throws {
        // 1,000 households × 2.62 = 2,620 residents → ceil(4.5 × 2.62) = ceil(11.79) = 12 slots ≤ 15: passes.
        let path = directory.appendingPathComponent("one-district.yaml").path
        try Data("carecap: 1\ndistricts:\n  - { id: ok, households: 1000, nursery: { slots: 15 } }\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let run = try carecap(["check", path, "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
    }

    @Test func emptyDistrictsIsNothingToCheck() throws {
        // Issue 11: this used to print "0 findings" and exit 0, which reads as a pass. Now bad input (2).
        let path = directory.appendingPathComponent("empty-districts.yaml").path
        try Data("carecap: 1\ndistricts: []\n".utf8).write(to: URL(fileURLWithPath: path))
        let run = try carecap(["check", path, "--format", "csv"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(path): error: nothing to check: the file has no \"districts:\""), "\(run.stderr)")
    }
}
