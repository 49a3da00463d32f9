/// Where the residents outside family households (students in dormitories, workers in factory
/// dormitories, soldiers, care-home residents) come from.
public enum GroupQuartersSpec: Sendable, Equatable {
    /// Estimated from the census row (`GroupQuarters.estimate`).
    case estimated
    /// Every resident is projected as a household member (the group is empty).
    case none
    /// Given per area by sex and 5-year age group; areas the table does not name have none.
    case given(GroupQuartersTable)
}

/// The group-quarters population of every area: held at its base-year size and age-sex structure
/// in every year of the projection (the standard treatment of special populations: a dormitory's
/// students are replaced each year by new students of the same ages, they do not age in place or
/// bear the area's children). Only the household population (census − group) is projected; the
/// outputs are that projection plus this group.
public struct GroupQuarters: Sendable, Equatable {
    /// Single-year counts, same layout as the base population.
    public let population: PopulationArray
    /// Each area's group total.
    public let totals: [Double]

    public init(population: PopulationArray) {
        self.population = population
        self.totals = (0..<population.areaCount).map { population.total(area: $0) }
    }

    /// Whether any area has a group (the kernel then adds it back to every year's cells).
    public var isEmpty: Bool { totals.allSatisfy { $0 == 0 } }

    /// First index of the 15-34 groups in `CensusRow.ageGroupLabels` (15-19, 20-24, 25-29, 30-34).
    static let youngAdultGroups = 4...7
    /// The 0 and 1-4 groups: filled last (few infants live in collective quarters, and an infant
    /// taken from the households would lower the calibrated TFR).
    static let infantGroups = 0...1

    /// The group's counts by sex and 5-year group ([sex][19]), summing to `size` (at most the row's
    /// age-cell total) and never above the area's own count in any cell.
    ///
    /// Method: the area's counts at ages 15-34 are compared with a reference profile (the area's
    /// prefecture, else province, else nation: `reference`, 38 shares), scaled to the area by its
    /// population outside 15-34 (so that the students themselves do not raise the expectation). The
    /// excess of each 15-34 cell over that expectation absorbs the group first (in proportion to the
    /// excess); what the excess cannot hold is spread over the remaining counts at ages 5 and over
    /// in proportion to them (the area's own structure, its old included, as care homes are), and
    /// only then over ages 0-4. Within each tier the weights are the cells' capacities, so no cell
    /// exceeds the area's count.
    static func estimate(male: [Double], female: [Double], reference: [[Double]]?, size: Double) -> [[Double]] {
        let area = [male, female]
        let cells = area.joined().reduce(0, +)
        var remaining = min(max(0, size), cells)
        var group = [[Double]](repeating: [Double](repeating: 0, count: male.count), count: 2)
        var capacity = area
        // Tier 1: excess over the reference at 15-34.
        if let reference {
            var outside = 0.0, referenceOutside = 0.0
            for s in 0..<2 {
                for g in area[s].indices where !youngAdultGroups.contains(g) {
                    outside += area[s][g]
                    referenceOutside += reference[s][g]
                }
            }
            if referenceOutside > 0 {
                let scale = outside / referenceOutside
                var excess = [[Double]](repeating: [Double](repeating: 0, count: male.count), count: 2)
                for s in 0..<2 {
                    for g in youngAdultGroups { excess[s][g] = max(0, area[s][g] - scale * reference[s][g]) }
                }
                remaining -= fill(&group, capacity: &capacity, weights: excess, amount: remaining)
            }
        }
        // Tier 2: ages 5 and over, like the area; tier 3: ages 0-4.
        for infants in [false, true] where remaining > 0 {
            var weights = capacity
            for s in 0..<2 { for g in weights[s].indices where infantGroups.contains(g) != infants { weights[s][g] = 0 } }
            remaining -= fill(&group, capacity: &capacity, weights: weights, amount: remaining)
        }
        return group
    }

    /// Adds up to `amount` to `group` in proportion to `weights` (each at most its cell's
    /// `capacity`, which is reduced by what was added); returns what was added.
    private static func fill(_ group: inout [[Double]], capacity: inout [[Double]], weights: [[Double]], amount: Double) -> Double {
        let total = weights.joined().reduce(0, +)
        guard total > 0, amount > 0 else { return 0 }
        let share = min(1, amount / total)
        var added = 0.0
        for s in 0..<2 {
            for g in weights[s].indices where weights[s][g] > 0 {
                let value = min(capacity[s][g], weights[s][g] * share)
                group[s][g] += value
                capacity[s][g] -= value
                added += value
            }
        }
        return added
    }

    /// Single years from 5-year groups: each group's count spread like the area's own single
    /// years within the group (`ages`, the split census), so a single year never exceeds the area's.
    static func singleYears(groups: [Double], ages: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: ages.count)
        for (g, range) in ageRanges.enumerated() where groups[g] > 0 {
            let within = range.reduce(0) { $0 + ages[$1] }
            guard within > 0 else { continue }
            for x in range { result[x] = min(ages[x], groups[g] * ages[x] / within) }
        }
        return result
    }

    /// Single ages of each of the census's 19 groups: 0, 1-4, 5-9, ..., 80-84, 85-100+.
    static let ageRanges: [ClosedRange<Int>] =
        [0...0, 1...4] + stride(from: 5, through: 80, by: 5).map { $0...($0 + 4) } + [85...PopulationLayout.openAge]
}

extension GroupQuarters {
    /// The split of the selected census rows: the constant group, the household population that is
    /// projected (base − group, never below 0), and per-area warnings (no household columns, a
    /// family-household population above the total).
    struct Split {
        let group: GroupQuarters
        let households: PopulationArray
        let warnings: [[String]]
    }

    /// `references`: the census's `ReferenceProfiles` when the caller splits many times (built here
    /// otherwise; one pass over every census row).
    static func split(rows: [CensusRow], census: CensusTable, base: PopulationArray, spec: GroupQuartersSpec,
                      references given: ReferenceProfiles? = nil) throws -> Split {
        let n = rows.count
        var group = PopulationArray(areaCount: n)
        var warnings = [[String]](repeating: [], count: n)
        let references = given ?? ReferenceProfiles(census: census)
        // Areas a block of 8 at a time: an area's 202 cells lie `n` apart (areas innermost), so reading and writing
        // them area by area touched a cache line per cell (a fifth of a national plan's preparation); a block's
        // cells of one row share a line. Each area's numbers are the same.
        let cells = PopulationLayout.cellsPerArea, ages = PopulationLayout.ageCount
        let blockWidth = 8
        var baseBlock = [Double](repeating: 0, count: blockWidth * cells)   // [area in block × cells + cell]
        var groupBlock = [Double](repeating: 0, count: blockWidth * cells)
        for start in stride(from: 0, to: n, by: blockWidth) {
            let end = min(n, start + blockWidth)
            for cell in 0..<cells {
                for area in start..<end { baseBlock[(area - start) * cells + cell] = base.values[cell * n + area] }
            }
            for i in groupBlock.indices { groupBlock[i] = 0 }
            for area in start..<end {
                try splitArea(row: rows[area], base: baseBlock[((area - start) * cells)..<((area - start + 1) * cells)],
                              spec: spec, references: references, warnings: &warnings[area]) { sex, values in
                    for age in 0..<ages { groupBlock[(area - start) * cells + sex * ages + age] = values[age] }
                }
            }
            for cell in 0..<cells {
                for area in start..<end { group.values[cell * n + area] = groupBlock[(area - start) * cells + cell] }
            }
        }
        var households = base
        for i in households.values.indices { households.values[i] = max(0, base.values[i] - group.values[i]) }
        return Split(group: GroupQuarters(population: group), households: households, warnings: warnings)
    }

    /// One area's group quarters (`split`): `base` its 202 cells (men's ages, then women's), `set(sex, ages)` for
    /// each sex with group quarters; nothing for an area without.
    private static func splitArea(row: CensusRow, base: ArraySlice<Double>, spec: GroupQuartersSpec,
                                  references: ReferenceProfiles, warnings: inout [String],
                                  set: (Int, [Double]) -> Void) throws {
        guard let male = row.maleAgeGroups, let female = row.femaleAgeGroups else { return }
        let groups: [[Double]]
        switch spec {
        case .none:
            return
        case let .given(table):
            guard let given = table.areas[row.key] else { return }
            for s in 0..<2 {
                for g in 0..<19 where given.counts[s][g] > (s == 0 ? male : female)[g] {
                    throw DataFileError(
                        path: table.path, line: given.lines[s][g], column: "count", field: given.countField,
                        expected: "at most the census count \(Int((s == 0 ? male : female)[g])) of \(row.name) (\(row.key)), \(s == 0 ? "male" : "female") \(CensusRow.ageGroupLabels[g])",
                        found: String(Int(given.counts[s][g])))
                }
            }
            groups = given.counts
        case .estimated:
            guard let people = row.familyHouseholdPopulation else {
                warnings.append("\(row.name) (\(row.key)): no family-household population in the census; no group quarters estimated, every resident projected as a household member")
                return
            }
            guard people <= row.total else {
                warnings.append("\(row.name) (\(row.key)): family-household population \(people) exceeds the total \(row.total); no group quarters estimated")
                return
            }
            groups = estimate(male: male, female: female, reference: references.shares(for: row),
                              size: Double(row.total - people))
        }
        let ages = PopulationLayout.ageCount
        for s in 0..<2 {
            let first = base.startIndex + s * ages
            set(s, singleYears(groups: groups[s], ages: Array(base[first..<(first + ages)])))
        }
    }

    /// Age-sex shares (38 values, [sex][group]) of the census row an area is compared with: its
    /// prefecture's, else its province's, else the nation's (found by code, else by the names in the
    /// row), never the area's own.
    struct ReferenceProfiles {
        let census: CensusTable
        private var byCode: [String: CensusRow] = [:]
        private var prefectureByName: [String: CensusRow] = [:]
        private var provinceByName: [String: CensusRow] = [:]
        private var nation: CensusRow?

        init(census: CensusTable) {
            self.census = census
            for row in census.rows where row.maleAgeGroups != nil && row.femaleAgeGroups != nil && census.problem(of: row) == nil {
                if !row.code.isEmpty { byCode[row.code] = row }
                switch row.level {
                case "prefecture": prefectureByName[row.province + "/" + row.prefecture] = row
                case "province": provinceByName[row.province] = row
                case "nation": nation = row
                default: break
                }
            }
        }

        func shares(for row: CensusRow) -> [[Double]]? {
            var candidates: [CensusRow?] = []
            if row.code.utf8.count == 6 {
                candidates.append(byCode[String(row.code.prefix(4)) + "00"])
            }
            candidates.append(prefectureByName[row.province + "/" + row.prefecture])
            if row.code.utf8.count == 6 { candidates.append(byCode[String(row.code.prefix(2)) + "0000"]) }
            candidates.append(provinceByName[row.province])
            candidates.append(nation)
            for case let candidate? in candidates where candidate.line != row.line {
                guard let m = candidate.maleAgeGroups, let f = candidate.femaleAgeGroups else { continue }
                let total = m.reduce(0, +) + f.reduce(0, +)
                guard total > 0 else { continue }
                return [m.map { $0 / total }, f.map { $0 / total }]
            }
            return nil
        }
    }
}
