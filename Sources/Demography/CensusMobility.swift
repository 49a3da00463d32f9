import Foundation

/// Each census unit's in-migrant share: residents whose hukou is registered in another county (of the
/// same province or another) over all residents, from the census's extra columns
/// (`county_extra.csv`: `code, urban, rural, hukou_elsewhere_same_county,
/// hukou_elsewhere_other_county_same_province, hukou_elsewhere_other_province, …`).
///
/// Moves within a county (`hukou_elsewhere_same_county`) are left out: they do not change the
/// county's population. The share measures how much of an area's population is made of migrants,
/// which is what its net migration can swing by.
public struct CensusMobility: Sendable, Equatable {
    /// Code → in-migrant share, 0...1.
    public let share: [String: Double]

    public init(share: [String: Double]) { self.share = share }

    static let required = ["code", "urban", "rural", "hukou_elsewhere_other_county_same_province",
                           "hukou_elsewhere_other_province"]

    public static func load(path: String) throws -> CensusMobility {
        try CensusMobility(text: DelimitedText.load(path: path, delimiter: ","))
    }

    public static func parse(bytes: [UInt8], path: String) throws -> CensusMobility {
        try CensusMobility(text: DelimitedText.parse(bytes: bytes, path: path, delimiter: ","))
    }

    init(text: DelimitedText) throws {
        var index: [String: Int] = [:]
        for name in Self.required {
            guard let i = text.header.firstIndex(of: name) else {
                throw DataFileError(path: text.path, line: 1, column: name, expected: "a column \"\(name)\" (county_extra.csv layout)",
                                    found: "a header without it")
            }
            index[name] = i
        }
        var share: [String: Double] = [:]
        var lineOfCode: [String: Int] = [:]
        for record in text.records {
            // Fields come trimmed of Foundation's whitespace set by `DelimitedText` (`trimmed`): trimming them again
            // through Foundation was most of reading the national county_extra.csv.
            let code = record.fields[index["code"]!]
            guard code.count == 6, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else {
                throw DataFileError(path: text.path, line: record.line, column: "code", field: index["code"]! + 1,
                                    expected: "a 6-digit area code", found: "\"\(code)\"")
            }
            if let first = lineOfCode[code] {
                throw DataFileError(path: text.path, line: record.line, column: "code", field: index["code"]! + 1,
                                    expected: "each code once", found: "\(code) again (first on line \(first))")
            }
            lineOfCode[code] = record.line
            func count(_ name: String) throws -> Double? {
                let field = record.fields[index[name]!]
                if field.isEmpty { return nil }
                guard let value = Double(field), value.isFinite, value >= 0, value <= 1e10, value == value.rounded() else {
                    throw DataFileError(path: text.path, line: record.line, column: name, field: index[name]! + 1,
                                        expected: "a whole count of people from 0 to 10^10", found: "\"\(field)\"")
                }
                return value
            }
            // An empty cell (the source leaves a few blank) leaves the row out: the area takes its
            // parent's share (`share(of:)`), named in a warning, rather than a share made too small.
            let cells = try Self.required.dropFirst().map(count)
            guard let urban = cells[0], let rural = cells[1], let sameProvince = cells[2], let otherProvince = cells[3] else { continue }
            let total = urban + rural
            let migrants = sameProvince + otherProvince
            guard migrants <= total else {
                throw DataFileError(path: text.path, line: record.line, column: "hukou_elsewhere_other_province",
                                    field: index["hukou_elsewhere_other_province"]! + 1,
                                    expected: "residents with hukou in another county at most all residents (urban + rural = \(Int(total)))",
                                    found: "\(Int(migrants))")
            }
            share[code] = total > 0 ? migrants / total : 0
        }
        self.share = share
    }

    /// The share of `code`, else of its prefecture (`xxxx00`), else of its province (`xx0000`): a zone
    /// or a new unit missing from the file takes its parent's; nil when none is listed.
    public func share(of code: String) -> (value: Double, from: String)? {
        if let value = share[code] { return (value, code) }
        guard code.count == 6 else { return nil }
        for parent in [String(code.prefix(4)) + "00", String(code.prefix(2)) + "0000"] where parent != code {
            if let value = share[parent] { return (value, parent) }
        }
        return nil
    }
}
