/// A problem with an input file, placed as precisely as the input allows: file, line, column and the
/// key path (`districts[2].households`), with what was expected and what was found.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based; nil when the problem concerns the file as a whole (missing, unreadable, empty).
    public let line: Int?
    public let column: Int?
    /// Empty for the document itself.
    public let keyPath: String
    public let message: String

    public init(file: String, line: Int?, column: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        let subject = keyPath.isEmpty ? "" : "\(keyPath): "
        return "\(place): error: \(subject)\(message)"
    }
}

/// Several problems found in one file; validation goes on after a problem where it safely can, so the
/// analyst fixes them in one pass.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [ScenarioError]

    public init(_ errors: [ScenarioError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
