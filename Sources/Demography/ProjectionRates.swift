/// The rates of a projection as plain arrays, ready for `CohortComponentProjector`: step `i` runs
/// from year `baseYear + i` to `baseYear + i + 1`.
///
/// - `survivalProfiles[p]`: stepCount × 2 × 101 values [step][sex][age], the life-table ratios
///   S[0] = L0/l0, S[x] = Lx/L(x−1), S[100] = T100/T99 (labelled by the age reached). Areas share a
///   profile (`mortalityProfileOfArea`), so the inner loops broadcast one ratio over many areas.
/// - `fertilityShares`: stepCount × 101 [step][age], shares of TFR by age of mother (sum 1).
/// - `tfr`: stepCount × areaCount [step][area]; ASFR = TFR × share.
/// - `sexRatioAtBirth`: per step, males per female birth.
/// - `migrationShares`: 2 × 101 [sex][age] shares of the year's net migrants (sum 1; the profile is
///   kept when there is no central migration, for the draws' additive migration);
///   `netMigration`: stepCount × areaCount, a rate per 1,000 start-of-year population or a count,
///   per `migrationVolume`.
public struct ProjectionRates: Sendable {
    public enum MigrationVolumeKind: Sendable, Equatable { case none, ratePerThousand, total }

    public let baseYear: Int
    public let stepCount: Int
    public let areaCount: Int
    public var survivalProfiles: [[Double]]
    public var mortalityProfileOfArea: [Int]
    public var fertilityShares: [Double]
    public var tfr: [Double]
    public var sexRatioAtBirth: [Double]
    public var migrationVolume: MigrationVolumeKind
    public var migrationShares: [Double]
    public var netMigration: [Double]
    /// Per survival profile, stepCount × 2 values [step][sex]: years of e0 gained per unit fall of
    /// log mortality in that step's life table (`MortalityModel.e0PerLogMortality`), so a drawn e0
    /// change Δ multiplies death probabilities by exp(−Δ / value). Empty when not computed.
    public var e0PerLogMortality: [[Double]] = []
    /// nil: the kernel hands out the population at each step's moment, year indexes 0...stepCount.
    /// w: it hands out (1 − w) · P(t) + w · P(t + 1) for t = 0..<stepCount, a moment w of a year after
    /// each step's start (the year-end, `PopulationReference.yearEnd`), so the rates run one step past
    /// the last year handed out.
    public var interpolationWeight: Double? = nil

    /// Years the kernel hands out: stepCount + 1 at the steps' moments, stepCount when interpolated.
    public var yearCount: Int { interpolationWeight == nil ? stepCount + 1 : stepCount }

    /// The same rates handing out the steps' own moments (for scans that need the exact steps).
    public var atStepMoments: ProjectionRates {
        var copy = self
        copy.interpolationWeight = nil
        return copy
    }

    public init(baseYear: Int, stepCount: Int, areaCount: Int,
                survivalProfiles: [[Double]], mortalityProfileOfArea: [Int],
                fertilityShares: [Double], tfr: [Double], sexRatioAtBirth: [Double],
                migrationVolume: MigrationVolumeKind = .none, migrationShares: [Double]? = nil,
                netMigration: [Double]? = nil) throws {
        let cells = PopulationLayout.cellsPerArea
        func require(_ condition: Bool, _ what: String) throws {
            if !condition { throw ProjectionInputError(what) }
        }
        try require(stepCount >= 0 && areaCount >= 0, "step and area counts must not be negative")
        try require(!survivalProfiles.isEmpty, "at least one survival profile is needed")
        for profile in survivalProfiles {
            try require(profile.count == stepCount * cells, "a survival profile needs \(stepCount * cells) values, has \(profile.count)")
            try require(profile.allSatisfy { $0.isFinite && $0 >= 0 }, "survival ratios must be finite and ≥ 0")
        }
        try require(mortalityProfileOfArea.count == areaCount, "one mortality profile per area")
        try require(mortalityProfileOfArea.allSatisfy { survivalProfiles.indices.contains($0) }, "mortality profile index out of range")
        try require(fertilityShares.count == stepCount * PopulationLayout.ageCount, "fertility shares need stepCount × 101 values")
        try require(fertilityShares.allSatisfy { $0.isFinite && $0 >= 0 }, "fertility shares must be finite and ≥ 0")
        try require(tfr.count == stepCount * areaCount, "TFR needs stepCount × areaCount values")
        try require(tfr.allSatisfy { $0.isFinite && $0 >= 0 }, "TFR must be finite and ≥ 0")
        try require(sexRatioAtBirth.count == stepCount && sexRatioAtBirth.allSatisfy { $0.isFinite && $0 > 0 },
                    "one positive sex ratio at birth per step")
        let shares = migrationShares ?? [Double](repeating: 0, count: cells)
        let net = netMigration ?? [Double](repeating: 0, count: stepCount * areaCount)
        try require(shares.count == cells && shares.allSatisfy(\.isFinite), "migration shares need 202 finite values")
        try require(net.count == stepCount * areaCount && net.allSatisfy(\.isFinite), "net migration needs stepCount × areaCount finite values")
        self.baseYear = baseYear
        self.stepCount = stepCount
        self.areaCount = areaCount
        self.survivalProfiles = survivalProfiles
        self.mortalityProfileOfArea = mortalityProfileOfArea
        self.fertilityShares = fertilityShares
        self.tfr = tfr
        self.sexRatioAtBirth = sexRatioAtBirth
        self.migrationVolume = migrationVolume
        self.migrationShares = shares
        self.netMigration = net
    }

    /// First and last age with a non-zero fertility share in any step (empty when none).
    var fertileAges: ClosedRange<Int>? {
        var low = Int.max, high = Int.min
        for step in 0..<stepCount {
            for age in 0...PopulationLayout.openAge where fertilityShares[step * PopulationLayout.ageCount + age] != 0 {
                low = min(low, age)
                high = max(high, age)
            }
        }
        return low <= high ? low...high : nil
    }
}

/// Inconsistent projection inputs (array sizes, non-finite or negative rates).
public struct ProjectionInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
