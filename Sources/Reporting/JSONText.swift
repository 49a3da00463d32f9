import Demography
import Foundation

/// JSON that cannot be broken: small documents through `JSONEncoder` with sorted keys (byte-identical
/// reruns), and long tables through a streaming writer that escapes every string it writes.
package enum JSONText {
    /// Pretty-printed, keys sorted, slashes unescaped, a final newline.
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (`JSONStringLiteral`).
    package static func string(_ text: String) -> String { JSONStringLiteral.of(text) }

    /// `{"<name>": [{...}, ...]}` written row by row: the long tables' JSON twins.
    package struct RowWriter {
        package private(set) var bytes: [UInt8] = []
        var rows = 0
        var fields = 0

        package init(name: String, reserving capacity: Int = 0) {
            bytes.reserveCapacity(capacity + 64)
            bytes.append(contentsOf: "{\(JSONText.string(name)): [".utf8)
        }

        package mutating func beginRow() {
            bytes.append(contentsOf: (rows == 0 ? "\n  {" : ",\n  {").utf8)
            rows += 1
            fields = 0
        }

        mutating func key(_ key: String) {
            if fields > 0 { bytes.append(contentsOf: ", ".utf8) }
            fields += 1
            bytes.append(contentsOf: JSONText.string(key).utf8)
            bytes.append(contentsOf: ": ".utf8)
        }

        package mutating func text(_ key: String, _ value: String) {
            self.key(key)
            bytes.append(contentsOf: JSONText.string(value).utf8)
        }

        /// A number as the CSV writes it (fixed decimals); null when not finite (JSON has no NaN).
        package mutating func number(_ key: String, _ value: Double, decimals: Int) {
            self.key(key)
            if value.isFinite { CSVWriter.appendNumber(value, decimals: decimals, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        }

        /// A value already in JSON form (a number as the CSV wrote it, or null).
        package mutating func raw(_ key: String, _ json: String) {
            self.key(key)
            bytes.append(contentsOf: json.utf8)
        }

        package mutating func integer(_ key: String, _ value: Int) {
            self.key(key)
            bytes.append(contentsOf: String(value).utf8)
        }

        package mutating func endRow() { bytes.append(UInt8(ascii: "}")) }

        package mutating func finish() -> Data {
            bytes.append(contentsOf: (rows == 0 ? "]}\n" : "\n]}\n").utf8)
            return Data(bytes)
        }
    }
}
