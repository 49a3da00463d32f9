import Demography
import Foundation
import Planning
import Results
import Testing
@testable import Scenario
@testable import Simulation

/// Rows per prefecture and province of a run: the quantiles of the per-draw sum of the region's areas,
/// as `total`'s are of all areas; held only while the region is open.
@Suite struct RegionRowsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Two counties of 贵阳市 (贵州省), two of 保山市 and three of 德宏州 (both 云南省).
    static let codes = ["520102", "520103", "530502", "530521", "533102", "533103", "533122"]
    static let dehong = ["533102", "533103", "533122"]
    static let yunnan = ["530502", "530521", "533102", "533103", "533122"]

    func scenario(areas: [String], draws: Int?) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-regions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("s.yaml")
        let text = """
            carecap: 1
            name: regions
            population:
              census: \(Self.root.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(Self.root.path)/Scenarios/data/wpp2024_china
              horizon: 2024
              areas: [\(areas.map { "\"\($0)\"" }.joined(separator: ", "))]
            supply:
              "533103": { nursery_slots: 800, beds: 4000, nursing_beds: 900 }
              "533102": { beds: 0 }
              "533122": { beds: 0 }
              "530502": { nursery_slots: 300, beds: 900 }
              "520102": { beds: 5000 }
            \(draws.map { "uncertainty: { draws: \($0), seed: 11 }" } ?? "")
            """
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: file.path)
    }

    func run(areas: [String], draws: Int?, jobs: Int = 2) async throws -> (RunResult, CapacitySimulation.Result) {
        let simulation = try await CapacitySimulation(plan: CapacityPlan(scenario: scenario(areas: areas, draws: draws))).run(jobs: jobs)
        return (RunResultBuilder(result: simulation, tool: "test", detail: .service).build(), simulation)
    }

    static func tables(_ r: RunResult) -> [QuantileTable] { [r.population, r.demand, r.supply, r.shortfall] }

    @Test func regionsAreListedAfterTheAreasAndBeforeTheTotal() async throws {
        let (result, _) = try await run(areas: Self.codes, draws: nil)
        let regions = result.regions
        #expect(regions.map(\.key) == ["520100", "530500", "533100", "520000", "530000"])
        #expect(regions.map(\.level) == [.prefecture, .prefecture, .prefecture, .province, .province])
        #expect(regions.map(\.name) == ["贵阳市", "保山市", "德宏傣族景颇族自治州", "贵州省", "云南省"])
        #expect(regions.first { $0.key == "533100" }?.members == Self.dehong)
        #expect(regions.first { $0.key == "530000" }?.members == Self.yunnan)
        for table in Self.tables(result) {
            #expect(table.areas == Self.codes + regions.map(\.key) + [RunResult.totalArea])
        }
        // The leaf areas stay the counties: views per county never see a region.
        #expect(result.areaCodes == Self.codes)
        #expect(result.region("533100")?.name == "德宏傣族景颇族自治州" && result.area("533100") == nil)
    }

    /// Without draws a region's value is the sum of its areas' values, each rounded to 1/1024 as the
    /// fixed-point sums are: within half a 1/1024 per area of the plain sum.
    @Test func deterministicRegionIsTheSumOfItsAreas() async throws {
        let (result, _) = try await run(areas: Self.codes, draws: nil)
        for table in Self.tables(result) {
            for region in result.regions {
                for year in table.years {
                    for column in table.columns {
                        // Supply and shortfall of a measure some member does not give are unknown (empty).
                        guard result.supplyBasis(region.key, column.measure) != .notProvided
                                || (table != result.supply && table != result.shortfall) else {
                            #expect(table.value(region.key, year, column.measure, column.basis) == nil)
                            continue
                        }
                        let sum = region.members.reduce(0.0) { $0 + table.value($1, year, column.measure, column.basis)!.p50 }
                        let q = try #require(table.value(region.key, year, column.measure, column.basis))
                        #expect(abs(q.p50 - sum) <= Double(region.members.count) * 0.5 / 1024 + 1e-9 * abs(sum),
                                "\(region.key) \(year) \(column.measure.rawValue)/\(column.basis.rawValue): \(q.p50) vs \(sum)")
                        #expect(q.p10 == q.p50 && q.p50 == q.p90)
                    }
                }
            }
        }
        // A region's shortfall adds its areas' shortfalls, as `total`'s does: 533103's 4,000 beds are
        // more than its own ~3,100 and do not cover 533102 and 533122 (0 beds given), so 德宏's shortfall
        // is above its demand minus its supply.
        let short = result.shortfall.p50("533100", 2024, .beds, .standard)!
        let perArea = Self.dehong.reduce(0.0) { $0 + result.shortfall.p50($1, 2024, .beds, .standard)! }
        #expect(abs(short - perArea) < 0.01)
        let netted = result.demand.p50("533100", 2024, .beds, .standard)! - result.supply.p50("533100", 2024, .beds, .planned)!
        #expect(short > max(0, netted) + 100)
    }

    /// With draws, a region's row is the `total` of a run of its areas alone: the same draws (each
    /// area's deviations follow its code and the seed only), summed per draw, then P10/P50/P90.
    @Test func regionWithDrawsIsTheTotalOfItsAreasAlone() async throws {
        let (whole, _) = try await run(areas: Self.codes, draws: 24)
        for (key, members) in [("533100", Self.dehong), ("530000", Self.yunnan)] {
            let (alone, simulation) = try await run(areas: members, draws: 24, jobs: 1)
            for (regional, own) in zip(Self.tables(whole), Self.tables(alone)) {
                for year in own.years {
                    for column in own.columns {
                        // Supply and shortfall of a measure some member does not give: unknown in both.
                        guard let q = regional.value(key, year, column.measure, column.basis) else {
                            #expect(own.value(RunResult.totalArea, year, column.measure, column.basis) == nil)
                            #expect(whole.supplyBasis(key, column.measure) == .notProvided)
                            continue
                        }
                        let t = try #require(own.value(RunResult.totalArea, year, column.measure, column.basis))
                        // Supply is summed once, `total` interpolates equal draws: the last bit may differ.
                        let slack = column.basis == .planned ? 1e-9 * max(1, abs(t.p50)) : 0
                        #expect(abs(q.p10 - t.p10) <= slack && abs(q.p50 - t.p50) <= slack && abs(q.p90 - t.p90) <= slack,
                                "\(key) \(year) \(column.measure.rawValue)/\(column.basis.rawValue)")
                        // Each member's own rows do not depend on which areas share its block.
                        for m in members {
                            #expect(regional.value(m, year, column.measure, column.basis) == own.value(m, year, column.measure, column.basis))
                        }
                    }
                }
            }
            // The median by hand from the per-draw totals: the 12th and 13th of 24 sorted draws.
            let column = OutputColumns.demandStandard + OutputColumns.measures.firstIndex(of: .beds)!
            let draws = (0..<24).map { simulation.total(draw: $0, year: 2024, column: column) }.sorted()
            let median = (draws[11] + draws[12]) / 2
            #expect(abs(whole.demand.p50(key, 2024, .beds, .standard)! - median) <= 1e-9 * median)
            #expect(draws[0] < draws[23], "the draws spread")
        }
    }

    @Test func sameBytesWhateverTheJobsAndTheRegionsHeldAreBounded() async throws {
        let (one, _) = try await run(areas: Self.codes, draws: 16, jobs: 1)
        let (three, simulation) = try await run(areas: Self.codes, draws: 16, jobs: 3)
        #expect(one.demandCSV == three.demandCSV)
        #expect(one.shortfallCSV == three.shortfallCSV)
        #expect(RunResult.text(one.population) == RunResult.text(three.population))
        #expect(one.regions == three.regions && one.findings == three.findings)
        #expect(simulation.peakOpenRegions >= 1)
        #expect(simulation.peakOpenRegions <= RunMemoryEstimate.openRegions(running: 3, areas: Self.codes.count))
    }

    /// The run's totals get each area once: through its province when that has rows, through its
    /// prefecture when no province of its areas has rows, else directly. Whatever the path, a
    /// deterministic run's total is Σ round(area value × 1,024) / 1,024 over the areas, computed here
    /// from the areas' own values: 7 areas in two provinces with rows (52 and 53, the prefectures under
    /// them); Yunnan's 5 (one province, the whole run: its prefectures feed the totals); and 520102
    /// beside three of Yunnan (Guizhou's single area in no region, Yunnan's province with rows). Shortfall
    /// columns count only the areas that give some supply: one that gives none makes the total's shortfall
    /// unknown (left empty), so its own is not added.
    @Test(arguments: [codes, yunnan, ["520102", "530502", "530521", "533102"]])
    func totalsCountEveryAreaOnce(areas: [String]) async throws {
        let (_, simulation) = try await run(areas: areas, draws: nil)
        let columns = simulation.columnCount
        let shortfall = OutputColumns.shortfallStandard..<(OutputColumns.shortfallStandard + 2 * OutputColumns.measures.count)
        let givesSupply = simulation.plan.declared.map { !$0.isEmpty }
        #expect(givesSupply.contains(false) && givesSupply.contains(true))
        for y in 0..<simulation.plan.years.count {
            for column in 0..<columns {
                let sum = simulation.areas.indices.reduce(Int64(0)) { s, a in
                    guard givesSupply[a] || !shortfall.contains(column) else { return s }
                    return s + Int64((simulation.areas[a].values[(y * columns + column) * 3 + 1] * 1024).rounded(.toNearestOrEven))
                }
                let total = simulation.total(draw: 0, year: simulation.plan.baseYear + y, column: column)
                #expect(total == Double(sum) / 1024, "\(areas.count) areas, year index \(y), column \(column)")
            }
        }
    }

    func area(_ key: String, prefecture: String, province: String, level: String = "county") -> ProjectionArea {
        ProjectionArea(key: key, name: key, level: level, province: "p\(province)", prefecture: "f\(prefecture)",
                       prefectureKey: prefecture, provinceKey: province, prefectureName: prefecture.isEmpty ? "" : "F\(prefecture)")
    }

    /// Regions follow the census keys, not code prefixes; a region of one area, of every area, or whose
    /// key is a leaf's code gets no rows; the simulation takes each region's areas together.
    @Test func regionsByHand() {
        let areas = [
            area("140902", prefecture: "140900", province: "140000"),
            area("140921", prefecture: "140900", province: "140000"),
            area("141002", prefecture: "141000", province: "140000"),
            area("170971", prefecture: "140900", province: "140000"),    // 五台山: coded outside 忻州
            area("441900", prefecture: "", province: "440000", level: "prefecture"),   // 东莞: a leaf, no prefecture
            area("442000", prefecture: "", province: "440000", level: "prefecture"),
            area("开发区", prefecture: "141000", province: "140000", level: "zone"),      // a zone sorts after every code
        ]
        let regions = RunRegions(areas: areas)
        #expect(regions.regions.map(\.key) == ["140900", "141000", "140000", "440000"])
        #expect(regions.regions[0].members == [0, 1, 3] && regions.regions[1].members == [2, 6])
        #expect(regions.regions[0].name == "F140900" && regions.regions[2].name == "p140000")
        #expect(regions.regionsOfArea[3] == [0, 2] && regions.regionsOfArea[4] == [3])
        // 140000's areas, 140900's within them, then 440000's: each region's areas consecutive.
        #expect(regions.simulationOrder == [0, 1, 3, 2, 6, 4, 5])
        // Every area in one province: no province row (it would repeat total).
        let one = RunRegions(areas: Array(areas.prefix(4)))
        #expect(one.regions.map(\.key) == ["140900"])
        // A single area: no region.
        #expect(RunRegions(areas: [areas[0]]).regions.isEmpty)
    }
}
