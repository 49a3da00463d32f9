import Foundation
import Testing
@testable import Demography

/// The CSV writer's integer-based fixed-point formatter against `String(format: "%.Nf")`.
@Suite struct FixedFormatterTests {
    static func fast(_ value: Double, _ decimals: Int = 2) -> String {
        var out = [UInt8]()
        PopulationCSVWriter.appendFixed(value, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
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
}
