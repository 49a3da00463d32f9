import ArgumentParser
import Foundation
import Simulation

/// `--memory-limit`: the most memory a run may be estimated to need, in bytes. Written as a number with
/// an optional binary unit: 8G, 512M, 1.5G, 200000K, 1T, or plain bytes; default 75% of the memory the
/// process may use (physical memory, or the cgroup's limit when lower).
struct MemoryLimit: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let bytes: Double
    /// How the limit was given, for messages: "8G", or "75% of 23.5 GB of physical memory".
    let origin: String

    init(bytes: Double, origin: String) {
        self.bytes = bytes
        self.origin = origin
    }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        var number = Substring(text)
        for suffix in ["IB", "B"] where number.hasSuffix(suffix) && number.count > suffix.count {
            number = number.dropLast(suffix.count)
            break
        }
        let units: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024]
        var scale = 1.0
        if let last = number.last, let unit = units[last] {
            scale = unit
            number = number.dropLast()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value > 0, value * scale >= 1 else { return nil }
        bytes = value * scale
        origin = argument
    }

    static var defaultValueDescription: String { "75% of physical memory" }

    var description: String { origin }

    /// 75% of the memory this process may use: physical memory, or the cgroup (v2 or v1) limit when lower.
    static var machineDefault: MemoryLimit {
        var available = Double(ProcessInfo.processInfo.physicalMemory)
        var what = "physical memory"
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let limit = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0, limit < available {
                available = limit
                what = "the cgroup's memory limit"
            }
        }
        // A system that reports no memory at all sets no default limit rather than refusing every run.
        guard available > 0 else { return MemoryLimit(bytes: .infinity, origin: "none: the system reports no memory size") }
        return MemoryLimit(bytes: 0.75 * available, origin: "75% of \(RunMemoryEstimate.bytes(available)) of \(what)")
    }
}
