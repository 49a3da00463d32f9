import Yams

/// A rule or preset file that breaks the schema: the file, the line and column, and what is wrong.
public struct RuleFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads YAML nodes against the rule schema; every error carries the node's mark.
struct RuleFileReader {
    let file: String

    func error(_ node: Node?, _ message: String) -> RuleFileError {
        RuleFileError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    func document(_ text: String) throws(RuleFileError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RuleFileError(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        } catch {
            throw RuleFileError(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
        guard let node else { throw RuleFileError(file: file, line: 1, column: 1, message: "the file is empty") }
        return node
    }

    /// A mapping's entries in file order; a key outside `allowed` or given twice, or a `required` key
    /// missing, is an error.
    func fields(_ node: Node, allowed: [String], required: [String], what: String) throws(RuleFileError) -> Fields {
        guard case .mapping(let mapping) = node else { throw error(node, "expected \(what) (a mapping), found \(describe(node))") }
        var fields = Fields(node: node)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard allowed.contains(key) else {
                throw error(keyNode, "unknown key \"\(key)\" in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
            guard fields.values[key] == nil else { throw error(keyNode, "key \"\(key)\" given twice in \(what)") }
            fields.values[key] = value
        }
        for key in required where fields.values[key] == nil {
            throw error(node, "missing key \"\(key)\" in \(what)")
        }
        return fields
    }

    /// A mapping whose keys are names chosen by the file (parameters, rule ids, dates), in file order.
    func entries(_ node: Node, what: String) throws(RuleFileError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, "expected \(what) (a mapping), found \(describe(node))") }
        var seen: Set<String> = []
        var out: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard seen.insert(key).inserted else { throw error(keyNode, "\"\(key)\" given twice in \(what)") }
            out.append((key, keyNode, value))
        }
        return out
    }

    func text(_ node: Node, what: String) throws(RuleFileError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            throw error(node, "expected \(what) (text), found \(describe(node))")
        }
        return scalar.string
    }

    func texts(_ node: Node, what: String) throws(RuleFileError) -> [String] {
        guard case .sequence(let sequence) = node else { throw error(node, "expected \(what) (a list), found \(describe(node))") }
        var out: [String] = []
        for item in sequence { out.append(try text(item, what: what)) }
        return out
    }

    func number(_ node: Node, what: String) throws(RuleFileError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
            throw error(node, "expected \(what) (a number), found \(describe(node))")
        }
        return value
    }

    func bool(_ node: Node, what: String) throws(RuleFileError) -> Bool {
        switch node.string {
        case "true": return true
        case "false": return false
        default: throw error(node, "expected \(what) (true or false), found \(describe(node))")
        }
    }

    /// A value of a closed set (a Swift enum with string raw values).
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ type: T.Type, what: String) throws(RuleFileError) -> T
        where T.RawValue == String
    {
        let raw = try text(node, what: what)
        guard let value = T(rawValue: raw) else {
            throw error(node, "unknown \(what) \"\(raw)\"; expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): s.string.isEmpty ? "nothing" : "\"\(s.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    struct Fields {
        let node: Node
        var values: [String: Node] = [:]
        subscript(key: String) -> Node? { values[key] }
    }
}
