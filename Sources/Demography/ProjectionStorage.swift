import Foundation

/// Owns the projected cells of every year: [year][sex][age][column] in one allocation, areas
/// (columns) innermost. Written once by the projector's tasks, each into its own columns, and
/// read-only afterwards; that discipline is why the class may be shared across tasks.
final class ProjectionStorage: @unchecked Sendable {
    let cells: UnsafeMutablePointer<Double>
    let births: UnsafeMutablePointer<Double>
    let cellCount: Int
    let birthCount: Int

    init(cellCount: Int, birthCount: Int) {
        self.cellCount = cellCount
        self.birthCount = birthCount
        cells = Self.allocateLarge(count: max(cellCount, 1))
        births = Self.allocateLarge(count: max(birthCount, 1))
    }

    deinit {
        free(cells)
        free(births)
    }

    /// All counties over 30 years is ~150 MB; with 4 KB pages the first write to each page costs
    /// a fault, which dominated the projection time. 2 MB alignment plus MADV_HUGEPAGE lets the
    /// kernel back the block with huge pages where transparent huge pages are enabled.
    private static func allocateLarge(count: Int) -> UnsafeMutablePointer<Double> {
        let bytes = count * MemoryLayout<Double>.stride
        let hugePage = 2 << 20
        var raw: UnsafeMutableRawPointer? = nil
        let alignment = bytes >= hugePage ? hugePage : 64
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes for a projection")
        }
        #if os(Linux)
        if bytes >= hugePage { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: Double.self, capacity: count)
    }
}
