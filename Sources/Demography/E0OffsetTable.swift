/// Years of life expectancy at birth above (or below) WPP's China, by area and sex, from a CSV with
/// the columns `code, male, female` (`mortality.e0_offset: FILE`). A `*` row applies to the areas
/// the file does not name; without one they take 0. Offsets lie within ±`limit` years.
public struct E0OffsetTable: Sendable, Equatable {
    public static let limit = 20.0

    public let path: String
    public let offsets: [String: E0Offset]
    /// The line of each code, for warnings about codes the run does not project.
    public let lines: [String: Int]

    public static func load(path: String) throws -> E0OffsetTable {
        try make(DelimitedText.load(path: path, delimiter: ","))
    }

    public static func parse(bytes: [UInt8], path: String) throws -> E0OffsetTable {
        try make(DelimitedText.parse(bytes: bytes, path: path, delimiter: ","))
    }

    private static func make(_ text: DelimitedText) throws -> E0OffsetTable {
        let columns = try text.columnIndices(["code", "male", "female"])
        var offsets: [String: E0Offset] = [:]
        var lines: [String: Int] = [:]
        for record in text.records {
            let code = record.fields[columns[0]]
            guard !code.isEmpty else { throw text.error(record, columns[0], expected: "an area code or *") }
            if let first = lines[code] {
                throw text.error(record, columns[0], expected: "each code once (also on line \(first))")
            }
            func years(_ column: Int) throws -> Double {
                let expected = "years of life expectancy from -\(Int(limit)) to \(Int(limit))"
                guard let value = Double(record.fields[column]), value.isFinite, abs(value) <= limit else {
                    throw text.error(record, column, expected: expected)
                }
                return value
            }
            offsets[code] = E0Offset(male: try years(columns[1]), female: try years(columns[2]))
            lines[code] = record.line
        }
        return E0OffsetTable(path: text.path, offsets: offsets, lines: lines)
    }
}

/// An area's e0 offset against the national level, by sex.
public struct E0Offset: Sendable, Hashable {
    public var male: Double
    public var female: Double

    public init(male: Double, female: Double) {
        self.male = male
        self.female = female
    }

    public init(both: Double) { self.init(male: both, female: both) }

    public subscript(sex: Sex) -> Double { sex == .male ? male : female }
}
