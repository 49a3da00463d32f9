import Foundation

/// One row of the census table (layout of `county_age5_sex.csv`).
public struct CensusRow: Sendable {
    /// The 19 age groups of the file: 0, 1-4, 5-9, ..., 80-84, 85+.
    public static let ageGroupLabels: [String] =
        ["0", "1-4"] + stride(from: 5, through: 80, by: 5).map { "\($0)-\($0 + 4)" } + ["85+"]

    public let line: Int
    /// 6-digit division code; empty for the national row and for zones.
    public let code: String
    public let level: String
    public let province: String
    public let prefecture: String
    /// The unit's own name (the `county` column, which repeats the unit's name on higher levels).
    public let name: String
    public let total: Int
    public let male: Int
    public let female: Int
    public let familyHouseholds: Int?
    public let familyHouseholdPopulation: Int?
    public let householdsWith65Plus: Int?
    /// Counts by the 19 age groups, or nil when the row has no age data.
    public let maleAgeGroups: [Double]?
    public let femaleAgeGroups: [Double]?

    public func ageGroups(_ sex: Sex) -> [Double]? { sex == .male ? maleAgeGroups : femaleAgeGroups }

    /// The key used by `CensusTable.select(codes:)`: the code, or the name for rows without one.
    public var key: String { code.isEmpty ? name : code }

    /// Persons per family household at the census, when both household columns are present.
    public var personsPerHousehold: Double? {
        guard let people = familyHouseholdPopulation, let households = familyHouseholds, households > 0,
              people > 0 else { return nil }
        return Double(people) / Double(households)
    }

    /// Sum of the 38 age cells, or nil without age data.
    public var ageCellSum: Int? {
        guard let m = maleAgeGroups, let f = femaleAgeGroups else { return nil }
        return Int((m.reduce(0, +) + f.reduce(0, +)).rounded())
    }
}

/// A census row that cannot be projected, and why.
public struct CensusWarning: Sendable, CustomStringConvertible, Equatable {
    public enum Problem: Sendable, Equatable {
        case noAgeData
        case ageCellsDoNotSumToTotal(sum: Int, total: Int)
    }
    public let path: String
    public let line: Int
    public let key: String
    public let name: String
    public let problem: Problem

    public var description: String {
        switch problem {
        case .noAgeData:
            return "\(path):\(line): \(name) (\(key)) has no age data and is left out"
        case let .ageCellsDoNotSumToTotal(sum, total):
            return "\(path):\(line): \(name) (\(key)): the 38 age cells sum to \(sum), not to total \(total); left out"
        }
    }
}

/// Rows chosen for a projection, with the rows left out by a default selection.
public struct CensusSelection: Sendable {
    public let rows: [CensusRow]
    public let warnings: [CensusWarning]
}

/// A census table in the layout of `Scenarios/data/census2020/county_age5_sex.csv` (any base year:
/// the year is not in the file and is given by the caller).
///
/// ```swift
/// let census = try CensusTable.load(path: "Scenarios/data/census2020/county_age5_sex.csv")
/// let all = try census.select()                       // every county row; problems become warnings
/// let dehong = try census.select(codes: ["533102", "533103"]) // problems become errors
/// ```
/// Malformed files throw `DataFileError` naming file, line and column. In a row with age data an
/// empty age cell means 0 (the source leaves zero cells empty); a row whose 38 age cells are all
/// empty has no age data.
public struct CensusTable: Sendable {
    public let path: String
    public let rows: [CensusRow]

    static let fixedColumns = ["code", "level", "province", "prefecture", "county", "total", "male", "female",
                               "family_households", "family_household_population", "households_with_65plus"]
    static let maleColumns = CensusRow.ageGroupLabels.map { "M_\($0)" }
    static let femaleColumns = CensusRow.ageGroupLabels.map { "F_\($0)" }

    public static func load(path: String) throws -> CensusTable {
        try CensusTable(text: DelimitedText.load(path: path, delimiter: ","))
    }

    /// Parses file contents already in memory; `path` only names the source in errors.
    public static func parse(bytes: [UInt8], path: String) throws -> CensusTable {
        try CensusTable(text: DelimitedText.parse(bytes: bytes, path: path, delimiter: ","))
    }

    private init(text: DelimitedText) throws {
        let fixed = try text.columnIndices(Self.fixedColumns)
        let maleColumns = try text.columnIndices(Self.maleColumns)
        let femaleColumns = try text.columnIndices(Self.femaleColumns)
        var rows: [CensusRow] = []
        rows.reserveCapacity(text.records.count)
        for record in text.records {
            let f = record.fields
            let code = f[fixed[0]]
            if !code.isEmpty && !(code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }) {
                throw DataFileError(path: text.path, line: record.line, column: "code",
                                    expected: "a 6-digit division code or nothing", found: code)
            }
            let allEmpty = (maleColumns + femaleColumns).allSatisfy { f[$0].isEmpty }
            func groups(_ columns: [Int]) throws -> [Double]? {
                if allEmpty { return nil }
                return try columns.map { f[$0].isEmpty ? 0 : Double(try text.wholeNumber(record, $0)) }
            }
            rows.append(CensusRow(
                line: record.line, code: code, level: f[fixed[1]], province: f[fixed[2]],
                prefecture: f[fixed[3]], name: f[fixed[4]],
                total: try text.wholeNumber(record, fixed[5]),
                male: try text.wholeNumber(record, fixed[6]),
                female: try text.wholeNumber(record, fixed[7]),
                familyHouseholds: try text.optionalWholeNumber(record, fixed[8]),
                familyHouseholdPopulation: try text.optionalWholeNumber(record, fixed[9]),
                householdsWith65Plus: try text.optionalWholeNumber(record, fixed[10]),
                maleAgeGroups: try groups(maleColumns), femaleAgeGroups: try groups(femaleColumns)))
        }
        self.path = text.path
        self.rows = rows
    }

    /// The problem that keeps a row out of a projection, if any.
    public func problem(of row: CensusRow) -> CensusWarning? {
        guard let sum = row.ageCellSum else {
            return CensusWarning(path: path, line: row.line, key: row.key, name: row.name, problem: .noAgeData)
        }
        guard sum == row.total else {
            return CensusWarning(path: path, line: row.line, key: row.key, name: row.name,
                                 problem: .ageCellsDoNotSumToTotal(sum: sum, total: row.total))
        }
        return nil
    }

    /// Rows by key (division code, or the name for rows without a code, e.g. "全国" for the nation).
    /// With `codes == nil`: every `county` row; rows without usable age data become warnings.
    /// With codes: the rows in the order given; an unknown code or a named row without usable age
    /// data throws `CensusSelectionError`.
    public func select(codes: [String]? = nil) throws -> CensusSelection {
        guard let codes else {
            var chosen: [CensusRow] = []
            var warnings: [CensusWarning] = []
            for row in rows where row.level == "county" {
                if let warning = problem(of: row) { warnings.append(warning) } else { chosen.append(row) }
            }
            return CensusSelection(rows: chosen, warnings: warnings)
        }
        var byKey: [String: CensusRow] = [:]
        for row in rows where byKey[row.key] == nil { byKey[row.key] = row }
        var chosen: [CensusRow] = []
        var seen = Set<String>()
        for code in codes where seen.insert(code).inserted {
            guard let row = byKey[code] else {
                throw CensusSelectionError.unknownArea(path: path, key: code)
            }
            if let warning = problem(of: row) { throw CensusSelectionError.unusableArea(warning) }
            chosen.append(row)
        }
        return CensusSelection(rows: chosen, warnings: [])
    }
}

/// An area asked for by the caller that the census cannot provide.
public enum CensusSelectionError: Error, CustomStringConvertible, Sendable, Equatable {
    case unknownArea(path: String, key: String)
    case unusableArea(CensusWarning)

    public var description: String {
        switch self {
        case let .unknownArea(path, key):
            return "\(path): no row with code or name \"\(key)\""
        case let .unusableArea(warning):
            return warning.description.replacingOccurrences(of: "; left out", with: "")
                .replacingOccurrences(of: " and is left out", with: "")
        }
    }
}
