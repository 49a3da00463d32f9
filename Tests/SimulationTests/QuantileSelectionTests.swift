import Foundation
import Testing
@testable import Simulation

/// Selection must give exactly the quantiles of sorting (GSL's interpolation rule on the sorted
/// samples): the expected values here come from `sorted()` and `SortedQuantile`, an independent path.
@Suite struct QuantileSelectionTests {
    /// Deterministic samples: uniform, many ties (a shortfall floored at 0), constant, descending.
    static func samples(_ n: Int, _ kind: Int, seed: UInt64) -> [Double] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        switch kind {
        case 0: return (0..<n).map { _ in next() * 1000 }
        case 1: return (0..<n).map { _ in max(0, next() * 10 - 6).rounded() }
        case 2: return [Double](repeating: 42, count: n)
        default: return (0..<n).map { Double(n - $0) }
        }
    }

    @Test(arguments: [0, 1, 2, 3, 9, 16, 17, 100, 1000, 1001])
    func equalsSorting(n: Int) {
        let fractions = [0.1, 0.5, 0.9]
        for kind in 0..<4 {
            for seed in 1...5 as ClosedRange<UInt64> {
                var values = Self.samples(n, kind, seed: seed)
                let sorted = values.sorted()
                let selection = QuantileSelection(count: n, fractions: fractions)
                values.withUnsafeMutableBufferPointer { buffer in
                    selection.select(buffer)
                    sorted.withUnsafeBufferPointer { reference in
                        for (q, f) in fractions.enumerated() {
                            let expected = SortedQuantile.value(reference, f)
                            let got = selection.quantile(buffer, q)
                            #expect(got == expected || (got.isNaN && expected.isNaN), "n \(n) kind \(kind): P\(Int(f * 100)) \(got) vs \(expected)")
                            let shifted = selection.quantile(buffer, q) { max(0, $0 - 300) }
                            let shiftedExpected = SortedQuantile.value(reference, f) { max(0, $0 - 300) }
                            #expect(shifted == shiftedExpected || (shifted.isNaN && shiftedExpected.isNaN))
                        }
                    }
                }
                // Selection only reorders: the multiset is unchanged.
                #expect(values.sorted() == sorted)
            }
        }
    }

    @Test func integersSelectLikeDoubles() {
        var sums: [Int64] = (0..<999).map { Int64(($0 * 7919) % 1013) - 500 }
        let reference = sums.sorted().map { Double($0) / 1024 }
        let selection = QuantileSelection(count: sums.count, fractions: [0.1, 0.5, 0.9])
        sums.withUnsafeMutableBufferPointer { buffer in
            selection.select(buffer)
            reference.withUnsafeBufferPointer { sorted in
                for (q, f) in [0.1, 0.5, 0.9].enumerated() {
                    #expect(selection.quantile(buffer, q) { Double($0) / 1024 } == SortedQuantile.value(sorted, f))
                }
            }
        }
    }

    // MARK: The bucket path (`select` on doubles and Int64 from 64 values), against sorting

    /// A deterministic stream of uniform doubles in [0, 1).
    struct Stream {
        var state: UInt64
        init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func below(_ k: Int) -> Int { Int(next() * Double(k)) }
    }

    /// Values meant to catch a wrong bucket boundary, a wrong count or a wrong fallback.
    enum Stress: String, CaseIterable, CustomTestStringConvertible {
        /// ±1e300, ±1e-300, ±0 and the least denormal mixed: the tiny ones share one bucket of a range
        /// of 2e300, more than half the values (the partitions take over).
        case hugeRange
        /// Mostly tiny values and a few huge: the needed ranks are among the tiny, in bucket 0.
        case tinyAndHuge
        /// Uniform in [−1000, 1000), with zeros.
        case negatives
        /// −0.0 and 0.0 (equal, different bits) with some 1.0: the multiset is checked by bit pattern.
        case signedZeros
        /// One value repeated.
        case allEqual
        /// 1 and 2 in random order.
        case twoValues
        /// Distinct denormals (k × 5e-324): a range too narrow to divide into buckets.
        case denormals
        /// Denormals and 1.0 mixed.
        case denormalsAndOne
        /// k / 2 for k = 0...2 × 512 shuffled: with 512 buckets over [0, 512], (x − low) × scale is k / 2,
        /// every other value exactly halfway between two integers (rounding ties).
        case halfSteps
        /// 50,000 + a little, and one 1e12: everything in bucket 0 (the partitions take over).
        case clusterAndOutlier
        /// 40% exactly 7, the rest uniform in [0, 14): a needed bucket of many equal values that is not
        /// the lowest.
        case tiesInTheMiddle
        /// 30% zeros (a shortfall floored at 0), the rest around 50,000: the minimum's ties.
        case zerosAndLogNormal
        /// 30% exactly the maximum.
        case tiesAtTheMaximum
        /// Log-normal around 50,000, sd 0.1 in log: the realistic case.
        case logNormal
        /// Ascending and descending.
        case ascending, descending

        var testDescription: String { rawValue }

        func values(_ n: Int, seed: UInt64) -> [Double] {
            var r = Stream(seed)
            switch self {
            case .hugeRange:
                let pool: [Double] = [1e300, -1e300, 1e-300, -1e-300, 0, -0.0, 5e-324, 2e300 / 3, -1e299]
                return (0..<n).map { _ in pool[r.below(pool.count)] * (1 + r.next()) }
            case .tinyAndHuge:
                return (0..<n).map { _ in r.next() < 0.05 ? 1e300 * (1 + r.next()) : 1e-300 * (1 + r.next()) }
            case .negatives:
                return (0..<n).map { _ in r.next() < 0.1 ? 0 : (r.next() * 2000 - 1000) }
            case .signedZeros:
                return (0..<n).map { _ in [0.0, -0.0, -0.0, 1.0][r.below(4)] }
            case .allEqual:
                return [Double](repeating: 3.5, count: n)
            case .twoValues:
                return (0..<n).map { _ in r.next() < 0.3 ? 1 : 2 }
            case .denormals:
                return (0..<n).map { _ in Double(r.below(2000)) * 5e-324 }
            case .denormalsAndOne:
                return (0..<n).map { _ in r.next() < 0.5 ? Double(r.below(2000)) * 5e-324 : 1 }
            case .halfSteps:
                var v = (0..<n).map { Double($0 % 1025) / 2 }
                for i in stride(from: n - 1, to: 0, by: -1) { v.swapAt(i, r.below(i + 1)) }
                return v
            case .clusterAndOutlier:
                return (0..<n).map { $0 == n / 3 ? 1e12 : 50_000 + r.next() }
            case .tiesInTheMiddle:
                return (0..<n).map { _ in r.next() < 0.4 ? 7 : r.next() * 14 }
            case .zerosAndLogNormal:
                return (0..<n).map { _ in r.next() < 0.3 ? 0 : Self.logNormal(&r) }
            case .tiesAtTheMaximum:
                return (0..<n).map { _ in r.next() < 0.3 ? 100 : r.next() * 100 }
            case .logNormal:
                return (0..<n).map { _ in Self.logNormal(&r) }
            case .ascending:
                return (0..<n).map { Double($0) * 0.37 }
            case .descending:
                return (0..<n).map { Double(n - $0) * 0.37 }
            }
        }

        static func logNormal(_ r: inout Stream) -> Double {
            let u = max(r.next(), 1e-300), v = r.next()
            return 50_000 * exp(0.1 * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
        }
    }

    /// After `select`, every needed rank holds the order statistic of `sorted()`, the quantiles equal
    /// `SortedQuantile`'s on the sorted copy (and the partitions'), and the values are the same bits.
    @Test(arguments: Stress.allCases, [0, 1, 2, 3, 17, 63, 64, 65, 100, 1000, 1001])
    func bucketsEqualSorting(kind: Stress, n: Int) {
        let fractions = [0.1, 0.5, 0.9]
        let selection = QuantileSelection(count: n, fractions: fractions)
        for seed in 1...4 as ClosedRange<UInt64> {
            let original = kind.values(n, seed: seed)
            let sorted = original.sorted()
            var values = original, partitioned = original
            values.withUnsafeMutableBufferPointer { buffer in
                selection.select(buffer)
                for r in selection.ranks where r < n {
                    #expect(buffer[r] == sorted[r], "\(kind) n \(n) seed \(seed): rank \(r) holds \(buffer[r]), sorted \(sorted[r])")
                }
                partitioned.withUnsafeMutableBufferPointer { other in
                    selection.selectByPartition(other)
                    sorted.withUnsafeBufferPointer { reference in
                        for (q, f) in fractions.enumerated() {
                            let expected = SortedQuantile.value(reference, f)
                            let got = selection.quantile(buffer, q)
                            #expect(got == expected || (got.isNaN && expected.isNaN), "\(kind) n \(n): P\(Int(f * 100)) \(got) vs \(expected)")
                            #expect(got == selection.quantile(other, q) || got.isNaN)
                        }
                    }
                }
            }
            // Only reordered: the same bits (−0.0 and 0.0 told apart).
            #expect(values.map(\.bitPattern).sorted() == original.map(\.bitPattern).sorted())
        }
    }

    /// Quantiles derived by hand, through the bucket path and its fallbacks.
    @Test func bucketsGiveHandDerivedQuantiles() {
        // 1,001 values k × 1e-300 (k = 0..<1000) and one 1e300, shuffled: positions 1000 × f are 100, 500
        // and 900 exactly (delta 0), so P10 = 100 × 1e-300, P50 = 500 × 1e-300, P90 = 900 × 1e-300. All
        // the tiny values fall in bucket 0 of a range of 1e300: the partitions take over.
        var r = Stream(7)
        var tiny = (0..<1000).map { Double($0) * 1e-300 } + [1e300]
        for i in stride(from: tiny.count - 1, to: 0, by: -1) { tiny.swapAt(i, r.below(i + 1)) }
        let s1001 = QuantileSelection(count: 1001, fractions: [0.1, 0.5, 0.9])
        tiny.withUnsafeMutableBufferPointer { b in
            s1001.select(b)
            #expect(s1001.quantile(b, 0) == 100 * 1e-300)
            #expect(s1001.quantile(b, 1) == 500 * 1e-300)
            #expect(s1001.quantile(b, 2) == 900 * 1e-300)
        }
        // 300 ones and 700 twos (n 1,000): positions 99.9, 499.5, 899.1; ranks 99 and 100 are ones, 499
        // to 900 twos, so P10 = 1, P50 = P90 = 2.
        var two = (0..<1000).map { $0 % 10 < 3 ? 1.0 : 2.0 }
        let s1000 = QuantileSelection(count: 1000, fractions: [0.1, 0.5, 0.9])
        two.withUnsafeMutableBufferPointer { b in
            s1000.select(b)
            #expect(s1000.quantile(b, 0) == 1)
            #expect(s1000.quantile(b, 1) == 2)
            #expect(s1000.quantile(b, 2) == 2)
        }
        // −500...499 (n 1,000) in a scrambled order: rank k holds k − 500, so P10 = 0.1 × (−401) + 0.9 ×
        // (−400)... exactly (1 − 0.9) × −401 + 0.9 × −400 in doubles; P50 = 0.5 × −1 + 0.5 × 0 = −0.5; P90 =
        // 0.9 × 399 + 0.1 × 400 in doubles.
        var centred = (0..<1000).map { Double(($0 * 7919) % 1000 - 500) }
        centred.withUnsafeMutableBufferPointer { b in
            s1000.select(b)
            #expect(b[99] == -401 && b[100] == -400 && b[499] == -1 && b[500] == 0 && b[899] == 399 && b[900] == 400)
            let d10 = 999 * 0.1 - 99, d90 = 999 * 0.9 - 899
            #expect(s1000.quantile(b, 0) == (1 - d10) * -401 + d10 * -400)
            #expect(s1000.quantile(b, 1) == -0.5)
            #expect(s1000.quantile(b, 2) == (1 - d90) * 399 + d90 * 400)
        }
        // 600 zeros and 400 ones: ranks 99 to 500 are in the minimum's ties (P10 = P50 = 0), 899 and 900
        // ones (P90 = 1).
        var floored = (0..<1000).map { $0 % 5 < 3 ? 0.0 : 1.0 }
        floored.withUnsafeMutableBufferPointer { b in
            s1000.select(b)
            #expect(s1000.quantile(b, 0) == 0 && s1000.quantile(b, 1) == 0 && s1000.quantile(b, 2) == 1)
        }
    }

    /// More than three fractions (more than six needed buckets: the gather then looks at every group).
    @Test(arguments: [Stress.logNormal, .zerosAndLogNormal, .halfSteps, .negatives])
    func manyFractionsEqualSorting(kind: Stress) {
        let fractions = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]
        let selection = QuantileSelection(count: 1000, fractions: fractions)
        var values = kind.values(1000, seed: 11)
        let sorted = values.sorted()
        values.withUnsafeMutableBufferPointer { buffer in
            selection.select(buffer)
            for r in selection.ranks { #expect(buffer[r] == sorted[r], "\(kind) rank \(r)") }
        }
        #expect(values.sorted() == sorted)
    }

    /// Callers never pass a NaN, but one must not take the bucket path out of its tables: with NaNs (with
    /// payloads, first or elsewhere) `select` only reorders (the same bits), whatever the order statistics.
    @Test(arguments: [0, 1, 500, 999])
    func nanOnlyReorders(at position: Int) {
        var r = Stream(UInt64(position + 1))
        let payloads: [Double] = [.nan, Double(bitPattern: 0x7FF8_0000_0000_07FF), Double(bitPattern: 0xFFF8_0000_0000_0123)]
        for payload in payloads {
            var values = (0..<1000).map { _ in Stress.logNormal(&r) }
            values[position] = payload
            values[(position + 333) % 1000] = payload
            let original = values
            let selection = QuantileSelection(count: 1000, fractions: [0.1, 0.5, 0.9])
            values.withUnsafeMutableBufferPointer { selection.select($0) }
            #expect(values.map(\.bitPattern).sorted() == original.map(\.bitPattern).sorted())
        }
    }

    /// Int64 sums through the bucket path: ordinary fixed-point sums, ties at the minimum, a range of 2⁵²
    /// or more where the key is the plain conversion and distinct integers share a double (not exact), and
    /// magnitudes near 2⁵³ with a small range (offsets exact).
    @Test(arguments: ["fixedPoint", "zeros", "huge", "wideAndCollisions", "near2^53", "negative"], [64, 999, 1000, 1001])
    func integerBucketsEqualSorting(kind: String, n: Int) {
        var r = Stream(UInt64(n))
        let values: [Int64] = (0..<n).map { _ in
            switch kind {
            case "fixedPoint": return Int64((Stress.logNormal(&r) * 1024).rounded())
            case "zeros": return r.next() < 0.3 ? 0 : Int64((Stress.logNormal(&r) * 1024).rounded())
            case "huge": return r.next() < 0.5 ? Int64.max - Int64(r.below(1000)) : Int64.min + Int64(r.below(1000))
            case "wideAndCollisions":
                // 30% within 5,000 of 2⁶² (doubles there are 1,024 apart), the rest spread over ±2⁶².
                return r.next() < 0.3 ? (1 << 62) + Int64(r.below(5000)) : Int64((r.next() * 2 - 1) * 0x1p62)
            case "near2^53": return (1 << 53) + Int64(r.below(50)) - 25
            default: return -Int64(r.below(1_000_000))
            }
        }
        let sorted = values.sorted()
        var selected = values
        let selection = QuantileSelection(count: n, fractions: [0.1, 0.5, 0.9])
        selected.withUnsafeMutableBufferPointer { b in
            selection.select(b)
            for rank in selection.ranks { #expect(b[rank] == sorted[rank], "\(kind) n \(n) rank \(rank)") }
        }
        #expect(selected.sorted() == sorted)
    }
}
