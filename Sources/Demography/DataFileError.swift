/// A data file that cannot be read as the format it claims, or whose values cannot be true: the
/// file, the 1-based line (0 when the problem is the file as a whole), the column by name and by
/// 1-based field number, what was expected and what was found, and (once the scenario's loader
/// knows it) the scenario key that named the file.
///
/// `description` reads like a compiler diagnostic:
/// `Scenarios/data/x.csv:12:14: error: population.census: column M_5-9: expected a whole number ≥ 0, found "abc"`.
public struct DataFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let line: Int
    public let column: String?
    /// 1-based field number of `column` in the line (a delimited file's column), when known.
    public let field: Int?
    public let expected: String
    public let found: String
    /// The scenario key that named the file, e.g. `population.census`.
    public private(set) var scenarioKey: String?

    public init(path: String, line: Int, column: String? = nil, field: Int? = nil, expected: String, found: String,
                scenarioKey: String? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.expected = expected
        self.found = found
        self.scenarioKey = scenarioKey
    }

    /// The same error, saying which scenario key named the file.
    public func named(by key: String) -> DataFileError {
        var copy = self
        copy.scenarioKey = key
        return copy
    }

    public var description: String {
        var location = path
        if line > 0 {
            location += ":\(line)"
            if let field { location += ":\(field)" }
        }
        let keyPart = scenarioKey.map { " \($0):" } ?? ""
        let columnPart = column.map { " column \($0):" } ?? ""
        return "\(location): error:\(keyPart)\(columnPart) expected \(expected), found \"\(found)\""
    }
}
