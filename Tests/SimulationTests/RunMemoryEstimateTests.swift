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
        // One running area: its samples, 81 × 24 drawn columns × 100,000 × 8 B = 1,555,200,000 B, one year of
        // its followers' buffer, 24 × 100,000 × 8 B = 19,200,000 B, and one year of its integers, 34 held
        // columns × 100,000 × 8 B = 27,200,000 B; two areas at once (2 jobs): 2 × 1,601,600,000 = 3,203,200,000 B.
        #expect(e.drawSamples == 3_203_200_000)
        // Central path 5 × 2 × 202 × 8 = 16,160; results 6 × 81 × 8 KiB = 3,981,312; base 48 MiB + 10 × the
        // 1 MB census + inputs 5 × (4,096 + 1,616 + 32 × 81) = 41,520 (the 1,616 B, 202 cells × 8 B, is each
        // area's constant group-quarters population, held beside the household base).
        #expect(e.centralPath == 16_160)
        #expect(e.resultAndViews == 3_981_312)
        #expect(e.base == 50_331_648 + 10_000_000 + 41_520)
        // Open regions: before the census is read the 5 areas could form 2 prefectures and 2 provinces
        // of at least 2 areas (fewer than the 2 × (2 × 2 + 1) + 2 × 2 = 14 two jobs could hold open),
        // each 100,000 draws × 81 years × 34 held columns × 8 B = 2,203,200,000 B: 8,812,800,000 B.
        #expect(RunMemoryEstimate.openRegions(running: 2, areas: 5) == 4)
        #expect(e.regionTotals == 8_812_800_000)
        let simulation: Double = 3_107_200_000 + 3_203_200_000 + 8_812_800_000 + 16_160
        let rest: Double = 3_981_312 + 60_373_168
        #expect(e.peak == 1.25 * simulation + rest)
    }

    /// A shard of 10 of a run's 100 areas, 2020-2050 (31 years), 1,000 draws: no result or views, but the
    /// shard's files, and the plan of all 100 areas.
    @Test func shardTermsByHand() {
        let e = RunMemoryEstimate(areas: 10, years: 31, draws: 1000, jobs: 1, centralYears: 2, reports: false, censusBytes: 0,
                                  regions: 0, kind: .shard(runAreas: 100))
        // Per area in areas.bin: 31 years × 39 columns × 3 + 31 × 2 bases × 5 measures + 2 central years ×
        // 202 cells = 3,627 + 310 + 404 = 4,341 doubles, 34,728 B; 10 areas 347,280 B. totals.bin 1,000 ×
        // 31 × 39 × 8 = 9,672,000 B; at most four cut regions of 1,000 × 31 × 34 × 8 = 8,432,000 B each,
        // 33,728,000 B. The files 43,747,280 B, and the areas once more in the result: 44,094,560 B.
        #expect(ShardArchive.doublesPerArea(years: 31, centralYears: 2) == 4341)
        #expect(e.output == 43_747_280)
        #expect(e.resultAndViews == 44_094_560)
        // The plan of all 100 areas: 100 × (4,096 + 1,616 + 32 × 31) = 670,400 B beside the 48 MiB process.
        #expect(e.base == 50_331_648 + 670_400)
    }

    /// The merge of the same run's 100 areas with reports, its largest shard 10 areas: no samples, one
    /// cut region twice, the result and views of 101 rows × 31 years × 9 KiB = 28,855,296 B and that
    /// shard's areas as read, 347,280 B.
    @Test func mergeTermsByHand() {
        let e = RunMemoryEstimate(areas: 100, years: 31, draws: 1000, jobs: 1, centralYears: 2, reports: true, censusBytes: 0,
                                  kind: .merge(largestShardAreas: 10))
        #expect(e.drawSamples == 0)
        #expect(e.regionTotals == 16_864_000)
        #expect(e.resultAndViews == 28_855_296 + 347_280)
        #expect(e.base == 50_331_648 + 670_400)
    }

    @Test func openRegionsByHand() {
        // Fewer than 3 areas: a region of at least 2 that is not the whole run cannot exist.
        #expect(RunMemoryEstimate.openRegions(running: 4, areas: 2) == 0)
        // Every county of China with 2 jobs: 2 × 5 + 4 = 14, far below the 1,494 + 34 there could be.
        #expect(RunMemoryEstimate.openRegions(running: 2, areas: 2989) == 14)
        // 1,000 draws × 31 years × 34 × 8 B = 8,432,000 B a region: 118 MB for 14.
        #expect(RegionTotals.bytesPerRegion(draws: 1000, years: 31) == 8_432_000)
        // County codes bound the regions by their digits: Dehong's five counties are one prefecture and
        // one province, the whole run, so none; 贵阳 ×2, 保山 ×2, 德宏 ×1 give 5201 and 5305, 52 and 53.
        let dehong = ["533102", "533103", "533122", "533123", "533124"]
        #expect(RunMemoryEstimate.regionBound(codes: dehong) == 0)
        #expect(RunMemoryEstimate.regionBound(codes: ["520102", "520103", "530502", "530521", "533102"]) == 4)
        // A prefecture code or a name may stand for many counties: no bound by digits.
        #expect(RunMemoryEstimate.regionBound(codes: ["533100", "520102"]) == nil)
        #expect(RunMemoryEstimate.regionBound(codes: ["开发区", "520102"]) == nil)
        // Known regions cap the worst case: the Dehong run holds none.
        let known = RunMemoryEstimate(areas: 5, years: 81, draws: 100_000, jobs: 2, centralYears: 2, reports: false,
                                      censusBytes: 1_000_000, regions: 0)
        #expect(known.regionTotals == 0)
    }

    @Test func runningAreaBytesByHand() {
        // 1,000 draws × 8 B × (31 years × 24 drawn columns + one year's 24 followers' buffer + 34 held columns of
        // one year) = 8,000 × 802 = 6,416,000 B per running area.
        #expect(RunMemoryEstimate.bytesPerRunningArea(draws: 1000, years: 31) == 6_416_000)
        // Every county with 2 jobs: two areas at once, whatever the number of areas.
        let e = RunMemoryEstimate(areas: 2989, years: 31, draws: 1000, jobs: 2, centralYears: 2, reports: true, censusBytes: 0)
        #expect(e.drawSamples == 12_832_000)
    }

    @Test(arguments: [(512.0, "512 B"), (1536.0, "1.50 KB"), (2_527_200_000.0, "2.35 GB"), (110.0 * 1024 * 1024, "110 MB")])
    func bytesAreWrittenInBinaryUnits(_ value: Double, _ text: String) {
        #expect(RunMemoryEstimate.bytes(value) == text)
    }
}
