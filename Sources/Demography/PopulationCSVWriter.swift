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
        precondition(areas.count == table.areaCount, "one area per table column")
        let keys = FlatFields(areas.map { keyField($0.key) })
        // "year,sex,start," for every year, sex and group, in file order.
        var prefixList: [[UInt8]] = []
        for year in table.years {
            for sex in ["M", "F"] {
                for start in table.groupStarts { prefixList.append(Array("\(year),\(sex),\(start),".utf8)) }
            }
        }
        let prefixes = FlatFields(prefixList)
        let groups = table.groupCount
        let lines = table.areaCount * table.yearCount * 2 * groups
        var out = ByteBuffer(capacity: lines * (48 + keys.maxCount) + 64)
        out.append("area,year,sex,age,population\n")
        let n = table.areaCount
        keys.withPointers { keyBytes, keyOffsets in
        prefixes.withPointers { prefixBytes, prefixOffsets in
            for area in 0..<n {
                let key = keyBytes + keyOffsets[area], keyCount = keyOffsets[area + 1] - keyOffsets[area]
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
        precondition(areas.count == table.areaCount, "one area per table column")
        let keys = FlatFields(areas.map { keyField($0.key) })
        var prefixList: [[UInt8]] = []
        for year in table.years {
            for label in ServiceAgeGroup.csvLabels { prefixList.append(Array("\(year),\(label),".utf8)) }
        }
        let prefixes = FlatFields(prefixList)
        let groups = ServiceAgeTable.groupCount, csvGroups = ServiceAgeGroup.csvGroupCount
        var out = ByteBuffer(capacity: table.areaCount * table.yearCount * csvGroups * (48 + keys.maxCount) + 64)
        out.append("area,year,group,population\n")
        let n = table.areaCount
        keys.withPointers { keyBytes, keyOffsets in
        prefixes.withPointers { prefixBytes, prefixOffsets in
            for area in 0..<n {
                let key = keyBytes + keyOffsets[area], keyCount = keyOffsets[area + 1] - keyOffsets[area]
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
        var out = "area,name,tfr,tfr_calibrated,target_age0,model_age0,e0_male,e0_female,persons_per_household\n"
        for c in calibration {
            let name = c.name.replacingOccurrences(of: ",", with: " ")
            out += [c.key, name, fixed(c.tfr, 4), c.tfrCalibrated ? "yes" : "no", fixed(c.targetAgeZero, 1),
                    fixed(c.modelAgeZero, 1), fixed(c.e0Male, 2), fixed(c.e0Female, 2),
                    fixed(c.personsPerHousehold, 4)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// The area key as a CSV field (quoted when it holds a comma, quote or newline) and a comma.
    static func keyField(_ text: String) -> [UInt8] {
        var out = [UInt8]()
        let needsQuotes = text.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 }
        if needsQuotes {
            out.append(34)
            for byte in text.utf8 { if byte == 34 { out.append(34) }; out.append(byte) }
            out.append(34)
        } else {
            out.append(contentsOf: text.utf8)
        }
        out.append(44)
        return out
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
        var buffer = ByteBuffer(capacity: 32)
        buffer.appendFixed(value, decimals: decimals, exact: exact)
        out.append(contentsOf: buffer.takeData())
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

/// Many short byte strings in one array with offsets, read through pointers (no retain per use).
struct FlatFields {
    let bytes: [UInt8]
    let offsets: [Int]
    let maxCount: Int

    init(_ fields: [[UInt8]]) {
        var bytes: [UInt8] = [], offsets = [0], maxCount = 0
        for field in fields {
            bytes.append(contentsOf: field)
            offsets.append(bytes.count)
            maxCount = max(maxCount, field.count)
        }
        self.bytes = bytes + [0]
        self.offsets = offsets
        self.maxCount = maxCount
    }

    func withPointers<R>(_ body: (UnsafePointer<UInt8>, UnsafePointer<Int>) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in offsets.withUnsafeBufferPointer { o in body(b.baseAddress!, o.baseAddress!) } }
    }
}

/// A growing byte buffer (malloc'd) handed over to `Data` without a copy.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        let hugePage = 2 << 20
        if self.capacity >= hugePage {
            // Large files: 2 MB aligned and huge-page backed where the kernel allows, so writing
            // the buffer the first time costs few page faults (released with free()).
            var raw: UnsafeMutableRawPointer? = nil
            guard posix_memalign(&raw, hugePage, self.capacity) == 0, let raw else { fatalError("out of memory") }
            #if os(Linux)
            _ = madvise(raw, self.capacity, MADV_HUGEPAGE)
            #endif
            base = raw.bindMemory(to: UInt8.self, capacity: self.capacity)
        } else {
            base = malloc(self.capacity)!.bindMemory(to: UInt8.self, capacity: self.capacity)
        }
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        capacity = max(needed, capacity * 2)
        base = realloc(base, capacity)!.bindMemory(to: UInt8.self, capacity: capacity)
    }

    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func appendUnchecked(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }
        count += bytes.count
    }

    mutating func append(_ text: String) {
        reserve(text.utf8.count)
        for byte in text.utf8 { appendUnchecked(byte) }
    }

    /// The bytes as `Data`, owning the buffer; the buffer must not be used afterwards.
    mutating func takeData() -> Data {
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        base = malloc(64)!.bindMemory(to: UInt8.self, capacity: 64)
        capacity = 64
        count = 0
        return data
    }

    static let scales: [Double] = {
        var scales: [Double] = []
        var scale = 1.0
        for _ in 0...9 { scales.append(scale); scale *= 10 }
        return scales
    }()
    static let powersOfTen: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                        1_000_000_000]
    /// "00" ... "99".
    static let digitPairs: [UInt8] = {
        var pairs = [UInt8]()
        for i in 0..<100 {
            let tens: Int = i / 10, ones: Int = i % 10
            pairs.append(UInt8(48 + tens))
            pairs.append(UInt8(48 + ones))
        }
        return pairs
    }()

    /// `appendFixed(value, decimals: 2)` (the files' rule), inlined for the writers' loops: at most
    /// 24 bytes for finite values below 9e16, within the caller's reserve.
    @inline(__always)
    mutating func appendFixed2(_ value: Double) {
        let scaled = (abs(value) * 100).rounded()
        guard scaled < 9.0e18 else {   // also NaN and infinities
            appendFixed(value, decimals: 2)
            return
        }
        let units = UInt64(scaled)
        var p = base + count
        if value < 0 && units > 0 { p.pointee = 45; p += 1 }
        var integer = units / 100
        let fraction = units - integer * 100
        var digits = 1
        var rest = integer
        while rest >= 10 { rest /= 10; digits += 1 }
        var q = p + digits
        repeat {
            q -= 1
            q.pointee = UInt8(truncatingIfNeeded: 48 + integer % 10)
            integer /= 10
        } while integer > 0
        p += digits
        p[0] = 46
        p[1] = UInt8(truncatingIfNeeded: 48 + fraction / 10)
        p[2] = UInt8(truncatingIfNeeded: 48 + fraction % 10)
        count = p + 3 - base
    }

    @inline(__always)
    mutating func appendUnchecked(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        (base + count).update(from: bytes, count: n)
        count += n
    }

    /// See `PopulationCSVWriter.appendFixed(_:decimals:to:)`. Needs no `reserve` by the caller for
    /// finite values below 2^52 with at most 3 places (≤ 24 bytes, within the caller's reserve).
    @inline(__always)
    mutating func appendFixed(_ value: Double, decimals: Int, exact: Bool = false) {
        let places = min(max(decimals, 0), 9)
        let magnitude = abs(value)
        guard value.isFinite else {
            append(value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf"))
            return
        }
        if !exact {
            let scaled = (magnitude * Self.scales[places]).rounded()
            guard scaled < 9.0e18 else {
                append(String(value))   // as the previous writer did
                return
            }
            appendUnits(UInt64(scaled), negative: value < 0, places: places)
            return
        }
        guard places <= 3, magnitude < 0x1p52 else {
            appendFixedSlow(value, places: places)
            return
        }
        // magnitude = m · 2^-k exactly (k ≥ 1 below 2^52); units = round(m · 10^places / 2^k), ties to
        // even, in integers (m · 1000 < 2^63).
        let power = Self.powersOfTen[places]
        var units: UInt64 = 0
        if magnitude != 0 {
            let exponentBits = Int(magnitude.exponentBitPattern)
            let m = exponentBits == 0 ? magnitude.significandBitPattern : (magnitude.significandBitPattern | (1 << 52))
            let k = exponentBits == 0 ? 1074 : 1075 - exponentBits
            if k < 64 {
                let product = m * power
                units = product >> UInt64(k)
                let remainder = product & ((1 << UInt64(k)) - 1)
                let half: UInt64 = 1 << UInt64(k - 1)
                if remainder > half || (remainder == half && units & 1 == 1) { units += 1 }
            }
        }
        appendUnits(units, negative: value < 0, places: places)
    }

    /// `units` / 10^places with `places` decimals; "-" only when negative and not zero. At most
    /// 20 + 2 + 9 bytes (room is the caller's).
    @inline(__always)
    private mutating func appendUnits(_ units: UInt64, negative: Bool, places: Int) {
        if places > 3 { reserve(32) }
        let power = Self.powersOfTen[places]
        if negative && units > 0 { appendUnchecked(45) }
        var integer = units / power
        let fraction = units - integer * power
        // Integer part, two digits at a time, right to left into a small stack buffer.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes ≥ 20 digits
        let written: Int = withUnsafeMutableBytes(of: &digits) { raw in
            let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var position = 24
            Self.digitPairs.withUnsafeBufferPointer { pairs in
                while integer >= 100 {
                    let pair = Int(integer % 100) * 2
                    integer /= 100
                    position -= 2
                    bytes[position] = pairs[pair]; bytes[position + 1] = pairs[pair + 1]
                }
                if integer >= 10 {
                    let pair = Int(integer) * 2
                    position -= 2
                    bytes[position] = pairs[pair]; bytes[position + 1] = pairs[pair + 1]
                } else {
                    position -= 1
                    bytes[position] = UInt8(48 + integer)
                }
            }
            (base + count).update(from: bytes + position, count: 24 - position)
            return 24 - position
        }
        count += written
        guard places > 0 else { return }
        appendUnchecked(46)
        Self.digitPairs.withUnsafeBufferPointer { pairs in
            switch places {
            case 1:
                appendUnchecked(UInt8(48 + fraction))
            case 2:
                let pair = Int(fraction) * 2
                appendUnchecked(pairs[pair]); appendUnchecked(pairs[pair + 1])
            case 3:
                appendUnchecked(UInt8(48 + fraction / 100))
                let pair = Int(fraction % 100) * 2
                appendUnchecked(pairs[pair]); appendUnchecked(pairs[pair + 1])
            default:
                var divisor = power / 10
                var rest = fraction
                for _ in 0..<places {
                    appendUnchecked(UInt8(48 + rest / divisor))
                    rest %= divisor
                    divisor /= 10
                }
            }
        }
    }

    @inline(never)
    private mutating func appendFixedSlow(_ value: Double, places: Int) {
        var text = String(format: "%.\(places)f", value)
        if text.hasPrefix("-") && text.utf8.allSatisfy({ $0 == 45 || $0 == 46 || $0 == 48 }) { text.removeFirst() }
        append(text)
    }
}
