import Foundation

/// A results folder built under a temporary name and renamed into place when every file is written,
/// so a failed or interrupted run never leaves a half-written result where a reader looks.
package final class OutputDirectory {
    package enum Failure: Error, CustomStringConvertible {
        case cannotCreate(String, String)
        case cannotWrite(String, String)
        case exists(String)

        package var description: String {
            switch self {
            case let .cannotCreate(path, why): "cannot create \(path): \(why)"
            case let .cannotWrite(path, why): "cannot write \(path): \(why)"
            case let .exists(path): "\(path) exists, is not empty and is not a carecap run folder; choose another --out"
            }
        }
    }

    package let finalURL: URL
    let workURL: URL
    /// Where files are written until `commit`: readers that build on them (reports) read here.
    package var workingPath: String { workURL.path }
    private var committed = false

    /// Whether `finalPath` holds a previous result that `commit` replaces.
    let replacesPrevious: Bool

    /// `finalPath` must not exist yet, be an empty folder, or hold a previous run (a folder with
    /// `results.gpkg` or `manifest.json`, as `isRunFolder` says), which stays intact until `commit`.
    package init(finalPath: String, isRunFolder: (String) -> Bool = { _ in false }) throws {
        let fm = FileManager.default
        finalURL = URL(fileURLWithPath: finalPath).standardizedFileURL
        var previous = false
        if fm.fileExists(atPath: finalURL.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: finalURL.path)) ?? ["?"]
            if contents.isEmpty {
                try? fm.removeItem(at: finalURL)
            } else if isRunFolder(finalURL.path) {
                previous = true
            } else {
                throw Failure.exists(finalPath)
            }
        }
        replacesPrevious = previous
        let parent = finalURL.deletingLastPathComponent()
        workURL = parent.appendingPathComponent(".\(finalURL.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fm.removeItem(at: workURL)
            try fm.createDirectory(at: workURL, withIntermediateDirectories: false)
        } catch {
            throw Failure.cannotCreate(parent.path, error.localizedDescription)
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: workURL) }
    }

    package func write(_ text: String, to name: String, byteOrderMark: Bool = false) throws {
        var data = Data()
        if byteOrderMark { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        data.append(contentsOf: text.utf8)
        try write(data, to: name)
    }

    /// Writes `data` with one `write` call (repeated only when the kernel writes less).
    package func write(_ data: Data, to name: String) throws {
        try write(data, to: name, appending: false)
    }

    /// Adds `data` at the end of `name` (created when absent): a large file written a block at a time.
    package func append(_ data: Data, to name: String) throws {
        try write(data, to: name, appending: true)
    }

    private func write(_ data: Data, to name: String, appending: Bool) throws {
        let path = workURL.appendingPathComponent(name).path
        let fd = open(path, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC), 0o644)
        guard fd >= 0 else {
            throw Failure.cannotWrite(finalURL.appendingPathComponent(name).path, String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let failure: Int32? = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int32? in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            throw Failure.cannotWrite(finalURL.appendingPathComponent(name).path, String(cString: strerror(failure)))
        }
    }

    /// Moves the finished folder into place; a previous result is moved aside first and removed only
    /// once the new one is in place.
    package func commit() throws {
        let fm = FileManager.default
        let aside = finalURL.deletingLastPathComponent()
            .appendingPathComponent(".\(finalURL.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)")
        if replacesPrevious {
            guard rename(finalURL.path, aside.path) == 0 else {
                throw Failure.cannotWrite(finalURL.path, String(cString: strerror(errno)))
            }
        }
        guard rename(workURL.path, finalURL.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if replacesPrevious { _ = rename(aside.path, finalURL.path) }
            throw Failure.cannotWrite(finalURL.path, reason)
        }
        committed = true
        if replacesPrevious { try? fm.removeItem(at: aside) }
    }

    /// A folder `carecap run` wrote: it holds a result store or a manifest.
    package static func isRunFolder(_ path: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: (path as NSString).appendingPathComponent("results.gpkg"))
            || fm.fileExists(atPath: (path as NSString).appendingPathComponent("manifest.json"))
    }

    /// `Results/<scenario name>/<yyyyMMdd-HHmmss>`, with a suffix when that second is taken.
    package static func defaultRunPath(root: String = "Results", scenarioName: String, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safeName = scenarioName.map { "/\\:*?\"<>| ".contains($0) ? "_" : $0 }
        let base = "\(root)/\(String(safeName))/\(formatter.string(from: date))"
        var candidate = base
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return candidate
    }
}
