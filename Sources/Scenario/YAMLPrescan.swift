import CYaml
import Foundation

/// One pass over the YAML event stream before Yams composes nodes, for what composing cannot survive
/// or cannot place:
/// - files of more than `NodeReader.nodeBudget` values, which would take seconds and gigabytes to compose;
/// - aliases that expand past `NodeReader.nodeBudget` nodes (billion laughs): Yams hashes every
///   mapping key while composing, so an alias bomb used as a key would run for hours;
/// - keys that are not plain scalars (lists, mappings or aliases as keys), for the same reason;
/// - duplicate keys, reported at their second occurrence with their key path (Yams reports neither).
/// - tags (`!!python/object`, `!foo`), which Yams keeps and the readers would silently ignore: a tag
///   asks for a type or a constructor a scenario has no use for, so it is refused where it is written.
///   Only YAML's own core-schema tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`,
///   `!!map`) pass, since they change nothing a reader does.
/// Syntax errors are left to the composer, which reports them with the same marks.
enum YAMLPrescan {
    private struct Frame {
        let isMapping: Bool
        let anchor: String?
        let path: String
        /// Nodes below this collection once aliases are expanded, itself included.
        var size = 1
        var index = 0
        var expectingKey = true
        var currentKey: String?
        var keyLines: [String: Int] = [:]
    }

    static func check(text: String, file: String, aliasBudget: Int = NodeReader.nodeBudget) throws(ScenarioError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        let failure: ScenarioError? = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            return walk(&parser, file: file, aliasBudget: aliasBudget)
        }
        if let failure { throw failure }
    }

    static let coreSchema = "tag:yaml.org,2002:"
    static let coreTags: Set<String> = Set(["str", "int", "float", "bool", "null", "seq", "map"].map { coreSchema + $0 })

    /// A resolved tag as it is usually written: `tag:yaml.org,2002:python/object` is `!!python/object`.
    static func display(tag: String) -> String {
        let shown = tag.hasPrefix(coreSchema) ? "!!" + tag.dropFirst(coreSchema.count) : tag
        return NodeReader.shorten(shown)
    }

    private static func walk(_ parser: inout yaml_parser_t, file: String, aliasBudget: Int) -> ScenarioError? {
        var stack: [Frame] = []
        var anchorSizes: [String: Int] = [:]
        var expanded = 0

        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int? = nil) -> String? {
            guard let pointer else { return nil }
            let count = length ?? strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
            return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
        }
        func fail(_ mark: yaml_mark_t, _ path: String, _ message: String) -> ScenarioError {
            ScenarioError(file: file, line: mark.line + 1, column: mark.column + 1, keyPath: path, message: message)
        }
        /// Where the next node goes; a non-nil error when it is a key that is not a plain scalar.
        func place(_ mark: yaml_mark_t, scalarKey: String?, found: String) -> (path: String, error: ScenarioError?) {
            guard var top = stack.popLast() else { return ("", nil) }
            defer { stack.append(top) }
            if !top.isMapping {
                let path = "\(top.path)[\(top.index)]"
                top.index += 1
                return (path, nil)
            }
            if top.expectingKey {
                guard let key = scalarKey else {
                    return (top.path, fail(mark, top.path, "expected a plain key, found \(found)"))
                }
                let path = NodeReader.join(top.path, key)
                if let first = top.keyLines[key] {
                    return (path, fail(mark, path, "duplicate key \"\(NodeReader.shorten(key))\" (first given at line \(first)); expected each key once per mapping"))
                }
                top.keyLines[key] = mark.line + 1
                top.currentKey = key
                top.expectingKey = false
                return (path, nil)
            }
            top.expectingKey = true
            return (NodeReader.join(top.path, top.currentKey ?? ""), nil)
        }
        var nodes = 0
        /// Counts one node as written; composing millions of them would take seconds and gigabytes.
        func written(_ mark: yaml_mark_t, _ path: String) -> ScenarioError? {
            nodes += 1
            guard nodes > aliasBudget else { return nil }
            return fail(mark, path, "the file has more than \(aliasBudget) YAML values; expected a scenario of ordinary size, not a data file")
        }
        /// An error for a tag other than the core schema's; nil for none.
        func tagError(_ tag: UnsafeMutablePointer<yaml_char_t>?, _ mark: yaml_mark_t, _ path: String) -> ScenarioError? {
            guard let tag = string(tag), !coreTags.contains(tag) else { return nil }
            return fail(mark, path, "unsupported YAML tag \(display(tag: tag)); expected a plain value without a tag (scenario files take no tags)")
        }
        func add(_ size: Int) {
            if !stack.isEmpty { stack[stack.count - 1].size += size }
        }

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let value = string(scalar.value, length: scalar.length) ?? ""
                let (path, error) = place(mark, scalarKey: value, found: "")
                if let error = error ?? tagError(scalar.tag, mark, path) ?? written(mark, path) { return error }
                if let anchor = string(scalar.anchor) { anchorSizes[anchor] = 1 }
                add(1)
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                let (path, error) = place(mark, scalarKey: nil, found: "an alias (*\(name))")
                if let error { return error }
                let size = anchorSizes[name] ?? 1
                expanded += size
                if expanded > aliasBudget {
                    return fail(mark, path, "alias *\(name) takes the file past \(aliasBudget) YAML nodes once expanded (an alias bomb?); expected a scenario of ordinary size")
                }
                add(size)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let (path, error) = place(mark, scalarKey: nil, found: isMapping ? "a mapping" : "a list")
                let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                if let error = error ?? tagError(tag, mark, path) ?? written(mark, path) { return error }
                let anchor = string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                stack.append(Frame(isMapping: isMapping, anchor: anchor, path: path))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = stack.popLast() else { return nil }
                if let anchor = done.anchor { anchorSizes[anchor] = done.size }
                add(done.size)
            default:
                continue
            }
        }
    }
}
