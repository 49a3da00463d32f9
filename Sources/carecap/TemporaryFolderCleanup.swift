import Dispatch
import Foundation
import Reporting

/// On SIGINT (Ctrl-C) and SIGTERM, removes the temporary folders and files of a result not yet in
/// place, then exits 130 or 143 (128 + the signal, as a shell reports it). The previous result, if any,
/// is untouched: it is replaced only by the rename that completes a run. A kill that cannot be caught
/// (SIGKILL, a crash) leaves the temporary folder, which the next run into the same folder sweeps.
enum TemporaryFolderCleanup {
    /// The signal sources live as long as the process; the handlers run on their own queue, outside
    /// signal context, so they may take locks and remove files.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    private static let queue = DispatchQueue(label: "carecap.signals")

    /// Called once, before any command runs.
    static func install() {
        for (signalNumber, name) in [(SIGINT, "interrupted"), (SIGTERM, "terminated")] {
            // The default action would end the process at once; ignored, it is delivered to the source.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                let removed = TemporaryOutputs.shared.removeAllAndStop()
                let what = removed > 0 ? "; unfinished output removed, any previous result kept" : ""
                FileHandle.standardError.write(Data("\ncarecap: \(name)\(what)\n".utf8))
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
