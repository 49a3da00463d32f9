import Foundation

/// What a capacity run will hold in memory at its peak, and write, estimated before it runs from areas ×
/// years × draws × the values kept, so that a run too large for the machine is refused with figures
/// instead of dying out of memory.
///
/// Terms (bytes; in doubles, so no size can overflow):
/// - per-draw totals: draws × years × 39 columns × 8, one shared array (`DrawTotals`), plus the shared
///   normals of the draws (`DrawDeviations.sharedBytes`: draws × (4 steps + 5), and draws × steps per
///   province, at most 34);
/// - per-draw samples: per area running at once (`bytesPerRunningArea`), its samples (years × 24 drawn
///   columns × draws × 8: at most, as the followers are not kept), one year of its followers (24 columns ×
///   draws × 8, a buffer sized for every drawn column) and one year of its integers (34 held columns × draws × 8);
/// - per-draw sums of the open regions (prefectures and provinces with rows, `RegionTotals`):
///   `openRegions` × draws × years × 34 held columns × 8;
/// - the central path: areas × years kept × 202 cells × 8;
/// - the result and its views: per area-year (areas + the total row), 9 KB with the reports
///   (report.html, .xlsx, .md), 8 KB without, with a margin: measured 2026-11-29 at 6.8 KB all in on
///   every county of China (2,989 areas, 31 years, 1,000 draws, reports: 618 MiB peak RSS), 7.0 KB on
///   the merge of 38,668 synthetic townships × 31 years with reports (8,193 MiB) and 8.8 KB on a
///   6-year run of them without (2.0 GB, of which ~0.4 GB census and inputs). (Before the national
///   report was aggregated by province, the reports took 36 KB per area-year: 3.0 GB.)
/// - the process, rules and census: 48 MB + 10 × the census file's size, and per area its projection
///   inputs (base population, rates, calibration): 4 KB + 32 B per year, and its constant group-quarters
///   population (202 cells × 8 B).
/// The simulation terms are multiplied by `margin` (allocator slack and transient arrays); measured peaks
/// lie below the estimate (see `MemoryLimitTests`).
package struct RunMemoryEstimate: Sendable {
    package static let margin = 1.25
    package static let perAreaYearWithReports = 9.0 * 1024
    package static let perAreaYearWithoutReports = 8.0 * 1024
    /// Bytes written per area-year (long tables as CSV and JSON, the store; reports add about as much).
    package static let outputPerAreaYear = 20.0 * 1024

    package let areas: Int
    package let years: Int
    package let draws: Int
    package let drawTotals: Double
    package let drawSamples: Double
    package let regionTotals: Double
    package let centralPath: Double
    package let resultAndViews: Double
    package let base: Double
    /// Bytes of files the run writes, about.
    package let output: Double

    /// Bytes one running area holds: its samples, one year of its followers and one year of its integers.
    static func bytesPerRunningArea(draws d: Double, years y: Double) -> Double {
        d * 8 * ((y + 1) * Double(CapacitySimulation.drawnColumns) + Double(RegionTotals.heldColumns))
    }

    /// What the process does with the areas.
    package enum Kind: Sendable, Equatable {
        /// `carecap run`: simulates every area and writes the result and its views.
        case run
        /// `carecap run --shard K/N`: builds the plan of the run's `runAreas` areas, simulates `areas` of
        /// them and writes no result or views, only the shard's files (`ShardArchive`): its areas'
        /// quantiles (held twice: in the result and as file bytes), its per-draw totals (twice) and the
        /// per-draw sums of at most four regions cut by its two boundaries (twice).
        case shard(runAreas: Int)
        /// `carecap merge`: simulates nothing; holds the result and its views, the per-draw totals, the
        /// largest shard's areas as file bytes and one cut region's sums (twice: the sums and a slice).
        case merge(largestShardAreas: Int)
    }

    /// Doubles a shard keeps per area (`ShardArchive.doublesPerArea`).
    static func shardDoublesPerArea(years: Int, centralYears: Int) -> Double {
        Double(ShardArchive.doublesPerArea(years: max(1, years), centralYears: max(1, centralYears)))
    }

    /// `regions`: how many regions get rows, when known (`RunRegions` after the census is read, or
    /// `regionBound(codes:)` before); nil takes the worst case the number of areas allows.
    package init(areas: Int, years: Int, draws: Int, jobs: Int, centralYears: Int, reports: Bool, censusBytes: Int,
                 regions: Int? = nil, kind: Kind = .run)
    {
        self.areas = areas
        self.years = years
        self.draws = draws
        let a = Double(max(0, areas)), y = Double(max(1, years)), d = Double(max(1, draws))
        let provinces = Double(min(max(0, areas), 34))
        drawTotals = d * y * Double(OutputColumns.count) * 8 + d * (4 * (y - 1) + 5) * 8 + provinces * d * (y - 1) * 8
        let running = min(Double(max(1, jobs)), a)
        let samples = running * Self.bytesPerRunningArea(draws: d, years: y)
        let open = min(Self.openRegions(running: Int(running), areas: areas), max(0, regions ?? Int.max))
        centralPath = a * Double(max(1, centralYears)) * 202 * 8
        let areaYears = (a + 1) * y
        let region = RegionTotals.bytesPerRegion(draws: Int(d), years: Int(y))
        let perShardArea = Self.shardDoublesPerArea(years: years, centralYears: centralYears) * 8
        let shardAreaBytes = a * perShardArea
        switch kind {
        case .run:
            drawSamples = samples
            regionTotals = Double(open) * region
            resultAndViews = areaYears * (reports ? Self.perAreaYearWithReports : Self.perAreaYearWithoutReports)
            base = Self.processAndCensus(censusBytes: censusBytes) + Self.inputs(areas: areas, years: years)
            output = areaYears * Self.outputPerAreaYear
        case let .shard(runAreas):
            drawSamples = samples
            regionTotals = Double(open) * region
            let files = shardAreaBytes + d * y * Double(OutputColumns.count) * 8 + 4 * region
            resultAndViews = files + shardAreaBytes
            base = Self.processAndCensus(censusBytes: censusBytes) + Self.inputs(areas: max(areas, runAreas), years: years)
            output = files
        case let .merge(largestShardAreas):
            // Simulates nothing; holds one cut region's sums twice (the sums and a slice).
            drawSamples = 0
            regionTotals = 2 * region
            resultAndViews = areaYears * (reports ? Self.perAreaYearWithReports : Self.perAreaYearWithoutReports)
                + Double(max(0, largestShardAreas)) * perShardArea
            base = Self.processAndCensus(censusBytes: censusBytes) + Self.inputs(areas: areas, years: years)
            output = areaYears * Self.outputPerAreaYear
        }
    }

    /// The most regions whose per-draw sums `RegionTotals` holds at once with `running` blocks at a time.
    ///
    /// Blocks take areas region by region and start in that order, and each block adds its areas in
    /// its order, so the areas not yet added form at most `running` + 1 runs (each running block's
    /// rest, and the blocks not started): at most 2 × running + 1 places where added and not-yet-added
    /// areas meet. An open region has both kinds of area and its areas are consecutive, so it covers
    /// such a place, and each place lies in one region per level: 2 × running + 1 per level. A block
    /// completing regions holds at most two more (one per level) while it sorts them. Capped by the
    /// regions there can be: each has at least two areas and not all of them (so none below 3 areas),
    /// and China has 34 provinces. Known before the census is read, so it is the worst case: a run
    /// whose areas all lie in one prefecture holds none.
    package static func openRegions(running: Int, areas: Int) -> Int {
        let j = max(1, running), a = max(0, areas)
        guard a >= 3 else { return 0 }
        return min(2 * (2 * j + 1) + 2 * j, a / 2 + min(a / 2, 34))
    }

    /// The regions a run of these county codes would have, by their digits (GB/T 2260: 2 province, 2
    /// prefecture): groups of at least two codes that are not every code. The census hierarchy puts a
    /// county under the prefecture its first four digits name wherever that row exists, which holds for
    /// all but a unit coded outside its prefecture (五台山 170971 in 忻州市): an estimate, which the
    /// check after the census is read (with `RunRegions` itself) confirms. nil unless every code is a
    /// county's (six digits, not ending in 00).
    package static func regionBound(codes: [String]) -> Int? {
        let unique = Set(codes)
        guard unique.allSatisfy({ $0.utf8.count == 6 && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !$0.hasSuffix("00") }) else { return nil }
        func groups(_ digits: Int) -> Int {
            let sizes = Dictionary(grouping: unique, by: { $0.prefix(digits) }).values.map(\.count)
            return sizes.filter { $0 >= 2 && $0 < unique.count }.count
        }
        return groups(4) + groups(2)
    }

    /// The process, the rules and the census table as read.
    package static func processAndCensus(censusBytes: Int) -> Double { 48 * 1024 * 1024 + 10 * Double(max(0, censusBytes)) }

    /// Each area's projection inputs: base population, rates per step, households, calibration.
    package static func inputs(areas: Int, years: Int) -> Double {
        Double(max(0, areas)) * (4096 + 202 * 8 + 32 * Double(max(1, years)))
    }

    /// The number of lines of a census file, read a megabyte at a time: an upper bound on the areas a
    /// projection without `areas` takes (every county row), known before the file is parsed.
    package static func lineCount(path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        var lines = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
        return lines
    }

    /// The estimated peak resident memory in bytes.
    package var peak: Double { Self.margin * (drawTotals + drawSamples + regionTotals + centralPath) + resultAndViews + base }

    /// "7.1 GB (per-draw totals 2.5 GB, per-draw samples 3.1 GB, results and views 12 MB, …)".
    package var breakdown: String {
        "\(Self.bytes(peak)) (per-draw totals \(Self.bytes(drawTotals)), per-draw samples \(Self.bytes(drawSamples)), "
            + "open regions' per-draw sums \(Self.bytes(regionTotals)), "
            + "central path \(Self.bytes(centralPath)), results and views \(Self.bytes(resultAndViews)), "
            + "process and census \(Self.bytes(base)); \(areas) areas × \(years) years × \(draws) draws)"
    }

    /// Bytes in binary units with three significant figures: 512 MB, 7.10 GB.
    package static func bytes(_ value: Double) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
        var v = value, i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        if i == 0 { return "\(Int(v)) B" }
        return String(format: v >= 100 ? "%.0f %@" : v >= 10 ? "%.1f %@" : "%.2f %@", v, units[i])
    }
}
