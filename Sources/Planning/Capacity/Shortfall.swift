// Shortfall per area, year, measure and basis, and totals over areas.

/// Cells by area and year in one contiguous array, area-major (all years of area 0, then area 1, ...),
/// so that one area's years are adjacent for the per-area loops of the simulation.
public struct AreaYearGrid<Cell: Sendable>: Sendable {
    public let areaCount: Int
    public let firstYear: Int
    public let yearCount: Int
    public var cells: [Cell]

    public init(areaCount: Int, firstYear: Int, yearCount: Int, repeating cell: Cell) {
        precondition(areaCount >= 0 && yearCount >= 0)
        self.areaCount = areaCount
        self.firstYear = firstYear
        self.yearCount = yearCount
        self.cells = [Cell](repeating: cell, count: areaCount * yearCount)
    }

    public var lastYear: Int { firstYear + yearCount - 1 }

    /// Area by index, year by calendar year.
    @inlinable public subscript(area: Int, year: Int) -> Cell {
        get { cells[index(area, year)] }
        set { cells[index(area, year)] = newValue }
    }

    @inlinable public func index(_ area: Int, _ year: Int) -> Int {
        precondition(area >= 0 && area < areaCount && year >= firstYear && year - firstYear < yearCount,
                     "area \(area), year \(year) outside the grid")
        return area * yearCount + (year - firstYear)
    }
}

extension AreaYearGrid where Cell: AdditiveCell {
    /// Per year, the sum over the given areas (all areas when nil): a province or prefecture total.
    public func totals(over areas: [Int]? = nil) -> [Cell] {
        var out = [Cell](repeating: .zero, count: yearCount)
        let chosen = areas ?? Array(0..<areaCount)
        for a in chosen {
            let base = a * yearCount
            for y in 0..<yearCount {
                out[y] = out[y] + cells[base + y]
            }
        }
        return out
    }
}

/// Shortfall = max(0, demand − supply), never negative. Totals over areas sum the areas' shortfalls:
/// a surplus in one county does not serve another county's children or elderly. The net figure,
/// max(0, Σ demand − Σ supply), is given separately for province-level program views.
public enum ShortfallCalculator {
    @inlinable public static func shortfall(demand: Double, supply: Double) -> Double {
        let gap = demand - supply
        return gap > 0 ? gap : 0  // also maps NaN demand to 0 rather than propagating a negative
    }

    @inlinable public static func shortfall(demand d: MeasureValues, supply s: MeasureValues) -> MeasureValues {
        MeasureValues(
            nurserySlots: shortfall(demand: d.nurserySlots, supply: s.nurserySlots),
            nurseryCarers: shortfall(demand: d.nurseryCarers, supply: s.nurseryCarers),
            beds: shortfall(demand: d.beds, supply: s.beds),
            nursingBeds: shortfall(demand: d.nursingBeds, supply: s.nursingBeds),
            socialWorkers: shortfall(demand: d.socialWorkers, supply: s.socialWorkers))
    }

    /// Both bases against the same supply, into a caller-provided vector (no allocation).
    /// `disabledElderly` is context, not capacity: it is carried as 0.
    @inlinable public static func shortfall(demand: DemandVector, supply: MeasureValues, into out: inout DemandVector) {
        out.standard = shortfall(demand: demand.standard, supply: supply)
        out.propensity = shortfall(demand: demand.propensity, supply: supply)
        out.disabledElderly = 0
    }

    @inlinable public static func shortfall(demand: DemandVector, supply: MeasureValues) -> DemandVector {
        var out = DemandVector.zero
        shortfall(demand: demand, supply: supply, into: &out)
        return out
    }

    /// Every area-year: demand and supply grids must have the same shape.
    public static func shortfalls(demand: AreaYearGrid<DemandVector>, supply: AreaYearGrid<MeasureValues>)
        -> AreaYearGrid<DemandVector>
    {
        precondition(demand.areaCount == supply.areaCount && demand.firstYear == supply.firstYear
                     && demand.yearCount == supply.yearCount, "demand and supply grids differ in shape")
        var out = AreaYearGrid(areaCount: demand.areaCount, firstYear: demand.firstYear, yearCount: demand.yearCount,
                               repeating: DemandVector.zero)
        for i in demand.cells.indices {
            shortfall(demand: demand.cells[i], supply: supply.cells[i], into: &out.cells[i])
        }
        return out
    }

    /// Per year, max(0, Σ demand − Σ supply) over the given areas: the net gap if capacity could be
    /// shared across them. Never more than the summed area shortfalls.
    public static func netShortfalls(
        demand: AreaYearGrid<DemandVector>, supply: AreaYearGrid<MeasureValues>, over areas: [Int]? = nil
    ) -> [DemandVector] {
        let d = demand.totals(over: areas)
        let s = supply.totals(over: areas)
        return zip(d, s).map { shortfall(demand: $0, supply: $1) }
    }
}
