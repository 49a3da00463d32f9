import Foundation

/// A calendar period of a WPP table: "2020-2025" (5 years, 1 Jan 2020 to 31 Dec 2024) or a single
/// year "2020" (start == end).
public struct WPPPeriod: Sendable, Equatable {
    public let start: Int
    public let end: Int
    /// Mid-point in calendar time: 2022.5 for "2020-2025", 2020.5 for "2020".
    public var midpoint: Double { start == end ? Double(start) + 0.5 : Double(start + end) / 2 }
}

/// A WPP table by age (rows) and period (columns), e.g. death rates by 5-year age and period.
public struct WPPAgePeriodTable: Sendable {
    public let ageLabels: [String]
    public let periods: [WPPPeriod]
    /// values[age][period]
    public let values: [[Double]]

    /// The column whose period contains `year` (clamped to the first and last period).
    public func periodIndex(containing year: Int) -> Int {
        if let index = periods.firstIndex(where: { $0.start == $0.end ? $0.start == year : ($0.start <= year && year < $0.end) }) {
            return index
        }
        return year < periods[0].start ? 0 : periods.count - 1
    }

    public func column(_ period: Int) -> [Double] { values.map { $0[period] } }
}

/// A WPP series by calendar year (TFR, sex ratio at birth, ...).
public struct WPPYearSeries: Sendable {
    public let years: [Int]
    public let values: [Double]

    /// The value for `year`, held at the first or last value outside the series.
    public func value(year: Int) -> Double {
        guard let first = years.first, let last = years.last else { return .nan }
        let clamped = min(max(year, first), last)
        if let index = years.firstIndex(of: clamped) { return values[index] }
        let index = years.lastIndex(where: { $0 <= clamped }) ?? 0
        return values[index]
    }

    public var asDictionary: [Int: Double] { Dictionary(uniqueKeysWithValues: zip(years, values)) }
}

/// The WPP 2024 files for one country, as published in the data-raw folder of PPgp/wpp2024
/// (tab-separated; first columns country_code, country; age tables add an `age` column).
///
/// ```swift
/// let wpp = try WPPRates.load(directory: "Scenarios/data/wpp2024_china")
/// ```
/// Required files: mxM5.tsv, mxF5.tsv, percentASFR5.tsv, tfr.tsv, tfrprojMed.tsv, sexRatio.tsv;
/// migrationM5.tsv and migrationF5.tsv are read when present. Every reader throws `DataFileError`
/// naming file, line and column. Only the first data row (or the first block of age rows) is read:
/// the files hold one country.
public struct WPPRates: Sendable {
    public static let deathRateAges = ["0", "1"] + stride(from: 5, through: 95, by: 5).map(String.init) + ["100+"]
    public static let fertilityAges = stride(from: 10, through: 50, by: 5).map { "\($0)-\($0 + 4)" }
    public static let migrationAges = stride(from: 0, through: 95, by: 5).map { "\($0)-\($0 + 4)" } + ["100+"]

    public let maleDeathRates: WPPAgePeriodTable
    public let femaleDeathRates: WPPAgePeriodTable
    /// Percent of TFR by mother's age 10-14 ... 50-54, by single year.
    public let fertilityPercent: WPPAgePeriodTable
    public let tfrEstimates: WPPYearSeries
    public let tfrMedium: WPPYearSeries
    public let sexRatioAtBirth: WPPYearSeries
    /// Net migrants (thousands) by 5-year age 0-4 ... 100+ and 5-year period, when the files exist.
    public let maleNetMigrants: WPPAgePeriodTable?
    public let femaleNetMigrants: WPPAgePeriodTable?

    /// The same rates with some tables taken from other files (a scenario's own `wpp_mx` or schedule).
    public func replacing(maleDeathRates: WPPAgePeriodTable? = nil, femaleDeathRates: WPPAgePeriodTable? = nil,
                          fertilityPercent: WPPAgePeriodTable? = nil) -> WPPRates {
        WPPRates(maleDeathRates: maleDeathRates ?? self.maleDeathRates,
                 femaleDeathRates: femaleDeathRates ?? self.femaleDeathRates,
                 fertilityPercent: fertilityPercent ?? self.fertilityPercent,
                 tfrEstimates: tfrEstimates, tfrMedium: tfrMedium, sexRatioAtBirth: sexRatioAtBirth,
                 maleNetMigrants: maleNetMigrants, femaleNetMigrants: femaleNetMigrants)
    }

    public func deathRates(_ sex: Sex) -> WPPAgePeriodTable { sex == .male ? maleDeathRates : femaleDeathRates }

    /// TFR by year: estimates, then the medium variant where estimates end.
    public func tfr(year: Int) -> Double {
        if let last = tfrEstimates.years.last, year > last, let first = tfrMedium.years.first, year >= first {
            return tfrMedium.value(year: year)
        }
        return tfrEstimates.value(year: year)
    }

    public static func load(directory: String) throws -> WPPRates {
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let maleMigration = file("migrationM5.tsv")
        let femaleMigration = file("migrationF5.tsv")
        let hasMigration = FileManager.default.fileExists(atPath: maleMigration)
            && FileManager.default.fileExists(atPath: femaleMigration)
        return WPPRates(
            maleDeathRates: try loadDeathRates(path: file("mxM5.tsv")),
            femaleDeathRates: try loadDeathRates(path: file("mxF5.tsv")),
            fertilityPercent: try loadFertilityPercent(path: file("percentASFR5.tsv")),
            tfrEstimates: try loadYearSeries(path: file("tfr.tsv"), minimum: 0),
            tfrMedium: try loadYearSeries(path: file("tfrprojMed.tsv"), minimum: 0),
            sexRatioAtBirth: try loadYearSeries(path: file("sexRatio.tsv"), minimum: 0.5),
            maleNetMigrants: hasMigration ? try loadNetMigrants(path: maleMigration) : nil,
            femaleNetMigrants: hasMigration ? try loadNetMigrants(path: femaleMigration) : nil)
    }

    /// mxM5.tsv / mxF5.tsv: central death rates by age 0, 1, 5, ..., 95, 100+ and 5-year period.
    public static func loadDeathRates(path: String) throws -> WPPAgePeriodTable {
        try loadAgeTable(path: path, ages: deathRateAges, minimum: 0)
    }

    /// percentASFR5.tsv: percent of TFR by age 10-14 ... 50-54 and single year.
    public static func loadFertilityPercent(path: String) throws -> WPPAgePeriodTable {
        let table = try loadAgeTable(path: path, ages: fertilityAges, minimum: 0)
        for period in table.periods.indices where table.values.reduce(0, { $0 + $1[period] }) <= 0 {
            throw DataFileError(path: path, line: 2, column: "\(table.periods[period].start)",
                                expected: "percentages with a positive sum", found: "a sum of 0")
        }
        return table
    }

    /// migrationM5.tsv / migrationF5.tsv: net migrants (thousands) by age 0-4 ... 100+ and period.
    public static func loadNetMigrants(path: String) throws -> WPPAgePeriodTable {
        try loadAgeTable(path: path, ages: migrationAges, minimum: nil)
    }

    /// tfr.tsv, tfrprojMed.tsv, sexRatio.tsv: one value per year column. A trailing non-year column
    /// (tfr.tsv has `last.observed`) is ignored.
    public static func loadYearSeries(path: String, minimum: Double) throws -> WPPYearSeries {
        let text = try DelimitedText.load(path: path, delimiter: "\t")
        _ = try text.columnIndices(["country_code", "country"])
        var yearColumns: [(year: Int, column: Int)] = []
        for (column, label) in text.header.enumerated().dropFirst(2) {
            if let year = Int(label), (1000...9999).contains(year) {
                yearColumns.append((year, column))
            } else if column != text.header.count - 1 {
                throw DataFileError(path: path, line: 1, column: label, expected: "a year as column name", found: label)
            }
        }
        guard !yearColumns.isEmpty else {
            throw DataFileError(path: path, line: 1, expected: "year columns after country", found: text.header.joined(separator: " "))
        }
        guard let record = text.records.first else {
            throw DataFileError(path: path, line: 2, expected: "a data row", found: "end of file")
        }
        let values = try yearColumns.map {
            try text.number(record, $0.column, minimum: minimum)
        }
        return WPPYearSeries(years: yearColumns.map(\.year), values: values)
    }

    static func loadAgeTable(path: String, ages: [String], minimum: Double?) throws -> WPPAgePeriodTable {
        let text = try DelimitedText.load(path: path, delimiter: "\t")
        let fixed = try text.columnIndices(["country_code", "country", "age"])
        var periods: [WPPPeriod] = []
        var periodColumns: [Int] = []
        for (column, label) in text.header.enumerated() where !fixed.contains(column) {
            let parts = label.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 1, let year = Int(parts[0]) {
                periods.append(WPPPeriod(start: year, end: year))
            } else if parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]), end > start {
                periods.append(WPPPeriod(start: start, end: end))
            } else {
                throw DataFileError(path: path, line: 1, column: label,
                                    expected: "a year or a period like 2020-2025 as column name", found: label)
            }
            periodColumns.append(column)
        }
        guard !periods.isEmpty else {
            throw DataFileError(path: path, line: 1, expected: "period columns after age", found: text.header.joined(separator: " "))
        }
        guard text.records.count >= ages.count else {
            let line = (text.records.last?.line ?? 1) + 1
            throw DataFileError(path: path, line: line, column: "age", expected: "age \(ages[text.records.count])", found: "end of file")
        }
        var values: [[Double]] = []
        for (expectedAge, record) in zip(ages, text.records) {
            let age = record.fields[fixed[2]]
            guard age == expectedAge else {
                throw DataFileError(path: path, line: record.line, column: "age", expected: "age \(expectedAge)", found: age)
            }
            values.append(try periodColumns.map { column in
                let value = try text.number(record, column, minimum: minimum)
                return value
            })
        }
        return WPPAgePeriodTable(ageLabels: ages, periods: periods, values: values)
    }
}
