import Testing
@testable import Planning

/// Random supply pipelines (stocks, openings, closures, attrition, training) either are refused or never
/// yield a negative level; a refusal names the first year whose level would be negative.
@Suite struct SupplyPipelinePropertyTests {
    /// SplitMix64: a seeded generator, so every case is the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let baseYear = 2020
    static let horizon = 2040

    /// A random pipeline: a stock of 0-2,000, up to 8 dated changes (openings and closures, some larger
    /// than any stock), in half the cases attrition of 0-30%, in a quarter training of 0-50 a year.
    static func randomPipeline(_ g: inout SeededGenerator) -> SupplyPipeline {
        var changes: [Int: Double] = [:]
        for _ in 0..<Int.random(in: 0...8, using: &g) {
            let year = Int.random(in: (baseYear + 1)...(horizon + 3), using: &g)
            let amount = Bool.random(using: &g) ? Double(Int.random(in: 0...800, using: &g)) : -Double(Int.random(in: 0...1_500, using: &g))
            changes[year, default: 0] += amount
        }
        let attrition = Bool.random(using: &g) ? Double.random(in: 0...0.3, using: &g) : 0
        let training = Int.random(in: 0..<4, using: &g) == 0
            ? SupplyPipeline.Training(perYear: Double(Int.random(in: 0...50, using: &g)), startYear: baseYear + Int.random(in: 1...10, using: &g))
            : nil
        return SupplyPipeline(measure: .beds, baseYear: baseYear, baseLevel: Double(Int.random(in: 0...2_000, using: &g)),
                              changes: changes, attritionRate: attrition, training: training)
    }

    /// The levels by the recursion written out independently: stock × (1 − attrition) + trained + change.
    static func reference(_ p: SupplyPipeline) -> [Double] {
        var levels = [p.baseLevel]
        for year in (baseYear + 1)...horizon {
            let trained = p.training.map { year >= $0.startYear ? $0.perYear : 0 } ?? 0
            levels.append(levels.last! * (1 - p.attritionRate) + trained + (p.changes[year] ?? 0))
        }
        return levels
    }

    @Test(arguments: 0..<4)
    func randomPipelinesAreRefusedOrNeverNegative(batch: Int) {
        var g = SeededGenerator(state: 0xC0FFEE &+ UInt64(batch))
        var refused = 0, accepted = 0
        for _ in 0..<100 {
            let pipeline = Self.randomPipeline(&g)
            let expected = Self.reference(pipeline)
            if let negative = pipeline.firstNegativeLevel(through: Self.horizon) {
                refused += 1
                // The refusal is justified: that year's level is negative, and none before it is.
                let index = negative.year - Self.baseYear
                #expect(expected[index] < 0 && abs(expected[index] - negative.level) < 1e-6 * max(1, abs(negative.level)))
                #expect(expected[..<index].allSatisfy { $0 >= -1e-6 })
                #expect(abs(negative.levelBefore + negative.change - negative.attrition - negative.level) < 1e-6 * max(1, abs(negative.level)))
            } else {
                accepted += 1
                let levels = pipeline.path(through: Self.horizon).levels
                #expect(levels.allSatisfy { $0 >= 0 }, "\(pipeline)")
                #expect(zip(levels, expected).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
            }
        }
        // Both outcomes occur in every batch, so the property is not vacuous.
        #expect(refused > 0 && accepted > 0, "refused \(refused), accepted \(accepted)")
    }
}
