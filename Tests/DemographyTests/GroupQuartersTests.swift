import Foundation
import Testing
@testable import Demography

/// Residents outside family households are a constant group: estimated from the census, never
/// negative, subtracted before calibration, added back to every output year, and out of households.
@Suite struct GroupQuartersTests {
    /// A flat pyramid per sex (groups 0, 1-4, 5-9, ..., 85+: 1,000, 4,000, then 5,000 each; 90,000
    /// per sex) for a prefecture (×10, everyone in family households) and its county 990101 with
    /// 19,500 students of each sex added at 15-19 and 20-24: 78,000 students in 258,000 residents
    /// (30%), 180,000 in 60,000 family households (3 persons each).
    static func studentTown() throws -> CensusTable {
        let groups = CensusRow.ageGroupLabels
        let header = "code,level,province,prefecture,county,total,male,female,family_households,family_household_population,households_with_65plus,"
            + (groups.map { "M_\($0)" } + groups.map { "F_\($0)" }).joined(separator: ",")
        let flat = [1_000.0, 4_000] + [Double](repeating: 5_000, count: 17)
        var students = flat
        students[4] += 19_500; students[5] += 19_500
        func row(_ code: String, _ level: String, _ name: String, _ cells: [Double], households: Int, members: Int) -> String {
            let perSex = Int(cells.reduce(0, +))
            return "\(code),\(level),测试省,测试市,\(name),\(2 * perSex),\(perSex),\(perSex),\(households),\(members),0,"
                + (cells + cells).map { String(Int($0)) }.joined(separator: ",")
        }
        let text = [header,
                    row("990100", "prefecture", "测试市", flat.map { $0 * 10 }, households: 600_000, members: 1_800_000),
                    row("990101", "county", "大学城", students, households: 60_000, members: 180_000)].joined(separator: "\n")
        return try CensusTable.parse(bytes: Array(text.utf8), path: "student-town.csv")
    }

    func inputs(_ census: CensusTable, _ codes: [String], _ spec: GroupQuartersSpec = .estimated,
                horizon: Int = 2030, fertility: FertilitySpec = FertilitySpec()) throws -> ProjectionInputs {
        try ProjectionInputs.prepare(census: census, wpp: TestData.wpp.get(),
                                     setup: ProjectionSetup(areaCodes: codes, baseYear: 2020, horizon: horizon,
                                                            fertility: fertility, groupQuarters: spec))
    }

    func sum(_ p: PopulationArray, _ ages: ClosedRange<Int>, area: Int = 0) -> Double {
        Sex.allCases.reduce(0) { s, sex in ages.reduce(s) { $0 + p[sex, $1, area] } }
    }

    @Test func studentsAreEstimatedAtTheAgesWhereTheyExceedThePrefecture() throws {
        // The county outside 15-34 holds 140,000, 7/9 of the prefecture's shares: the expected
        // count of each 15-34 group is 140,000 / (7/9) × 5,000 / 180,000... = 5,000 per sex, so the
        // excess is the 19,500 students of each sex at 15-19 and 20-24, exactly the 78,000 the
        // census puts outside family households (258,000 − 180,000).
        let i = try inputs(Self.studentTown(), ["990101"])
        let g = i.groupQuarters.population
        #expect(abs(i.groupQuarters.totals[0] - 78_000) < 1e-6)
        #expect(abs(sum(g, 15...24) - 78_000) < 1e-6)
        // Elsewhere at most rounding (the expectation at 25-34 is 5,000 up to the last bit).
        #expect(sum(g, 0...14) < 1e-6 && sum(g, 25...100) < 1e-6)
    }

    @Test func studentsStayAtTheirAgesTenYearsLater() async throws {
        // TFR given (1.5) so both runs bear the same children per woman in households.
        let census = try Self.studentTown()
        let fertility = FertilitySpec(level: .given(1.5))
        let split = try inputs(census, ["990101"], fertility: fertility)
        let aged = try inputs(census, ["990101"], .none, fertility: fertility)
        let r = try await CohortComponentProjector(taskCount: 1).project(split)
        let old = try await CohortComponentProjector(taskCount: 1).project(aged)
        func pop(_ result: ProjectionResult, _ year: Int, _ ages: ClosedRange<Int>) -> Double {
            Sex.allCases.reduce(0) { s, sex in ages.reduce(s) { $0 + result.population(area: 0, year: year, sex: sex, age: $1) } }
        }
        let group1822 = sum(split.groupQuarters.population, 18...22)
        // In 2030 the 18-22s are the group (replaced every year) plus the household children aged
        // 8-12 in 2020, of whom well under 1% die in ten years at those ages (WPP China 2020s:
        // about 0.05% a year at 10-30, a little more for men).
        let survivors = sum(split.basePopulation, 8...12)
        #expect(abs(pop(r, 2030, 18...22) / (group1822 + survivors) - 1) < 0.01)
        // The students are not aged to 28-32: those are the household members aged 18-22 in 2020.
        let householdAt1822 = sum(split.basePopulation, 18...22)
        #expect(abs(pop(r, 2030, 28...32) / householdAt1822 - 1) < 0.01)
        // Without the split the students age in place: 28-32 then holds them (well above the
        // household cohort alone) and 18-22 has only the former 8-12s.
        #expect(pop(old, 2030, 28...32) > householdAt1822 + 0.9 * group1822)
        #expect(pop(old, 2030, 18...22) < pop(r, 2030, 18...22) - 0.9 * group1822)
        // The base year is the census either way.
        #expect(abs(pop(r, 2020, 0...100) - 258_000) < 1e-6)
    }

    @Test func baseYearHouseholdsEqualCensusFamilyHouseholds() async throws {
        // 180,000 family-household members of 3 persons each: 60,000 households (not 258,000 / 3 = 86,000).
        let town = try inputs(Self.studentTown(), ["990101"], horizon: 2022)
        let table = try await CohortComponentProjector(taskCount: 1).projectServiceAges(town)
        #expect(abs(table.value(area: 0, year: 2020, group: .households) - 60_000) < 1e-6)
        // Dehong's counties: each county's households in 2020 are its census family households;
        // their sum is the prefecture's 403,607.
        let census = try TestData.census.get()
        let rows = census.rows.filter { $0.level == "county" && $0.code.hasPrefix("5331") }
        let dehong = try inputs(census, rows.map(\.code), horizon: 2022)
        let result = try await CohortComponentProjector().project(dehong)
        var sum = 0.0
        for (area, row) in rows.enumerated() {
            let households = result.serviceAges(area: area, year: 2020).households
            #expect(abs(households - Double(row.familyHouseholds!)) < 1e-6, "\(row.code)")
            sum += households
        }
        #expect(abs(sum - 403_607) < 1e-5)
    }

    @Test func groupSumsToNonFamilyResidentsAndNoCellIsNegative() throws {
        // Every county of the census with household columns: the group is total − family-household
        // population (capped at the age cells), no cell below 0 or above the census's cell, and the
        // household population is what remains.
        let census = try TestData.census.get()
        let rows = census.rows.filter { $0.level == "county" && census.problem(of: $0) == nil && $0.familyHouseholdPopulation != nil }
        let splitter = try AgeSplitter.fitted(to: TestData.wpp.get(), year: 2020)
        var base = PopulationArray(areaCount: rows.count)
        for (area, row) in rows.enumerated() {
            for sex in Sex.allCases { base.set(sex: sex, area: area, ages: try splitter.split(groups: row.ageGroups(sex)!, sex: sex)) }
        }
        let split = try GroupQuarters.split(rows: rows, census: census, base: base, spec: .estimated)
        var bad: [String] = []
        for (area, row) in rows.enumerated() {
            let expected = Double(max(0, row.total - row.familyHouseholdPopulation!))
            if abs(split.group.totals[area] - expected) > 1e-6 * max(1, expected) { bad.append("\(row.code) total") }
            for sex in Sex.allCases {
                for age in 0...100 where split.group.population[sex, age, area] < 0
                    || split.group.population[sex, age, area] > base[sex, age, area] + 1e-9
                    || split.households[sex, age, area] < 0 {
                    bad.append("\(row.code) \(sex) \(age)")
                }
            }
        }
        #expect(rows.count > 2_000)
        #expect(bad.isEmpty, "\(bad.prefix(10))")
    }

    @Test func universityTownCalibratesNearItsPrefecture() throws {
        // 雁山区 (450311, Guilin's university town): calibrated on everyone, its students are
        // counted as mothers who bore no infants; calibrated on its households it comes much nearer
        // Guilin's (450300) own household calibration.
        let census = try TestData.census.get()
        let withStudents = try inputs(census, ["450311"], .none, horizon: 2021).calibration[0].tfr
        let households = try inputs(census, ["450311"], horizon: 2021).calibration[0].tfr
        let guilin = try inputs(census, ["450300"], horizon: 2021).calibration[0].tfr
        print("雁山区 TFR: everyone \(withStudents), households \(households); 桂林市 \(guilin)")
        #expect(abs(households - guilin) < 0.5 * abs(withStudents - guilin))
    }

    @Test func givenTableReplacesTheEstimateAndIsCheckedAgainstTheCensus() throws {
        let census = try Self.studentTown()
        let ok = "code,sex,age_group,count\n990101,male,20-24,1000\n990101,female,85+,300\n"
        let table = try GroupQuartersTable.parse(bytes: Array(ok.utf8), path: "gq.csv")
        let i = try inputs(census, ["990101"], .given(table), horizon: 2021)
        #expect(abs(i.groupQuarters.totals[0] - 1_300) < 1e-9)
        #expect(abs(sum(i.groupQuarters.population, 85...100) - 300) < 1e-9)
        // 24,500 men aged 20-24 in the census: 30,000 cannot live in its dormitories.
        let tooMany = "code,sex,age_group,count\n990101,male,20-24,30000\n"
        let error = #expect(throws: DataFileError.self) {
            try inputs(census, ["990101"], .given(GroupQuartersTable.parse(bytes: Array(tooMany.utf8), path: "gq.csv")), horizon: 2021)
        }
        #expect(error?.description == "gq.csv:2:4: error: column count: expected at most the census count 24500 of 大学城 (990101), male 20-24, found \"30000\"")
    }

    @Test(arguments: [
        ("code,sex,age_group,count\n990101,man,20-24,1\n", "gq.csv:2:2: error: column sex: expected male or female, found \"man\""),
        ("code,sex,age_group,count\n990101,male,20-25,1\n", "gq.csv:2:3: error: column age_group: expected a census age group (0, 1-4, 5-9, 10-14, 15-19, 20-24, 25-29, 30-34, 35-39, 40-44, 45-49, 50-54, 55-59, 60-64, 65-69, 70-74, 75-79, 80-84, 85+), found \"20-25\""),
        ("code,sex,age_group,count\n990101,male,20-24,-1\n", "gq.csv:2:4: error: column count: expected a whole number from 0 to 10000000000, found \"-1\""),
        ("code,sex,age_group,count\n990101,male,20-24,1\n990101,male,20-24,2\n", "gq.csv:3:3: error: column age_group: expected each code, sex and age group once (also on line 2), found \"20-24\""),
        ("code,sex,count\n", "gq.csv:1: error: column age_group: expected a column named age_group, found \"no such column in the header\""),
    ])
    func malformedGroupQuartersFileNamesLineAndColumn(text: String, message: String) {
        let error = #expect(throws: DataFileError.self) { try GroupQuartersTable.parse(bytes: Array(text.utf8), path: "gq.csv") }
        #expect(error?.description == message)
    }
}
