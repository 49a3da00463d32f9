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

    /// Files made at once, at most: the store (the longest job) bounds the tail beyond a few threads, and
    /// each thread holds one report in memory (the CSV tables stream a block at a time), which
    /// `RunMemoryEstimate`'s per-area-year term (measured with two) must cover.
    package static let maximumThreads = 4

    /// Writes the store and the views into an open output folder (or into its subfolder `folder`, a
    /// variant's) on up to `threads` threads (at most `maximumThreads`); the caller commits.
    package static func write(_ result: RunResult, views: RunViews, into directory: OutputDirectory, folder: String? = nil,
                              threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        if let folder { try directory.makeFolder(folder) }
        @Sendable func inside(_ name: String) -> String { folder.map { ($0 as NSString).appendingPathComponent(name) } ?? name }
        // The store and every view are independent of each other: they are made and written on as many
        // threads as given (the run's --jobs), at most `maximumThreads` (a national run's tail took about 8 s
        // on one core while the other was mostly idle). Each file is written as it is made: the CSV tables a block
        // of rows at a time, the others whole, so at most one report per thread is held in memory. Whatever fails, everything begun is finished before this returns;
        // the store's error comes first, then the views' in the order of `files()`.
        let storePath = (directory.workingPath as NSString).appendingPathComponent(inside(ResultStore.fileName))
        let workingDirectory = UnsafeSendable(directory)
        try writeConcurrently(views.plannedFiles(), threads: min(threads, maximumThreads), first: { try PhaseTiming.measure("store") { try ResultStore.write(result, to: storePath) } }) { file in
            try workingDirectory.value.write(to: inside(file.name)) { sink in try file.write(sink) }
        }
    }

    /// Rewrites views of a finished run in place (each file to a temporary name, then renamed), the
    /// files made at the same time as in `write`.
    package static func rewrite(runFolder: String, views: RunViews, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        try writeConcurrently(views.plannedFiles(), threads: min(threads, maximumThreads), first: nil) { file in
            try AtomicWrite.replace((runFolder as NSString).appendingPathComponent(file.name)) { sink in try file.write(sink) }
        }
    }

    /// Runs `first` (when given) and `write` for every file on up to `threads` threads, the longest
    /// first so that no thread is left with a long job at the end: `first` (the store), then the
    /// reports (each built from many tables; the workbook, zipped, the longest), then the tables.
    /// Throws `first`'s error, else the first file's in the order of `files`.
    static func writeConcurrently(_ files: [RunViews.PlannedFile], threads: Int, first: (@Sendable () throws -> Void)?,
                                  _ write: @escaping @Sendable (RunViews.PlannedFile) throws -> Void) throws {
        let reportOrder = ["report.xlsx", "report.html", "report.md"]
        let ordered = reportOrder.compactMap { name in files.first { $0.name == name } } + files.filter { !reportOrder.contains($0.name) }
        var jobs: [@Sendable () throws -> Void] = first.map { [$0] } ?? []
        for file in ordered { jobs.append { try write(file) } }
        var failures = ConcurrentJobs.run(jobs, threads: threads)
        if first != nil, let failure = failures.removeFirst() { throw failure }
        var byName: [String: Error] = [:]
        for (file, failure) in zip(ordered, failures) { byName[file.name] = failure }
        if let failure = files.lazy.compactMap({ byName[$0.name] }).first { throw failure }
    }
}

/// A value handed to other threads whose use there is safe although its type does not say so:
/// `OutputDirectory.write` only opens, writes and closes a file of the name it is given.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs independent jobs on up to `threads` threads (the calling one and new ones), each thread taking
/// the next job not yet begun, in the order given (put the longest first). Returns each job's error
/// (nil: it succeeded) in the jobs' order once all are finished.
///
/// Why threads of its own and not `DispatchQueue.concurrentPerform` (tried on 2026-11-30): that asks Dispatch's
/// pool for its helpers, which is also Swift's cooperative pool and as wide as the cores, so `threads` above
/// the core count is ignored, and when another task holds a pool thread the jobs run on fewer threads (a
/// review measured four 0.5 s jobs taking 2.0 s instead of 1.0 s with one other task busy). At the end of a
/// national run nothing else was running and the tail overlapped as well either way (1.7 s after the
/// simulation); threads of its own do not depend on that.
package enum ConcurrentJobs {
    package static func run(_ jobs: [@Sendable () throws -> Void], threads: Int) -> [Error?] {
        let state = State(count: jobs.count)
        let helpers = max(0, min(threads, jobs.count) - 1)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<helpers {
            Thread.detachNewThread {
                state.work(jobs)
                finished.signal()
            }
        }
        state.work(jobs)
        for _ in 0..<helpers { finished.wait() }
        return state.failures
    }

    /// The next job to begin and the errors so far; the errors are read only after every thread is done.
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private(set) var failures: [Error?]

        init(count: Int) { failures = Array(repeating: nil, count: count) }

        func work(_ jobs: [@Sendable () throws -> Void]) {
            while true {
                lock.lock()
                let i = next
                next += 1
                lock.unlock()
                guard i < jobs.count else { return }
                do { try jobs[i]() } catch {
                    lock.lock()
                    failures[i] = error
                    lock.unlock()
                }
            }
        }
    }
}
/// The one atomic-write helper: a file is written to a temporary name beside it and renamed over the
/// old one, so a reader sees the old file or the new one, never half of either.
package enum AtomicWrite {
    /// A symbolic link at `path` is followed: its target is replaced and the link stays.
    package static func replace(_ path: String, with data: Data) throws {
        try replace(path) { sink in try data.withUnsafeBytes(sink) }
    }

    /// `replace(_:with:)` with the bytes `body` hands to its sink, in order (a table streamed as its rows
    /// are made).
    package static func replace(_ path: String, _ body: (_ sink: @escaping ByteSink) throws -> Void) throws {
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
            try OutputDirectory.writeFile(temporary.path, shown: path, body)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
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
