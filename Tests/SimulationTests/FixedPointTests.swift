import CSurvival
import Foundation
import Planning
import Testing
@testable import Simulation

/// The fixed-point loops in C (`carecap_fixed_point`, `carecap_fixed_point_shortfall`, `carecap_add_int64`,
/// `carecap_add_int64_constant`) give the integers Swift's `Int64((v × 1024).rounded(.toNearestOrEven))`
/// and `&+` give, on whichever clone the CPU picks: ties, signs, −0.0, values next to ±2⁵⁰/1024 (the
/// fast path's limit, flagged beyond it), and wrap-around. Rows of several lengths, so that both the
/// vector loops and their remainders are used.
@Suite struct FixedPointTests {
    static let scale = CapacitySimulation.fixedPointScale
    static let limit = 0x1p50 / 1024

    static func reference(_ v: Double) -> Int64 { Int64((v * scale).rounded(.toNearestOrEven)) }

    /// Values the fast path must round exactly as the reference.
    static let inRange: [Double] = {
        var values: [Double] = [0, -0.0, 1, -1, 0.1, -0.1, 1e-300, -1e-300, .leastNonzeroMagnitude, 1234.5678, -98765.4321]
        // Ties (k + ½)/1024, both parities of k, both signs, small and large.
        for k in [0.0, 1, 2, 3, 4, 7, 1023, 1024, 1_000_001, 0x1p40 + 1, 0x1p48, 0x1p49 - 1] {
            values += [(k + 0.5) / 1024, -(k + 0.5) / 1024]
        }
        // Just inside the limit: (2⁵⁰ − 1)/1024, (2⁵⁰ − ½)/1024 (a tie rounding up to 2⁵⁰), and the double below.
        for v in [(0x1p50 - 1) / 1024, (0x1p50 - 0.5) / 1024, limit.nextDown, (0x1p50 - 0.125) / 1024] {
            values += [v, -v]
        }
        // Neighbours of ties, one ulp either side.
        for k in [5.0, 6, 1_000_000] {
            let tie = (k + 0.5) / 1024
            values += [tie.nextUp, tie.nextDown, -tie.nextUp, -tie.nextDown]
        }
        return values
    }()

    /// Values the fast path must flag: |v × 1024| ≥ 2⁵⁰, infinities and NaN.
    static let outOfRange: [Double] = [limit, -limit, limit.nextUp, 1e300, -1e300, .infinity, -.infinity, .nan, 0x1p60]

    static let lengths = [1, 3, 4, 5, 16, 17, 33, 1000]

    /// A deterministic stream of doubles of mixed magnitudes and signs (SplitMix64).
    static func randomValues(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { _ in
            let bits = next()
            let unit = Double(bits >> 11) * 0x1p-53
            let magnitude = [1e-3, 1.0, 1e3, 1e6, 1e9, 1e12][Int(bits & 7) % 6]
            let v = unit * magnitude
            if bits & 8 != 0 { return -v }
            // Some exact ties and exact multiples of 1/1024.
            if bits & 16 != 0 { return (v * 1024).rounded(.down) / 1024 + (bits & 32 != 0 ? 0.5 / 1024 : 0) }
            return v
        }
    }

    static func convert(_ values: [Double]) -> (integers: [Int64], flag: Int) {
        var integers = [Int64](repeating: 0x5555, count: values.count)
        let flag = values.withUnsafeBufferPointer { v in
            integers.withUnsafeMutableBufferPointer { carecap_fixed_point($0.baseAddress!, v.baseAddress!, scale, values.count) }
        }
        return (integers, flag)
    }

    static func convertShortfall(_ values: [Double], supply: Double) -> (integers: [Int64], flag: Int) {
        var integers = [Int64](repeating: 0x5555, count: values.count)
        let flag = values.withUnsafeBufferPointer { v in
            integers.withUnsafeMutableBufferPointer {
                carecap_fixed_point_shortfall($0.baseAddress!, v.baseAddress!, supply, scale, values.count)
            }
        }
        return (integers, flag)
    }

    @Test(arguments: inRange)
    func valueConvertsAsTheReference(_ v: Double) {
        // The value alone, and at every place of rows of each length (vector body and remainder).
        for count in Self.lengths {
            for at in Set([0, count / 2, count - 1]) {
                var row = Self.randomValues(count, seed: UInt64(count * 31 + at))
                row[at] = v
                let (integers, flag) = Self.convert(row)
                #expect(flag == 0)
                #expect(integers == row.map(Self.reference), "\(v) at \(at) of \(count)")
            }
        }
    }

    @Test func tiesRoundToEven() {
        let (integers, flag) = Self.convert([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, -3.5].map { $0 / 1024 })
        #expect(flag == 0)
        #expect(integers == [0, 2, 2, 0, -2, -2, 4, -4])
        #expect(Self.convert([-0.0]).integers == [0])
        #expect(Self.convert([(0x1p50 - 0.5) / 1024, -(0x1p50 - 0.5) / 1024]).integers == [1 << 50, -(1 << 50)])
    }

    @Test(arguments: outOfRange)
    func valueOutsideTheLimitIsFlagged(_ v: Double) {
        for count in Self.lengths {
            for at in Set([0, count / 2, count - 1]) {
                var row = Self.randomValues(count, seed: UInt64(count * 17 + at))
                row[at] = v
                #expect(Self.convert(row).flag != 0, "\(v) at \(at) of \(count)")
            }
        }
    }

    /// Beyond the fast path's limit but within Int64, `storeFixedPoint` redoes the row the slow way: the
    /// reference's integers, every one.
    @Test(arguments: [0x1p50 / 1024, -0x1p50 / 1024, 0x1p55 / 1024 + 0.5 / 1024 * 64, -0x1p62 / 1024])
    func storeFixedPointRedoesLargeRows(_ v: Double) {
        for count in [1, 5, 1000] {
            var row = Self.randomValues(count, seed: UInt64(count))
            row[count / 2] = v
            var integers = [Int64](repeating: 0, count: count)
            row.withUnsafeBufferPointer { r in
                integers.withUnsafeMutableBufferPointer { RegionTotals.storeFixedPoint(r.baseAddress!, into: $0.baseAddress!, count: count) }
            }
            #expect(integers == row.map(Self.reference))
        }
    }

    @Test(arguments: [1, 2, 5, 16, 1000, 4099])
    func randomRowsConvertAsTheReference(_ count: Int) {
        let row = Self.randomValues(count, seed: 0xC0FFEE &+ UInt64(count))
        let (integers, flag) = Self.convert(row)
        #expect(flag == 0)
        #expect(integers == row.map(Self.reference))
    }

    /// The shortfall max(0, v − s), Swift's max (`v >= 0 ? v : 0`: NaN gives 0, −0.0 stays −0.0 and is 0).
    @Test(arguments: [0.0, -0.0, 1, 0.5 / 1024, 2.5 / 1024, 1e6 + 0.1, -3, 12_345.5 / 1024])
    func shortfallConvertsAsTheReference(_ supply: Double) {
        let special: [Double] = [supply, supply.nextUp, supply.nextDown, supply + 0.5 / 1024, supply + 1.5 / 1024,
                                 supply - 0.5 / 1024, 0, -0.0, .nan, -.infinity, -1e300, supply + Self.limit.nextDown / 2]
        for count in Self.lengths {
            var row = Self.randomValues(count, seed: UInt64(count) ^ 0xABCD)
            for (i, v) in special.enumerated() where i < count { row[(i * 7) % count] = v }
            let (integers, flag) = Self.convertShortfall(row, supply: supply)
            #expect(flag == 0)
            #expect(integers == row.map { Self.reference(max(0, $0 - supply)) }, "supply \(supply), \(count) draws")
        }
    }

    @Test(arguments: [Double.infinity, 1e300, 2 * 0x1p50 / 1024])
    func shortfallOutsideTheLimitIsFlagged(_ v: Double) {
        for count in Self.lengths {
            var row = Self.randomValues(count, seed: UInt64(count))
            row[count - 1] = v
            #expect(Self.convertShortfall(row, supply: 1).flag != 0)
        }
        // Far below supply is no shortfall: not flagged.
        #expect(Self.convertShortfall([-v, -v], supply: 1) == ([0, 0], 0))
    }

    /// `storeIntegers` gives what converting every drawn column, and every shortfall column from a
    /// buffer of max(0, demand − supply), one value at a time gives.
    @Test(arguments: [1, 7, 64])
    func storeIntegersMatchesTheReference(_ draws: Int) {
        let years = 3, kept = CapacitySimulation.drawnColumns, held = RegionTotals.heldColumns
        let measures = OutputColumns.measures
        let samples = Self.randomValues(years * kept * draws, seed: UInt64(draws) &* 977)
        let supply = (0..<years).map { y in
            MeasureValues(nurserySlots: 10.5 * Double(y), nurseryCarers: 0.25, beds: 1e4 + 0.5 / 1024, nursingBeds: -0.0, socialWorkers: 3e5)
        }
        var expected = [Int64](repeating: 0, count: years * held * draws)
        for y in 0..<years {
            for k in 0..<kept { for d in 0..<draws { expected[(y * held + k) * draws + d] = Self.reference(samples[(y * kept + k) * draws + d]) } }
            for j in 0..<(2 * measures.count) {
                let s = supply[y][measures[j % measures.count]]
                for d in 0..<draws {
                    let v = samples[(y * kept + OutputColumns.demandStandard + j) * draws + d]
                    expected[(y * held + kept + j) * draws + d] = Self.reference(max(0, v - s))
                }
            }
        }
        var integers = [Int64](repeating: 0x7777, count: years * held * draws)
        samples.withUnsafeBufferPointer { s in
            integers.withUnsafeMutableBufferPointer {
                for y in 0..<years {
                    RegionTotals.storeIntegers(samples: s.baseAddress!, supply: supply, draws: draws, year: y,
                                               into: $0.baseAddress! + y * held * draws)
                }
            }
        }
        #expect(integers == expected)
    }

    /// `carecap_add_fixed_point` (and its shortfall form) stores the integers `carecap_fixed_point` makes, adds
    /// them with wrap-around, flags what `carecap_fixed_point` flags, and takes back exactly what an addition
    /// added, flagged values included: the sums come back bit for bit.
    @Test(arguments: lengths)
    func addConvertingStoresAddsAndTakesBack(_ count: Int) {
        let values = Self.randomValues(count, seed: UInt64(count) &+ 31)
        let sums = Self.randomValues(count, seed: UInt64(count) &+ 32).map { Int64(bitPattern: $0.bitPattern) }
        for supply: Double? in [nil, 0.5 / 1024, 1e6] {
            let converted = supply.map { Self.convertShortfall(values, supply: $0) } ?? Self.convert(values)
            func pass(_ start: [Int64], mode: carecap_fixed_point_mode, _ row: [Double] = values) -> ([Int64], Int) {
                var to = start
                let flag = row.withUnsafeBufferPointer { v in
                    to.withUnsafeMutableBufferPointer { t in
                        if let supply {
                            carecap_add_fixed_point_shortfall(t.baseAddress!, v.baseAddress!, supply, Self.scale, count, mode)
                        } else {
                            carecap_add_fixed_point(t.baseAddress!, v.baseAddress!, Self.scale, count, mode)
                        }
                    }
                }
                return (to, flag)
            }
            #expect(pass(sums, mode: carecap_fixed_point_store) == (converted.integers, 0))
            let added = pass(sums, mode: carecap_fixed_point_add)
            #expect(added == (zip(sums, converted.integers).map { $0 &+ $1 }, 0))
            #expect(pass(added.0, mode: carecap_fixed_point_take_back).0 == sums)
            // A value outside the limit: flagged exactly when the conversion alone flags it (NaN and the
            // negative ones are no shortfall), and what was added is taken back whole.
            var flags = 0
            for outside in Self.outOfRange {
                var row = values
                row[count / 2] = outside
                let reference = supply.map { Self.convertShortfall(row, supply: $0) } ?? Self.convert(row)
                let flagged = pass(sums, mode: carecap_fixed_point_add, row)
                #expect((flagged.1 != 0) == (reference.flag != 0))
                #expect(pass(flagged.0, mode: carecap_fixed_point_take_back, row).0 == sums)
                flags += flagged.1 != 0 ? 1 : 0
            }
            #expect(flags >= 3)   // 1e300, +∞ and 2⁶⁰ at least, on every basis
        }
    }

    static let addends: [(Int64, Int64)] = [
        (0, 0), (1, -1), (.max, 1), (.min, -1), (.max, .max), (.min, .min), (.max, .min), (-5, 3), (1 << 62, 1 << 62),
    ]

    @Test(arguments: lengths)
    func addWrapsAsSwift(_ count: Int) {
        // Every pair at several places, among deterministic large values.
        let noise = Self.randomValues(2 * count, seed: UInt64(count)).map { Int64(bitPattern: $0.bitPattern) }
        var a = Array(noise.prefix(count)), b = Array(noise.suffix(count))
        for (i, (x, y)) in Self.addends.enumerated() { a[(i * 5) % count] = x; b[(i * 5) % count] = y }
        let expected = zip(a, b).map { $0 &+ $1 }
        b.withUnsafeBufferPointer { from in a.withUnsafeMutableBufferPointer { carecap_add_int64($0.baseAddress!, from.baseAddress!, count) } }
        #expect(a == expected)
    }

    @Test(arguments: addends)
    func addConstantWrapsAsSwift(_ pair: (Int64, Int64)) {
        for count in Self.lengths {
            var a = (0..<count).map { Int64($0) &* 0x1234_5678_9ABC &+ pair.0 }
            let expected = a.map { $0 &+ pair.1 }
            a.withUnsafeMutableBufferPointer { carecap_add_int64_constant($0.baseAddress!, pair.1, count) }
            #expect(a == expected)
        }
    }

    /// The region sums as doubles: exact, and accepted, exactly inside [−2⁵³, 2⁵³) (every integer there is a
    /// double); one value outside anywhere in the row refuses the row (the selection then uses the integers).
    static let twoTo53: Int64 = 1 << 53
    static let conversionCases: [(Int64, Bool)] = [
        (0, true), (-twoTo53, true), (twoTo53 - 1, true), (twoTo53, false), (-twoTo53 - 1, false), (.max, false), (.min, false),
    ]

    @Test(arguments: conversionCases)
    func integersToDoublesExactBelowTwoToThe53(_ value: Int64, accepted: Bool) {
        for count in Self.lengths {
            var from = (0..<count).map { Int64($0) * 1_000_003 - 7_000_000 }
            from[count / 2] = value
            var into = [Double](repeating: .nan, count: count)
            let ok = carecap_int64_to_double(&into, from, count) != 0
            #expect(ok == accepted, "count \(count) value \(value)")
            if ok { #expect(into.map { Int64($0) } == from) }
        }
    }
}
