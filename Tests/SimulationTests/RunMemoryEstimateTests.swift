import Testing
@testable import Simulation

/// The memory a run will need, estimated before it runs, term by term.
@Suite struct RunMemoryEstimateTests {
    @Test func dehongAtHundredThousandDrawsTermsByHand() {
        // Dehong to 2100 (the reproduction): 5 areas, 81 years, 100,000 draws, 2 jobs.
        let e = RunMemoryEstimate(areas: 5, years: 81, draws: 100_000, jobs: 2, centralYears: 2, reports: false, censusBytes: 1_000_000)
        // Per-draw totals: 100,000 × 81 × 39 columns × 8 B = 2,527,200,000 B, plus the draws' shared
        // normals: 100,000 × (4 × 80 steps + 5) × 8 = 260,000,000 and, per province (bounded by the 5
        // areas), 100,000 × 80 × 8 = 64,000,000 each, 320,000,000: 3,107,200,000 B.
        #expect(e.drawTotals == 3_107_200_000)
        // One area's samples: 81 × 24 kept columns × 100,000 × 8 B = 1,555,200,000 B > the 256 MiB block
        // budget, so one area per block; two blocks at once: 3,110,400,000 B.
        #expect(CapacitySimulation.blockWidth(draws: 100_000, years: 81) == 1)
        #expect(e.drawSamples == 3_110_400_000)
        // Central path 5 × 2 × 202 × 8 = 16,160; results 6 × 81 × 10 KiB = 4,976,640; base 48 MiB + 10 × the
        // 1 MB census + inputs 5 × (4,096 + 1,616 + 32 × 81) = 41,520 (the 1,616 B, 202 cells × 8 B, is each
        // area's constant group-quarters population, held beside the household base).
        #expect(e.centralPath == 16_160)
        #expect(e.resultAndViews == 4_976_640)
        #expect(e.base == 50_331_648 + 10_000_000 + 41_520)
        let simulation: Double = 3_107_200_000 + 3_110_400_000 + 16_160
        let rest: Double = 4_976_640 + 60_373_168
        #expect(e.peak == 1.25 * simulation + rest)
    }

    @Test func ordinaryRunsKeepSixteenAreasPerBlock() {
        // 1,000 draws × 31 years × 24 × 8 B = 5,952,000 B per area; 16 areas = 95 MB < 256 MiB.
        #expect(CapacitySimulation.blockWidth(draws: 1000, years: 31) == 16)
        // 20,000 draws × 31 years: 119,040,000 B per area, two fit in 268,435,456 B.
        #expect(CapacitySimulation.blockWidth(draws: 20_000, years: 31) == 2)
    }

    @Test(arguments: [(512.0, "512 B"), (1536.0, "1.50 KB"), (2_527_200_000.0, "2.35 GB"), (110.0 * 1024 * 1024, "110 MB")])
    func bytesAreWrittenInBinaryUnits(_ value: Double, _ text: String) {
        #expect(RunMemoryEstimate.bytes(value) == text)
    }
}
