/// Renders projection results as CSV text (UTF-8, header line, "\n" line ends); the caller writes
/// the files. Numbers are fixed-point with `decimals` places, formatted without Foundation so that
/// rendering every county stays fast.
///
/// - population.csv: `area,year,sex,age,population`; age is the integer start of the age (100 =
///   100+), or with `fiveYearGroups` the start of the group 0, 5, ..., 95 and 100 (= 100+).
/// - service_ages.csv: `area,year,group,population` with the groups of `ServiceAges.groups`
///   (households included as a group).
public enum PopulationCSVWriter {
    public static func populationCSV(_ result: ProjectionResult, fiveYearGroups: Bool = false, decimals: Int = 2) -> String {
        var out = [UInt8]()
        let groupStarts = fiveYearGroups ? Array(stride(from: 0, through: 100, by: 5)) : Array(0...100)
        out.reserveCapacity(result.areas.count * result.years.count * 2 * groupStarts.count * 32 + 64)
        out.append(contentsOf: "area,year,sex,age,population\n".utf8)
        for (area, info) in result.areas.enumerated() {
            for year in result.years {
                for sex in Sex.allCases {
                    for (g, start) in groupStarts.enumerated() {
                        let end = g + 1 < groupStarts.count ? groupStarts[g + 1] : 101
                        var value = 0.0
                        for age in start..<end { value += result.population(area: area, year: year, sex: sex, age: age) }
                        append(info.key, to: &out); out.append(44)
                        appendInteger(year, to: &out); out.append(44)
                        out.append(sex == .male ? 77 : 70); out.append(44)
                        appendInteger(start, to: &out); out.append(44)
                        appendFixed(value, decimals: decimals, to: &out); out.append(10)
                    }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func serviceAgesCSV(_ result: ProjectionResult, decimals: Int = 2) -> String {
        var out = [UInt8]()
        out.reserveCapacity(result.areas.count * result.years.count * 11 * 36 + 64)
        out.append(contentsOf: "area,year,group,population\n".utf8)
        for (area, info) in result.areas.enumerated() {
            for year in result.years {
                for (label, value) in result.serviceAges(area: area, year: year).groups {
                    append(info.key, to: &out); out.append(44)
                    appendInteger(year, to: &out); out.append(44)
                    append(label, to: &out); out.append(44)
                    appendFixed(value, decimals: decimals, to: &out); out.append(10)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        let needsQuotes = text.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 }
        if needsQuotes {
            out.append(34)
            for byte in text.utf8 { if byte == 34 { out.append(34) }; out.append(byte) }
            out.append(34)
        } else {
            out.append(contentsOf: text.utf8)
        }
    }

    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(45) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// Fixed-point with `decimals` places (0...9), rounded half away from zero; non-finite values
    /// are written as "NaN" / "inf" / "-inf".
    static func appendFixed(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        guard value.isFinite else {
            append(value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf"), to: &out)
            return
        }
        let places = min(max(decimals, 0), 9)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else {
            append(String(value), to: &out)
            return
        }
        var units = UInt64(scaled)
        if value < 0 && units > 0 { out.append(45) }
        var power: UInt64 = 1
        for _ in 0..<places { power *= 10 }
        appendInteger(Int(units / power), to: &out)
        if places > 0 {
            out.append(46)
            units %= power
            var divisor = power / 10
            for _ in 0..<places {
                out.append(UInt8(48 + units / divisor))
                units %= divisor
                divisor /= 10
            }
        }
    }
}
