import Demography
import Foundation
import Yams

/// Typed reads of YAML nodes that fail with the file, line, column and key path of the node.
/// Counts the nodes it visits, so that aliases expanding into millions of nodes are refused
/// instead of exhausting memory.
final class NodeReader {
    static let nodeBudget = 500_000

    let file: String
    private var visited = 0

    init(file: String) {
        self.file = file
    }

    // MARK: Errors

    func error(_ node: Node?, _ path: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node?.mark?.line, column: node?.mark?.column, keyPath: path, message: message)
    }

    func expected(_ what: String, _ node: Node, _ path: String, hint: String = "") -> ScenarioError {
        error(node, path, "expected \(what), found \(Self.describe(node))\(hint)")
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if isNull(scalar) { return "nothing (null)" }
                return shorten(scalar.string)
            }
            return "the text \"\(shorten(scalar.string))\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A value as quoted in a message: one line, at most 60 characters.
    static func shorten(_ text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return line.count > 60 || line != text ? line.prefix(60) + "…" : text
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func spend(_ count: Int, _ node: Node, _ path: String) throws(ScenarioError) {
        visited += count
        if visited > Self.nodeBudget {
            throw error(node, path, "the file expands to more than \(Self.nodeBudget) YAML nodes (aliases?); expected a scenario of ordinary size")
        }
    }

    // MARK: Containers

    /// A mapping's entries by key, in file order, after checking every key is known.
    func fields(_ node: Node, _ path: String, known: [String], required: [String] = [],
                later: [String: String] = [:]) throws(ScenarioError) -> Fields
    {
        guard case .mapping(let mapping) = node else {
            throw expected("a mapping with keys \(known.joined(separator: ", "))", node, path)
        }
        try spend(mapping.count, node, path)
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                throw expected("a plain key", keyNode, path)
            }
            let key = keyScalar.string
            let childPath = Self.join(path, Self.shorten(key))
            if key == "<<" {
                throw error(keyNode, childPath, "merge keys (<<) are not supported; expected the keys written out")
            }
            if let owner = later[key] {
                throw error(keyNode, childPath, "not supported yet: `\(key)` belongs to \(owner)")
            }
            guard known.contains(key) else {
                throw error(keyNode, childPath, "unknown key \"\(Self.shorten(key))\"\(Suggestion.hint(for: key, among: known)); expected one of: \(known.joined(separator: ", "))")
            }
            entries.append((key, keyNode, value))
        }
        let fields = Fields(node: node, path: path, entries: entries)
        for key in required where fields[key] == nil {
            throw error(node, path, "missing required key \"\(key)\"")
        }
        return fields
    }

    /// A mapping whose keys are data (area codes, years), in file order.
    func entries(_ node: Node, _ path: String, what: String) throws(ScenarioError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw expected("a mapping of \(what)", node, path)
        }
        try spend(mapping.count, node, path)
        var result: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode, !Self.isNull(scalar) else {
                throw expected("a plain key", keyNode, path)
            }
            result.append((scalar.string, keyNode, value))
        }
        return result
    }

    func list(_ node: Node, _ path: String, of what: String) throws(ScenarioError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw expected("a list of \(what)", node, path)
        }
        try spend(sequence.count, node, path)
        return Array(sequence)
    }

    // MARK: Scalars

    private func plainScalar(_ node: Node, _ path: String, expecting what: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            throw expected(what, node, path)
        }
        guard scalar.style == .plain else {
            throw expected(what, node, path, hint: " (write the number without quotes)")
        }
        return scalar.string
    }

    /// Text; numbers and codes written without quotes are taken as their text.
    func text(_ node: Node, _ path: String, what: String = "text") throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            throw expected(what, node, path)
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw expected(what, node, path) }
        return value
    }

    private static let decimal = try! NSRegularExpression(pattern: #"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$"#)

    /// A finite decimal number.
    func number(_ node: Node, _ path: String, what: String = "a number") throws(ScenarioError) -> Double {
        let raw = try plainScalar(node, path, expecting: what)
        let lowered = raw.lowercased()
        if [".inf", "+.inf", "-.inf", ".nan"].contains(lowered) {
            throw expected("\(what) (finite)", node, path)
        }
        let range = NSRange(raw.startIndex..., in: raw)
        guard Self.decimal.firstMatch(in: raw, range: range) != nil, let value = Double(raw), value.isFinite else {
            throw expected(what, node, path)
        }
        guard abs(value) <= Self.maximumMagnitude else {
            throw expected("\(what) of at most 1e12", node, path)
        }
        return value
    }

    /// Larger figures are typing mistakes; the bound keeps products of inputs finite.
    static let maximumMagnitude = 1e12

    func nonNegative(_ node: Node, _ path: String, unit: String = "") throws(ScenarioError) -> Double {
        let what = "a number ≥ 0\(unit.isEmpty ? "" : " (\(unit))")"
        let value = try number(node, path, what: what)
        guard value >= 0 else { throw expected(what, node, path) }
        return value
    }

    func positive(_ node: Node, _ path: String, unit: String = "") throws(ScenarioError) -> Double {
        let what = "a number > 0\(unit.isEmpty ? "" : " (\(unit))")"
        let value = try number(node, path, what: what)
        guard value > 0 else { throw expected(what, node, path) }
        return value
    }

    /// Counts above this are typing mistakes; the bound also keeps count × integral parameter
    /// (classes × class cap) inside Int.
    static let maximumCount = 1_000_000_000

    /// A whole count ≥ 0 (households, children, classes, carers, beds).
    func count(_ node: Node, _ path: String, of what: String) throws(ScenarioError) -> Int {
        let description = "a whole number of \(what) ≥ 0"
        let value = try number(node, path, what: description)
        guard value >= 0, value.rounded() == value else {
            throw expected(description, node, path)
        }
        guard value <= Double(Self.maximumCount) else {
            throw expected("at most \(Self.maximumCount) \(what)", node, path)
        }
        return Int(value)
    }

    func fraction(_ node: Node, _ path: String) throws(ScenarioError) -> Double {
        let what = "a share between 0 and 1 (0.55, not 55)"
        let value = try number(node, path, what: what)
        guard (0...1).contains(value) else { throw expected(what, node, path) }
        return value
    }

    /// A 6-digit administrative division code (区划代码), ASCII digits only.
    static func isAreaCode(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    static let plausibleYears = 1949...2100

    func year(_ node: Node, _ path: String) throws(ScenarioError) -> Int {
        let what = "a year between \(Self.plausibleYears.lowerBound) and \(Self.plausibleYears.upperBound)"
        let value = try number(node, path, what: what)
        guard value.rounded() == value, Self.plausibleYears.contains(Int(exactly: value) ?? -1) else {
            throw expected(what, node, path)
        }
        return Int(value)
    }

    func year(key: String, _ keyNode: Node, _ path: String) throws(ScenarioError) -> Int {
        guard let year = Int(key), Self.plausibleYears.contains(year) else {
            throw expected("a year between \(Self.plausibleYears.lowerBound) and \(Self.plausibleYears.upperBound) as key", keyNode, path)
        }
        return year
    }

    func bool(_ node: Node, _ path: String) throws(ScenarioError) -> Bool {
        let raw = try plainScalar(node, path, expecting: "true or false")
        switch raw {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw expected("true or false", node, path)
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _: T.Type) throws(ScenarioError) -> T
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        let raw = try text(node, path, what: "one of \(names.joined(separator: ", "))")
        guard let value = T(rawValue: raw) else {
            throw expected("one of \(names.joined(separator: ", "))", node, path, hint: Suggestion.hint(for: raw, among: names))
        }
        return value
    }

    /// A path the scenario names (`written`, resolved to `resolved`), checked to open as a file or a
    /// folder; the error, at the key that names it, says what is true of the path.
    func checkOpens(_ written: String, at resolved: String, folder: Bool, _ node: Node, _ path: String) throws(ScenarioError) {
        guard let problem = FileProbe.problem(at: resolved, expecting: folder ? .folder : .file) else { return }
        let relative = written.hasPrefix("/") ? "" : "; paths are relative to the scenario file's folder"
        throw error(node, path, "\"\(Self.shorten(written))\" \(problem); expected \(folder ? "a folder" : "a readable file")\(relative)")
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// The checked entries of one mapping.
struct Fields {
    let node: Node
    let path: String
    let entries: [(key: String, keyNode: Node, value: Node)]

    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    func path(_ key: String) -> String {
        NodeReader.join(path, key)
    }
}
