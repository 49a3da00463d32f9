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

    /// Sum of the 38 age cells, or nil without age data. Cells are at most
    /// `CensusTable.maximumCount` each (checked at load), so the sum is exact in a Double and far
    /// inside Int; a sum that is not (a row built elsewhere) counts as no age data.
    public var ageCellSum: Int? {
        guard let m = maleAgeGroups, let f = femaleAgeGroups else { return nil }
        return Self.exactCount(m.reduce(0, +) + f.reduce(0, +))
    }

    /// Sum of one sex's 19 age cells, or nil without age data.
    public func ageCellSum(_ sex: Sex) -> Int? {
        ageGroups(sex).flatMap { Self.exactCount($0.reduce(0, +)) }
    }

    private static func exactCount(_ sum: Double) -> Int? {
        guard sum.isFinite, sum >= 0, sum < 9.0e15 else { return nil }
        return Int(sum.rounded())
    }
}

/// A census row that cannot be projected, and why.
public struct CensusWarning: Sendable, CustomStringConvertible, Equatable {
    public enum Problem: Sendable, Equatable {
        case noAgeData
        case ageCellsDoNotSumToTotal(sum: Int, total: Int)
        /// One sex's 19 age cells do not sum to that sex's column (`male` or `female`).
        case sexCellsDoNotSumToSexTotal(sex: Sex, sum: Int, total: Int)
    }
    public let path: String
    public let line: Int
    public let key: String
    public let name: String
    public let problem: Problem
    /// The row's resident population, so a row left out is counted in the warning.
    public var total: Int = 0
    /// 1-based field number of the column the problem is reported against (`total`, `male`,
    /// `female`), when there is one.
    public var field: Int? = nil

    /// The column the problem is reported against.
    public var column: String? {
        switch problem {
        case .noAgeData: return nil
        case .ageCellsDoNotSumToTotal: return "total"
        case let .sexCellsDoNotSumToSexTotal(sex, _, _): return sex == .male ? "male" : "female"
        }
    }

    /// What is wrong, without the location.
    public var message: String {
        switch problem {
        case .noAgeData:
            return "\(name) (\(key)) has no age data (\(total) residents)"
        case let .ageCellsDoNotSumToTotal(sum, total):
            return "\(name) (\(key)): the 38 age cells sum to \(sum), not to total \(total)"
        case let .sexCellsDoNotSumToSexTotal(sex, sum, total):
            let column = sex == .male ? "male" : "female"
            return "\(name) (\(key)): the 19 \(column) age cells sum to \(sum), not to \(column) \(total)"
        }
    }

    public var location: String { "\(path):\(line)" + (field.map { ":\($0)" } ?? "") }

    public var description: String {
        switch problem {
        case .noAgeData: return "\(location): \(message) and is left out"
        default: return "\(location): \(message); left out"
        }
    }
}

/// Leaf rows chosen for a projection, their parents, and the leaves left out for want of usable
/// age data.
public struct CensusSelection: Sendable {
    public let rows: [CensusRow]
    /// Per row: the key of its prefecture row and of its province row, "" when it has none
    /// (directly administered counties have no prefecture row).
    public let prefectureKeys: [String]
    public let provinceKeys: [String]
    /// Per row: the name of its prefecture row ("" when it has none). A row's own `prefecture` column
    /// can differ (the islands of 三沙市 repeat their own name there), so regions take the parent row's.
    public let prefectureNames: [String]
    public let warnings: [CensusWarning]
}

/// A census table in the layout of `Scenarios/data/census2020/county_age5_sex.csv` (any base year:
/// the year is not in the file and is given by the caller).
///
/// ```swift
/// let census = try CensusTable.load(path: "Scenarios/data/census2020/county_age5_sex.csv")
/// let all = try census.select()                       // every leaf unit; problems become warnings
/// let dehong = try census.select(codes: ["533102", "533103"]) // problems become errors
/// ```
/// Malformed files throw `DataFileError` naming file, line and column. In a row with age data an
/// empty age cell means 0 (the source leaves zero cells empty); a row whose 38 age cells are all
/// empty has no age data.
public struct CensusTable: Sendable {
    public let path: String
    public let rows: [CensusRow]

    /// The largest count a cell, total or household column may hold: ten billion, more than the
    /// world's population. Larger values are errors, and 38 cells of at most this much sum far
    /// inside Int and exactly in a Double.
    public static let maximumCount = 10_000_000_000

    /// The largest family-household size accepted: the 2020 census's largest county value is 5.0.
    static let maximumPersonsPerHousehold = 10.0

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
        let limit = Self.maximumCount
        var rows: [CensusRow] = []
        rows.reserveCapacity(text.records.count)
        var lineOfCode: [String: Int] = [:]
        for record in text.records {
            let f = record.fields
            let code = f[fixed[0]]
            if !code.isEmpty && !(code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }) {
                throw text.error(record, fixed[0], expected: "a 6-digit division code or nothing")
            }
            // A code twice would be selected once and silently drop the other row, or (every
            // county row by default) be projected and reported twice.
            if !code.isEmpty {
                if let first = lineOfCode[code] {
                    throw text.error(record, fixed[0], expected: "each division code once (\(code) is already on line \(first))",
                                     found: "\(code) again")
                }
                lineOfCode[code] = record.line
            }
            // A row without a code is keyed by its name (a zone, the nation): a name twice would merge
            // two units. Groups of directly administered counties repeat their name and are never keys.
            if code.isEmpty && !f[fixed[4]].hasSuffix(CensusHierarchy.directlyAdministeredSuffix) {
                let name = f[fixed[4]]
                if let first = lineOfCode[name] {
                    throw text.error(record, fixed[4], expected: "each unit without a code named once (\(name) is already on line \(first))",
                                     found: "\(name) again")
                }
                lineOfCode[name] = record.line
            }
            let allEmpty = (maleColumns + femaleColumns).allSatisfy { f[$0].isEmpty }
            func groups(_ columns: [Int]) throws -> [Double]? {
                if allEmpty { return nil }
                return try columns.map { f[$0].isEmpty ? 0 : Double(try text.wholeNumber(record, $0, maximum: limit)) }
            }
            let total = try text.wholeNumber(record, fixed[5], maximum: limit)
            let male = try text.wholeNumber(record, fixed[6], maximum: limit)
            let female = try text.wholeNumber(record, fixed[7], maximum: limit)
            guard male + female == total else {
                throw text.error(record, fixed[5], expected: "total = male + female = \(male) + \(female) = \(male + female)")
            }
            let familyHouseholds = try text.optionalWholeNumber(record, fixed[8], maximum: limit)
            let familyHouseholdPopulation = try text.optionalWholeNumber(record, fixed[9], maximum: limit)
            let householdsWith65Plus = try text.optionalWholeNumber(record, fixed[10], maximum: limit)
            // Households are population ÷ persons per household: a household size outside what people
            // live in (a typing slip in either column) would multiply households by thousands.
            if let people = familyHouseholdPopulation {
                guard people <= total else {
                    throw text.error(record, fixed[9], expected: "family household population ≤ total \(total)")
                }
                if let households = familyHouseholds, households > 0 {
                    let size = Double(people) / Double(households)
                    guard size >= 1, size <= Self.maximumPersonsPerHousehold else {
                        throw text.error(record, fixed[9], expected: String(
                            format: "1 to %.0f persons per family household (family_household_population ÷ family_households = %d ÷ %d = %.3g)",
                            Self.maximumPersonsPerHousehold, people, households, size))
                    }
                }
            }
            if let elderly = householdsWith65Plus, let households = familyHouseholds, elderly > households {
                throw text.error(record, fixed[10], expected: "households with someone 65+ ≤ family households \(households)")
            }
            rows.append(CensusRow(
                line: record.line, code: code, level: f[fixed[1]], province: f[fixed[2]],
                prefecture: f[fixed[3]], name: f[fixed[4]],
                total: total, male: male, female: female,
                familyHouseholds: familyHouseholds,
                familyHouseholdPopulation: familyHouseholdPopulation,
                householdsWith65Plus: householdsWith65Plus,
                maleAgeGroups: try groups(maleColumns), femaleAgeGroups: try groups(femaleColumns)))
        }
        self.path = text.path
        self.rows = rows
        self.hierarchy = CensusHierarchy(rows: rows)
        self.fieldOfColumn = Dictionary(uniqueKeysWithValues: ["total", "male", "female"].map { name in
            (name, (text.header.firstIndex(of: name) ?? 0) + 1)
        })
    }

    /// Leaves and parents of the rows.
    package let hierarchy: CensusHierarchy

    /// 1-based field numbers of the columns problems are reported against.
    let fieldOfColumn: [String: Int]

    /// The problem that keeps a row out of a projection, if any.
    public func problem(of row: CensusRow) -> CensusWarning? {
        func warning(_ problem: CensusWarning.Problem) -> CensusWarning {
            var warning = CensusWarning(path: path, line: row.line, key: row.key, name: row.name, problem: problem)
            warning.total = row.total
            warning.field = warning.column.flatMap { fieldOfColumn[$0] }
            return warning
        }
        guard let sum = row.ageCellSum else { return warning(.noAgeData) }
        guard sum == row.total else { return warning(.ageCellsDoNotSumToTotal(sum: sum, total: row.total)) }
        // The sexes' sums can be swapped with the totals still agreeing.
        for sex in Sex.allCases {
            let total = sex == .male ? row.male : row.female
            if let sexSum = row.ageCellSum(sex), sexSum != total {
                return warning(.sexCellsDoNotSumToSexTotal(sex: sex, sum: sexSum, total: total))
            }
        }
        return nil
    }

    /// Rows by key (division code, or the name for rows without a code, e.g. "全国" for the nation):
    /// leaf units only (`CensusHierarchy`), in key order so no sum or random stream follows the
    /// order written.
    /// - `codes == nil`: every leaf; leaves without usable age data become warnings.
    /// - codes: a leaf's key means that leaf, and it must have usable age data; a prefecture,
    ///   province or nation key means its leaves, those without usable age data becoming warnings.
    ///   An unknown key, a named leaf without usable age data, a group of counties counted elsewhere
    ///   (…直辖县级行政区划) or two keys reaching the same leaf throw `CensusSelectionError`.
    /// - `asNamed`: each key is one unit whatever its level (its row must have usable age data);
    ///   overlaps are the scenario reader's to refuse.
    public func select(codes: [String]? = nil, asNamed: Bool = false) throws -> CensusSelection {
        var chosen: [Int] = []
        var warnings: [CensusWarning] = []
        guard let codes else {
            for i in rows.indices where hierarchy.isLeaf[i] {
                if let warning = problem(of: rows[i]) { warnings.append(warning) } else { chosen.append(i) }
            }
            return selection(chosen, warnings)
        }
        var byKey: [String: Int] = [:]
        for i in rows.indices where byKey[rows[i].key] == nil && !hierarchy.isAggregate[i] { byKey[rows[i].key] = i }
        var reachedBy: [Int: String] = [:]
        var seen = Set<String>()
        for code in codes where seen.insert(code).inserted {
            guard let index = byKey[code] else {
                if let aggregate = rows.first(where: { $0.key == code }) {
                    throw CensusSelectionError.notAUnit(path: path, line: aggregate.line, key: code)
                }
                throw CensusSelectionError.unknownArea(path: path, key: code)
            }
            let leaves = hierarchy.isLeaf[index] || asNamed ? [index]
                : rows.indices.filter { hierarchy.isLeaf[$0] && hierarchy.contains(region: index, leaf: $0, rows: rows) }
            for leaf in leaves {
                if let other = reachedBy[leaf] {
                    throw CensusSelectionError.overlappingAreas(path: path, first: other, second: code, leaf: rows[leaf].key)
                }
                reachedBy[leaf] = code
                if let warning = problem(of: rows[leaf]) {
                    if leaf == index { throw CensusSelectionError.unusableArea(warning) }
                    warnings.append(warning)
                } else {
                    chosen.append(leaf)
                }
            }
        }
        return selection(chosen, warnings)
    }

    /// The chosen leaves in key order, with their parents' keys.
    private func selection(_ chosen: [Int], _ warnings: [CensusWarning]) -> CensusSelection {
        let ordered = chosen.sorted { rows[$0].key < rows[$1].key }
        return CensusSelection(
            rows: ordered.map { rows[$0] },
            prefectureKeys: ordered.map { hierarchy.prefectureOf[$0].map { rows[$0].key } ?? "" },
            provinceKeys: ordered.map { hierarchy.provinceOf[$0].map { rows[$0].key } ?? "" },
            prefectureNames: ordered.map { hierarchy.prefectureOf[$0].map { rows[$0].name } ?? "" },
            warnings: warnings)
    }
}

/// An area asked for by the caller that the census cannot provide.
public enum CensusSelectionError: Error, CustomStringConvertible, Sendable, Equatable {
    case unknownArea(path: String, key: String)
    case unusableArea(CensusWarning)
    /// Two keys of the selection (the second a region) reach the same leaf.
    case overlappingAreas(path: String, first: String, second: String, leaf: String)
    /// A row that groups units counted elsewhere (…直辖县级行政区划).
    case notAUnit(path: String, line: Int, key: String)

    public var description: String {
        switch self {
        case let .unknownArea(path, key):
            return "\(path): no row with code or name \"\(key)\""
        case let .unusableArea(warning):
            return "\(warning.location): \(warning.message)"
        case let .overlappingAreas(path, first, second, leaf):
            return "\(path): \"\(first)\" and \"\(second)\" both contain \(leaf); expected areas that do not overlap"
        case let .notAUnit(path, line, key):
            return "\(path):\(line): \"\(key)\" groups counties that have their own rows; expected their codes, or the province's"
        }
    }
}
