import Foundation

/// Solves an area's base-year TFR from its census age-0 count (see `ProjectionInputs`), then makes
/// it stable for small and odd areas.
///
/// The census age-0 count is taken to cover the births of Nov 2019-Oct 2020 that survived to the
/// census moment (1 Nov 2020) and were counted where they lived: residents only, so a child living
/// apart from its mother (with grandparents at the hukou place, say) is counted in another area than
/// the women who bore it. That, not fertility, is most of the spread of raw calibrated TFRs (0.13 to
/// 3.58 over the 2020 counties), and it is largest where infants are few.
///
/// So the solved level L is shrunk toward the level P of the area's prefecture (its own census row
/// calibrated the same way; the province's for an area with no prefecture row or whose prefecture
/// cannot be calibrated; none for a province) by the information the area has, a credibility
/// weight on the log scale: log L' = w log L + (1 − w) log P with w = n0 / (n0 + k), n0 the census
/// age-0 count (both sexes) and k = `credibilityInfants`. Then L' is bounded to `boundedTFR`.
/// An area with fewer than `minimumPopulation` residents, no women aged 15-49 or no children aged 0
/// is the extreme of the same rule, w = 0: its prefecture's level (else its province's, else the
/// national WPP TFR of the base year). Every area whose level moved by more than `listedShift`, was
/// bounded, or took a parent's level gets a warning naming the area, the reason and the value used.
struct FertilityCalibrator {
    /// Residents below which an area's own age-0 count is not used.
    static let minimumPopulation = 1_000
    /// A parent's (prefecture's or province's) calibrated TFR outside this range is not used as a
    /// level to shrink toward; the next parent up is.
    static let plausibleTFR = 0.3...4.0
    /// k of the credibility weight w = n0 / (n0 + k): the infants at which an area's own level and
    /// its prefecture's count equally. k = φ/τ²: τ = 0.1, the spread of real county fertility (log
    /// TFR) about the prefecture's, and φ = 3, the age-0 count's dispersion beyond Poisson (infants
    /// counted apart from their mothers come in families and in whole villages of left-behind
    /// children), so k = 300. A unit with 2 infants keeps w = 0.007 of its own log level: within 1%
    /// of its prefecture's for any raw level within a factor 4.5 of it. A county with 5,000 infants
    /// keeps w = 0.94: within 1% of its own level when that lies within 19% of its prefecture's.
    static let credibilityInfants = 300.0
    /// The range a shrunk level is bounded to: China's lowest real county TFRs in 2020 were about
    /// 0.5 (the north-east), the highest about 3 (southern Xinjiang, Tibet).
    static let boundedTFR = 0.5...3.0
    /// A shrunk level that moved by more than this fraction of its raw value is listed in the warnings.
    static let listedShift = 0.05
    /// What the census age-0 count is assumed to cover, for the manifest.
    static let ageZeroCoverage = "census age 0 = births of the 12 months before the census moment (Nov 2019-Oct 2020) surviving to 1 Nov 2020, counted where they live (residents only: children living apart from their mothers count in another area than the women who bore them)"

    /// Why an area's own census cannot give its TFR.
    enum Gap: Equatable, CustomStringConvertible {
        case smallPopulation(Int)
        case noWomen15to49
        case noChildrenAgedZero
        case implausible(Double)

        var description: String {
            switch self {
            case let .smallPopulation(total):
                return "population \(total) is below the \(FertilityCalibrator.minimumPopulation) needed for a calibration"
            case .noWomen15to49: return "no women aged 15-49 in the census"
            case .noChildrenAgedZero: return "no children aged 0 in the census"
            case let .implausible(tfr):
                return "calibrated TFR \(Self.format(tfr)) is outside the plausible \(FertilityCalibrator.plausibleTFR.lowerBound)-\(FertilityCalibrator.plausibleTFR.upperBound)"
            }
        }

        static func format(_ value: Double) -> String {
            value.isFinite ? String(format: "%.3f", value) : "\(value)"
        }
    }

    /// One area's solution: births per unit of TFR that survive to the census (exposure × infant
    /// survival) and the TFR that reproduces the target, or why there is none.
    struct Solution {
        let birthsPerTFR: Double
        let target: Double
        let gap: Gap?
        /// The census age-0 count (both sexes), the information the credibility weight counts.
        var infants: Double = 0
        var level: Double { target / birthsPerTFR }
        /// Whether the area's own level can be used at all: a solved level outside `plausibleTFR`
        /// is still used (shrunk and bounded); the other gaps leave nothing to shrink.
        var hasOwnLevel: Bool {
            switch gap {
            case nil, .implausible?: return true
            default: return false
            }
        }
    }

    /// An area's level after shrinkage and bounds, with the warning that lists it when it moved.
    struct Stabilised {
        let level: Double
        /// The credibility weight of the area's own level (0 when it took a parent's).
        let weight: Double
        let warning: String?
    }

    let census: CensusTable
    let splitter: AgeSplitter
    /// Single-year fertility shares of the year before the census.
    let shares: [Double]
    let ageZeroAdjustment: Double
    let nationalTFR: Double
    let baseYear: Int
    /// How a parent row's group quarters are taken out before it is solved, as the areas' are.
    var groupQuarters: GroupQuartersSpec = .none
    private let rowsByCode: [String: CensusRow]
    /// Each row's index in `census.rows` by its line, for the census hierarchy's parents.
    private let indexOfLine: [Int: Int]
    /// The census's reference profiles for estimating group quarters, built once: `solve(row:...)` splits one
    /// row at a time, and building them per row was half of a national run's plan (0.3 s).
    private let references: GroupQuarters.ReferenceProfiles

    init(census: CensusTable, splitter: AgeSplitter, shares: [Double], ageZeroAdjustment: Double,
         nationalTFR: Double, baseYear: Int) {
        self.census = census
        self.splitter = splitter
        self.shares = shares
        self.ageZeroAdjustment = ageZeroAdjustment
        self.nationalTFR = nationalTFR
        self.baseYear = baseYear
        var rowsByCode: [String: CensusRow] = [:]
        for row in census.rows where !row.code.isEmpty { rowsByCode[row.code] = row }
        self.rowsByCode = rowsByCode
        indexOfLine = Dictionary(uniqueKeysWithValues: census.rows.enumerated().map { ($1.line, $0) })
        references = GroupQuarters.ReferenceProfiles(census: census)
    }

    /// Solves a population given by single-year women, its census age-0 count and total, under
    /// survival ratios `survival` [sex][age] of the year before the census and the female share of
    /// births.
    func solve(women: [Double], ageZero: Double, total: Int, survival: [[Double]], femaleShare: Double) -> Solution {
        let birthsPerTFR = Self.birthsPerTFR(women: women, shares: shares, survival: survival, femaleShare: femaleShare)
        let target = ageZero * ageZeroAdjustment
        let gap: Gap?
        if total < Self.minimumPopulation {
            gap = .smallPopulation(total)
        } else if women[15...49].reduce(0, +) <= 0 || !(birthsPerTFR > 0) {
            gap = .noWomen15to49
        } else if !(ageZero > 0) {
            gap = .noChildrenAgedZero
        } else if !Self.plausibleTFR.contains(target / birthsPerTFR) {
            gap = .implausible(target / birthsPerTFR)
        } else {
            gap = nil
        }
        return Solution(birthsPerTFR: birthsPerTFR, target: target, gap: gap, infants: ageZero)
    }

    /// Census-date infants per unit of TFR: the women of the year before the census
    /// (back-survived, F₋[x] = F[x+1] / S_F[x+1]) and at the census, averaged, weighted by the
    /// fertility shares, survived to age 0 by the sex-weighted infant survival.
    static func birthsPerTFR(women: [Double], shares: [Double], survival: [[Double]], femaleShare: Double) -> Double {
        let infantFactor = (1 - femaleShare) * survival[0][0] + femaleShare * survival[1][0]
        var exposure = 0.0
        for x in 0..<(women.count - 1) where shares[x] != 0 {
            let end = women[x]
            let start = survival[1][x + 1] > 0 ? women[x + 1] / survival[1][x + 1] : 0
            exposure += shares[x] * (start + end) / 2
        }
        return exposure * infantFactor
    }

    /// A census row's own solution, or nil when the row has no usable age data.
    func solve(row: CensusRow, survival: [[Double]], femaleShare: Double) throws -> Solution? {
        guard census.problem(of: row) == nil, let groups = row.femaleAgeGroups, let male = row.maleAgeGroups else { return nil }
        var women = try splitter.split(groups: groups, sex: .female)
        var ageZero = male[0] + groups[0]
        if groupQuarters != .none {
            var base = PopulationArray(areaCount: 1)
            base.set(sex: .male, area: 0, ages: try splitter.split(groups: male, sex: .male))
            base.set(sex: .female, area: 0, ages: women)
            let split = try GroupQuarters.split(rows: [row], census: census, base: base, spec: groupQuarters,
                                                references: references)
            women = (0...PopulationLayout.openAge).map { split.households[.female, $0, 0] }
            ageZero = max(0, ageZero - split.group.population[.male, 0, 0] - split.group.population[.female, 0, 0])
        }
        return solve(women: women, ageZero: ageZero, total: row.total, survival: survival, femaleShare: femaleShare)
    }

    /// A parent's calibrated level: the prefecture, else the province (as the census hierarchy
    /// finds them), each solved from its own census row under the area's
    /// mortality and used when plausible. `cache` keeps parents' levels by code and mortality profile.
    func parentLevel(for row: CensusRow, survival: [[Double]], femaleShare: Double, profile: Int,
                     cache: inout [String: Double?]) throws -> (code: String, kind: String, name: String, level: Double)? {
        var parents: [(code: String, kind: String)] = []
        // The census hierarchy knows the parents of zones (no code) and of units filed under their
        // prefecture by name only (五台山 170971 in 忻州市); code digits are the fallback for rows it
        // does not hold.
        if let index = indexOfLine[row.line] {
            let hierarchy = census.hierarchy
            for (parent, kind) in [(hierarchy.prefectureOf[index], "prefecture"), (hierarchy.provinceOf[index], "province")] {
                if let parent, parent != index, !census.rows[parent].code.isEmpty {
                    parents.append((census.rows[parent].code, kind))
                }
            }
        } else if row.code.utf8.count == 6 {
            let prefecture = String(row.code.prefix(4)) + "00"
            let province = String(row.code.prefix(2)) + "0000"
            if prefecture != row.code && prefecture != province { parents.append((prefecture, "prefecture")) }
            if province != row.code { parents.append((province, "province")) }
        }
        for parent in parents {
            let key = "\(parent.code)#\(profile)"
            if cache[key] == nil {
                var level: Double? = nil
                if let parentRow = rowsByCode[parent.code],
                   let solution = try solve(row: parentRow, survival: survival, femaleShare: femaleShare), solution.gap == nil {
                    level = solution.level
                }
                cache[key] = .some(level)
            }
            if let level = cache[key] ?? nil {
                return (parent.code, parent.kind, rowsByCode[parent.code]?.name ?? parent.code, level)
            }
        }
        return nil
    }

    /// The level an area uses: its own solved level shrunk toward its parent's and bounded, or the
    /// parent's (else the national WPP TFR) when its census has no level of its own.
    func stabilise(row: CensusRow, solution: Solution, survival: [[Double]], femaleShare: Double, profile: Int,
                   cache: inout [String: Double?]) throws -> Stabilised {
        let parent = try parentLevel(for: row, survival: survival, femaleShare: femaleShare, profile: profile, cache: &cache)
        let area = "\(row.name) (\(row.key))"
        guard solution.hasOwnLevel else {
            let reason = "\(area): TFR not calibrated: \(solution.gap.map { "\($0)" } ?? "")"
            if let parent {
                return Stabilised(level: parent.level, weight: 0,
                                  warning: "\(reason); the \(parent.kind) \(parent.code) \(parent.name)'s calibrated TFR \(Gap.format(parent.level)) is used")
            }
            return Stabilised(level: nationalTFR, weight: 0,
                              warning: "\(reason); the national WPP TFR \(Gap.format(nationalTFR)) of \(baseYear) is used")
        }
        let own = solution.level
        let weight = Self.credibilityWeight(infants: solution.infants)
        let shrunk = parent.map { Self.shrink(own: own, toward: $0.level, weight: weight) } ?? own
        let level = min(max(shrunk, Self.boundedTFR.lowerBound), Self.boundedTFR.upperBound)
        let bounded = level != shrunk
        guard bounded || abs(level / own - 1) > Self.listedShift else {
            return Stabilised(level: level, weight: parent == nil ? 1 : weight, warning: nil)
        }
        var text = "\(area): calibrated TFR \(Gap.format(own)) from \(Int(solution.infants.rounded())) children aged 0"
        if let parent {
            text += " shrunk toward the \(parent.kind) \(parent.code) \(parent.name)'s \(Gap.format(parent.level)) (weight \(String(format: "%.3f", weight)) on its own): \(Gap.format(shrunk))"
        }
        if bounded {
            text += ", bounded to \(Self.boundedTFR.lowerBound)-\(Self.boundedTFR.upperBound)"
        }
        text += "; \(Gap.format(level)) is used"
        return Stabilised(level: level, weight: parent == nil ? 1 : weight, warning: text)
    }

    /// w = n0 / (n0 + k); 0 for no infants.
    static func credibilityWeight(infants: Double) -> Double {
        infants > 0 ? infants / (infants + credibilityInfants) : 0
    }

    /// exp(w log own + (1 − w) log parent): a weighted geometric mean, so a level half its
    /// parent's and one twice it move alike.
    static func shrink(own: Double, toward parent: Double, weight: Double) -> Double {
        guard own > 0, parent > 0 else { return weight >= 1 ? own : parent }
        return exp(weight * log(own) + (1 - weight) * log(parent))
    }
}
