import CSurvival
import Foundation

/// The per-draw totals over all areas, shared by the tasks of a run and read by draw, year and column
/// (`subscript`: index (draw × years + year) × columns + column). Tasks add areas' (or completed regions')
/// values as integers of 1/`scale` under a lock: integer addition is associative and commutative, so neither the
/// order in which areas finish nor the order of the areas can change a bit. `finish` then turns the
/// integers into doubles in the same memory, so the run holds one copy of the largest array it has
/// (draws × years × columns).
///
/// Stored by column ([(year × columns + column) × draws + draw]), the way an area's draws arrive
/// (`CapacitySimulation.simulate(area:...)` projects all of an area's draws together): an area adds a
/// contiguous run per column instead of scattering a million additions across the array.
package final class DrawTotals: @unchecked Sendable {
    package let draws: Int
    package let years: Int
    package let columns: Int
    private let storage: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var finished = false
    /// Planned supply per year and measure, not yet spread over the draws (`add(supplyOfYears:)`).
    private var supplySums: [Int64]

    init(draws: Int, years: Int, columns: Int = OutputColumns.count) {
        self.draws = max(1, draws)
        self.years = max(0, years)
        self.columns = columns
        supplySums = [Int64](repeating: 0, count: max(0, years) * OutputColumns.measures.count)
        let bytes = max(1, self.draws * self.years * columns) * 8
        storage = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    deinit { storage.deallocate() }

    package var count: Int { draws * years * columns }

    /// Where the value of (draw, year, column) is stored.
    @inline(__always)
    private func offset(draw: Int, year: Int, column: Int) -> Int { ((year * columns + column) * draws + draw) * 8 }

    /// Adds a completed region's per-draw sums, [(year × heldColumns + held) × draws + draw].
    func add(regionIntegers integers: UnsafePointer<Int64>) {
        for y in 0..<years { add(heldIntegers: integers + y * RegionTotals.heldColumns * draws, year: y) }
    }

    /// Adds year `year` of an area's (or a region's) integers, `integers[held × draws + draw]`: its drawn
    /// columns and, with `shortfall`, its shortfall (`RegionTotals.storeIntegers`).
    func add(heldIntegers integers: UnsafePointer<Int64>, year y: Int, shortfall: Bool = true) {
        let held = RegionTotals.heldColumns, kept = CapacitySimulation.drawnColumns
        precondition(columns == OutputColumns.count, "draw totals of \(columns) columns given an area's output")
        lock.lock()
        defer { lock.unlock() }
        precondition(!finished, "draw totals added to after the run finished")
        let sums = storage.assumingMemoryBound(to: Int64.self)
        // Drawn columns are consecutive in both layouts; shortfall columns too, after supply here.
        carecap_add_int64(sums + y * columns * draws, integers, kept * draws)
        guard shortfall else { return }
        carecap_add_int64(sums + (y * columns + OutputColumns.shortfallStandard) * draws, integers + kept * draws, (held - kept) * draws)
    }

    /// Adds an area's planned supply of every year, `supply[year × measures + measure]`: the same in every draw,
    /// so it is summed once here and spread over the draws when the totals are read (`spreadSupply`). Every year
    /// at once: one lock per area, not one per area-year (each a chance to meet the other task there).
    func add(supplyOfYears supply: UnsafePointer<Int64>) {
        let measures = OutputColumns.measures.count
        lock.lock()
        defer { lock.unlock() }
        precondition(!finished, "draw totals added to after the run finished")
        for i in 0..<years * measures { supplySums[i] &+= supply[i] }
    }

    /// Adds the supply summed so far to every draw's supply columns and clears it. Under the lock.
    private func spreadSupply() {
        let measures = OutputColumns.measures.count
        guard columns == OutputColumns.count, supplySums.contains(where: { $0 != 0 }) else { return }
        let sums = storage.assumingMemoryBound(to: Int64.self)
        for y in 0..<years {
            for i in 0..<measures {
                carecap_add_int64_constant(sums + (y * columns + OutputColumns.supply + i) * draws, supplySums[y * measures + i], draws)
                supplySums[y * measures + i] = 0
            }
        }
    }

    /// Adds `bytes`, every total in reading order ((draw × years + year) × columns + column) as a
    /// little-endian Int64: a shard's totals (`integerBytes`), read in place, without a copy.
    func add(byDraw bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == count * 8, "draw totals given \(bytes.count) bytes, expected \(count * 8)")
        lock.lock()
        defer { lock.unlock() }
        precondition(!finished, "draw totals added to after the run finished")
        var i = 0
        for d in 0..<draws {
            for y in 0..<years {
                for column in 0..<columns {
                    let at = offset(draw: d, year: y, column: column)
                    let value = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
                    storage.storeBytes(of: storage.load(fromByteOffset: at, as: Int64.self) &+ value, toByteOffset: at, as: Int64.self)
                    i += 1
                }
            }
        }
    }

    /// The integers, before `finish`, in reading order as little-endian bytes (a shard's partial totals,
    /// `ShardArchive`).
    func integerBytes() -> Data {
        lock.lock()
        defer { lock.unlock() }
        precondition(!finished, "draw totals read as integers after the run finished")
        spreadSupply()
        var data = Data(count: count * 8)
        data.withUnsafeMutableBytes { out in
            var i = 0
            for d in 0..<draws {
                for y in 0..<years {
                    for column in 0..<columns {
                        let value = storage.load(fromByteOffset: offset(draw: d, year: y, column: column), as: Int64.self)
                        out.storeBytes(of: value.littleEndian, toByteOffset: i * 8, as: Int64.self)
                        i += 1
                    }
                }
            }
        }
        return data
    }

    /// Converts every integer of 1/`scale` into a double, in place; afterwards the totals are read only.
    func finish(scale: Double) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        spreadSupply()
        for i in 0..<count {
            let value = Double(storage.load(fromByteOffset: i * 8, as: Int64.self)) / scale
            storage.storeBytes(of: value, toByteOffset: i * 8, as: Double.self)
        }
        finished = true
    }

    /// The total at reading-order `index`, (draw × years + year) × columns + column, after `finish`.
    package subscript(index: Int) -> Double {
        precondition(finished && index >= 0 && index < count, "draw totals read before the run finished or out of range")
        let perDraw = years * columns
        let draw = index / perDraw, rest = index % perDraw
        return storage.load(fromByteOffset: offset(draw: draw, year: rest / columns, column: rest % columns), as: Double.self)
    }
}
