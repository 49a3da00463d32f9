/// A scenario's own group-quarters population (`population.group_quarters: FILE`): a CSV with the
/// columns `code, sex, age_group, count`, one row per area, sex (`male` or `female`) and census age
/// group (`0`, `1-4`, `5-9`, ..., `80-84`, `85+`). Cells not listed are 0. Checked at load: known
/// sex and age group, whole counts up to `CensusTable.maximumCount`, a cell listed once (a second
/// row names the first's line); against the census in `ProjectionInputs.prepare`: no cell above the
/// area's census count.
public struct GroupQuartersTable: Sendable, Equatable {
    /// One area's counts by sex and group, and the line of each listed cell.
    public struct Area: Sendable, Equatable {
        public var counts: [[Double]] = [[Double]](repeating: [Double](repeating: 0, count: 19), count: 2)
        public var lines: [[Int]] = [[Int]](repeating: [Int](repeating: 0, count: 19), count: 2)
        /// Field number of the `count` column, for errors against the census.
        public var countField = 0
    }

    public let path: String
    public let areas: [String: Area]
    /// The first line of each code, for warnings about codes the run does not project.
    public let firstLine: [String: Int]

    public static func load(path: String) throws -> GroupQuartersTable {
        try make(DelimitedText.load(path: path, delimiter: ","))
    }

    public static func parse(bytes: [UInt8], path: String) throws -> GroupQuartersTable {
        try make(DelimitedText.parse(bytes: bytes, path: path, delimiter: ","))
    }

    private static func make(_ text: DelimitedText) throws -> GroupQuartersTable {
        let columns = try text.columnIndices(["code", "sex", "age_group", "count"])
        let (code, sex, group, count) = (columns[0], columns[1], columns[2], columns[3])
        var areas: [String: Area] = [:]
        var firstLine: [String: Int] = [:]
        for record in text.records {
            let key = record.fields[code]
            guard !key.isEmpty else { throw text.error(record, code, expected: "an area code") }
            let s: Int
            switch record.fields[sex].lowercased() {
            case "male", "m": s = 0
            case "female", "f": s = 1
            default: throw text.error(record, sex, expected: "male or female")
            }
            guard let g = CensusRow.ageGroupLabels.firstIndex(of: record.fields[group]) else {
                throw text.error(record, group, expected: "a census age group (\(CensusRow.ageGroupLabels.joined(separator: ", ")))")
            }
            let value = try text.wholeNumber(record, count, maximum: CensusTable.maximumCount)
            var area = areas[key] ?? Area()
            if area.lines[s][g] != 0 {
                throw text.error(record, group, expected: "each code, sex and age group once (also on line \(area.lines[s][g]))")
            }
            area.counts[s][g] = Double(value)
            area.lines[s][g] = record.line
            area.countField = count + 1
            areas[key] = area
            if firstLine[key] == nil { firstLine[key] = record.line }
        }
        return GroupQuartersTable(path: text.path, areas: areas, firstLine: firstLine)
    }
}
