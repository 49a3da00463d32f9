import Demography
import Foundation

/// A CSV file of the `siting:` section (zones, sites, costs) split into a header and records that keep
/// their line numbers, so every complaint names file, line and column. Strict UTF-8, an optional byte
/// order mark, "" quoting, every record as wide as the header.
package struct SitingTable: Sendable {
    package typealias Record = DelimitedText.Record

    package let path: String
    package let header: [String]
    package let records: [Record]

    /// Through the data files' reader, with comment lines allowed and column names in lower case.
    package static func load(path: String) throws(DataFileError) -> SitingTable {
        SitingTable(try DelimitedText.load(path: path, delimiter: ",", skippingComments: true, what: "a readable CSV file"))
    }

    package static func parse(_ bytes: [UInt8], path: String) throws(DataFileError) -> SitingTable {
        SitingTable(try DelimitedText.parse(bytes: bytes, path: path, delimiter: ",", skippingComments: true))
    }

    init(_ text: DelimitedText) {
        path = text.path
        header = text.header.map { $0.lowercased() }
        records = text.records
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
