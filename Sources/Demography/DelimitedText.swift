import Foundation

/// A delimited text file (CSV or TSV) split into a header and records that remember their line
/// numbers, so every later complaint can name the line. Decoding is strict UTF-8; every record must
/// have as many fields as the header; double-quoted fields (with "" for a quote) are accepted. The
/// census and rate tables and the siting CSVs (`SitingTable`) all read through it.
package struct DelimitedText: Sendable {
    package struct Record: Sendable {
        package let line: Int
        package let fields: [String]
    }

    package let path: String
    package let header: [String]
    package let records: [Record]

    /// `what`: the file as an error names what was expected ("a readable CSV file").
    package static func load(path: String, delimiter: Character, skippingComments: Bool = false,
                             what: String = "a readable file") throws(DataFileError) -> DelimitedText {
        if let problem = FileProbe.problem(at: path, expecting: .file) {
            throw DataFileError(path: path, line: 0, expected: what, found: problem.found)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(path: path, line: 0, expected: what, found: "a file that cannot be read")
        }
        return try parse(bytes: [UInt8](data), path: path, delimiter: delimiter, skippingComments: skippingComments)
    }

    /// `skippingComments`: lines of blanks or starting with `#` are not records (files people write by
    /// hand, such as the siting tables); the data tables have none and keep only empty lines out.
    package static func parse(bytes: [UInt8], path: String, delimiter: Character,
                              skippingComments: Bool = false) throws(DataFileError) -> DelimitedText {
        var lines: [(number: Int, text: String)] = []
        var lineNumber = 0
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var stop = end
            if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            guard let text = String(validating: bytes[start..<stop], as: UTF8.self) else {
                throw DataFileError(path: path, line: lineNumber, expected: "UTF-8 text",
                                    found: "bytes that are not valid UTF-8")
            }
            let comment = skippingComments && (text.hasPrefix("#") || text.allSatisfy(\.isWhitespace))
            if !text.isEmpty && !comment { lines.append((lineNumber, text)) }
            start = end + 1
        }
        guard let first = lines.first else {
            throw DataFileError(path: path, line: 1, expected: "a header line", found: "an empty file")
        }
        let header = try split(first.text, delimiter: delimiter, path: path, line: first.number)
        var records: [Record] = []
        records.reserveCapacity(lines.count - 1)
        for (number, text) in lines.dropFirst() {
            let fields = try split(text, delimiter: delimiter, path: path, line: number)
            guard fields.count == header.count else {
                throw DataFileError(path: path, line: number,
                                    expected: "\(header.count) fields as in the header",
                                    found: "\(fields.count) fields")
            }
            records.append(Record(line: number, fields: fields))
        }
        return DelimitedText(path: path, header: header, records: records)
    }

    private static func split(_ text: String, delimiter: Character, path: String, line: Int) throws(DataFileError) -> [String] {
        if let fields = splitUnquoted(text, delimiter: delimiter) { return fields }
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.allSatisfy(\.isWhitespace) {
                // A quote opens a quoted field after the delimiter, blanks allowed ("a", "b").
                inQuotes = true
            } else if character == delimiter {
                fields.append(trimmed(current[...]))
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !inQuotes else {
            throw DataFileError(path: path, line: line, expected: "a closing quote", found: "end of line")
        }
        fields.append(trimmed(current[...]))
        return fields
    }

    /// A line without quotes split at an ASCII delimiter by its UTF-8 bytes, each field trimmed (`trimmed`); nil for
    /// a line with a quote or a delimiter that is not ASCII (split by characters instead). Why: splitting by
    /// `Character` finds grapheme boundaries in every byte, about half of reading the national census table.
    /// Byte by byte is the same split (in valid UTF-8 an ASCII byte is always a whole scalar) except where the
    /// split by characters glued the delimiter into a grapheme cluster: a field that begins with a combining mark,
    /// joiner or spacing mark, or that ends with a prepended concatenation mark (U+0600 and the like). That split
    /// then found one field fewer (a line refused for its field count); this one splits at every delimiter.
    private static func splitUnquoted(_ text: String, delimiter: Character) -> [String]? {
        guard let separator = delimiter.asciiValue, separator != UInt8(ascii: "\"") else { return nil }
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var fields: [String] = []
            var start = 0
            for i in 0...bytes.count {
                guard i == bytes.count || bytes[i] != UInt8(ascii: "\"") else { return nil }
                guard i == bytes.count || bytes[i] == separator else { continue }
                let field = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if let first = field.first, let last = field.last, first < 0x80, last < 0x80,
                   first != 0x20, first != 0x09, last != 0x20, last != 0x09 {
                    // ASCII ends that are not blanks: nothing to trim (the only ASCII blanks are space and tab).
                    fields.append(String(decoding: field, as: UTF8.self))
                } else {
                    fields.append(trimmed(Substring(String(decoding: field, as: UTF8.self))))
                }
                start = i + 1
            }
            return fields
        }
    }

    /// `field` without the blanks Foundation's `CharacterSet.whitespaces` names (tab and the space
    /// separators, Unicode category Zs) at either end. Why not `trimmingCharacters(in:)`: it bridges
    /// every field through NSString, a tenth of a national run's setup; most fields have no blank.
    static func trimmed(_ field: Substring) -> String {
        // Foundation's set is tab, Unicode's space separators, and U+200B ZERO WIDTH SPACE (a space separator in
        // Unicode before 4.0.1, still in Foundation's set; checked against every scalar, DelimitedTextTrimTests).
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar == "\u{200B}" || scalar.properties.generalCategory == .spaceSeparator
        }
        let scalars = field.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isBlank(first) || isBlank(last) else {
            return String(field)
        }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && isBlank(scalars[start]) { start = scalars.index(after: start) }
        while end > start && isBlank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// The index of each named column; throws for the first one missing.
    func columnIndices(_ names: [String]) throws -> [Int] {
        try names.map { name in
            guard let index = header.firstIndex(of: name) else {
                throw DataFileError(path: path, line: 1, column: name, expected: "a column named \(name)",
                                    found: "no such column in the header")
            }
            return index
        }
    }

    /// An error about one field of `record`, located by line, column name and field number.
    func error(_ record: Record, _ column: Int, expected: String, found: String? = nil) -> DataFileError {
        DataFileError(path: path, line: record.line, column: header[column], field: column + 1,
                      expected: expected, found: found ?? record.fields[column])
    }

    /// A whole number from 0 to `maximum`; larger counts are refused here, so that sums of a row's
    /// cells can never overflow.
    func wholeNumber(_ record: Record, _ column: Int, maximum: Int = Int.max) throws -> Int {
        let text = record.fields[column]
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text), value <= maximum else {
            throw error(record, column, expected: maximum == Int.max ? "a whole number ≥ 0" : "a whole number from 0 to \(maximum)")
        }
        return value
    }

    func optionalWholeNumber(_ record: Record, _ column: Int, maximum: Int = Int.max) throws -> Int? {
        record.fields[column].isEmpty ? nil : try wholeNumber(record, column, maximum: maximum)
    }

    /// A finite decimal number; `minimum` adds a lower bound to the check.
    func number(_ record: Record, _ column: Int, minimum: Double? = nil) throws -> Double {
        let text = record.fields[column]
        // The expectation is made only for an error (a string per field read cost a tenth of the census table's time).
        func expectation() -> String { minimum.map { "a number ≥ \($0 == 0 ? "0" : String($0))" } ?? "a finite number" }
        guard let value = Double(text), value.isFinite else {
            throw error(record, column, expected: expectation())
        }
        if let minimum, value < minimum {
            throw error(record, column, expected: expectation())
        }
        return value
    }
}
