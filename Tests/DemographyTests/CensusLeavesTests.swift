import Foundation
import Testing
@testable import Demography

/// The projected units are the census's leaves: counties, zones, and prefecture-level cities without
/// counties, so no resident is dropped and none is counted twice.
@Suite struct CensusLeavesTests {
    static func census() throws -> CensusTable { try TestData.census.get() }

    /// The 2020 census's national total, as the file's 全国 row and the data README state it.
    static let nationalTotal = 1_409_778_724

    /// Derivation: every province row is compared with the sum of the leaves whose province is that
    /// row. Measured on the shipped file, the difference is 0 for all 31 provinces, so no tolerance:
    /// the README's "about" concerns counties against prefectures, and the difference there is the
    /// zones and the cities without counties, which are leaves now. Rows without usable age data are
    /// subtracted (none in the shipped file: every row's 38 cells sum to its total).
    @Test func leavesOfEveryProvinceSumToTheProvinceRow() throws {
        let census = try Self.census()
        let selection = try census.select()
        let leftOut = Dictionary(grouping: selection.warnings, by: { w in census.rows.first { $0.line == w.line }!.province })
            .mapValues { $0.reduce(0) { $0 + $1.total } }
        var sums: [String: Int] = [:]
        for (row, province) in zip(selection.rows, selection.provinceKeys) { sums[province, default: 0] += row.total }
        let provinces = census.rows.filter { $0.level == "province" }
        #expect(provinces.count == 31)
        for province in provinces {
            #expect(sums[province.key, default: 0] == province.total - leftOut[province.name, default: 0], "\(province.name)")
        }
    }

    /// Derivation: 1,409,778,724 (全国) minus the leaves left out for want of age data, which the
    /// warnings name with their population. 2,989 leaves = 2,943 county rows + 42 zones (45 zone rows
    /// less the 3 groups of directly administered counties in 湖北, 海南, 新疆) + 东莞, 中山, 儋州, 嘉峪关
    /// (三沙市's people are its three island zones).
    @Test func nationalLeavesSumToTheCensusTotalLessRowsWithoutAgeData() throws {
        let census = try Self.census()
        let selection = try census.select()
        #expect(census.rows.first { $0.level == "nation" }?.total == Self.nationalTotal)
        let leftOut = selection.warnings.reduce(0) { $0 + $1.total }
        #expect(selection.rows.reduce(0) { $0 + $1.total } == Self.nationalTotal - leftOut)
        #expect(selection.rows.count + selection.warnings.count == 2_989)
        #expect(Set(selection.rows.map(\.key)).count == selection.rows.count, "leaf keys are unique")
    }

    /// Derivation: each prefecture row against its leaves (by code prefix, by name, or 三沙's islands
    /// by total). Measured: equal for all 338 prefecture rows of the shipped file.
    @Test func leavesOfEveryPrefectureSumToThePrefectureRow() throws {
        let census = try Self.census()
        let selection = try census.select()
        var sums: [String: Int] = [:]
        for (row, prefecture) in zip(selection.rows, selection.prefectureKeys) {
            sums[prefecture.isEmpty ? row.key : prefecture, default: 0] += row.total
        }
        for prefecture in census.rows where prefecture.level == "prefecture" {
            #expect(sums[prefecture.key, default: 0] == prefecture.total, "\(prefecture.name)")
        }
    }

    /// A code at any level means its leaves: values from the census file (东莞 10,466,625; 三沙 =
    /// 西沙 1,549 + 南沙 639 + 中沙 145 = 2,333; 广东 126,012,510; 全国 as above).
    @Test(arguments: [
        ("441900", ["441900"], 10_466_625),
        ("460300", ["中沙群岛的岛礁及其海域", "南沙群岛", "西沙群岛"], 2_333),
        ("440000", [], 126_012_510),
        ("全国", [], 1_409_778_724),
    ])
    func aRegionKeyMeansItsLeaves(key: String, leaves: [String], total: Int) throws {
        let selection = try Self.census().select(codes: [key])
        if !leaves.isEmpty { #expect(selection.rows.map(\.key) == leaves) }
        #expect(selection.rows.reduce(0) { $0 + $1.total } == total)
        #expect(selection.rows.map(\.key) == selection.rows.map(\.key).sorted(), "leaves in key order")
    }

    @Test func zonesHaveTheirPrefectureAndProvinceAsParents() throws {
        let selection = try Self.census().select(codes: ["吉林经济开发区", "西沙群岛", "170971"])
        let parents = Dictionary(uniqueKeysWithValues: selection.rows.indices.map {
            (selection.rows[$0].key, selection.prefectureKeys[$0] + "/" + selection.provinceKeys[$0])
        })
        #expect(parents["吉林经济开发区"] == "220200/220000")
        #expect(parents["西沙群岛"] == "460300/460000")
        // 五台山风景名胜区's code starts 17, outside 山西 (14): its prefecture is found by name.
        #expect(parents["170971"] == "140900/140000")
    }

    @Test func aRegionAndOneOfItsLeavesTogetherAreAnError() throws {
        #expect(throws: CensusSelectionError.overlappingAreas(path: try Self.census().path, first: "吉林经济开发区", second: "220200", leaf: "吉林经济开发区")) {
            try Self.census().select(codes: ["吉林经济开发区", "220200"])
        }
    }

    @Test func aGroupOfDirectlyAdministeredCountiesIsNotAUnit() throws {
        #expect(throws: CensusSelectionError.self) { try Self.census().select(codes: ["省直辖县级行政区划"]) }
    }

    /// A synthetic prefecture (533100) with two counties, one without age data: naming that county is
    /// an error; naming the prefecture projects the other and warns with the left-out population (380).
    @Test func aLeafWithoutAgeDataIsAnErrorWhenNamedAndAWarningWithItsPopulationOtherwise() throws {
        let empty = MalformedFileTests.row(code: "533102").split(separator: ",", omittingEmptySubsequences: false)
            .enumerated().map { $0.offset >= 11 ? "" : String($0.element) }.joined(separator: ",")
        let prefecture = MalformedFileTests.row(code: "533100", total: "760", male: "380")
            .replacingOccurrences(of: ",county,", with: ",prefecture,").replacingOccurrences(of: ",760,380,190,", with: ",760,380,380,")
            .split(separator: ",", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset >= 11 ? "20" : String($0.element) }.joined(separator: ",")
        let text = [MalformedFileTests.header, prefecture, empty, MalformedFileTests.row()].joined(separator: "\n")
        let census = try CensusTable.load(path: TestData.temporaryFile("leaves-noage.csv", contents: Array(text.utf8)))
        #expect(throws: CensusSelectionError.self) { try census.select(codes: ["533102"]) }
        let selection = try census.select(codes: ["533100"])
        #expect(selection.rows.map(\.key) == ["533103"])
        #expect(selection.warnings.map(\.total) == [380])
        #expect(selection.warnings.first?.description.contains("no age data (380 residents)") == true)
    }
}
