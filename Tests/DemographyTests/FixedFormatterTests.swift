import Foundation
import Testing
@testable import Demography

/// The CSV writer's integer-based fixed-point formatter: `exact: true` against
/// `String(format: "%.Nf")`, the default (the files' rule) against the previous writer's code.
@Suite struct FixedFormatterTests {
    static func fast(_ value: Double, _ decimals: Int = 2) -> String {
        var out = [UInt8]()
        PopulationCSVWriter.appendFixed(value, decimals: decimals, exact: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func fileRule(_ value: Double, _ decimals: Int = 2) -> String {
        var out = [UInt8]()
        PopulationCSVWriter.appendFixed(value, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The writer before the byte-buffer rewrite, verbatim (with String in place of its byte helpers).
    static func previousWriter(_ value: Double, _ decimals: Int = 2) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        let places = min(max(decimals, 0), 9)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else { return String(value) }
        var units = UInt64(scaled)
        var out = value < 0 && units > 0 ? "-" : ""
        var power: UInt64 = 1
        for _ in 0..<places { power *= 10 }
        out += String(units / power)
        if places > 0 {
            out += "."
            units %= power
            var divisor = power / 10
            for _ in 0..<places {
                out += String(units / divisor)
                units %= divisor
                divisor /= 10
            }
        }
        return out
    }

    /// printf, with the one documented difference: a value that rounds to zero has no minus sign.
    static func printf(_ value: Double, _ decimals: Int = 2) -> String {
        let text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    static var values: [Double] {
        var values: [Double] = [0, -0.0, 0.125, 2.675, 1.005, 0.005, 0.015, 0.025, 0.035, 0.045, 1.115, 2.345, 10.125,
                                -0.125, -2.675, -0.004, -0.005, -0.0050000001, 0.0049999999, 0.995, 9.995, 99.995,
                                0.5, 1.5, 2.5, 1e-300, .leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, .leastNormalMagnitude, 1234567.891,
                                439_931, 1_409_778_724.5, 4503599627370495.5, 0x1p52 - 1, 0x1p52, 0x1p52 + 2, 1e16,
                                9.0e18, 1.2345e19, 1e22, -1e22, .greatestFiniteMagnitude, 123456789012.345]
        // Exact ties at 2 and 3 decimals (multiples of 1/8), both signs.
        for i in 0..<800 { values.append(Double(i) / 8 + 1000); values.append(-Double(i) / 8) }
        // Pseudo-random magnitudes over many decades, and values near x.xx5.
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        for _ in 0..<2000 {
            let mantissa = Double(next() >> 11) / Double(1 << 53)
            let exponent = Int(next() % 24) - 6
            values.append(mantissa * pow(10, Double(exponent)) * (next() % 5 == 0 ? -1 : 1))
        }
        for _ in 0..<1000 {
            let cents = Double(next() % 10_000_000)
            values.append((cents + 0.5) / 100)
            values.append((cents + 0.5) / 1000)
        }
        return values
    }

    @Test func matchesPrintfAtTwoDecimals() {
        var mismatches: [String] = []
        for value in Self.values where Self.fast(value) != Self.printf(value) {
            mismatches.append("\(value): \(Self.fast(value)) vs \(Self.printf(value))")
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(Self.values.count > 5000)
        #expect(Self.fast(0.125) == "0.12" && Self.fast(0.375) == "0.38" && Self.fast(2.675) == "2.67")
        #expect(Self.fast(-0.0) == "0.00" && Self.fast(-0.004) == "0.00" && Self.fast(-0.006) == "-0.01")
    }

    @Test func matchesPrintfAtOtherPlaces() {
        for decimals in [0, 1, 3, 4, 6, 9] {
            for value in Self.values.prefix(1500) {
                #expect(Self.fast(value, decimals) == Self.printf(value, decimals), "\(value) with \(decimals) places")
            }
        }
        #expect(Self.fast(.nan) == "NaN" && Self.fast(.infinity) == "inf" && Self.fast(-.infinity) == "-inf")
    }

    @Test func inlinedTwoDecimalPathIsTheFileRule() {
        for value in Self.values + [.nan, .infinity, -.infinity, 9.5e16, -9.5e16, 9.0e18, 1e19] {
            var buffer = ByteBuffer(capacity: 64)
            buffer.reserve(32)
            buffer.appendFixed2(value)
            let text = String(decoding: buffer.takeData(), as: UTF8.self)
            #expect(text == Self.fileRule(value), "\(value)")
        }
    }

    @Test func fileRuleIsThePreviousWritersByteForByte() {
        var differences = 0, printfDifferences = 0
        for decimals in [0, 1, 2, 3, 4, 9] {
            for value in Self.values {
                if Self.fileRule(value, decimals) != Self.previousWriter(value, decimals) { differences += 1 }
                if decimals == 2 && Self.fileRule(value) != Self.printf(value) { printfDifferences += 1 }
            }
        }
        #expect(differences == 0)
        // The documented difference from printf: half away from zero on the scaled double.
        #expect(Self.fileRule(0.125) == "0.13" && Self.fast(0.125) == "0.12")
        #expect(Self.fileRule(6480.775) == "6480.78" && Self.fast(6480.775) == "6480.77")
        #expect(Self.fileRule(2.675) == "2.68" && Self.fast(2.675) == "2.67" && Self.fileRule(-0.004) == "0.00")
        #expect(printfDifferences > 0 && printfDifferences < Self.values.count / 5)
    }
}
