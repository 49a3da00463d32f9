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
}
