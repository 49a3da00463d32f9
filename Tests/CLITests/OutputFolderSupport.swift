import Foundation

/// Scenarios, folders and a background runner for the tests of output folders, names and signals.
enum OutputFolderSupport {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The report fixture (two Dehong counties to 2025) with `draws` draws and these `variants:` lines
    /// (each `NAME: { edits }`), written to `folder/name`. 2,000 draws take about 3 s in a debug build,
    /// so 50,000 take over a minute: long enough to interrupt, or to show a refusal came first.
    static func scenario(in folder: URL, name: String = "scenario.yaml", draws: Int = 20, variants: [String] = [],
                         title: String = "输出测试") throws -> String {
        let data = CommandRunner.packageRoot.appendingPathComponent("Scenarios/data").path
        var text = """
            carecap: 1
            name: \(title)
            rules: dehong-2022
            population:
              census: \(data)/census2020/county_age5_sex.csv
              wpp: \(data)/wpp2024_china
              base_year: 2020
              horizon: 2025
              areas: ["533102", "533103"]
            supply:
              "533102": { nursery_slots: 321, carers: 46, beds: 581, nursing_beds: 203, social_workers: 3 }
              "533103": { nursery_slots: 528, carers: 75, beds: 1530, nursing_beds: 536, social_workers: 8 }
            uncertainty: { draws: \(draws), seed: 7 }

            """
        if !variants.isEmpty {
            text += "variants:\n" + variants.map { "  \($0)\n" }.joined()
        }
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every file under `folder` (hidden ones too) by relative path, with its bytes.
    static func contents(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return result }
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            result[relative] = try? Data(contentsOf: url)
        }
        return result
    }

    /// The names in `folder`, hidden ones included, sorted.
    static func names(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// Names of carecap's temporary folders and files in `folder`.
    static func leftovers(_ folder: URL) -> [String] {
        names(folder).filter { $0.contains(".partial-") || $0.contains(".previous-") || $0.hasSuffix(".tmp") }
    }

    /// `carecap` started in the background, its output collected in files (no pipe to fill).
    final class Background {
        let process = Process()
        let stdout: URL
        let stderr: URL

        init(_ arguments: [String], logs: URL) throws {
            stdout = logs.appendingPathComponent("stdout-\(UUID().uuidString)")
            stderr = logs.appendingPathComponent("stderr-\(UUID().uuidString)")
            FileManager.default.createFile(atPath: stdout.path, contents: nil)
            FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.executableURL = CommandRunner.binary
            process.arguments = arguments
            process.currentDirectoryURL = CommandRunner.packageRoot
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
        }

        /// Waits until `condition` holds or `seconds` pass; whether it held.
        static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition() { return true }
                usleep(20_000)
            }
            return condition()
        }

        /// The exit status, or nil when the process is still running after `seconds` (it is then killed).
        func finish(within seconds: Double) -> Int32? {
            if Self.wait(seconds: seconds, until: { !process.isRunning }) {
                process.waitUntilExit()
                return process.terminationStatus
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }

        var errorText: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }
    }
}
