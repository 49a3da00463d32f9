import Planning
import Testing
@testable import Scenario
@testable import Simulation

/// Random supply sections (levels by year, planned changes, some dated outside the projection) checked as
/// `carecap run` checks them: each is refused with an error placed in `supply`, or every level of every
/// measure in every year is ≥ 0 and every change outside the projection is reported.
@Suite struct SupplyTimelinePropertyTests {
    static let baseYear = 2020
    static let horizon = 2030

    static func randomSupply(_ g: inout SplitMix64Generator) -> AreaSupply {
        var supply = AreaSupply(code: "533103")
        func levels() -> Pipeline {
            if Bool.random(using: &g) { return Pipeline(constant: Double(Int.random(in: 0...1_000, using: &g))) }
            let steps = (0..<Int.random(in: 1...3, using: &g)).map { _ in
                Pipeline.Step(year: Int.random(in: 2015...2035, using: &g), value: Double(Int.random(in: 0...1_000, using: &g)))
            }
            return Pipeline(steps: Dictionary(steps.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a }).values.map { $0 })
        }
        supply.nurserySlots = levels()
        supply.beds = levels()
        supply.carers = levels()
        for measure in ["nursery_slots", "beds", "carers"] where Bool.random(using: &g) {
            var byYear: [Int: Double] = [:]
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                byYear[Int.random(in: 2018...2034, using: &g)] = Double(Int.random(in: -900...600, using: &g))
            }
            supply.plannedChanges[measure] = byYear
        }
        return supply
    }

    @Test func randomSupplySectionsAreRefusedOrNeverNegative() throws {
        var g = SplitMix64Generator(state: 20_260_101)
        var refused = 0, accepted = 0
        for _ in 0..<300 {
            let supply = Self.randomSupply(&g)
            var pipelines = AreaSupplyPipelines(supply, baseYear: Self.baseYear, carerAttrition: 0.1, rules: try RuleBook(preset: "national"))
            for (name, byYear) in supply.plannedChanges {
                for (year, delta) in byYear { pipelines[Measure(rawValue: name)!].add(delta, in: year) }
            }
            do {
                let warnings = try SupplyTimelineCheck.check(supply, pipelines: pipelines, districts: [], baseYear: Self.baseYear,
                                                              horizon: Self.horizon, file: "s.yaml")
                accepted += 1
                let values = pipelines.values(from: Self.baseYear, through: Self.horizon).supply
                #expect(values.allSatisfy { v in Measure.allCases.allSatisfy { v[$0] >= 0 } })
                let late = supply.plannedChanges.values.flatMap(\.keys).filter { $0 > Self.horizon }.count
                #expect(warnings.filter { $0.contains(".changes.") && $0.contains("after the horizon \(Self.horizon)") }.count == late)
                #expect(!supply.plannedChanges.values.flatMap(\.keys).contains { $0 <= Self.baseYear })
            } catch {
                refused += 1
                #expect(error.keyPath.hasPrefix("supply.533103."))
                #expect(error.message.contains("would fall below zero") || error.message.contains("is not after the base year"))
            }
        }
        #expect(refused > 0 && accepted > 0, "refused \(refused), accepted \(accepted)")
    }
}

/// SplitMix64, as in the Planning property tests (test targets do not share code).
struct SplitMix64Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
