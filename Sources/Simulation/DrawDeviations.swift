import CSurvival
import Foundation
import Numerics
import Demography
import Scenario

/// The random deviations of one area in one draw.
struct AreaDeviation {
    /// TFR multiplier per projection step.
    var tfrFactor: [Double]
    /// Life-expectancy change drawn per step, in years (positive: longer lives): a level plus a
    /// random walk, so it widens with the horizon.
    var e0Shift: [Double]
    /// Relative scale of the central net migration.
    var migrationScale: Double
    /// Additive net migration per step, per 1,000 start-of-year residents.
    var migrationPerThousand: [Double]
    /// Multipliers of childcare enrolment and of elderly institutional care per year index (0: base).
    var enrolmentFactor: [Double]
    var institutionalCareFactor: [Double]
    /// Multiplier of the base population at ages 0-4 (1 + the drawn census under-count).
    var undercountFactor: Double
    /// The draw's own standard normals (`DrawDeviations.normalsPerDraw`), read from the draw's stream in one
    /// call and then used in order; kept here so that the draw loop allocates nothing.
    var ownNormals: [Double]

    static func central(steps: Int) -> AreaDeviation {
        AreaDeviation(tfrFactor: [Double](repeating: 1, count: steps), e0Shift: [Double](repeating: 0, count: steps),
                      migrationScale: 1, migrationPerThousand: [Double](repeating: 0, count: steps),
                      enrolmentFactor: [Double](repeating: 1, count: steps + 1),
                      institutionalCareFactor: [Double](repeating: 1, count: steps + 1), undercountFactor: 1,
                      ownNormals: [Double](repeating: 0, count: DrawDeviations.normalsPerDraw(steps: steps)))
    }

    /// Whether the draw adds migrants beyond the central assumption (any step non-zero).
    var hasAdditiveMigration: Bool { migrationPerThousand.contains { $0 != 0 } }
}

/// Draws deviations with a component shared by all areas (or, for additive migration, by the areas
/// of a province) and one per area, reproducibly: the national components come from stream 0 of the
/// seed, a province's from a stream keyed by its code, and each draw of an area from a stream of its own,
/// keyed by the area's code and the draw's number (`stream(forArea:draw:)`), so the numbers depend on the
/// seed, the codes and the draw numbers only, never on the order of the areas, how they are split across
/// tasks, or how many draws are projected at once.
///
/// Why a stream per draw (since 2026-11-30; before, one stream per area was read draw after draw): eight
/// draws' normals are then eight independent generators, which run side by side in AVX-512 lanes
/// (`carecap_stream_normals`), where each number of an area's single stream waited on the one before
/// (the draws' normals went from 6% of a national run's CPU to about 3%). The same seed gives other
/// numbers of the same distribution than before.
///
/// An area reads, per draw and whatever the standard deviations: `steps` normals of TFR, one of the
/// e0 level, one of the migration scale, `steps` of the e0 walk, `steps` of additive migration, one
/// plus `steps` of enrolment, one plus `steps` of institutional care, one of the under-count. Setting
/// an sd to 0 therefore never shifts another component's numbers.
struct DrawDeviations {
    let spec: UncertaintySpec
    let steps: Int
    /// National standard normals: [step × draws + draw] for the yearly series (a step of consecutive draws is
    /// one vector load in `carecap_draw_deviations`), [draw] for levels.
    let sharedTFR: [Double]
    let sharedE0Level: [Double]
    let sharedE0Walk: [Double]
    let sharedMigrationScale: [Double]
    let sharedEnrolmentLevel: [Double]
    let sharedEnrolmentWalk: [Double]
    let sharedCareLevel: [Double]
    let sharedCareWalk: [Double]
    let sharedUndercount: [Double]
    /// Province code (2 digits) → [draw × steps + step] normals of its additive migration.
    let provinceMigration: [String: [Double]]
    /// √ρ and √(1 − ρ) of each component's shared share ρ.
    let weights: ComponentWeights

    /// The weights of the shared and the own normal of a component whose shared share is ρ.
    struct MixingWeights {
        let shared: Double
        let own: Double
        init(_ rho: Double) {
            shared = rho.squareRoot()
            own = (1 - rho).squareRoot()
        }
    }

    struct ComponentWeights {
        let tfr, e0, migration, province, enrolment, care, undercount: MixingWeights
        init(_ spec: UncertaintySpec) {
            tfr = MixingWeights(spec.tfr.shared)
            e0 = MixingWeights(spec.e0.shared)
            migration = MixingWeights(spec.migration.shared)
            province = MixingWeights(spec.additiveMigration.provinceShared)
            enrolment = MixingWeights(spec.enrolment.shared)
            care = MixingWeights(spec.institutionalCare.shared)
            undercount = MixingWeights(spec.undercount.shared)
        }
    }

    /// `areaCodes`: the run's areas (or their provinces' codes, `provinceCode(of:)`), for the provinces
    /// whose shared streams are drawn.
    init(spec: UncertaintySpec, steps: Int, areaCodes: [String]) {
        self.spec = spec
        self.steps = steps
        weights = ComponentWeights(spec)
        let stream = RandomStream(seed: RandomStream.seed(base: spec.seed, stream: 0))
        let draws = spec.draws
        var tfr = [Double](repeating: 0, count: draws * steps)
        var e0Walk = tfr, enrolmentWalk = tfr, careWalk = tfr
        var e0Level = [Double](repeating: 0, count: draws)
        var migration = e0Level, enrolmentLevel = e0Level, careLevel = e0Level, undercount = e0Level
        func normal() -> Double { stream.gaussian(standardDeviation: 1) }
        for draw in 0..<draws {
            // The order of the components is part of what a seed means: adding a component appends its
            // normals, so the numbers of the earlier ones stay (a new generator, as on 2026-11-30, changes all).
            for step in 0..<steps { tfr[step * draws + draw] = normal() }
            e0Level[draw] = normal()
            migration[draw] = normal()
            for step in 0..<steps { e0Walk[step * draws + draw] = normal() }
            enrolmentLevel[draw] = normal()
            for step in 0..<steps { enrolmentWalk[step * draws + draw] = normal() }
            careLevel[draw] = normal()
            for step in 0..<steps { careWalk[step * draws + draw] = normal() }
            undercount[draw] = normal()
        }
        sharedTFR = tfr
        sharedE0Level = e0Level
        sharedE0Walk = e0Walk
        sharedMigrationScale = migration
        sharedEnrolmentLevel = enrolmentLevel
        sharedEnrolmentWalk = enrolmentWalk
        sharedCareLevel = careLevel
        sharedCareWalk = careWalk
        sharedUndercount = undercount
        var provinces: [String: [Double]] = [:]
        for province in Set(areaCodes.map(Self.province)).sorted() {
            let s = RandomStream(seed: RandomStream.seed(base: spec.seed, key: "province:" + province))
            // Drawn draw by draw, kept as the national series, [step × draws + draw].
            var normals = [Double](repeating: 0, count: draws * steps)
            for draw in 0..<draws { for step in 0..<steps { normals[step * draws + draw] = s.gaussian(standardDeviation: 1) } }
            provinces[province] = normals
        }
        provinceMigration = provinces
    }

    /// The province of an area code (or of its province's code): its first two digits.
    static func province(_ code: String) -> String { String(code.prefix(2)) }

    /// The code whose province `province(_:)` gives for an area: its province's code where the census
    /// hierarchy knows it (a zone's key is its name, whose first characters are no province), else its own.
    static func provinceCode(of area: ProjectionArea) -> String {
        area.provinceKey.isEmpty ? area.key : area.provinceKey
    }

    /// Bytes the shared normals hold: 9 national series and one per province.
    static func sharedBytes(draws: Int, steps: Int, provinces: Int) -> Int {
        (draws * (4 * steps + 5) + provinces * draws * steps) * MemoryLayout<Double>.stride
    }

    /// The seed the streams of the area with code `code` derive from: the seed's stream keyed by the code
    /// (`RandomStream.seed(base:key:)`), so the order of `areas` never changes a number.
    func areaSeed(forArea code: String) -> UInt64 {
        UInt64(RandomStream.seed(base: spec.seed, key: code))
    }

    /// The stream of draw `draw` of the area with code `code`, read by `next` for that draw: stream number
    /// `draw` of the area's seed (`areaSeed(forArea:)`), the stream `carecap_stream_normals` reads for the draw.
    func stream(forArea code: String, draw: Int) -> RandomStream {
        RandomStream(seed: RandomStream.seed(base: areaSeed(forArea: code), stream: UInt64(draw)))
    }

    /// The own normals an area reads per draw: `steps` each for TFR, the e0 walk, additive migration,
    /// enrolment and institutional care, and one each for the e0 level, the migration scale, the two
    /// behaviour levels and the under-count.
    static func normalsPerDraw(steps: Int) -> Int { 5 * steps + 5 }

    /// The deviations of an area in `draw` (its code or its province's, `provinceCode(of:)`: only the
    /// province is read; in-migrant share `mobility`), reading the draw's own normals from `stream`
    /// (`stream(forArea:draw:)`, fresh: the draw reads its first `normalsPerDraw` numbers).
    func next(draw: Int, code: String, mobility: Double, stream: RandomStream, into deviation: inout AreaDeviation) {
        next(draw: draw, province: provinceNormals(code: code), mobility: mobility, stream: stream, into: &deviation)
    }

    /// The shared normals of additive migration of the province of `code` (an area's code or its
    /// province's), looked up once per area rather than once per draw.
    func provinceNormals(code: String) -> [Double]? { provinceMigration[Self.province(code)] }

    /// What `carecap_draw_deviations` reads for an area with the province normals `province`
    /// (`provinceNormals(code:)`) and in-migrant share `mobility`: `next`'s numbers, the same square roots,
    /// and pointers to the shared normals that are valid inside `body` only.
    func withKernelSpec<R>(province: [Double]?, mobility: Double, _ body: (UnsafePointer<carecap_deviation_spec>) -> R) -> R {
        func weights(_ w: MixingWeights) -> carecap_mixing { carecap_mixing(shared: w.shared, own: w.own) }
        let m = spec.additiveMigration
        let sigma = m.sd(mobility: mobility)
        let rho = spec.behaviourCorrelation
        let series = [sharedTFR, sharedE0Level, sharedE0Walk, sharedMigrationScale, sharedEnrolmentLevel,
                      sharedEnrolmentWalk, sharedCareLevel, sharedCareWalk, sharedUndercount] + (province.map { [$0] } ?? [])
        return series.withBaseAddresses { p in
            var kernel = carecap_deviation_spec(
                steps: steps, draws: spec.draws, tfr: p[0], e0Level: p[1], e0Walk: p[2], migrationScale: p[3], enrolmentLevel: p[4],
                enrolmentWalk: p[5], careLevel: p[6], careWalk: p[7], undercount: p[8], province: province == nil ? nil : p[9],
                tfrWeights: weights(self.weights.tfr), e0Weights: weights(self.weights.e0),
                migrationWeights: weights(self.weights.migration),
                provinceWeights: weights(province == nil ? MixingWeights(0) : self.weights.province),
                enrolmentWeights: weights(self.weights.enrolment), careWeights: weights(self.weights.care),
                undercountWeights: weights(self.weights.undercount),
                tfrPersistence: spec.tfr.persistence, tfrSD: spec.tfr.sd,
                e0SD: spec.e0.sd, e0Persistence: spec.e0.persistence, e0SDPerYear: spec.e0.sdPerYear,
                migrationSD: spec.migration.sd,
                additiveSigma: sigma, additiveInnovation: sigma * (1 - m.persistence * m.persistence).squareRoot(),
                additivePersistence: m.persistence,
                behaviourCorrelation: rho, behaviourApart: (1 - rho * rho).squareRoot(),
                enrolmentSD: spec.enrolment.sd, enrolmentPersistence: spec.enrolment.persistence,
                enrolmentSDPerYear: spec.enrolment.sdPerYear,
                careSD: spec.institutionalCare.sd, carePersistence: spec.institutionalCare.persistence,
                careSDPerYear: spec.institutionalCare.sdPerYear,
                undercountMean: spec.undercount.mean, undercountSD: spec.undercount.sd)
            return body(&kernel)
        }
    }

    /// `next(draw:code:...)` with the province's normals already looked up (`provinceNormals(code:)`).
    func next(draw: Int, province: [Double]?, mobility: Double, stream: RandomStream, into deviation: inout AreaDeviation) {
        /// √ρ · shared + √(1 − ρ) · own, the square roots taken once (`MixingWeights`): the same numbers.
        func mix(_ shared: Double, _ own: Double, _ weights: MixingWeights) -> Double {
            weights.shared * shared + weights.own * own
        }
        // The draw's normals in one call, then read in the order listed in the type's comment.
        deviation.ownNormals.withUnsafeMutableBufferPointer { stream.standardNormals(into: $0) }
        let own = deviation.ownNormals
        var next = 0
        func normal() -> Double {
            defer { next += 1 }
            return own[next]
        }
        let draws = spec.draws
        let tfr = spec.tfr
        var d = 0.0
        for step in 0..<steps {
            d = tfr.persistence * d + tfr.sd * mix(sharedTFR[step * draws + draw], normal(), weights.tfr)
            deviation.tfrFactor[step] = d
        }
        // The factors are the exponentials of the log factors, taken together (`carecap_exp`).
        deviation.tfrFactor.withUnsafeMutableBufferPointer { carecap_exp($0.baseAddress, $0.baseAddress, $0.count) }
        let e0 = spec.e0
        let e0Level = e0.sd * mix(sharedE0Level[draw], normal(), weights.e0)
        deviation.migrationScale = 1 + spec.migration.sd * mix(sharedMigrationScale[draw], normal(), weights.migration)
        var walk = 0.0
        for step in 0..<steps {
            walk = e0.persistence * walk + e0.sdPerYear * mix(sharedE0Walk[step * draws + draw], normal(), weights.e0)
            deviation.e0Shift[step] = e0Level + walk
        }
        // Additive migration: a stationary AR(1) whose every year has sd σ = a + b × mobility.
        let m = spec.additiveMigration
        let sigma = m.sd(mobility: mobility)
        let innovation = sigma * (1 - m.persistence * m.persistence).squareRoot()
        let provinceWeights = province == nil ? MixingWeights(0) : weights.province
        var x = 0.0
        for step in 0..<steps {
            let z = mix(province?[step * draws + draw] ?? 0, normal(), provinceWeights)
            x = step == 0 ? sigma * z : m.persistence * x + innovation * z
            deviation.migrationPerThousand[step] = x
        }
        // Behaviours: each its own level and walk of the log factor; care's normals lean on
        // enrolment's by the scenario's correlation only.
        let rho = spec.behaviourCorrelation
        let apart = (1 - rho * rho).squareRoot()
        let enrolment = spec.enrolment, care = spec.institutionalCare
        let enrolmentLevelZ = mix(sharedEnrolmentLevel[draw], normal(), weights.enrolment)
        // Enrolment's walk normals are all read before care's (the streams' order); they wait in
        // enrolmentFactor[step + 1], each read just before that slot receives its factor, so the
        // draw loop allocates nothing.
        for step in 0..<steps {
            deviation.enrolmentFactor[step + 1] = mix(sharedEnrolmentWalk[step * draws + draw], normal(), weights.enrolment)
        }
        let careLevelZ = rho * enrolmentLevelZ + apart * mix(sharedCareLevel[draw], normal(), weights.care)
        var e = enrolment.sd * enrolmentLevelZ
        var c = care.sd * careLevelZ
        var enrolmentWalk = 0.0, careWalk = 0.0
        deviation.enrolmentFactor[0] = e
        deviation.institutionalCareFactor[0] = c
        for step in 0..<steps {
            let enrolmentZ = deviation.enrolmentFactor[step + 1]
            let careZ = rho * enrolmentZ + apart * mix(sharedCareWalk[step * draws + draw], normal(), weights.care)
            enrolmentWalk = enrolment.persistence * enrolmentWalk + enrolment.sdPerYear * enrolmentZ
            careWalk = care.persistence * careWalk + care.sdPerYear * careZ
            e = enrolment.sd * enrolmentLevelZ + enrolmentWalk
            c = care.sd * careLevelZ + careWalk
            deviation.enrolmentFactor[step + 1] = e
            deviation.institutionalCareFactor[step + 1] = c
        }
        deviation.enrolmentFactor.withUnsafeMutableBufferPointer { carecap_exp($0.baseAddress, $0.baseAddress, $0.count) }
        deviation.institutionalCareFactor.withUnsafeMutableBufferPointer { carecap_exp($0.baseAddress, $0.baseAddress, $0.count) }
        let u = spec.undercount
        deviation.undercountFactor = max(0, 1 + u.mean + u.sd * mix(sharedUndercount[draw], normal(), weights.undercount))
    }
}
