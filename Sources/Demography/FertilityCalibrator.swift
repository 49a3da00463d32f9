/// Solves an area's base-year TFR from its census age-0 count (see `ProjectionInputs`), and when
/// the area lacks what that needs, uses a stated fallback instead of a wild or default number.
///
/// An area cannot be calibrated when it has fewer than `minimumPopulation` residents (its age-0
/// count is noise), no women aged 15-49 (births would be put on a handful of women aged 10-14 or
/// 50-54: TFR in the thousands), no children aged 0 (TFR 0 for ever), or when the solved TFR lies
/// outside `plausibleTFR`. Its TFR is then the calibrated level of its prefecture (code: first four
/// digits + "00"), else of its province (first two + "0000"), each solved the same way from its own
/// census row under the area's mortality, else the national WPP TFR of the base year; the
/// calibration's warning names the area, the reason and the value used.
struct FertilityCalibrator {
    /// Residents below which an area's own age-0 count is not used.
    static let minimumPopulation = 1_000
    /// Calibrated TFRs outside this range are treated as a census problem, not a fertility level
    /// (China's lowest county TFRs in 2020 were about 0.5, the highest about 3).
    static let plausibleTFR = 0.3...4.0

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
        var level: Double { target / birthsPerTFR }
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
        return Solution(birthsPerTFR: birthsPerTFR, target: target, gap: gap)
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
            let split = try GroupQuarters.split(rows: [row], census: census, base: base, spec: groupQuarters)
            women = (0...PopulationLayout.openAge).map { split.households[.female, $0, 0] }
            ageZero = max(0, ageZero - split.group.population[.male, 0, 0] - split.group.population[.female, 0, 0])
        }
        return solve(women: women, ageZero: ageZero, total: row.total, survival: survival, femaleShare: femaleShare)
    }

    /// The TFR used for an area its own census cannot calibrate, and a warning naming the area,
    /// the reason and the value used. `cache` keeps parents' solutions by code and mortality profile.
    func fallback(for row: CensusRow, gap: Gap, survival: [[Double]], femaleShare: Double, profile: Int,
                  cache: inout [String: Double?]) throws -> (level: Double, warning: String) {
        var parents: [(code: String, kind: String)] = []
        if row.code.utf8.count == 6 {
            let prefecture = String(row.code.prefix(4)) + "00"
            let province = String(row.code.prefix(2)) + "0000"
            if prefecture != row.code && prefecture != province { parents.append((prefecture, "prefecture")) }
            if province != row.code { parents.append((province, "province")) }
        }
        let reason = "\(row.name) (\(row.key)): TFR not calibrated: \(gap)"
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
                let name = rowsByCode[parent.code]?.name ?? parent.code
                return (level, "\(reason); the \(parent.kind) \(parent.code) \(name)'s calibrated TFR \(Gap.format(level)) is used")
            }
        }
        return (nationalTFR, "\(reason); the national WPP TFR \(Gap.format(nationalTFR)) of \(baseYear) is used")
    }
}
