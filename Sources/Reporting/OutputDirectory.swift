import Foundation

/// A results folder built under a temporary name and renamed into place when every file is written,
/// so a failed or interrupted run never leaves a half-written result where a reader looks.
///
/// Open it before the work that fills it: the destination is checked then (a file, a folder that is not
/// a result, a broken link, a parent that cannot be written), so a run is refused before it projects.
/// A symbolic link given as the destination is followed: the result is written to the link's target
/// (replacing it only when it is itself a previous result), and the link stays as it was.
package final class OutputDirectory {
    package enum Failure: Error, CustomStringConvertible {
        case cannotCreate(String, String)
        case cannotWrite(String, String)
        case exists(String, what: String)
        case isFile(String)
        case brokenLink(String, String)
        case cannotRead(String, String)

        package var description: String {
            switch self {
            case let .cannotCreate(path, why): "cannot create \(path): \(why)"
            case let .cannotWrite(path, why): "cannot write \(path): \(why)"
            case let .exists(path, what): "\(path) exists, is not empty and is not \(what); choose another --out"
            case let .isFile(path): "\(path) is a file, not a folder; choose another --out"
            case let .brokenLink(path, why): "\(path) is a symbolic link that cannot be followed (\(why)); choose another --out"
            case let .cannotRead(path, why): "cannot read the folder \(path): \(why)"
            }
        }

        /// Failures of the destination the user chose (bad input) rather than of the system.
        package var isBadInput: Bool {
            switch self {
            case .exists, .isFile, .brokenLink: true
            case .cannotCreate, .cannotWrite, .cannotRead: false
            }
        }
    }

    /// Where the result ends up (a symbolic link at the given path resolved to its target).
    package let finalURL: URL
    let workURL: URL
    /// Where files are written until `commit`: readers that build on them (reports) read here.
    package var workingPath: String { workURL.path }
    private var committed = false
    /// Folders made for the destination's parent, removed again (when still empty) if nothing is committed.
    private var madeParents: [URL] = []

    /// Whether `finalURL` holds a previous result that `commit` replaces.
    let replacesPrevious: Bool

    /// `finalPath` must not exist yet, be an empty folder, or hold a previous result (as `isReplaceable`
    /// says; `what` names such a folder in the refusal), which stays intact until `commit`.
    package init(finalPath: String, isReplaceable: (String) -> Bool = { _ in false },
                 what: String = "a carecap run folder") throws {
        var url = URL(fileURLWithPath: finalPath).standardizedFileURL
        var info = stat()
        if lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(url.path, nil) else {
                throw Failure.brokenLink(finalPath, String(cString: strerror(errno)))
            }
            url = URL(fileURLWithPath: String(cString: resolved))
            free(resolved)
        }
        finalURL = url
        var previous = false
        if stat(url.path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw Failure.isFile(finalPath) }
            let contents: [String]
            do {
                contents = try FileManager.default.contentsOfDirectory(atPath: url.path)
            } catch {
                throw Failure.cannotRead(finalPath, Self.reason(error))
            }
            if !contents.isEmpty {
                guard isReplaceable(url.path) else { throw Failure.exists(finalPath, what: what) }
                previous = true
            }
        } else if errno != ENOENT {
            throw Failure.cannotCreate(finalPath, String(cString: strerror(errno)))
        }
        replacesPrevious = previous
        let parent = url.deletingLastPathComponent()
        let made = try Self.makeFolders(parent)
        if access(parent.path, W_OK | X_OK) != 0 {
            let reason = String(cString: strerror(errno))
            Self.removeIfEmpty(made)
            throw Failure.cannotCreate(finalPath, "cannot write in \(parent.path): \(reason)")
        }
        TemporaryOutputs.shared.sweep(parent)
        workURL = parent.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        TemporaryOutputs.remove(workURL.path)
        guard mkdir(workURL.path, 0o755) == 0 else {
            let reason = String(cString: strerror(errno))
            Self.removeIfEmpty(made)
            throw Failure.cannotCreate(finalPath, reason)
        }
        madeParents = made
        TemporaryOutputs.shared.register(workURL)
    }

    deinit {
        if !committed {
            TemporaryOutputs.remove(workURL.path)
            TemporaryOutputs.shared.unregister(workURL)
            Self.removeIfEmpty(madeParents)
        }
    }

    /// Removes `folders`, innermost first, as long as they are empty.
    static func removeIfEmpty(_ folders: [URL]) {
        for folder in folders.reversed() where rmdir(folder.path) != 0 { return }
    }

    /// Creates `url` and its missing parents, naming the first that cannot be made and why; the folders
    /// it made, outermost first.
    static func makeFolders(_ url: URL) throws -> [URL] {
        var info = stat()
        if stat(url.path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw Failure.cannotCreate(url.path, "it is a file, not a folder") }
            return []
        }
        let parent = url.deletingLastPathComponent()
        var made = parent.path != url.path ? try makeFolders(parent) : []
        if mkdir(url.path, 0o755) == 0 {
            made.append(url)
        } else if errno != EEXIST {
            let reason = String(cString: strerror(errno))
            removeIfEmpty(made)
            throw Failure.cannotCreate(url.path, reason)
        }
        return made
    }

    static func reason(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }

    /// Makes the folder `name` inside the result (a variant's folder under `run --all-variants`).
    package func makeFolder(_ name: String) throws {
        let url = workURL.appendingPathComponent(name)
        guard mkdir(url.path, 0o755) == 0 else {
            throw Failure.cannotWrite(finalURL.appendingPathComponent(name).path, String(cString: strerror(errno)))
        }
    }

    package func write(_ text: String, to name: String, byteOrderMark: Bool = false) throws {
        var data = Data()
        if byteOrderMark { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        data.append(contentsOf: text.utf8)
        try write(data, to: name)
    }

    /// Writes `data` with one `write` call (repeated only when the kernel writes less). `name` may lead
    /// through a folder made with `makeFolder`.
    package func write(_ data: Data, to name: String) throws {
        try write(data, to: name, appending: false)
    }

    /// Adds `data` at the end of `name` (created when absent): a large file written a block at a time.
    package func append(_ data: Data, to name: String) throws {
        try write(data, to: name, appending: true)
    }

    private func write(_ data: Data, to name: String, appending: Bool) throws {
        try write(to: name, appending: appending) { sink in try data.withUnsafeBytes(sink) }
    }

    /// Writes into `name` (created, or truncated unless `appending`) the bytes `body` hands to its sink,
    /// in order, each block as it comes (a table streamed as its rows are made).
    package func write(to name: String, appending: Bool = false, _ body: (_ sink: @escaping ByteSink) throws -> Void) throws {
        try Self.writeFile(workURL.appendingPathComponent(name).path, shown: finalURL.appendingPathComponent(name).path,
                           appending: appending, body)
    }

    /// Opens `path` (created, or truncated unless `appending`) and writes into it the bytes `body` hands to its
    /// sink, in order; errors name the file as `shown` (the path the user will see).
    static func writeFile(_ path: String, shown: String, appending: Bool = false,
                          _ body: (_ sink: @escaping ByteSink) throws -> Void) throws {
        let fd = open(path, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC), 0o644)
        guard fd >= 0 else { throw Failure.cannotWrite(shown, String(cString: strerror(errno))) }
        defer { close(fd) }
        try body { raw in
            if let failure = writeAll(raw, to: fd) { throw Failure.cannotWrite(shown, String(cString: strerror(failure))) }
        }
    }

    /// Writes every byte of `raw` to `fd` (repeating a write the kernel cut short or a signal
    /// interrupted); the errno of a failure, or nil.
    private static func writeAll(_ raw: UnsafeRawBufferPointer, to fd: Int32) -> Int32? {
        guard let base = raw.baseAddress else { return nil }
        var offset = 0
        while offset < raw.count {
            let written = Foundation.write(fd, base + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Moves the finished folder into place; a previous result is moved aside first and removed only
    /// once the new one is in place. The swap holds off SIGINT/SIGTERM cleanup, which therefore finds
    /// the old result or the new one in place, never neither.
    package func commit() throws {
        let aside = finalURL.deletingLastPathComponent()
            .appendingPathComponent(".\(finalURL.lastPathComponent).previous-\(getpid())")
        try TemporaryOutputs.shared.swap { paths in
            if replacesPrevious {
                TemporaryOutputs.remove(aside.path)
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
            paths.remove(workURL.path)
            if replacesPrevious { paths.insert(aside.path) }
        }
        if replacesPrevious {
            TemporaryOutputs.remove(aside.path)
            TemporaryOutputs.shared.unregister(aside)
        }
    }

    /// A folder `carecap run` wrote: it holds a result store or a manifest.
    package static func isRunFolder(_ path: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: (path as NSString).appendingPathComponent("results.gpkg"))
            || fm.fileExists(atPath: (path as NSString).appendingPathComponent("manifest.json"))
    }

    /// A folder `carecap run --all-variants` wrote: the comparison table or the base run's folder.
    package static func isVariantsFolder(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("comparison.csv"))
            || isRunFolder((path as NSString).appendingPathComponent("base"))
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
