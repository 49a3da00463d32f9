import Foundation
import Testing
@testable import Demography

/// `mortality.e0_offset: FILE`: offsets by area and sex, validated like the other data files, and
/// used per sex by the projection.
@Suite struct E0OffsetTableTests {
    @Test func offsetsApplyPerAreaAndSexWithStarForTheRest() throws {
        let text = "code,male,female\n533102,-2,-1.5\n*,1,0\n"
        let table = try E0OffsetTable.parse(bytes: Array(text.utf8), path: "e0.csv")
        var setup = ProjectionSetup(areaCodes: ["533102", "533103"], baseYear: 2020, horizon: 2021)
        setup.mortality.sexOffsets = table.offsets
        let inputs = try ProjectionInputs.prepare(census: TestData.census.get(), wpp: TestData.wpp.get(), setup: setup)
        let national = try ProjectionInputs.prepare(census: TestData.census.get(), wpp: TestData.wpp.get(),
                                                    setup: ProjectionSetup(areaCodes: ["533103"], baseYear: 2020, horizon: 2021)).calibration[0]
        // MortalityModel solves each life table to national e0 + offset: 533102 is its own row,
        // 533103 takes the `*` row (male +1, female 0).
        let ruili = inputs.calibration[0], mangshi = inputs.calibration[1]
        #expect(abs(ruili.e0Male - (national.e0Male - 2)) < 1e-6)
        #expect(abs(ruili.e0Female - (national.e0Female - 1.5)) < 1e-6)
        #expect(abs(mangshi.e0Male - (national.e0Male + 1)) < 1e-6)
        #expect(abs(mangshi.e0Female - national.e0Female) < 1e-9)
        // Without a `*` row an area the file does not name takes 0.
        #expect(MortalitySpec(sexOffsets: ["533102": .init(both: 1)]).offsets(for: "533103") == E0Offset(both: 0))
    }

    @Test(arguments: [
        ("code,male,female\n533102,-2,x\n", "e0.csv:2:3: error: column female: expected years of life expectancy from -20 to 20, found \"x\""),
        ("code,male,female\n533102,25,0\n", "e0.csv:2:2: error: column male: expected years of life expectancy from -20 to 20, found \"25\""),
        ("code,male,female\n533102,1,1\n533102,2,2\n", "e0.csv:3:1: error: column code: expected each code once (also on line 2), found \"533102\""),
        ("code,male,female\n,1,1\n", "e0.csv:2:1: error: column code: expected an area code or *, found \"\""),
        ("code,male\n", "e0.csv:1: error: column female: expected a column named female, found \"no such column in the header\""),
    ])
    func malformedOffsetFileNamesLineAndColumn(text: String, message: String) {
        let error = #expect(throws: DataFileError.self) { try E0OffsetTable.parse(bytes: Array(text.utf8), path: "e0.csv") }
        #expect(error?.description == message)
    }
}
