import Foundation

/// An area of a projection, as named in the census.
public struct ProjectionArea: Sendable, Equatable {
    public let key: String
    public let name: String
    public let level: String
    public let province: String
    public let prefecture: String
    /// Keys of the area's prefecture and province rows in the census ("" when it has none).
    public var prefectureKey: String = ""
    public var provinceKey: String = ""
    /// The name of the prefecture row `prefectureKey` names ("" when none); `prefecture` is the area's
    /// own column, which a zone may fill with its own name.
    public var prefectureName: String = ""

    public init(key: String, name: String, level: String, province: String, prefecture: String,
                prefectureKey: String = "", provinceKey: String = "", prefectureName: String = "") {
        self.key = key
        self.name = name
        self.level = level
        self.province = province
        self.prefecture = prefecture
        self.prefectureKey = prefectureKey
        self.provinceKey = provinceKey
        self.prefectureName = prefectureName
    }
}

/// What the preparation found for one area: the base-year TFR (solved or given), life expectancy,
/// the census and model age-0 counts, and warnings.
public struct AreaCalibration: Sendable {
    public let key: String
    public let name: String
    /// TFR of the base year (calibrated when `FertilityLevel.calibrated`).
    public let tfr: Double
    /// Whether `tfr` draws on the area's own census (its credibility weight is above 0).
    public let tfrCalibrated: Bool
    /// The level solved from the area's own census before shrinkage and bounds (nil when its census
    /// has none: too few people, no women 15-49, no infants; or when the level is given).
    public var ownTFR: Double? = nil
    /// The weight of the area's own level against its prefecture's, n0 / (n0 + k) (see
    /// `FertilityCalibrator`); 1 when not shrunk.
    public var credibilityWeight: Double = 1
    /// Whether the level was shrunk by more than 5%, bounded, or taken from a parent (a warning says how).
    public var tfrAdjusted: Bool = false
    /// Census age-0 count (both sexes) × the adjustment factor, and the model's count from the
    /// births of the year before the census (equal when calibrated).
    public let targetAgeZero: Double
    public let modelAgeZero: Double
    /// Life expectancy at birth in the first projection step, by sex, and the factor on WPP rates.
    public let e0Male: Double
    public let e0Female: Double
    public let mortalityRateFactorMale: Double
    public let mortalityRateFactorFemale: Double
    public let personsPerHousehold: Double
    public let warnings: [String]
}

/// Everything `CohortComponentProjector` needs, prepared from a census table, WPP rates and a
/// `ProjectionSetup` by `ProjectionInputs.prepare(census:wpp:setup:)`:
///
/// 1. select the areas (`CensusTable.select`), warnings for rows left out;
/// 2. split each sex's 19 groups to single years (`AgeSplitter`, Gompertz fitted to WPP), and take
///    out the group quarters (`GroupQuarters`, held constant): the rest, the household population,
///    is what is calibrated and projected;
/// 3. life tables for every step and every distinct e0 offset (`MortalityModel`, Brent);
/// 4. fertility shares and sex ratio per step, TFR per area (calibrated to census age 0, see
///    `FertilityLevel`) along the TFR path;
/// 5. migration shares and volumes; households per area and year.
///
/// Calibration: with the life table S and fertility shares w of the year before the census, the
/// women then aged x are back-survived from the census, F₋[x] = F[x+1] / S_F[x+1]; births are
/// B = TFR · Σ w[x] (F₋[x] + F[x]) / 2 and the census age-0 count is matched by
/// B · ((1 − f) S_M[0] + f S_F[0]) with f = 1 / (1 + SRB). Births are linear in TFR, so the
/// solution is exact in one division. Migration is ignored in the calibration.
public struct ProjectionInputs: Sendable {
    public let setup: ProjectionSetup
    public let areas: [ProjectionArea]
    /// The household population of the base year: what the projection ages, the census less
    /// `groupQuarters`.
    public let basePopulation: PopulationArray
    /// Residents outside family households, held at their base-year size and ages in every year;
    /// population outputs are the projected households plus this group.
    public let groupQuarters: GroupQuarters
    public let rates: ProjectionRates
    public let calibration: [AreaCalibration]
    /// Census rows left out by a default selection.
    public let censusWarnings: [CensusWarning]
    /// Areas whose central path has a cohort that net emigration would take below zero, held at 0
    /// instead (`MigrationClampScan`): one warning per area, naming the first year.
    public let migrationWarnings: [String]
    /// Persons per household, [area][year index].
    public let personsPerHousehold: [[Double]]
    public let splitter: AgeSplitter
    /// Other warnings about the inputs (e.g. codes of an offsets file the run does not project).
    public var warnings: [String] = []

    public static func prepare(census: CensusTable, wpp: WPPRates, setup: ProjectionSetup) throws -> ProjectionInputs {
        guard setup.horizon >= setup.baseYear else {
            throw ProjectionInputError("horizon \(setup.horizon) is before base year \(setup.baseYear)")
        }
        let selection = try census.select(codes: setup.areaCodes, asNamed: setup.areasAsNamed)
        let rows = selection.rows
        let n = rows.count
        // `years`: the census moments the steps run through (one past the horizon for year-end
        // figures); `outputYears`: the years figures are handed out for.
        let years = setup.stepYears
        let outputYears = setup.years
        let steps = years.count - 1
        let ages = PopulationLayout.ageCount

        // Base population.
        let splitter = try AgeSplitter.fitted(to: wpp, year: setup.baseYear)
        var census2020 = PopulationArray(areaCount: n)
        for (area, row) in rows.enumerated() {
            for sex in Sex.allCases {
                census2020.set(sex: sex, area: area, ages: try splitter.split(groups: row.ageGroups(sex)!, sex: sex))
            }
        }
        // Group quarters are held constant; only the household population is projected and
        // calibrated (the group has no infants and few mothers).
        let groupSplit = try GroupQuarters.split(rows: rows, census: census, base: census2020, spec: setup.groupQuarters)
        let base = groupSplit.households

        // Mortality: one profile per distinct e0 offset; index 0 of `tables` is the year before the census.
        let mortality = MortalityModel(wpp: wpp, infantSeparation: setup.mortality.infantSeparation)
        var profileOfOffset: [E0Offset: Int] = [:]
        var profileOfArea = [Int](repeating: 0, count: n)
        for (area, row) in rows.enumerated() {
            let offset = setup.mortality.offsets(for: row.key)
            guard offset.male.isFinite && offset.female.isFinite else { throw ProjectionInputError("e0 offset of \(row.key) is not finite") }
            if profileOfOffset[offset] == nil { profileOfOffset[offset] = profileOfOffset.count }
            profileOfArea[area] = profileOfOffset[offset]!
        }
        let offsets = profileOfOffset.sorted { $0.value < $1.value }.map(\.key)
        var survivalProfiles: [[Double]] = []
        var preCensusSurvival: [[[Double]]] = []   // [profile][sex][age]
        var firstStepTables: [[(table: LifeTable, rateFactor: Double)]] = []
        var e0Responses: [[Double]] = []
        for offset in offsets {
            var response = [Double]()
            var profile = [Double]()
            profile.reserveCapacity(steps * 2 * ages)
            var firstStep: [(table: LifeTable, rateFactor: Double)] = []
            for step in 0..<steps {
                for sex in Sex.allCases {
                    let built = try mortality.lifeTable(sex: sex, time: setup.stepMidpoint(startingIn: years[step]), e0Offset: offset[sex])
                    profile.append(contentsOf: built.table.survivalRatios)
                    response.append(MortalityModel.e0PerLogMortality(mx: built.table.mx, sex: sex,
                                                                     infantSeparation: setup.mortality.infantSeparation))
                    if step == 0 { firstStep.append(built) }
                }
            }
            if steps == 0 {
                for sex in Sex.allCases {
                    firstStep.append(try mortality.lifeTable(sex: sex, time: setup.stepMidpoint(startingIn: setup.baseYear), e0Offset: offset[sex]))
                }
            }
            survivalProfiles.append(profile)
            e0Responses.append(response)
            firstStepTables.append(firstStep)
            preCensusSurvival.append(try Sex.allCases.map { sex in
                try mortality.lifeTable(sex: sex, time: setup.stepMidpoint(startingIn: setup.baseYear - 1), e0Offset: offset[sex]).table.survivalRatios
            })
        }

        // Fertility shares and sex ratio per step.
        let fertility = setup.fertility
        let stepYears = (0..<steps).map { setup.stepCalendarYear(startingIn: years[$0]) }
        let preCensusYear = setup.stepCalendarYear(startingIn: setup.baseYear - 1)
        var sharesByYear: [Int: [Double]] = [:]
        func shares(_ year: Int) throws -> [Double] {
            let key = fertility.schedule == .heldAtBaseYear ? setup.baseYear : year
            if let cached = sharesByYear[key] { return cached }
            let value = try FertilitySchedule.shares(wpp: wpp, year: key)
            sharesByYear[key] = value
            return value
        }
        func sexRatio(_ year: Int) -> Double {
            if case let .given(value) = fertility.sexRatio { return value }
            return wpp.sexRatioAtBirth.value(year: year)
        }
        var fertilityShares = [Double]()
        fertilityShares.reserveCapacity(steps * ages)
        for year in stepYears { fertilityShares.append(contentsOf: try shares(year)) }
        let sexRatios = stepYears.map(sexRatio)
        guard sexRatios.allSatisfy({ $0.isFinite && $0 > 0 }) && sexRatio(preCensusYear) > 0 else {
            throw ProjectionInputError("the sex ratio at birth must be positive")
        }

        // TFR per area: level, then path.
        let preShares = try shares(preCensusYear)
        let preFemaleShare = 1 / (1 + sexRatio(preCensusYear))
        var tfr = [Double](repeating: 0, count: steps * n)
        var calibration: [AreaCalibration] = []
        var householdSizes: [[Double]] = []
        let nationalHouseholdSize = census.rows.first { $0.level == "nation" }?.personsPerHousehold
            ?? 1_292_809_300.0 / 494_157_423.0
        var calibrator: FertilityCalibrator? = nil
        if case let .calibrated(adjustment) = fertility.level {
            guard adjustment.isFinite, adjustment > 0 else {
                throw FertilityError.invalidValue("age-0 adjustment factor \(adjustment)")
            }
            calibrator = FertilityCalibrator(census: census, splitter: splitter, shares: preShares,
                                             ageZeroAdjustment: adjustment, nationalTFR: wpp.tfr(year: setup.baseYear),
                                             baseYear: setup.baseYear)
            calibrator?.groupQuarters = setup.groupQuarters
        }
        var parentLevels: [String: Double?] = [:]
        for (area, row) in rows.enumerated() {
            var warnings: [String] = groupSplit.warnings[area]
            let profile = profileOfArea[area]
            let S = preCensusSurvival[profile]
            let women = (0..<ages).map { base[.female, $0, area] }
            // The household population's age-0 count: the census's less the group's.
            let censusAgeZero = max(0, row.maleAgeGroups![0] + row.femaleAgeGroups![0]
                - groupSplit.group.population[.male, 0, area] - groupSplit.group.population[.female, 0, area])
            let level: Double
            let target: Double
            let birthsPerTFR: Double
            var calibrated = false
            var ownLevel: Double? = nil
            var credibilityWeight = 1.0
            var tfrAdjusted = false
            if let calibrator {
                let solution = calibrator.solve(women: women, ageZero: censusAgeZero, total: row.total,
                                                survival: S, femaleShare: preFemaleShare)
                target = solution.target
                birthsPerTFR = solution.birthsPerTFR
                let stable = try calibrator.stabilise(row: row, solution: solution, survival: S, femaleShare: preFemaleShare,
                                                      profile: profile, cache: &parentLevels)
                level = stable.level
                calibrated = stable.weight > 0
                ownLevel = solution.hasOwnLevel ? solution.level : nil
                credibilityWeight = stable.weight
                if let warning = stable.warning { warnings.append(warning); tfrAdjusted = true }
            } else {
                guard case let .given(value) = fertility.level, value.isFinite, value >= 0 else {
                    throw FertilityError.invalidValue("TFR \(fertility.level)")
                }
                level = value
                target = censusAgeZero
                birthsPerTFR = FertilityCalibrator.birthsPerTFR(women: women, shares: preShares, survival: S, femaleShare: preFemaleShare)
            }
            let path = try fertility.path.trajectory(level: level, baseYear: setup.baseYear, years: stepYears,
                                                     referenceYear: preCensusYear, wppTFR: wpp.tfr(year:))
            for step in 0..<steps { tfr[step * n + area] = max(0, path[step]) }

            var household = row.personsPerHousehold ?? nationalHouseholdSize
            if row.personsPerHousehold == nil {
                warnings.append("\(row.name) (\(row.key)): no household counts; national "
                                + String(format: "%.3f", nationalHouseholdSize) + " persons per household used")
                household = nationalHouseholdSize
            }
            switch setup.householdSize {
            case .heldAtCensus:
                householdSizes.append(outputYears.map { _ in household })
            case let .linear(targetSize, year):
                householdSizes.append(outputYears.map { y in
                    guard year > setup.baseYear else { return y > setup.baseYear ? targetSize : household }
                    let u = min(max(Double(y - setup.baseYear) / Double(year - setup.baseYear), 0), 1)
                    return household + (targetSize - household) * u
                })
            }
            let tables = firstStepTables[profile]
            calibration.append(AreaCalibration(
                key: row.key, name: row.name, tfr: level, tfrCalibrated: calibrated,
                ownTFR: ownLevel, credibilityWeight: credibilityWeight, tfrAdjusted: tfrAdjusted,
                targetAgeZero: target, modelAgeZero: level * birthsPerTFR,
                e0Male: tables[0].table.e0, e0Female: tables[1].table.e0,
                mortalityRateFactorMale: tables[0].rateFactor, mortalityRateFactorFemale: tables[1].rateFactor,
                personsPerHousehold: household, warnings: warnings))
        }

        // Migration.
        let migration = setup.migration
        let volumeKind: ProjectionRates.MigrationVolumeKind
        let volume: Double
        switch migration.volume {
        case .none: volumeKind = .none; volume = 0
        case let .netRatePerThousand(rate): volumeKind = .ratePerThousand; volume = rate
        case let .netTotalPerYear(total): volumeKind = .total; volume = total
        }
        guard volume.isFinite, (0...1).contains(migration.maleShare) else {
            throw ProjectionInputError("migration volume must be finite and the male share in 0...1")
        }

        var rates = try ProjectionRates(
            baseYear: setup.baseYear, stepCount: steps, areaCount: n,
            survivalProfiles: survivalProfiles, mortalityProfileOfArea: profileOfArea,
            fertilityShares: fertilityShares, tfr: tfr, sexRatioAtBirth: sexRatios,
            migrationVolume: volumeKind,
            migrationShares: migration.ageSexShares(),
            netMigration: [Double](repeating: volume, count: steps * n))
        rates.e0PerLogMortality = e0Responses
        rates.interpolationWeight = setup.interpolationWeight
        let areas = rows.enumerated().map { i, row in
            ProjectionArea(key: row.key, name: row.name, level: row.level, province: row.province, prefecture: row.prefecture,
                           prefectureKey: selection.prefectureKeys[i], provinceKey: selection.provinceKeys[i],
                           prefectureName: selection.prefectureNames[i])
        }
        let clamped = MigrationClampScan.firstClamps(base: base, rates: rates)
        let volumeNumber = abs(volume) < 1e15 && volume == volume.rounded() ? String(Int(volume)) : "\(volume)"
        let volumeText = volumeKind == .ratePerThousand ? "\(volumeNumber) per 1,000 a year" : "\(volumeNumber) a year"
        let migrationWarnings = zip(rows, clamped).compactMap { row, clamp in
            clamp.map { "\(row.name) (\(row.key)): net migration of \(volumeText) would take more people than some cohorts hold, first \($0.cohort); those cohorts are held at 0, so fewer people leave than assumed" }
        }
        return ProjectionInputs(setup: setup, areas: areas, basePopulation: base, groupQuarters: groupSplit.group, rates: rates,
                                calibration: calibration, censusWarnings: selection.warnings,
                                migrationWarnings: migrationWarnings,
                                personsPerHousehold: householdSizes, splitter: splitter)
    }
}
