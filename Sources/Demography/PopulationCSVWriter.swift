import Foundation

/// Renders projection results as CSV (UTF-8, header line, "\n" line ends). Numbers are fixed-point
/// with `decimals` places, formatted with integer arithmetic into one growing byte buffer (no
/// Foundation formatting, no allocation per number); `...Bytes` variants return the buffer as
/// `Data` without copying, ready for `writeFile(_:to:)` (one `write`).
///
/// - population.csv: `area,year,sex,age,population`; age is the integer start of the age (100 =
///   100+), or with `fiveYearGroups` the start of the group 0, 5, ..., 95 and 100 (= 100+).
/// - service_ages.csv: `area,year,group,population` with the groups of `ServiceAges.groups`
///   (households included as a group).
public enum PopulationCSVWriter {
    public static func populationCSV(_ result: ProjectionResult, fiveYearGroups: Bool = false, decimals: Int = 2) -> String {
        String(decoding: populationCSVBytes(result, fiveYearGroups: fiveYearGroups, decimals: decimals), as: UTF8.self)
    }

    public static func populationCSVBytes(_ result: ProjectionResult, fiveYearGroups: Bool = false, decimals: Int = 2) -> Data {
        let projection = result.projection
        let groupStarts = fiveYearGroups ? Array(stride(from: 0, through: 100, by: 5)) : Array(0...100)
        let groupEnds = groupStarts.indices.map { $0 + 1 < groupStarts.count ? groupStarts[$0 + 1] : 101 }
        let startFields = groupStarts.map { Array("\($0),".utf8) }
        let yearFields = result.years.map { Array("\($0),".utf8) }
        let keys = result.areas.map { keyField($0.key) }
        let lines = result.areas.count * result.years.count * 2 * groupStarts.count
        // An upper bound (nothing is reallocated); pages never written are never touched.
        var out = ByteBuffer(capacity: lines * (48 + (keys.map(\.count).max() ?? 0)) + 64)
        out.append("area,year,sex,age,population\n")
        let n = projection.areaCount
        let ages = PopulationLayout.ageCount
        let cells = projection.storage.cells
        for (area, key) in keys.enumerated() {
            let column = projection.columnOfArea[area]
            for yearIndex in 0..<result.years.count {
                for sex in 0..<2 {
                    let base = cells + (yearIndex * 2 + sex) * ages * n + column
                    for g in groupStarts.indices {
                        var value = 0.0
                        for age in groupStarts[g]..<groupEnds[g] { value += base[age * n] }
                        out.reserve(key.count + 48)
                        out.appendUnchecked(key)
                        out.appendUnchecked(yearFields[yearIndex])
                        out.appendUnchecked(sex == 0 ? 77 : 70); out.appendUnchecked(44)
                        out.appendUnchecked(startFields[g])
                        if decimals == 2 { out.appendFixed2(value) } else { out.appendFixed(value, decimals: decimals) }
                        out.appendUnchecked(10)
                    }
                }
            }
        }
        return out.takeData()
    }

    /// population.csv from the streaming projection's group table (single years with
    /// `PopulationGroupTable.singleYearStarts`, five-year groups with `.fiveYearStarts`): the same
    /// bytes as `populationCSVBytes(_:fiveYearGroups:decimals:)` on the stored result.
    public static func populationCSVBytes(_ table: PopulationGroupTable, areas: [ProjectionArea], decimals: Int = 2) -> Data {
        populationCSVBytes(table, areas: areas, range: 0..<areas.count, header: true, decimals: decimals)
    }

    /// The lines of the areas in `range` only (with the header line when `header`): concatenated over
    /// consecutive ranges they are the whole file, so a large table is written a block of areas at a time
    /// without holding the file in memory.
    public static func populationCSVBytes(_ table: PopulationGroupTable, areas: [ProjectionArea], range: Range<Int>,
                                          header: Bool, decimals: Int = 2) -> Data {
        precondition(areas.count == table.areaCount, "one area per table column")
        precondition(range.lowerBound >= 0 && range.upperBound <= areas.count, "areas within the table")
        let keys = FlatFields(areas[range].map { keyField($0.key) })
        // "year,sex,start," for every year, sex and group, in file order.
        var prefixList: [[UInt8]] = []
        for year in table.years {
            for sex in ["M", "F"] {
                for start in table.groupStarts { prefixList.append(Array("\(year),\(sex),\(start),".utf8)) }
            }
        }
        let prefixes = FlatFields(prefixList)
        let groups = table.groupCount
        let lines = range.count * table.yearCount * 2 * groups
        var out = ByteBuffer(capacity: lines * (48 + keys.maxCount) + 64)
        if header { out.append("area,year,sex,age,population\n") }
        let n = table.areaCount
        keys.withPointers { keyBytes, keyOffsets in
        prefixes.withPointers { prefixBytes, prefixOffsets in
            for (index, area) in range.enumerated() {
                let key = keyBytes + keyOffsets[index], keyCount = keyOffsets[index + 1] - keyOffsets[index]
                let column = table.storage.pointer + table.columnOfArea[area]
                for line in 0..<(table.yearCount * 2 * groups) {
                    // line = (yearIndex × 2 + sex) × groups + g, and so is the table row.
                    out.reserve(keyCount + 48)
                    out.appendUnchecked(key, count: keyCount)
                    out.appendUnchecked(prefixBytes + prefixOffsets[line], count: prefixOffsets[line + 1] - prefixOffsets[line])
                    let value = column[line * n]
                    if decimals == 2 { out.appendFixed2(value) } else { out.appendFixed(value, decimals: decimals) }
                    out.appendUnchecked(10)
                }
            }
        }
        }
        return out.takeData()
    }

    public static func serviceAgesCSV(_ result: ProjectionResult, decimals: Int = 2) -> String {
        String(decoding: serviceAgesCSVBytes(result, decimals: decimals), as: UTF8.self)
    }

    public static func serviceAgesCSVBytes(_ result: ProjectionResult, decimals: Int = 2) -> Data {
        serviceAgesBytes(areas: result.areas, years: result.years, decimals: decimals) { area, year in
            let s = result.serviceAges(area: area, year: year)
            return [s.months6to12, s.months12to24, s.months24to36, s.ages3to5, s.ages0to14, s.ages15to59,
                    s.ages60plus, s.ages65plus, s.ages80plus, s.total, s.households]
        }
    }

    /// service_ages.csv from the streaming projection; the same bytes as from the stored result.
    public static func serviceAgesCSV(_ table: ServiceAgeTable, areas: [ProjectionArea], decimals: Int = 2) -> String {
        String(decoding: serviceAgesCSVBytes(table, areas: areas, decimals: decimals), as: UTF8.self)
    }

    public static func serviceAgesCSVBytes(_ table: ServiceAgeTable, areas: [ProjectionArea], decimals: Int = 2) -> Data {
        serviceAgesCSVBytes(table, areas: areas, range: 0..<areas.count, header: true, decimals: decimals)
    }

    /// The lines of the areas in `range` only, as `populationCSVBytes(_:areas:range:header:decimals:)`.
    public static func serviceAgesCSVBytes(_ table: ServiceAgeTable, areas: [ProjectionArea], range: Range<Int>,
                                           header: Bool, decimals: Int = 2) -> Data {
        precondition(areas.count == table.areaCount, "one area per table column")
        precondition(range.lowerBound >= 0 && range.upperBound <= areas.count, "areas within the table")
        let keys = FlatFields(areas[range].map { keyField($0.key) })
        var prefixList: [[UInt8]] = []
        for year in table.years {
            for label in ServiceAgeGroup.csvLabels { prefixList.append(Array("\(year),\(label),".utf8)) }
        }
        let prefixes = FlatFields(prefixList)
        let groups = ServiceAgeTable.groupCount, csvGroups = ServiceAgeGroup.csvGroupCount
        var out = ByteBuffer(capacity: range.count * table.yearCount * csvGroups * (48 + keys.maxCount) + 64)
        if header { out.append("area,year,group,population\n") }
        let n = table.areaCount
        keys.withPointers { keyBytes, keyOffsets in
        prefixes.withPointers { prefixBytes, prefixOffsets in
            for (index, area) in range.enumerated() {
                let key = keyBytes + keyOffsets[index], keyCount = keyOffsets[index + 1] - keyOffsets[index]
                let column = table.storage.pointer + table.columnOfArea[area]
                for yearIndex in 0..<table.yearCount {
                    let row = column + yearIndex * groups * n
                    for g in 0..<csvGroups {
                        let line = yearIndex * csvGroups + g
                        out.reserve(keyCount + 64)
                        out.appendUnchecked(key, count: keyCount)
                        out.appendUnchecked(prefixBytes + prefixOffsets[line], count: prefixOffsets[line + 1] - prefixOffsets[line])
                        if decimals == 2 { out.appendFixed2(row[g * n]) } else { out.appendFixed(row[g * n], decimals: decimals) }
                        out.appendUnchecked(10)
                    }
                }
            }
        }
        }
        return out.takeData()
    }

    private static func serviceAgesBytes(areas: [ProjectionArea], years: ClosedRange<Int>, decimals: Int,
                                         values: (Int, Int) -> [Double]) -> Data {
        let keys = areas.map { keyField($0.key) }
        let labels = ServiceAgeGroup.csvLabels.map { Array("\($0),".utf8) }
        var out = ByteBuffer(capacity: areas.count * years.count * 11 * (48 + (keys.map(\.count).max() ?? 0)) + 64)
        out.append("area,year,group,population\n")
        for (area, key) in keys.enumerated() {
            for year in years {
                let yearField = Array("\(year),".utf8)
                for (g, value) in values(area, year).enumerated() {
                    out.reserve(key.count + 64)
                    out.appendUnchecked(key)
                    out.appendUnchecked(yearField)
                    out.appendUnchecked(labels[g])
                    out.appendFixed(value, decimals: decimals)
                    out.appendUnchecked(10)
                }
            }
        }
        return out.takeData()
    }

    /// calibration.csv: each area's solved TFR, the census and model age-0 counts, life
    /// expectancy and household size.
    public static func calibrationCSV(_ calibration: [AreaCalibration]) -> String {
        func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
        var out = "area,name,tfr,tfr_calibrated,own_tfr,credibility_weight,target_age0,model_age0,e0_male,e0_female,persons_per_household\n"
        for c in calibration {
            // Names come from the census file: a text cell, guarded against formulas. own_tfr is
            // empty where the area's census gives no level of its own.
            out += [CSVField.text(c.key), CSVField.text(c.name), fixed(c.tfr, 4), c.tfrCalibrated ? "yes" : "no",
                    c.ownTFR.map { fixed($0, 4) } ?? "", fixed(c.credibilityWeight, 4), fixed(c.targetAgeZero, 1),
                    fixed(c.modelAgeZero, 1), fixed(c.e0Male, 2), fixed(c.e0Female, 2),
                    fixed(c.personsPerHousehold, 4)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// The area key as a CSV text field (guarded and quoted as `CSVField` says) and a comma.
    static func keyField(_ text: String) -> [UInt8] {
        Array(CSVField.text(text).utf8) + [44]
    }

    public static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    /// Fixed-point with `decimals` places (0...9); non-finite values are written as "NaN" / "inf" /
    /// "-inf", and a value that rounds to zero has no minus sign.
    ///
    /// Default (`exact: false`), the rule of every file CareCap has written: units =
    /// (|v| · 10^d).rounded() (half away from zero, on the product in double), so 0.125 → "0.13"
    /// and 6480.775 (stored as 6480.77499999...) → "6480.78". With `exact: true` the result is
    /// `String(format: "%.Nf")`'s: the exact binary value correctly rounded, ties to even
    /// (0.125 → "0.12", 6480.775 → "6480.77"). The two differ in about 2 of 10,000 projected cells,
    /// by one unit in the last place; the files keep the default so their bytes do not change.
    public static func appendFixed(_ value: Double, decimals: Int, exact: Bool = false, to out: inout [UInt8]) {
        // Formatted on the stack: no heap buffer per number.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ByteBuffer.longestFixed) { storage in
            var buffer = ByteBuffer(borrowing: storage)
            buffer.appendFixed(value, decimals: decimals, exact: exact)
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.base, count: buffer.count))
        }
    }

    /// Writes `data` to `path` (created or truncated, mode 0644) with one `write` call (repeated
    /// only if the kernel writes less).
    public static func writeFile(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                }
                offset += written
            }
        }
    }
}
