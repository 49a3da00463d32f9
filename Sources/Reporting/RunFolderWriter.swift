import Foundation
import Results

/// Writes a run folder: the store and the views, under a temporary name, renamed into place when
/// every file is written. A previous run in the same folder stays intact until then; on any failure
/// nothing is left behind but the previous result.
package enum RunFolderWriter {
    package static func write(_ result: RunResult, to path: String, views: RunViews) throws {
        let directory = try OutputDirectory(finalPath: path, isReplaceable: OutputDirectory.isRunFolder)
        try write(result, views: views, into: directory)
        try directory.commit()
    }

    /// Writes the store and the views into an open output folder (or into its subfolder `folder`, a
    /// variant's); the caller commits.
    package static func write(_ result: RunResult, views: RunViews, into directory: OutputDirectory, folder: String? = nil) throws {
        if let folder { try directory.makeFolder(folder) }
        func inside(_ name: String) -> String { folder.map { ($0 as NSString).appendingPathComponent(name) } ?? name }
        // The store and the views are independent: the store is written on a thread of its own while the
        // views are rendered and written here (a national run's store took about 2 s in which the other
        // core was idle). Both are finished before this returns; the store's error comes first, as when
        // it was written first.
        let storePath = (directory.workingPath as NSString).appendingPathComponent(inside(ResultStore.fileName))
        let store = StoreWriting()
        Thread.detachNewThread {
            do { try PhaseTiming.measure("store") { try ResultStore.write(result, to: storePath) } } catch { store.failure = error }
            store.done.signal()
        }
        var viewFailure: Error?
        do {
            for file in try PhaseTiming.measure("views (all)", { try views.files() }) {
                try PhaseTiming.measure("write \(file.name)") { try directory.write(file.data, to: inside(file.name)) }
            }
        } catch {
            viewFailure = error
        }
        store.done.wait()
        if let failure = store.failure { throw failure }
        if let viewFailure { throw viewFailure }
    }

    /// The outcome of the store's thread: set before `done` is signalled, read after it is waited on.
    private final class StoreWriting: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var failure: Error?
    }

    /// Rewrites views of a finished run in place (each file to a temporary name, then renamed).
    package static func rewrite(runFolder: String, views: RunViews) throws {
        for file in try views.files() {
            try AtomicWrite.replace((runFolder as NSString).appendingPathComponent(file.name), with: file.data)
        }
    }
}

/// The one atomic-write helper: a file is written to a temporary name beside it and renamed over the
/// old one, so a reader sees the old file or the new one, never half of either.
package enum AtomicWrite {
    /// A symbolic link at `path` is followed: its target is replaced and the link stays.
    package static func replace(_ path: String, with data: Data) throws {
        var url = URL(fileURLWithPath: path)
        var info = stat()
        if lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(url.path, nil) else {
                throw OutputDirectory.Failure.brokenLink(path, String(cString: strerror(errno)))
            }
            url = URL(fileURLWithPath: String(cString: resolved))
            free(resolved)
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        TemporaryOutputs.shared.register(temporary)
        defer { TemporaryOutputs.shared.unregister(temporary) }
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputDirectory.Failure.cannotWrite(path, OutputDirectory.reason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputDirectory.Failure.cannotWrite(path, reason)
        }
    }

    package static func replace(_ path: String, with text: String) throws {
        try replace(path, with: Data(text.utf8))
    }
}
