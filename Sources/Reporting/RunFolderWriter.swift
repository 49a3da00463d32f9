import Foundation
import Results

/// Writes a run folder: the store and the views, under a temporary name, renamed into place when
/// every file is written. A previous run in the same folder stays intact until then; on any failure
/// nothing is left behind but the previous result.
package enum RunFolderWriter {
    package static func write(_ result: RunResult, to path: String, views: RunViews) throws {
        let directory = try OutputDirectory(finalPath: path, isRunFolder: OutputDirectory.isRunFolder)
        try ResultStore.write(result, to: (directory.workingPath as NSString).appendingPathComponent(ResultStore.fileName))
        for file in try views.files() {
            try directory.write(file.data, to: file.name)
        }
        try directory.commit()
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
    package static func replace(_ path: String, with data: Data) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputDirectory.Failure.cannotWrite(path, (error as NSError).localizedDescription)
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
