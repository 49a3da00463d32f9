/// A data file that cannot be read as the format it claims: the file, the 1-based line (0 when the
/// problem is the file as a whole), the column, what was expected and what was found.
///
/// `description` reads like a compiler diagnostic:
/// `Scenarios/data/x.csv:12: column M_5-9: expected a whole number ≥ 0, found "abc"`.
public struct DataFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let line: Int
    public let column: String?
    public let expected: String
    public let found: String

    public init(path: String, line: Int, column: String? = nil, expected: String, found: String) {
        self.path = path
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
    }

    public var description: String {
        let location = line > 0 ? "\(path):\(line):" : "\(path):"
        let columnPart = column.map { " column \($0):" } ?? ""
        return "\(location)\(columnPart) expected \(expected), found \"\(found)\""
    }
}
