import Foundation

/// The temporary folders and files this process has made and not yet renamed into place, so that an
/// interrupted run removes them (`removeAllAndStop`, called on SIGINT and SIGTERM) and the next run into
/// the same folder removes those a dead process left (`sweep`).
///
/// Temporary names: `.NAME.partial-PID` (a result being written), `.NAME.previous-PID` (the result it
/// replaces, for the moment of the swap) and `.NAME.PID.tmp` (one file being replaced).
package final class TemporaryOutputs: @unchecked Sendable {
    package static let shared = TemporaryOutputs()

    private let lock = NSLock()
    private var paths: Set<String> = []
    /// Set once the process is stopping: nothing more is committed.
    private var stopped = false

    package func register(_ url: URL) {
        lock.lock()
        defer { lock.unlock() }
        paths.insert(url.path)
    }

    package func unregister(_ url: URL) {
        lock.lock()
        defer { lock.unlock() }
        paths.remove(url.path)
    }

    package func isRegistered(_ url: URL) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return paths.contains(url.path)
    }

    /// Runs `body` (a sequence of renames that puts a result in place) so that `removeAllAndStop` sees
    /// either none of it or all of it: an interruption never leaves the old result set aside and the
    /// new one not yet in place. `body` gets the registry's paths to update.
    package func swap<T>(_ body: (inout Set<String>) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { throw CancellationError() }
        return try body(&paths)
    }

    /// Removes every registered path and keeps the registry locked: the process is about to exit, and
    /// no result may be swapped into place after its temporary folder is gone.
    /// Returns how many paths were removed.
    @discardableResult
    package func removeAllAndStop() -> Int {
        lock.lock()
        stopped = true
        let count = paths.count
        for path in paths {
            Self.remove(path)
        }
        paths.removeAll()
        return count
        // Left locked on purpose: a writer that reaches `swap` now waits until the process exits.
    }

    /// Removes a file or folder, retrying when a writer still adds files while it is removed.
    static func remove(_ path: String) {
        for _ in 0..<5 {
            do {
                try FileManager.default.removeItem(atPath: path)
                return
            } catch {
                var info = stat()
                if lstat(path, &info) != 0 { return }
            }
        }
    }

    // MARK: Sweeping what dead processes left

    /// The process id in a temporary name this tool makes, or nil for any other name.
    package static func ownerPID(ofTemporaryName name: String) -> pid_t? {
        guard name.hasPrefix("."), name.count > 1 else { return nil }
        var digits: Substring
        if name.hasSuffix(".tmp") {
            let stem = name.dropLast(4)
            guard let dot = stem.lastIndex(of: "."), dot > stem.startIndex else { return nil }
            digits = stem[stem.index(after: dot)...]
        } else if let dash = name.lastIndex(of: "-") {
            let stem = name[..<dash]
            guard stem.hasSuffix(".partial") || stem.hasSuffix(".previous"), stem.count > ".partial".count + 1 else { return nil }
            digits = name[name.index(after: dash)...]
        } else {
            return nil
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let pid = pid_t(digits), pid > 0 else {
            return nil
        }
        return pid
    }

    /// Whether a temporary name belongs to this tool (a reader such as `compare` skips these).
    package static func isTemporaryName(_ name: String) -> Bool {
        ownerPID(ofTemporaryName: name) != nil
    }

    /// Removes the temporary folders and files in `folder` whose process is gone: no process has
    /// their id, or the process with their id started after they were last changed (the id was
    /// reused). Those of a live run are left alone, as are this process's own.
    package func sweep(_ folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names {
            guard let pid = Self.ownerPID(ofTemporaryName: name) else { continue }
            let url = folder.appendingPathComponent(name)
            if isRegistered(url) { continue }
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date else { continue }
            guard Self.isStale(pid: pid, modified: modified.timeIntervalSince1970) else { continue }
            // A previous result set aside by a run killed (SIGKILL) before its new result was renamed
            // into place is the only copy: it goes back to its name.
            if let original = Self.originalName(ofSetAside: name) {
                let back = folder.appendingPathComponent(original)
                var info = stat()
                if lstat(back.path, &info) != 0 && errno == ENOENT && rename(url.path, back.path) == 0 { continue }
            }
            Self.remove(url.path)
        }
    }

    /// `NAME` of `.NAME.previous-PID`, or nil for another name.
    static func originalName(ofSetAside name: String) -> String? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let stem = name[name.index(after: name.startIndex)..<dash]
        guard stem.hasSuffix(".previous") else { return nil }
        let original = String(stem.dropLast(".previous".count))
        return original.isEmpty ? nil : original
    }

    static func isStale(pid: pid_t, modified: Double) -> Bool {
        if pid == getpid() { return true }   // not registered, so left by an earlier process with this id
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        guard let started = processStart(pid) else { return false }
        // A second of slack for the clock's resolution: a process started after the folder was last
        // written to cannot have written it.
        return started > modified + 1
    }

    /// When process `pid` started, in seconds since 1970 (Linux: /proc/PID/stat and the boot time);
    /// nil where that cannot be read, and then a live id is taken as the owner.
    static func processStart(_ pid: pid_t) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let system = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let bootLine = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
              let boot = Double(bootLine.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
        else { return nil }
        // Fields after the command name: state is field 3, starttime field 22 (clock ticks since boot).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard perSecond > 0 else { return nil }
        return boot + ticks / perSecond
    }
}
