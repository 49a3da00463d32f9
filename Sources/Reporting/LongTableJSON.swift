import Foundation

/// The JSON twin of a long-format CSV table: `{"<name>": [{"col": value, ...}, ...]}`, with the
/// columns named in `numeric` written as numbers and the rest as strings. The CSV must be the simple
/// kind CareCap writes for long tables (no quoted fields).
public enum LongTableJSON {
    public static func render(csv: String, name: String, numeric: Set<String>) -> String {
        String(decoding: render(csv: Data(csv.utf8), name: name, numeric: numeric), as: UTF8.self)
    }

    /// The same bytes from the CSV's bytes, in one pass without a String or array per line: plain
    /// ASCII fields are copied between quotes, any other field goes through
    /// `FindingsWriter.jsonString`.
    public static func render(csv: Data, name: String, numeric: Set<String>) -> Data {
        csv.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Data in
            let bytes = raw.bindMemory(to: UInt8.self)
            var out = [UInt8]()
            out.reserveCapacity(bytes.count * 4 + 64)
            out.append(contentsOf: "{\"\(name)\": [".utf8)
            var keys: [[UInt8]] = []          // `"col": ` per column
            var isNumeric: [Bool] = []
            var first = true
            var lineStart = 0
            let count = bytes.count
            while lineStart < count {
                var lineEnd = lineStart
                while lineEnd < count && bytes[lineEnd] != 10 { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart { continue }
                if keys.isEmpty {
                    let header = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                        .split(separator: 44, omittingEmptySubsequences: false)
                        .map { String(decoding: $0, as: UTF8.self) }
                    keys = header.map { Array("\"\($0)\": ".utf8) }
                    isNumeric = header.map { numeric.contains($0) }
                    continue
                }
                out.append(contentsOf: first ? "\n  {".utf8 : ",\n  {".utf8)
                first = false
                var field = 0
                var fieldStart = lineStart
                while fieldStart <= lineEnd && field < keys.count {
                    var fieldEnd = fieldStart
                    while fieldEnd < lineEnd && bytes[fieldEnd] != 44 { fieldEnd += 1 }
                    if field > 0 { out.append(44); out.append(32) }
                    out.append(contentsOf: keys[field])
                    let value = UnsafeBufferPointer(rebasing: bytes[fieldStart..<fieldEnd])
                    if isNumeric[field] && !value.isEmpty {
                        out.append(contentsOf: value)
                    } else if value.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 34 && $0 != 92 }) {
                        out.append(34)
                        out.append(contentsOf: value)
                        out.append(34)
                    } else {
                        out.append(contentsOf: FindingsWriter.jsonString(String(decoding: value, as: UTF8.self)).utf8)
                    }
                    field += 1
                    if fieldEnd >= lineEnd { break }
                    fieldStart = fieldEnd + 1
                }
                out.append(125)
            }
            out.append(contentsOf: first ? "]}\n".utf8 : "\n]}\n".utf8)
            return Data(out)
        }
    }
}
