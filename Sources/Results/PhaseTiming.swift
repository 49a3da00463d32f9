import Foundation

/// `CARECAP_TIMING=1` in the environment: each step of a run's tail (building the result, the store,
/// making and writing each view) prints its wall and CPU time to standard error, e.g.
/// `timing: demand.csv 0.181 s wall, 0.180 s CPU of its thread (ends at 2.254 s)`. Off by default; it
/// exists so the tail can be profiled on a shared machine without a profiler (Benchmarks/README.md).
package enum PhaseTiming {
    package static let enabled = ProcessInfo.processInfo.environment["CARECAP_TIMING"] == "1"
    /// One process-wide origin (the first timed step's start), so lines from the tail's threads can be lined up.
    private static let origin = Date()

    /// CPU time of the calling thread: on a shared machine a step's wall time depends on the other
    /// users' load, its CPU time much less.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Runs `body`; with timing on, prints its name, wall and CPU time and when it ended (seconds since the first timed step).
    @discardableResult
    package static func measure<T>(_ name: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        _ = origin   // set before this step's start, not when first read at its end
        let start = Date()
        let startCPU = threadCPUSeconds()
        let value = try body()
        let end = Date()
        let line = String(format: "timing: %@ %.3f s wall, %.3f s CPU of its thread (ends at %.3f s)\n", name(), end.timeIntervalSince(start),
                          threadCPUSeconds() - startCPU, end.timeIntervalSince(origin))
        FileHandle.standardError.write(Data(line.utf8))
        return value
    }

    /// Prints a step timed by its caller (an asynchronous one, on several threads: no CPU time of its own).
    package static func report(_ name: String, wallSeconds: Double) {
        guard enabled else { return }
        let line = String(format: "timing: %@ %.3f s wall (ends at %.3f s)\n", name, wallSeconds, Date().timeIntervalSince(origin))
        FileHandle.standardError.write(Data(line.utf8))
    }
}
