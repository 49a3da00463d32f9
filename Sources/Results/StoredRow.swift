import Foundation
import GRDB

/// One row of a store table, read with every cell checked against what the writer puts there: a
/// store edited by hand or damaged gives an error naming the table, the row (its fid) and the column,
/// never a trap on a NULL, a wrong type or a number no report can print.
struct StoredRow {
    let row: Row
    let table: String
    let path: String

    /// Counts and values above this are not from a run (China has 1.4e9 people); bounding them keeps
    /// every report's arithmetic and integer formatting in range.
    static let maximumMagnitude = 1e12

    var fid: String {
        guard row.hasColumn("fid") else { return "?" }
        let value: DatabaseValue = row["fid"]
        return Self.describe(value)
    }

    func failure(_ column: String, expected: String, found: DatabaseValue) -> ResultStore.Failure {
        .malformed(path, table, "row fid \(fid), column \(column): expected \(expected), found \(Self.describe(found))")
    }

    static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): "\"\(s.count > 60 ? s.prefix(60) + "…" : s)\""
        case .blob(let b): "a blob of \(b.count) bytes"
        }
    }

    func value(_ column: String) throws -> DatabaseValue {
        guard row.hasColumn(column) else { throw ResultStore.Failure.malformed(path, table, "no column \(column)") }
        return row[column]
    }

    func text(_ column: String) throws -> String {
        let value = try value(column)
        guard case .string(let text) = value.storage else { throw failure(column, expected: "text", found: value) }
        return text
    }

    func optionalText(_ column: String) throws -> String? {
        let value = try value(column)
        if value.isNull { return nil }
        guard case .string(let text) = value.storage else { throw failure(column, expected: "text or NULL", found: value) }
        return text
    }

    /// A whole number within `range`, described as `what` in the error.
    func integer(_ column: String, in range: ClosedRange<Int>, _ what: String) throws -> Int {
        let value = try value(column)
        guard case .int64(let i) = value.storage, range.contains(Int(i)) else {
            throw failure(column, expected: "\(what), a whole number from \(range.lowerBound) to \(range.upperBound)", found: value)
        }
        return Int(i)
    }

    func optionalInteger(_ column: String, in range: ClosedRange<Int>, _ what: String) throws -> Int? {
        if try value(column).isNull { return nil }
        return try integer(column, in: range, what)
    }

    /// A number within `range`; NULL (how the store keeps an unknown value) is nil.
    func optionalNumber(_ column: String, in range: ClosedRange<Double>) throws -> Double? {
        let value = try value(column)
        let number: Double
        switch value.storage {
        case .null: return nil
        case .int64(let i): number = Double(i)
        case .double(let d): number = d
        default: number = .nan
        }
        guard number.isFinite, range.contains(number) else {
            throw failure(column, expected: "a number from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound)) or NULL", found: value)
        }
        return number
    }

    /// The same, with NULL read as NaN (unknown), as the result types keep it.
    func number(_ column: String, in range: ClosedRange<Double> = -maximumMagnitude...maximumMagnitude) throws -> Double {
        try optionalNumber(column, in: range) ?? .nan
    }

    /// A value of a closed set, by its text; `expected` names the set in the error.
    func choice<T: RawRepresentable>(_ column: String, _: T.Type, expected: String) throws -> T where T.RawValue == String {
        let value = try value(column)
        guard case .string(let text) = value.storage, let choice = T(rawValue: text) else {
            throw failure(column, expected: expected, found: value)
        }
        return choice
    }

    static func show(_ bound: Double) -> String {
        abs(bound) >= 1e6 ? (bound < 0 ? "-" : "") + "1e\(Int(log10(abs(bound))))" : String(format: "%g", bound)
    }
}
