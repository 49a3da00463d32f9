import Foundation
import Numerics
import Planning
import Results
import Testing
@testable import Scenario
@testable import Simulation

/// The capacity run on small scenarios whose base-year figures can be worked out from the census by hand.
@Suite struct CapacitySimulationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func scenario(_ body: String, variant: String? = nil) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("s.yaml")
        let text = """
            carecap: 1
            name: test
            population:
              census: \(Self.root.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(Self.root.path)/Scenarios/data/wpp2024_china
              horizon: 2023
              areas: ["533103"]
              reference: census
            \(body)
            """
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: file.path, variant: variant)
    }

    /// The census row of 芒市, read independently of the Demography loader.
    func mangshi() throws -> [String: Double] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Scenarios/data/census2020/county_age5_sex.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let row = lines.first { $0.hasPrefix("533103,") }!.split(separator: ",", omittingEmptySubsequences: false)
        var values: [String: Double] = [:]
        for (i, name) in header.enumerated() { values[name] = Double(row[i]) }
        return values
    }

    @Test func baseYearDemandAndShortfallByHand() async throws {
        // Under Sanya's preset, whose plan sets social workers per 100 beds ((十)); its nursing share is 60%.
        let s = try scenario("""
            rules: sanya-2023
            supply:
              "533103": { nursery_slots: 800, beds: 2000, nursing_beds: 900, social_workers: 10 }
            """)
        let result = try await CapacitySimulation(plan: CapacityPlan(scenario: s)).run(jobs: 1)
        let tables = built(result)
        let c = try mangshi()
        func both(_ groups: [String]) -> Double { groups.reduce(0) { $0 + c["M_\($1)"]! + c["F_\($1)"]! } }
        let total = c["total"]!                                           // 439,931
        let elderly = both(["60-64", "65-69", "70-74", "75-79", "80-84", "85+"])   // 61,219
        #expect(total == 439_931 && elderly == 61_219)
        // Standard basis in 2020 (the census itself): slots 4.5 × 439,931 / 1,000 = 1,979.69;
        // beds 40 × 61,219 / 1,000 = 2,448.76; nursing (Sanya 主要指标 5) 0.60 × 2,448.76 = 1,469.26;
        // social workers 1 per 100 of those beds = 24.49 (area total: the 100-bed floor needs institutions).
        let demand = rows(tables.demandCSV, area: "533103", year: 2020)
        #expect(abs(demand["nursery_slots/standard"]! - 1979.69) < 0.006)
        #expect(abs(demand["beds/standard"]! - 2448.76) < 0.006)
        #expect(abs(demand["nursing_beds/standard"]! - 0.60 * 2448.76) < 0.01)
        #expect(abs(demand["social_workers/standard"]! - 24.49) < 0.006)
        // Carers: the required slots in the default class mix, 0.05 × 4/10 + 0.25 × 3/15 + 0.70 × 3/20 = 0.175 a
        // slot → 1,979.69 × 0.175 = 346.45.
        #expect(abs(demand["carers/standard"]! - 0.175 * 4.5 * 439.931) < 0.006)
        // Observed-use beds: residence 0.4%, 1.0%, 3.5% for 60-69, 70-79, 80+ (institutional-residence-by-age),
        // Σ rate × 芒市's census band. Nursing-type beds: 4% of the disabled (6.28%, 12.55%, 31.38% by band) live in
        // institutions, 0.04 × 0.0628 = 0.25% < 0.4% etc., so no band is capped by its residents.
        let bands = [both(["60-64", "65-69"]), both(["70-74", "75-79"]), both(["80-84", "85+"])]
        // The national bands the catalogue's means are stated on (docs/RULES.md) are the census's own.
        let nation = PropensityAssumptions.census2020Elderly
        #expect(try nationalBands() == [nation.age60to69, nation.age70to79, nation.age80plus])
        let expectedBeds = 0.004 * bands[0] + 0.010 * bands[1] + 0.035 * bands[2]
        #expect(abs(demand["beds/propensity"]! - expectedBeds) < 0.006)
        let expectedNursing = 0.04 * (0.0628 * bands[0] + 0.1255 * bands[1] + 0.3138 * bands[2])
        #expect(abs(demand["nursing_beds/propensity"]! - expectedNursing) < 0.006)
        // Shortfall = max(0, demand − supply): slots 1,979.69 − 800 = 1,179.69; beds 448.76.
        let shortfall = rows(tables.shortfallCSV, area: "533103", year: 2020)
        #expect(abs(shortfall["nursery_slots/standard"]! - 1179.69) < 0.006)
        #expect(abs(shortfall["beds/standard"]! - 448.76) < 0.006)
        #expect(shortfall["social_workers/standard"]! >= 14.48 && shortfall["social_workers/standard"]! <= 14.50)
        // Every shortfall is ≥ 0 and deterministic runs have p10 = p50 = p90; where the scenario gives no supply
        // of a measure the shortfall is unknown (empty), never the whole demand.
        for line in tables.shortfallCSV.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let measure = ResultMeasure(rawValue: String(f[2])), tables.supplyBasis(String(f[0]), measure) != .notProvided else {
                #expect(f[4].isEmpty && f[5].isEmpty && f[6].isEmpty, "\(line)")
                continue
            }
            #expect(Double(f[4])! >= 0 && f[4] == f[5] && f[5] == f[6])
        }
    }

    func nationalBands() throws -> [Double] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Scenarios/data/census2020/county_age5_sex.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let row = lines.first { $0.contains(",nation,") }!.split(separator: ",", omittingEmptySubsequences: false)
        func both(_ groups: [String]) -> Double {
            groups.reduce(0) { sum, g in
                sum + Double(row[header.firstIndex(of: "M_\(g)")!])! + Double(row[header.firstIndex(of: "F_\(g)")!])!
            }
        }
        return [both(["60-64", "65-69"]), both(["70-74", "75-79"]), both(["80-84", "85+"])]
    }

    /// The typed result of a simulation, as `carecap run` builds it.
    func built(_ result: CapacitySimulation.Result) -> RunResult {
        RunResultBuilder(result: result, tool: "test", detail: .service).build()
    }

    func rows(_ csv: String, area: String, year: Int) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f[0] == area && f[1] == Substring(String(year)), let value = Double(f[5]) { out["\(f[2])/\(f[3])"] = value }
        }
        return out
    }

    @Test func supplyPipelineWithTrainingAttritionAndChanges() async throws {
        // carers: 100 in 2020; 20 trained a year from 2021, every trainee a new carer (trainees_becoming_carers: 1;
        // the default 0 adds none: 100, 90, 81, 72.9); 10% leave a year:
        //   2021: 100 × 0.9 + 20 = 110; 2022: 110 × 0.9 + 20 = 119; 2023: 119 × 0.9 + 20 = 127.1.
        // beds: 2,000, +50 in 2022, −30 in 2023 → 2,000, 2,000, 2,050, 2,020.
        let s = try scenario("""
            workforce: { carers_trained_per_year: 20, training_from: 2021, carer_attrition: 0.1, trainees_becoming_carers: 1 }
            supply:
              "533103": { carers: 100, beds: 2000, changes: { beds: { 2022: 50, 2023: -30 } } }
            """)
        let tables = built(try await CapacitySimulation(plan: CapacityPlan(scenario: s)).run(jobs: 1))
        let carers = (2020...2023).map { rows(tables.supplyCSV, area: "533103", year: $0)["carers/planned"]! }
        #expect(carers == [100, 110, 119, 127.1])
        let beds = (2020...2023).map { rows(tables.supplyCSV, area: "533103", year: $0)["beds/planned"]! }
        #expect(beds == [2000, 2000, 2050, 2020])
    }

    @Test func sameSeedSameNumbersWhateverTheJobs() async throws {
        let s = try scenario("""
            supply:
              "533103": { nursery_slots: 800, beds: 2000 }
            uncertainty: { draws: 40, seed: 7 }
            """)
        let plan = try CapacityPlan(scenario: s)
        let one = built(try await CapacitySimulation(plan: plan).run(jobs: 1))
        let two = built(try await CapacitySimulation(plan: plan).run(jobs: 2))
        #expect(one.demandCSV == two.demandCSV)
        #expect(one.shortfallCSV == two.shortfallCSV)
        #expect(one.findings == two.findings)
        // Draws do spread: the 2023 slot demand has P10 < P90.
        let line = one.demandCSV.split(separator: "\n").first { $0.hasPrefix("533103,2023,nursery_slots,propensity") }!
        let f = line.split(separator: ",")
        #expect(Double(f[4])! < Double(f[6])!)
        // Another seed gives other numbers.
        let other = try scenario("""
            supply:
              "533103": { nursery_slots: 800, beds: 2000 }
            uncertainty: { draws: 40, seed: 8 }
            """)
        let three = built(try await CapacitySimulation(plan: CapacityPlan(scenario: other)).run(jobs: 2))
        #expect(three.demandCSV != one.demandCSV)
    }

    @Test(arguments: [
        ([3.0, 1.0, 2.0, 5.0, 4.0], [0.1, 0.5, 0.9]),
        ([10.0], [0.1, 0.5, 0.9]),
        ([2.0, 2.0, 7.0, -1.0], [0.1, 0.5, 0.9]),
        ((1...1000).map { Double(($0 * 7919) % 1009) }, [0.1, 0.5, 0.9]),
    ])
    func quantilesMatchGSL(samples: [Double], fractions: [Double]) throws {
        let sorted = samples.sorted()
        for f in fractions {
            let ours = sorted.withUnsafeBufferPointer { SortedQuantile.value($0, f) }
            let gsl = try Quantiles.quantile(ofSorted: sorted, fraction: f)
            #expect(abs(ours - gsl) <= 1e-12 * max(1, abs(gsl)))
        }
        // By hand for the first sample: sorted 1…5, P50 at index 2 → 3; P10 at 0.4 → 1.4; P90 at 3.6 → 4.6.
        if samples == [3.0, 1.0, 2.0, 5.0, 4.0] {
            #expect(sorted.withUnsafeBufferPointer { SortedQuantile.value($0, 0.1) } == 1.4)
            #expect(abs(sorted.withUnsafeBufferPointer { SortedQuantile.value($0, 0.9) } - 4.6) < 1e-12)
        }
    }

    @Test func variantChangesOnlyWhatItNames() throws {
        let body = """
            overrides:
              nursing-bed-share: { share: 0.6 }
            supply:
              "533103": { beds: 2000 }
            variants:
              strict: { overrides.elder-care-room-area.m2_per_100_households: 30 }
              lowtfr: { population.fertility.tfr: 1.0 }
            sweep: { parameter: population.horizon, values: [2022, 2023] }
            """
        let base = try scenario(body)
        #expect(base.variantNames == ["strict", "lowtfr", "population.horizon=2022", "population.horizon=2023"])
        let strict = try scenario(body, variant: "strict")
        #expect(strict.rules["elder-care-room-area"].value("m2_per_100_households") == 30)
        #expect(base.rules["elder-care-room-area"].value("m2_per_100_households") == 20)
        // Everything else is the base's: the other override, the population, the supply.
        #expect(strict.rules["nursing-bed-share"].value("share") == 0.6)
        #expect(strict.population == base.population)
        #expect(strict.supply.map(\.code) == base.supply.map(\.code))
        let low = try scenario(body, variant: "lowtfr")
        #expect(low.population?.tfr == 1.0 && low.population?.calibrateToCensus == false)
        #expect(base.population?.tfr == nil && base.population?.calibrateToCensus == true)
        #expect(low.rules["elder-care-room-area"].value("m2_per_100_households") == 20)
        let sweep = try scenario(body, variant: "population.horizon=2022")
        #expect(sweep.population?.horizon == 2022 && base.population?.horizon == 2023)
        #expect(throws: ScenarioError.self) { try scenario(body, variant: "strcit") }
    }
}

extension RunResult {
    /// A long table as `area,year,measure,basis,p10,p50,p90` text with two decimals, written here with
    /// String(format:) independently of the Reporting module's writer; a missing cell (supply not given)
    /// has empty values.
    static func text(_ table: QuantileTable) -> String {
        var out = "area,year,measure,basis,p10,p50,p90\n"
        for r in table.rows {
            out += "\(r.area),\(r.year),\(r.measure.rawValue),\(r.basis.rawValue),"
            out += r.q.p50.isNaN ? ",,\n" : String(format: "%.2f,%.2f,%.2f\n", r.q.p10, r.q.p50, r.q.p90)
        }
        return out
    }

    var demandCSV: String { Self.text(demand) }
    var supplyCSV: String { Self.text(supply) }
    var shortfallCSV: String { Self.text(shortfall) }
}
