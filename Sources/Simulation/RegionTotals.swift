import CSurvival
import Foundation
import Planning

/// The per-draw sums of each region's areas (`RunRegions`), and their P10/P50/P90 once complete.
///
/// Like `DrawTotals`, sums are integers of 1/`CapacitySimulation.fixedPointScale`, so neither the order
/// in which areas finish nor `--jobs` changes a bit, and a region's value per draw is what `total`'s
/// would be if the run held only its areas. Unlike `DrawTotals`, a region's sums are held only while it
/// is open: allocated when a task first adds one of its areas, turned into quantiles and freed when its
/// last area is added. Tasks take areas region by region (`RunRegions.simulationOrder`), so at most
/// `RunMemoryEstimate.openRegions(jobs:areas:)` regions are held at once, whatever the run's size.
///
/// Held per draw: the columns the simulation draws (population groups, demand) and the shortfall
/// (the sum of the areas' max(0, d − s) is not a function of the summed demand); supply is planned,
/// the same in every draw, and summed once when the region completes.
///
/// Each area's samples are turned into integers once, outside the lock, by its task (`storeIntegers`, in
/// C: `fixed_point.c`), a year at a time, and added to one region: its prefecture when that has rows; a
/// completed prefecture's sums are then added to its province, and a completed province (or a top
/// prefecture) to the run's totals (`feedsRoot`). Why: converting every area twice, under the lock, was
/// 8% of a national run's CPU and kept the other task waiting; adding every area to the totals too moved
/// each integer through memory twice. Integer sums are the same whichever way they are grouped.
///
/// Locks: the regions' bookkeeping (which are open, how many areas each still lacks) is under one lock,
/// taken twice per area (`open(area:)`, `finish(area:)`); the additions are under one lock per year, so
/// two tasks adding different years never wait for each other. Why: with one lock for all, the additions
/// (a tenth of a national run's CPU) made the tasks meet there thousands of times a run, each meeting a
/// sleep and a wake in the kernel (about 2% of the run's samples, and the waiting core idle).
package final class RegionTotals: @unchecked Sendable {
    /// An open region's per-draw sums and, per year, whether a sum was added yet (`addYear`).
    struct OpenRegion {
        let sums: UnsafeMutablePointer<Int64>
        let started: UnsafeMutablePointer<Bool>
    }

    /// The regions one area adds its samples to, opened for it (`open(area:)`).
    package struct AreaTargets {
        fileprivate let regions: [OpenRegion]
    }

    /// Columns held per draw: the drawn columns, then shortfall on both bases.
    static let heldColumns = CapacitySimulation.drawnColumns + 2 * OutputColumns.measures.count

    /// Bytes one open region holds.
    package static func bytesPerRegion(draws: Int, years: Int) -> Double {
        Double(max(1, draws)) * Double(max(1, years)) * Double(heldColumns) * 8
    }

    let regions: RunRegions
    let draws: Int
    let years: Int
    let supply: [[MeasureValues]]
    /// The measures each area gives supply of (`CapacityPlan.declared`): a region's shortfall of a measure
    /// some member does not give is unknown, so it is neither summed nor selected.
    let declared: [Set<Measure>]
    /// The regions' bookkeeping: `remaining`, `open`, `spare`, `held`, `quantiles`, `partial`.
    private let lock = NSLock()
    /// Per year: the additions to that year of any region's sums (`addYear`), and its `started` flags.
    private let yearLocks: [NSLock]
    /// Areas of each region not yet added.
    private var remaining: [Int]
    /// Open regions' sums, [(year × heldColumns + column) × draws + draw], and per year whether a sum was
    /// added yet: the first addition to a year copies instead of adding (a region's buffer is not cleared when
    /// it opens: 8.4 MB of zeros per region, about 1% of a national run).
    private var open: [Int: OpenRegion] = [:]
    /// Buffers of completed regions, kept for the next region to open. Why: a fresh buffer is new pages
    /// from the system (8.4 MB at 1,000 draws and 31 years), and their page faults and zeroing cost about
    /// 2% of a national run's CPU when every region had one of its own.
    private var spare: [UnsafeMutablePointer<Int64>] = []
    /// Buffers allocated now (open, or being turned into quantiles), and the most at any one time.
    private var held = 0
    private var peakHeld = 0
    /// Per region, once complete: [(year × OutputColumns.count + column) × 3 + q], as `AreaQuantiles.values`.
    private var quantiles: [[Double]?]

    /// Regions some but not all of whose areas this run simulates (a shard's, `RunShard`): their
    /// per-draw sums over the run's areas, kept whole for the merge instead of turned into quantiles.
    private var partial: [Int: UnsafeMutablePointer<Int64>] = [:]
    /// Per region: whether every one of its areas is simulated here.
    private let whole: [Bool]
    /// Per region: its areas simulated here (the count `remaining` starts from).
    private let inRun: [Int]
    /// Per region: the region its completed sums are added to (a prefecture's province when every
    /// area of the prefecture lies in it), or nil.
    private let parent: [Int?]
    /// Per area: the regions its samples are added to directly (its regions less a prefecture's parent).
    private let targets: [[Int]]

    /// How a completed region's order statistics are found (`QuantileMethod`).
    private let quantileMethod: QuantileMethod

    /// The run's per-draw totals, which get each region that `feedsRoot` when it completes, instead of
    /// its areas one by one.
    private let root: DrawTotals
    /// Per region: whether its completed sums go to `root` (a province; a prefecture none of whose areas
    /// lies in a province with rows). Every area lies in at most one such region.
    private let feedsRoot: [Bool]
    /// Per area: whether a region that `feedsRoot` holds it, so the caller must not add it to the totals.
    package let areaReachesTotals: [Bool]

    /// `simulated` lists the plan's area indexes this run simulates (all of them, or a shard's); `root` is
    /// the run's per-draw totals (the sum of the provinces, or of the top prefectures, and of the areas in
    /// neither).
    init(regions: RunRegions, draws: Int, years: Int, supply: [[MeasureValues]], declared: [Set<Measure>],
         simulated: [Int]? = nil, root: DrawTotals, quantileMethod: QuantileMethod = .selection) {
        self.root = root
        self.quantileMethod = quantileMethod
        let inProvince = regions.regionsOfArea.map { $0.contains { regions.regions[$0].level == .province } }
        let feeds = regions.regions.map { region in
            region.level == .province || (region.level == .prefecture && !region.members.contains { inProvince[$0] })
        }
        feedsRoot = feeds
        areaReachesTotals = regions.regionsOfArea.map { list in list.contains { feeds[$0] } }
        self.regions = regions
        self.draws = max(1, draws)
        self.years = years
        self.supply = supply
        self.declared = declared
        if let simulated {
            var inRun = [Bool](repeating: false, count: regions.regionsOfArea.count)
            for a in simulated { inRun[a] = true }
            remaining = regions.regions.map { $0.members.reduce(0) { $0 + (inRun[$1] ? 1 : 0) } }
        } else {
            remaining = regions.regions.map(\.members.count)
        }
        whole = zip(regions.regions, remaining).map { $0.members.count == $1 }
        inRun = remaining
        quantiles = [[Double]?](repeating: nil, count: regions.regions.count)
        parent = regions.regions.enumerated().map { r, region in
            guard region.level == .prefecture, let first = region.members.first else { return nil }
            let candidates = regions.regionsOfArea[first].filter { $0 != r && regions.regions[$0].level == .province }
            guard let v = candidates.first, region.members.allSatisfy({ regions.regionsOfArea[$0].contains(v) }) else { return nil }
            return v
        }
        let parent = self.parent
        targets = regions.regionsOfArea.map { list in list.filter { v in !list.contains { parent[$0] == v } } }
        yearLocks = (0..<max(1, years)).map { _ in NSLock() }
    }

    deinit {
        // A run that failed part-way leaves regions open.
        for region in open.values { region.sums.deallocate(); region.started.deallocate() }
        for buffer in partial.values { buffer.deallocate() }
        for buffer in spare { buffer.deallocate() }
    }

    var cellCount: Int { years * Self.heldColumns * draws }

    /// Year `year` of one area's samples, [(year × drawnColumns + column) × draws + draw] (before they are
    /// reordered by the selection), as integers of 1/`CapacitySimulation.fixedPointScale` into `integers`,
    /// [column × draws + draw] for heldColumns columns: the drawn columns, then the shortfall
    /// max(0, demand − supply) per draw on both bases. The run's per-draw totals and its regions add
    /// these same integers, so an area is converted once.
    /// Without `shortfall` (an area that gives no supply: every region it is in has an unknown shortfall of
    /// every measure) only the drawn columns are converted.
    static func storeIntegers(samples: UnsafePointer<Double>, supply: [MeasureValues], draws: Int, year y: Int,
                              shortfall: Bool = true, into integers: UnsafeMutablePointer<Int64>) {
        let year = samples + y * CapacitySimulation.drawnColumns * draws
        storeIntegers(column: { year + $0 * draws }, supplyOfYear: supply[y], draws: draws, shortfall: shortfall, into: integers)
    }

    /// `storeIntegers(samples:...)` of one year's drawn columns, column k's draws at `column(k)`, and its supply.
    static func storeIntegers(column: (Int) -> UnsafePointer<Double>, supplyOfYear: MeasureValues, draws: Int,
                              shortfall: Bool = true, into integers: UnsafeMutablePointer<Int64>) {
        let kept = CapacitySimulation.drawnColumns
        let measures = OutputColumns.measures
        let scale = CapacitySimulation.fixedPointScale
        for k in 0..<kept { storeFixedPoint(column(k), into: integers + k * draws, count: draws) }
        guard shortfall else { return }
        for j in 0..<(2 * measures.count) {
            let s = supplyOfYear[measures[j % measures.count]]
            let from = column(OutputColumns.demandStandard + j)
            let to = integers + (kept + j) * draws
            // The shortfall converted as it is computed; outside ±2⁵⁰ (or NaN), redone the slow way.
            guard carecap_fixed_point_shortfall(to, from, s, scale, draws) != 0 else { continue }
            for d in 0..<draws { to[d] = Int64((max(0, from[d] - s) * scale).rounded(.toNearestOrEven)) }
        }
    }

    /// Opens the regions area `area` adds to (`targets`), for `add(_:year:integers:shortfall:)`; once per area,
    /// before its first year. A region stays open until its last area is finished (`finish(area:)`).
    func open(area: Int) -> AreaTargets {
        guard !targets[area].isEmpty else { return AreaTargets(regions: []) }
        lock.lock()
        defer { lock.unlock() }
        return AreaTargets(regions: targets[area].map { buffer($0) })
    }

    /// Adds year `year` of one area's integers (heldColumns × draws) to its regions (`open(area:)`). Why a
    /// year at a time: the year's integers (272 KB at 1,000 draws) stay in cache between their conversion and
    /// the two additions (the run's totals, the regions), where a whole area's (8.4 MB) went through memory.
    /// Without `shortfall` only the drawn columns are added (`storeIntegers`).
    func add(_ targets: AreaTargets, year: Int, integers: UnsafePointer<Int64>, shortfall: Bool = true) {
        let count = (shortfall ? Self.heldColumns : CapacitySimulation.drawnColumns) * draws
        for region in targets.regions { addYear(year, of: integers, count: count, to: region) }
    }

    /// Year `year` of one area's drawn columns (column k's draws at `column(k)`) and, with `shortfall`, its
    /// shortfall max(0, demand − supply) on both bases: turned into integers as `storeIntegers` does and added
    /// to its regions (`open(area:)`) in the same pass (`carecap_add_fixed_point`), under the year's lock.
    /// Why: the area's integers (192 KB a year at 1,000 draws) are then neither written nor read again; their
    /// conversion and then their addition were 9% of a national run's CPU. The same sums as `storeIntegers`
    /// and `add(_:year:integers:shortfall:)`, which an area whose integers also go to the run's totals itself
    /// (`areaReachesTotals` false) still uses.
    func addConverting(_ targets: AreaTargets, year: Int, column: (Int) -> UnsafePointer<Double>, supplyOfYear: MeasureValues,
                       shortfall: Bool) {
        let kept = CapacitySimulation.drawnColumns
        let measures = OutputColumns.measures
        let scale = CapacitySimulation.fixedPointScale
        let draws = self.draws
        // A year's first addition stores, later ones add. A row met with a value outside ±2⁵⁰ is taken back (a
        // stored row is simply cleared) and redone one value at a time, which traps on what no integer holds, as
        // `storeIntegers` does.
        func addRow(_ to: UnsafeMutablePointer<Int64>, _ from: UnsafePointer<Double>, supply: Double?, mode: carecap_fixed_point_mode) {
            let outside = if let supply {
                carecap_add_fixed_point_shortfall(to, from, supply, scale, draws, mode)
            } else {
                carecap_add_fixed_point(to, from, scale, draws, mode)
            }
            guard outside != 0 else { return }
            if mode == carecap_fixed_point_store {
                to.update(repeating: 0, count: draws)
            } else if let supply {
                _ = carecap_add_fixed_point_shortfall(to, from, supply, scale, draws, carecap_fixed_point_take_back)
            } else {
                _ = carecap_add_fixed_point(to, from, scale, draws, carecap_fixed_point_take_back)
            }
            for d in 0..<draws {
                let v = supply.map { max(0, from[d] - $0) } ?? from[d]
                to[d] &+= Int64((v * scale).rounded(.toNearestOrEven))
            }
        }
        for region in targets.regions {
            let into = region.sums + year * Self.heldColumns * draws
            yearLocks[year].lock()
            let mode = region.started[year] ? carecap_fixed_point_add : carecap_fixed_point_store
            for k in 0..<kept { addRow(into + k * draws, column(k), supply: nil, mode: mode) }
            if shortfall {
                for j in 0..<(2 * measures.count) {
                    addRow(into + (kept + j) * draws, column(OutputColumns.demandStandard + j),
                           supply: supplyOfYear[measures[j % measures.count]], mode: mode)
                }
            } else if mode == carecap_fixed_point_store {
                (into + kept * draws).update(repeating: 0, count: (Self.heldColumns - kept) * draws)
            }
            region.started[year] = true
            yearLocks[year].unlock()
        }
    }

    /// Every year of the area was added (`add(area:year:integers:)`): turns every region this completes
    /// into quantiles.
    func finish(area: Int) {
        guard !targets[area].isEmpty else { return }
        var completed: [(Int, UnsafeMutablePointer<Int64>)] = []
        var toRoot: [UnsafeMutablePointer<Int64>] = []
        lock.lock()
        for r in targets[area] {
            let sums = buffer(r).sums
            remaining[r] -= 1
            if remaining[r] == 0 { complete(r, sums, into: &completed, toRoot: &toRoot) }
        }
        lock.unlock()
        // A completed region that feeds the totals is added to them before its selection reorders it.
        for sums in toRoot { root.add(regionIntegers: sums) }
        // Sorting is the costly part: outside the lock, so other tasks keep adding.
        for (r, sums) in completed {
            let values = Self.quantiles(of: regions.regions[r], sums: sums, draws: draws, years: years, supply: supply, declared: declared,
                                        method: quantileMethod)
            lock.lock()
            quantiles[r] = values
            held -= 1
            spare.append(sums)
            lock.unlock()
        }
    }

    /// Adds one year's `count` integers (from column 0; the held columns past them count as zeros) to an open
    /// region's sums, or copies them there when they are the year's first. Under the year's lock only: the
    /// region stays open while an area that adds to it is not finished, or (its parent) while it completes.
    private func addYear(_ year: Int, of integers: UnsafePointer<Int64>, count: Int, to region: OpenRegion) {
        let into = region.sums + year * Self.heldColumns * draws
        yearLocks[year].lock()
        defer { yearLocks[year].unlock() }
        if region.started[year] {
            carecap_add_int64(into, integers, count)
        } else {
            into.update(from: integers, count: count)
            (into + count).update(repeating: 0, count: Self.heldColumns * draws - count)
            region.started[year] = true
        }
    }

    /// Region `r`, opened when it is first needed with no year started (`addYear`). Under the lock.
    private func buffer(_ r: Int) -> OpenRegion {
        if let region = open[r] { return region }
        let region = OpenRegion(sums: spare.popLast() ?? .allocate(capacity: cellCount), started: .allocate(capacity: max(1, years)))
        region.started.initialize(repeating: false, count: max(1, years))
        open[r] = region
        held += 1
        peakHeld = max(peakHeld, held)
        return region
    }

    /// Region `r` has all its areas of this run: its sums go to its parent (before they are reordered by
    /// the selection), then to quantiles (`completed`) or, cut by a shard boundary, to `partial`. Under
    /// the lock.
    private func complete(_ r: Int, _ sums: UnsafeMutablePointer<Int64>, into completed: inout [(Int, UnsafeMutablePointer<Int64>)],
                          toRoot: inout [UnsafeMutablePointer<Int64>]) {
        let region = open.removeValue(forKey: r)!
        // Every area of the region added every year, so every year of its sums is started (every addition
        // happened before its area's `finish`, which took this lock before this call did).
        precondition((0..<years).allSatisfy { region.started[$0] }, "region \(r) completed with a year not added")
        region.started.deallocate()
        if feedsRoot[r] { toRoot.append(sums) }
        if let v = parent[r] {
            let into = buffer(v)
            for year in 0..<years {
                addYear(year, of: sums + year * Self.heldColumns * draws, count: Self.heldColumns * draws, to: into)
            }
            remaining[v] -= inRun[r]
            if remaining[v] == 0 { complete(v, into.sums, into: &completed, toRoot: &toRoot) }
        }
        if whole[r] { completed.append((r, sums)) } else { partial[r] = sums }
    }

    /// `into[d] = round(values[d] × scale)` for every draw (every cell of an area's integers is stored, so
    /// the reused buffer needs no clearing), rounding as `Int64((v × scale).rounded(.toNearestOrEven))`
    /// without a call per value: adding 1.5·2⁵² rounds any |x| < 2⁵¹ to an integer (ties to even, the
    /// default rounding mode) and leaves it in the low bits of the sum's bit pattern (in C,
    /// `carecap_fixed_point`). One pass; values outside ±2⁵⁰ (or NaN) are redone the slow way, which traps
    /// on what no integer holds.
    static func storeFixedPoint(_ values: UnsafePointer<Double>, into: UnsafeMutablePointer<Int64>, count: Int) {
        let scale = CapacitySimulation.fixedPointScale
        guard carecap_fixed_point(into, values, scale, count) != 0 else { return }
        for d in 0..<count { into[d] = Int64((values[d] * scale).rounded(.toNearestOrEven)) }
    }

    /// P10/P50/P90 of every column of a complete region from its per-draw sums over all its areas,
    /// [(year × heldColumns + column) × draws + draw]; the sums are reordered in place. The shortfall of a
    /// measure some member does not give (`declared`) is unknown: NaN, not selected.
    package static func quantiles(of region: RunRegions.Region, sums: UnsafeMutablePointer<Int64>, draws: Int, years: Int,
                                  supply: [[MeasureValues]], declared: [Set<Measure>],
                                  method: QuantileMethod = .selection) -> [Double] {
        let columns = OutputColumns.count
        let kept = CapacitySimulation.drawnColumns
        let measures = OutputColumns.measures
        let scale = CapacitySimulation.fixedPointScale
        // The sums as doubles (exact below 2⁵³, 8.8e12 persons at 1/1024) go through the windows predicted
        // from the year before, as an area's draws do (`PredictedSelection`); larger ones are selected as integers.
        var predicted = PredictedSelection(count: draws, fractions: [0.1, 0.5, 0.9], columns: heldColumns, method: method)
        defer { predicted.deallocate() }
        let selection = predicted.selection
        let asDoubles = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, draws))
        let statistics = UnsafeMutablePointer<Double>.allocate(capacity: selection.ranks.count)
        defer { asDoubles.deallocate(); statistics.deallocate() }
        var values = [Double](repeating: 0, count: years * columns * 3)
        let given = measures.map { m in region.members.allSatisfy { declared[$0].contains(m) } }
        for y in 0..<years {
            for h in 0..<heldColumns {
                guard h < kept || given[(h - kept) % measures.count] else {
                    let column = OutputColumns.shortfallStandard + (h - kept)
                    for q in 0..<3 { values[(y * columns + column) * 3 + q] = .nan }
                    continue
                }
                // The order statistics of the integer sums, then to persons: the same values a sort gives.
                let slice = UnsafeMutableBufferPointer(start: sums + (y * heldColumns + h) * draws, count: draws)
                let column = h < kept ? h : OutputColumns.shortfallStandard + (h - kept)
                if carecap_int64_to_double(asDoubles.baseAddress!, slice.baseAddress!, draws) != 0 {
                    predicted.orderStatistics(column: h, of: asDoubles, into: statistics)
                    for q in 0..<3 { values[(y * columns + column) * 3 + q] = selection.quantile(statistics: statistics, q) { $0 / scale } }
                } else {
                    selection.select(slice)
                    for q in 0..<3 { values[(y * columns + column) * 3 + q] = selection.quantile(slice, q) { Double($0) / scale } }
                }
            }
            // Planned supply, summed in fixed point as `total`'s is.
            for (i, measure) in measures.enumerated() {
                let sum = region.members.reduce(Int64(0)) { $0 &+ Int64((supply[$1][y][measure] * scale).rounded(.toNearestOrEven)) }
                for q in 0..<3 { values[(y * columns + OutputColumns.supply + i) * 3 + q] = Double(sum) / scale }
            }
        }
        return values
    }

    /// The most regions held at once so far.
    var peakOpen: Int {
        lock.lock()
        defer { lock.unlock() }
        return peakHeld
    }

    /// The per-draw sums of the regions this run simulates only some areas of, by region index, laid
    /// out as `quantiles(of:sums:...)` reads them; valid while this object lives.
    func partialSums() -> [(region: Int, sums: UnsafePointer<Int64>)] {
        lock.lock()
        defer { lock.unlock() }
        return partial.keys.sorted().map { ($0, UnsafePointer(partial[$0]!)) }
    }

    /// Every region's quantiles, after every area was added (empty for regions not whole in this run).
    func finished() -> [[Double]] {
        lock.lock()
        defer { lock.unlock() }
        return quantiles.map { $0 ?? [] }
    }
}
