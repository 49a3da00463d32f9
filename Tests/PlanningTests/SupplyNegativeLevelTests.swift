import Testing
@testable import Planning

/// A stock can never go below zero: the pipeline finds the first year a closure would take it there.
@Suite struct SupplyNegativeLevelTests {
    @Test func closureLargerThanStockIsFound() {
        // 218 slots, −100,000 in 2024: 218 − 100,000 = −99,782 (the figure the issue reported).
        let pipeline = SupplyPipeline(measure: .nurserySlots, baseYear: 2020, baseLevel: 218, changes: [2024: -100_000])
        let negative = pipeline.firstNegativeLevel(through: 2030)
        #expect(negative == SupplyPipeline.NegativeLevel(year: 2024, levelBefore: 218, attrition: 0, change: -100_000, level: -99_782))
    }

    @Test func closureOfTheWholeStockIsAllowed() {
        // 100 + 20 (2022) − 120 (2023) = 0: a stock closed completely is zero, not an error.
        let pipeline = SupplyPipeline(measure: .beds, baseYear: 2020, baseLevel: 100, changes: [2022: 20, 2023: -120])
        #expect(pipeline.firstNegativeLevel(through: 2030) == nil)
        #expect(pipeline.path(through: 2024).levels == [100, 100, 120, 0, 0])
    }

    @Test func closureAfterAttritionBelowZeroIsFound() {
        // 100 carers, 50% attrition: 50 at the end of 2021, then 2022 keeps 25 and closes 30 → −5.
        let pipeline = SupplyPipeline(measure: .nurseryCarers, baseYear: 2020, baseLevel: 100, changes: [2022: -30],
                                      attritionRate: 0.5)
        let negative = pipeline.firstNegativeLevel(through: 2025)
        #expect(negative == SupplyPipeline.NegativeLevel(year: 2022, levelBefore: 50, attrition: 25, change: -30, level: -5))
    }

    @Test func attritionResidueIsZeroNotNegative() {
        // 100 × 0.9 = 90 in exact arithmetic; closing 90 leaves 0 however the product rounds.
        let pipeline = SupplyPipeline(measure: .nurseryCarers, baseYear: 2020, baseLevel: 100, changes: [2021: -90],
                                      attritionRate: 0.1)
        #expect(pipeline.firstNegativeLevel(through: 2022) == nil)
        #expect(pipeline.path(through: 2022).levels.allSatisfy { $0 >= 0 })
    }
}
