import Foundation
import Testing
@testable import Demography

/// A calibration that lacks what it needs uses the stated fallback (prefecture, province, national
/// WPP TFR) with a warning, instead of TFR 1601, TFR 0 or a silent default; emigration that empties
/// cohorts is a warning per area.
@Suite struct CalibrationFallbackTests {
    /// The 2020 census rows of the nation, Yunnan (530000), Dehong (533100) and its counties, with
    /// edits: `zero` empties cells (and lowers the row's sex and total columns to match, and caps its
    /// household columns at the new total), `set`
    /// gives cells values, `scale` multiplies cells (each adjusting the totals), `drop` leaves rows out.
    static func census(zero: [String: [String]] = [:], scale: [String: (columns: [String], by: Int)] = [:],
                       set values: [String: [String: Int]] = [:], drop: Set<String> = []) throws -> CensusTable {
        let text = try String(contentsOfFile: TestData.censusPath, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var kept = [header.joined(separator: ",")]
        for line in lines {
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let code = f[0]
            guard f[1] == "nation" || code == "530000" || code.hasPrefix("5331"), !drop.contains(code) else { continue }
            func set(_ column: String, _ value: Int) {
                let i = header.firstIndex(of: column)!
                let delta = value - Int(f[i])!
                f[i] = String(value)
                f[5] = String(Int(f[5])! + delta)
                let sexColumn = column.hasPrefix("M_") ? 6 : 7
                f[sexColumn] = String(Int(f[sexColumn])! + delta)
            }
            for column in zero[code] ?? [] { set(column, 0) }
            for (column, value) in values[code] ?? [:] { set(column, value) }
            if let s = scale[code] { for column in s.columns { set(column, Int(f[header.firstIndex(of: column)!])! * s.by) } }
            // The census refuses household members past the total: cap them at the edited total (and the
            // households at their members), households are not what these tests are about.
            CensusRowEdit.fitHouseholds(&f)
            kept.append(f.joined(separator: ","))
        }
        return try CensusTable.parse(bytes: Array(kept.joined(separator: "\n").utf8), path: "dehong-edited.csv")
    }

    static let women15to49 = stride(from: 15, through: 45, by: 5).map { "F_\($0)-\($0 + 4)" }

    func prepare(_ census: CensusTable, _ areas: [String], migration: MigrationSpec = .none, horizon: Int = 2025) throws -> ProjectionInputs {
        // A prefecture key here is the prefecture's own row (its TFR), not its counties.
        var setup = ProjectionSetup(areaCodes: areas, baseYear: 2020, horizon: horizon, migration: migration)
        setup.areasAsNamed = true
        return try ProjectionInputs.prepare(census: census, wpp: TestData.wpp.get(), setup: setup)
    }

    /// The prefecture's own calibrated TFR, solved as an area of its own (same census row, same
    /// national mortality, no e0 offset), before it is itself shrunk toward its province's: the
    /// level its counties fall back to and are shrunk toward.
    func ownTFR(_ census: CensusTable, _ code: String) throws -> Double {
        let c = try prepare(census, [code]).calibration[0]
        #expect(c.tfrCalibrated && c.warnings.isEmpty)
        return try #require(c.ownTFR)
    }

    @Test func countyWithoutWomen15to49UsesItsPrefecturesTFR() throws {
        // Before: births of 瑞丽市's age-0 count were put on the few women aged 10-14 and 50-54:
        // a TFR in the hundreds or thousands, and the county tripled.
        let census = try Self.census(zero: ["533102": Self.women15to49])
        let inputs = try prepare(census, ["533102", "533103"])
        let ruili = inputs.calibration[0]
        let expected = try ownTFR(census, "533100")
        #expect(!ruili.tfrCalibrated && ruili.tfr == expected)
        #expect(ruili.warnings == ["瑞丽市 (533102): TFR not calibrated: no women aged 15-49 in the census; the prefecture 533100 德宏傣族景颇族自治州's calibrated TFR \(String(format: "%.3f", expected)) is used"])
        #expect(inputs.calibration[1].tfrCalibrated && inputs.calibration[1].warnings.isEmpty)
    }

    @Test func countyWithoutInfantsUsesItsPrefecturesTFR() throws {
        // Before: TFR 0, so no child was ever born there again.
        let census = try Self.census(zero: ["533103": ["M_0", "F_0"]])
        let mangshi = try prepare(census, ["533103"]).calibration[0]
        let prefecture = try ownTFR(census, "533100")
        #expect(!mangshi.tfrCalibrated && mangshi.tfr == prefecture)
        #expect(mangshi.warnings.first?.contains("no children aged 0 in the census") == true)
    }

    @Test func tinyPopulationFallsBackToProvinceThenNation() throws {
        // 盈江县 (533123) with one boy and one girl aged 0 and nobody else: a population of 2, below
        // the 1,000 a calibration needs (before: a default TFR without a word).
        let others = CensusRow.ageGroupLabels.dropFirst().flatMap { ["M_\($0)", "F_\($0)"] }
        let tiny: [String: [String: Int]] = ["533123": ["M_0": 1, "F_0": 1]]
        let withProvince = try Self.census(zero: ["533123": others], set: tiny, drop: ["533100"])
        #expect(withProvince.rows.first { $0.code == "533123" }?.total == 2)
        var c = try prepare(withProvince, ["533123"]).calibration[0]
        // No prefecture row: Yunnan's own calibrated level.
        let province = try ownTFR(withProvince, "530000")
        #expect(c.tfr == province)
        #expect(c.warnings.first?.contains("population 2 is below the 1000 needed for a calibration; the province 530000 云南省") == true)
        // Neither row: the national WPP TFR of 2020, 1.235682 in tfr.tsv.
        let alone = try Self.census(zero: ["533123": others], set: tiny, drop: ["533100", "530000"])
        c = try prepare(alone, ["533123"]).calibration[0]
        #expect(c.tfr == 1.235682)
        #expect(c.warnings.first?.hasSuffix("the national WPP TFR 1.236 of 2020 is used") == true)
    }

    @Test func implausibleCalibratedTFRIsShrunkThenBoundedToThree() throws {
        // Twenty times 梁河县's infants: its calibrated TFR (about 2 as counted) would be about 40.
        // With some 40,000 infants its credibility weight is n0/(n0 + 300) ≈ 0.99, so shrinkage
        // toward 德宏's level leaves it near 40, and the bound 0.5-3.0 takes it to 3.
        let census = try Self.census(scale: ["533122": (["M_0", "F_0"], 20)])
        let c = try prepare(census, ["533122"]).calibration[0]
        let own = try #require(c.ownTFR)
        #expect(own > 30)
        #expect(c.tfr == 3.0)
        let warning = try #require(c.warnings.first)
        #expect(warning.hasPrefix("梁河县 (533122): calibrated TFR ") && warning.contains("bounded to 0.5-3.0; 3.000 is used"))
    }

    @Test func emigrationEmptyingCohortsIsAWarningNamingAreaAndYear() throws {
        // A million emigrants a year from counties of 0.2-0.4 million: the first step (Nov
        // 2020-Nov 2021) empties the boys then aged 1 (the 1,583 and 2,725 boys counted at age 0 in
        // 瑞丽市 and 芒市, survived), the first cohort scanned; so the first year held at 0 is 2021.
        let census = try TestData.census.get()
        let outflow = MigrationSpec(volume: .netTotalPerYear(-1_000_000), profile: .standard)
        let inputs = try prepare(census, ["533102", "533103"], migration: outflow)
        #expect(inputs.migrationWarnings == [
            "瑞丽市 (533102): net migration of -1000000 a year would take more people than some cohorts hold, first the males aged 1 in 2021; those cohorts are held at 0, so fewer people leave than assumed",
            "芒市 (533103): net migration of -1000000 a year would take more people than some cohorts hold, first the males aged 1 in 2021; those cohorts are held at 0, so fewer people leave than assumed",
        ])
        // Net immigration never empties a cohort.
        let inflow = MigrationSpec(volume: .netRatePerThousand(8), profile: .standard)
        #expect(try prepare(census, ["533102", "533103"], migration: inflow).migrationWarnings.isEmpty)
    }
}

/// Keeps an edited census row's household columns (fields 9-11) within its total (field 6).
enum CensusRowEdit {
    static func fitHouseholds(_ f: inout [String]) {
        guard let total = Int(f[5]), let people = Int(f[9]), let households = Int(f[8]), let elderly = Int(f[10]) else { return }
        let members = min(people, total), homes = min(households, members)
        f[9] = String(members); f[8] = String(homes); f[10] = String(min(elderly, homes))
    }
}
