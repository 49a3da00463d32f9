import Demography
import Foundation
import Yams

/// A YAML file read and composed into nodes that keep their line and column, with every failure of
/// reading or parsing turned into a ScenarioError.
struct YAMLDocument {
    /// Files above this size are not scenario files; refusing them bounds memory before parsing.
    static let maximumBytes = 16 << 20

    let file: String
    let text: String
    let root: Node

    static func load(path: String, displayPath: String? = nil) throws(ScenarioError) -> YAMLDocument {
        let shown = displayPath ?? path
        let data = try readFile(path: path, shown: shown)
        let text = try decodeUTF8(data, file: shown)
        return try parse(text: text, file: shown)
    }

    static func readFile(path: String, shown: String) throws(ScenarioError) -> Data {
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(file: shown, line: nil, column: nil, keyPath: "", message: message)
        }
        if let problem = FileProbe.problem(at: path, expecting: .file) {
            throw fail("\(problem); expected a scenario file (YAML)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw fail("cannot be opened for reading (check its permissions)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw fail("cannot be read: \(error.localizedDescription)")
        }
        if data.count > maximumBytes {
            throw fail("is larger than \(maximumBytes >> 20) MiB; expected a scenario file, not a data file")
        }
        return data
    }

    static func decodeUTF8(_ data: Data, file: String) throws(ScenarioError) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = firstInvalidUTF8Offset(bytes) {
            let (line, column) = position(ofByte: bad, in: bytes)
            let shown = String(format: "0x%02X", bytes[bad])
            throw ScenarioError(file: file, line: line, column: column, keyPath: "",
                                message: "expected UTF-8 text, found the byte \(shown) (save the file as UTF-8)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func parse(text: String, file: String) throws(ScenarioError) -> YAMLDocument {
        // A byte order mark is not YAML content; libyaml refuses it once the text is a Swift string.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        try YAMLPrescan.check(text: text, file: file)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw translate(error, file: file, text: text)
        } catch {
            throw ScenarioError(file: file, line: nil, column: nil, keyPath: "",
                                message: "is not valid YAML: \(error)")
        }
        guard let node, !(node.scalar.map { $0.string.isEmpty && $0.style == .plain } ?? false) else {
            throw ScenarioError(file: file, line: nil, column: nil, keyPath: "",
                                message: "is empty; expected a mapping that starts with `carecap: 1`")
        }
        return YAMLDocument(file: file, text: text, root: node)
    }

    private static func translate(_ error: YamlError, file: String, text: String) -> ScenarioError {
        func at(_ mark: Mark, _ message: String) -> ScenarioError {
            ScenarioError(file: file, line: mark.line, column: mark.column, keyPath: "", message: message)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let while_ = context.map { context in
                // Name where an unclosed quote or bracket started, when the problem is found later.
                let started = context.mark.line != mark.line
                    ? " (started at line \(context.mark.line), column \(context.mark.column))" : ""
                return " \(context.text)\(started)"
            } ?? ""
            if problem.contains("Maximum nesting level") {
                return at(mark, "YAML nested too deeply (more than 1000 levels); expected a scenario file")
            }
            if let context, context.text.hasPrefix("expected") {
                // The composer's "expected a single document in the stream" reads first.
                return at(mark, "YAML syntax error: \(context.text), \(problem)")
            }
            return at(mark, "YAML syntax error: \(problem)\(while_)")
        case let .reader(problem, offset, _, _):
            let (line, column) = offset.map { position(ofByte: $0, in: Array(text.utf8)) } ?? (1, 1)
            return ScenarioError(file: file, line: line, column: column, keyPath: "",
                                 message: "cannot be read as YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let repeated = repeatedKeyLine(key: key, after: context.mark, in: text)
            let first = context.mark
            return ScenarioError(
                file: file, line: repeated?.line ?? first.line, column: repeated?.column ?? first.column, keyPath: "",
                message: "duplicate key \"\(key)\" (first given at line \(first.line)); expected each key once per mapping")
        case .memory:
            return ScenarioError(file: file, line: nil, column: nil, keyPath: "", message: "YAML parser ran out of memory")
        default:
            return ScenarioError(file: file, line: nil, column: nil, keyPath: "", message: "is not valid YAML: \(error)")
        }
    }

    /// Where a duplicated key appears the second time: the next line with the same key at the same column.
    private static func repeatedKeyLine(key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        for index in mark.line..<lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            let column = line.count - trimmed.count + 1
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where trimmed.hasPrefix(candidate) {
                let rest = trimmed.dropFirst(candidate.count).drop { $0 == " " }
                if rest.first == ":" { return (index + 1, column) }
            }
        }
        return nil
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            let lowerSecond: UInt8, upperSecond: UInt8
            switch b {
            case 0xC2...0xDF: length = 2; lowerSecond = 0x80; upperSecond = 0xBF
            case 0xE0: length = 3; lowerSecond = 0xA0; upperSecond = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; lowerSecond = 0x80; upperSecond = 0xBF
            case 0xED: length = 3; lowerSecond = 0x80; upperSecond = 0x9F
            case 0xF0: length = 4; lowerSecond = 0x90; upperSecond = 0xBF
            case 0xF1...0xF3: length = 4; lowerSecond = 0x80; upperSecond = 0xBF
            case 0xF4: length = 4; lowerSecond = 0x80; upperSecond = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            guard bytes[i + 1] >= lowerSecond, bytes[i + 1] <= upperSecond else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 {
                return i
            }
            i += length
        }
        return nil
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let prefix = bytes[lineStart..<min(offset, bytes.count)]
        let column = prefix.filter { $0 & 0xC0 != 0x80 }.count + 1
        return (line, column)
    }
}
