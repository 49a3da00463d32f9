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
    /// The file it was read from (for errors about what it lacks).
    public var path: String = ""

    public init(ageLabels: [String], periods: [WPPPeriod], values: [[Double]], path: String = "") {
        self.ageLabels = ageLabels
        self.periods = periods
        self.values = values
        self.path = path
    }

    /// The calendar years the columns cover, first to last: a 5-year period "2095-2100" counts to
    /// 2100, since rates are read at period mid-points and held beyond the last.
    public var coveredYears: ClosedRange<Int> { periods[0].start...max(periods[0].start, periods[periods.count - 1].end) }

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
    /// The file it was read from (for errors about what it lacks).
    public var path: String = ""

    public init(years: [Int], values: [Double], path: String = "") {
        self.years = years
        self.values = values
        self.path = path
    }

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

    /// Central death rates of the closed age groups are probabilities per person-year of exposure
    /// at most 1 in any real population; the open group 100+ may exceed 1 (most die within the
    /// year) but not this many deaths per person-year, a life expectancy at 100 of about a month.
    public static let openAgeDeathRateLimit = 10.0
    /// Males per female birth that any population has recorded (China's peak was about 1.18).
    public static let sexRatioAtBirthRange = 0.8...1.4
    /// Children per woman.
    public static let tfrRange = 0.0...10.0
    /// How far a year's percent-of-TFR shares may sum from 100 (the published files round each
    /// share to six decimals, so their sums lie within 0.00001 of 100).
    public static let percentSumTolerance = 0.1

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
            tfrEstimates: try loadTFR(path: file("tfr.tsv")),
            tfrMedium: try loadTFR(path: file("tfrprojMed.tsv")),
            sexRatioAtBirth: try loadSexRatioAtBirth(path: file("sexRatio.tsv")),
            maleNetMigrants: hasMigration ? try loadNetMigrants(path: maleMigration) : nil,
            femaleNetMigrants: hasMigration ? try loadNetMigrants(path: femaleMigration) : nil)
    }

    /// mxM5.tsv / mxF5.tsv: central death rates by age 0, 1, 5, ..., 95, 100+ and 5-year period.
    /// Closed age groups 0...1 per person-year, the open group 100+ 0...`openAgeDeathRateLimit`.
    public static func loadDeathRates(path: String) throws -> WPPAgePeriodTable {
        try loadAgeTable(path: path, ages: deathRateAges) { age, value in
            let open = age == deathRateAges.count - 1
            let limit = open ? openAgeDeathRateLimit : 1
            guard value >= 0 && value <= limit else {
                return open
                    ? "a death rate of the open age group 100+ from 0 to \(Int(limit)) deaths per person-year"
                    : "a death rate from 0 to 1 death per person-year"
            }
            return nil
        }
    }

    /// percentASFR5.tsv: percent of TFR by age 10-14 ... 50-54 and single year; each year's
    /// percents sum to 100 within `percentSumTolerance`.
    public static func loadFertilityPercent(path: String) throws -> WPPAgePeriodTable {
        try loadAgeTable(path: path, ages: fertilityAges, check: { _, value in
            value >= 0 && value <= 100 ? nil : "a percent of TFR from 0 to 100"
        }, checkColumn: { column in
            let sum = column.reduce(0, +)
            guard abs(sum - 100) > percentSumTolerance else { return nil }
            let hint = abs(sum - 1) <= 0.01 ? " (shares as fractions? give percents summing to 100)" : ""
            return ("percents of TFR over ages 10-14 to 50-54 summing to 100 (±\(percentSumTolerance))",
                    "a sum of \(sum)\(hint)")
        })
    }

    /// migrationM5.tsv / migrationF5.tsv: net migrants (thousands) by age 0-4 ... 100+ and period.
    public static func loadNetMigrants(path: String) throws -> WPPAgePeriodTable {
        try loadAgeTable(path: path, ages: migrationAges) { _, _ in nil }
    }

    /// tfr.tsv, tfrprojMed.tsv: children per woman within `tfrRange`.
    public static func loadTFR(path: String) throws -> WPPYearSeries {
        try loadYearSeries(path: path) { value in
            tfrRange.contains(value) ? nil : "a total fertility rate from 0 to \(Int(tfrRange.upperBound)) children per woman"
        }
    }

    /// sexRatio.tsv: males per female birth within `sexRatioAtBirthRange`; a ratio per 100 female
    /// births (106) is refused with a hint.
    public static func loadSexRatioAtBirth(path: String) throws -> WPPYearSeries {
        try loadYearSeries(path: path) { value in
            guard !sexRatioAtBirthRange.contains(value) else { return nil }
            let per100 = (80...140).contains(value)
                ? " (this looks like males per 100 female births; give \(value / 100))" : ""
            return "a sex ratio at birth from 0.8 to 1.4 males per female birth\(per100)"
        }
    }

    /// One value per year column, `minimum` and up. A trailing non-year column (tfr.tsv has
    /// `last.observed`) is ignored.
    public static func loadYearSeries(path: String, minimum: Double) throws -> WPPYearSeries {
        try loadYearSeries(path: path) { value in value >= minimum ? nil : "a number ≥ \(minimum)" }
    }

    /// Year columns in order without gaps; `check` returns what was expected for a value it refuses.
    static func loadYearSeries(path: String, check: (Double) -> String?) throws -> WPPYearSeries {
        let text = try DelimitedText.load(path: path, delimiter: "\t")
        _ = try text.columnIndices(["country_code", "country"])
        var yearColumns: [(year: Int, column: Int)] = []
        for (column, label) in text.header.enumerated().dropFirst(2) {
            if let year = Int(label), (1000...9999).contains(year) {
                if let previous = yearColumns.last, year != previous.year + 1 {
                    throw DataFileError(path: path, line: 1, column: label, field: column + 1,
                                        expected: "year \(previous.year + 1) after \(previous.year) (years in order, none missing)",
                                        found: label)
                }
                yearColumns.append((year, column))
            } else if column != text.header.count - 1 {
                throw DataFileError(path: path, line: 1, column: label, field: column + 1,
                                    expected: "a year as column name", found: label)
            }
        }
        guard !yearColumns.isEmpty else {
            throw DataFileError(path: path, line: 1, expected: "year columns after country", found: text.header.joined(separator: " "))
        }
        guard let record = text.records.first else {
            throw DataFileError(path: path, line: 2, expected: "a data row", found: "end of file")
        }
        let values = try yearColumns.map { year, column in
            let value = try text.number(record, column)
            if let expected = check(value) { throw text.error(record, column, expected: expected) }
            return value
        }
        return WPPYearSeries(years: yearColumns.map(\.year), values: values, path: path)
    }

    /// Ages in the order given, periods in order without gaps; `check(ageIndex, value)` returns
    /// what was expected for a value it refuses.
    /// `checkColumn` sees each period's values by age and returns (expected, found) for a column it
    /// refuses; the error points at the column on the first age's line.
    static func loadAgeTable(path: String, ages: [String], check: (Int, Double) -> String?,
                             checkColumn: ([Double]) -> (expected: String, found: String)? = { _ in nil }) throws -> WPPAgePeriodTable {
        let text = try DelimitedText.load(path: path, delimiter: "\t")
        let fixed = try text.columnIndices(["country_code", "country", "age"])
        var periods: [WPPPeriod] = []
        var periodColumns: [Int] = []
        for (column, label) in text.header.enumerated() where !fixed.contains(column) {
            let parts = label.split(separator: "-", omittingEmptySubsequences: false)
            let period: WPPPeriod
            if parts.count == 1, let year = Int(parts[0]), (1000...9999).contains(year) {
                period = WPPPeriod(start: year, end: year)
            } else if parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]), end > start,
                      (1000...9999).contains(start), (1000...9999).contains(end) {
                period = WPPPeriod(start: start, end: end)
            } else {
                throw DataFileError(path: path, line: 1, column: label, field: column + 1,
                                    expected: "a year or a period like 2020-2025 as column name", found: label)
            }
            // Interpolation and look-up assume the columns follow each other in time.
            if let previous = periods.last {
                let next = previous.start == previous.end ? previous.start + 1 : previous.end
                guard period.start == next else {
                    throw DataFileError(path: path, line: 1, column: label, field: column + 1,
                                        expected: "a column starting in \(next), after \(previous.start == previous.end ? "\(previous.start)" : "\(previous.start)-\(previous.end)") (periods in order, none missing)",
                                        found: label)
                }
            }
            periods.append(period)
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
        for (ageIndex, (expectedAge, record)) in zip(ages, text.records).enumerated() {
            let age = record.fields[fixed[2]]
            guard age == expectedAge else {
                throw text.error(record, fixed[2], expected: "age \(expectedAge)")
            }
            values.append(try periodColumns.map { column in
                let value = try text.number(record, column)
                if let expected = check(ageIndex, value) { throw text.error(record, column, expected: expected) }
                return value
            })
        }
        for (period, column) in periodColumns.enumerated() {
            if let (expected, found) = checkColumn(values.map { $0[period] }) {
                throw text.error(text.records[0], column, expected: expected, found: found)
            }
        }
        return WPPAgePeriodTable(ageLabels: ages, periods: periods, values: values, path: path)
    }
}
