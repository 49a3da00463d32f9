import Foundation

/// The per-draw totals over all areas, [(draw × years + year) × columns + column], shared by the blocks
/// of a run. Blocks add each finished draw's sums as integers of 1/`scale` under a lock: integer addition
/// is associative and commutative, so neither the order in which blocks finish nor the order of the
/// areas can change a bit. `finish` then turns the integers into doubles in the same memory, so the run
/// holds one copy of the largest array it has (draws × years × columns).
package final class DrawTotals: @unchecked Sendable {
    package let count: Int
    private let storage: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var finished = false

    init(count: Int) {
        self.count = count
        storage = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * 8, alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, count) * 8)
    }

    deinit { storage.deallocate() }

    /// Adds `values[0..<length]` into the totals from `offset` (one draw of one block).
    func add(_ values: UnsafePointer<Int64>, length: Int, at offset: Int) {
        lock.lock()
        defer { lock.unlock() }
        precondition(!finished && offset >= 0 && offset + length <= count, "draw totals out of range")
        // Raw loads and stores: the memory holds Int64 now and Double after `finish`.
        for i in 0..<length {
            let at = (offset + i) * 8
            storage.storeBytes(of: storage.load(fromByteOffset: at, as: Int64.self) &+ values[i], toByteOffset: at, as: Int64.self)
        }
    }

    /// The integers, before `finish`, as little-endian bytes (a shard's partial totals, `ShardArchive`).
    func integerBytes() -> Data {
        lock.lock()
        defer { lock.unlock() }
        precondition(!finished, "draw totals read as integers after the run finished")
        var data = Data(count: count * 8)
        data.withUnsafeMutableBytes { out in
            for i in 0..<count { out.storeBytes(of: storage.load(fromByteOffset: i * 8, as: Int64.self).littleEndian, toByteOffset: i * 8, as: Int64.self) }
        }
        return data
    }

    /// Converts every integer of 1/`scale` into a double, in place; afterwards the totals are read only.
    func finish(scale: Double) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        for i in 0..<count {
            let value = Double(storage.load(fromByteOffset: i * 8, as: Int64.self)) / scale
            storage.storeBytes(of: value, toByteOffset: i * 8, as: Double.self)
        }
        finished = true
    }

    /// The total at `index`, after `finish`.
    package subscript(index: Int) -> Double {
        precondition(finished && index >= 0 && index < count, "draw totals read before the run finished or out of range")
        return storage.load(fromByteOffset: index * 8, as: Double.self)
    }
}
