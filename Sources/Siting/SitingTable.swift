import Demography
import Foundation

/// A CSV file of the `siting:` section (zones, sites, costs) split into a header and records that keep
/// their line numbers, so every complaint names file, line and column. Strict UTF-8, an optional byte
/// order mark, "" quoting, every record as wide as the header.
package struct SitingTable: Sendable {
    package struct Record: Sendable {
        package let line: Int
        package let fields: [String]
    }

    package let path: String
    package let header: [String]
    package let records: [Record]

    package static func load(path: String) throws(DataFileError) -> SitingTable {
        if let problem = FileProbe.problem(at: path, expecting: .file) {
            throw DataFileError(path: path, line: 0, expected: "a readable CSV file", found: problem.found)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(path: path, line: 0, expected: "a readable CSV file", found: "a file that cannot be read")
        }
        return try parse([UInt8](data), path: path)
    }

    package static func parse(_ bytes: [UInt8], path: String) throws(DataFileError) -> SitingTable {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        var header: [String]?
        var records: [Record] = []
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var stop = end
            if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            defer { start = end + 1 }
            guard let text = String(validating: bytes[start..<stop], as: UTF8.self) else {
                throw DataFileError(path: path, line: lineNumber, expected: "UTF-8 text", found: "bytes that are not valid UTF-8")
            }
            if text.trimmingCharacters(in: .whitespaces).isEmpty || text.hasPrefix("#") { continue }
            let fields = try split(text, path: path, line: lineNumber)
            if let header {
                guard fields.count == header.count else {
                    throw DataFileError(path: path, line: lineNumber, expected: "\(header.count) fields as in the header",
                                        found: "\(fields.count) fields")
                }
                records.append(Record(line: lineNumber, fields: fields))
            } else {
                header = fields.map { $0.lowercased() }
            }
        }
        guard let header else { throw DataFileError(path: path, line: 1, expected: "a header line", found: "an empty file") }
        return SitingTable(path: path, header: header, records: records)
    }

    private static func split(_ text: String, path: String, line: Int) throws(DataFileError) -> [String] {
        guard text.contains("\"") else {
            return text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if inQuotes {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { inQuotes = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
                inQuotes = true
            } else if character == "," {
                fields.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !inQuotes else { throw DataFileError(path: path, line: line, expected: "a closing quote", found: "end of line") }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }

    package func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    package func requireColumn(_ name: String, meaning: String) throws(DataFileError) -> Int {
        guard let index = column(name) else {
            throw DataFileError(path: path, line: 1, column: name, expected: "a column \(name) (\(meaning))",
                                found: "columns \(header.joined(separator: ", "))")
        }
        return index
    }

    package func error(_ record: Record, _ column: Int, expected: String) -> DataFileError {
        DataFileError(path: path, line: record.line, column: header[column], field: column + 1,
                      expected: expected, found: record.fields[column])
    }

    /// A finite number ≥ 0 (at most 1e12: larger figures are typing mistakes).
    package func amount(_ record: Record, _ column: Int, what: String = "a number ≥ 0") throws(DataFileError) -> Double {
        let text = record.fields[column]
        guard let value = Double(text), value.isFinite, value >= 0, value <= 1e12, !text.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) else {
            throw error(record, column, expected: what)
        }
        return value
    }

    /// `amount` for an optional column: empty field or no column gives nil.
    package func optionalAmount(_ record: Record, _ column: Int?, what: String = "a number ≥ 0") throws(DataFileError) -> Double? {
        guard let column, !record.fields[column].isEmpty else { return nil }
        return try amount(record, column, what: what)
    }

    package func optionalWhole(_ record: Record, _ column: Int?, what: String, range: ClosedRange<Int>) throws(DataFileError) -> Int? {
        guard let column, !record.fields[column].isEmpty else { return nil }
        guard let value = Int(record.fields[column]), range.contains(value) else {
            throw error(record, column, expected: what)
        }
        return value
    }

    /// Longitude and latitude in degrees (WGS 84), both or neither.
    package func point(_ record: Record) throws(DataFileError) -> (longitude: Double, latitude: Double)? {
        let lonColumn = column("longitude") ?? column("lon")
        let latColumn = column("latitude") ?? column("lat")
        guard let lonColumn, let latColumn, !record.fields[lonColumn].isEmpty || !record.fields[latColumn].isEmpty else { return nil }
        guard let longitude = Double(record.fields[lonColumn]), (-180...180).contains(longitude) else {
            throw error(record, lonColumn, expected: "a longitude in degrees from -180 to 180")
        }
        guard let latitude = Double(record.fields[latColumn]), (-90...90).contains(latitude) else {
            throw error(record, latColumn, expected: "a latitude in degrees from -90 to 90")
        }
        return (longitude, latitude)
    }
}
