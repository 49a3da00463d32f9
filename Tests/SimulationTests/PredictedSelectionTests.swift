import CSurvival
import Foundation
import Testing
@testable import Simulation

/// The windowed quantiles must be exactly the quantiles of sorting: expected values come from `sorted()`
/// and `SortedQuantile` (GSL's rule), and the scan's counts from a plain loop over the values, independent
/// paths. The columns are built to exercise each way through: drifting and widening (the windows serve),
/// a jump in level (a miss, then the buckets), ties, a constant column.
@Suite(.serialized) struct PredictedSelectionTests {
    /// A deterministic generator of uniform doubles in [0, 1).
    struct Uniform {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        /// A standard normal by Box–Muller (its exact distribution does not matter here).
        mutating func normal() -> Double {
            let u = max(next(), 1e-300), v = next()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    /// One year of one column through `predicted`: its P10/P50/P90 must equal sorting's (`SortedQuantile`), and the
    /// values may be reordered, never changed as a multiset.
    static func expectQuantilesOfSorting(_ predicted: inout PredictedSelection, column k: Int, values column: [Double],
                                         statistics: inout [Double], _ label: String) {
        let selection = predicted.selection
        var values = column
        let sorted = column.sorted()
        values.withUnsafeMutableBufferPointer { buffer in
            statistics.withUnsafeMutableBufferPointer { s in
                predicted.orderStatistics(column: k, of: buffer, into: s.baseAddress!)
                sorted.withUnsafeBufferPointer { reference in
                    for (q, f) in [0.1, 0.5, 0.9].enumerated() {
                        let got = selection.quantile(statistics: s.baseAddress!, q) { $0 }
                        #expect(got == SortedQuantile.value(reference, f), "\(label) P\(Int(f * 100))")
                    }
                }
            }
        }
        #expect(values.sorted() == sorted)
    }

    /// What the scan must return, by a plain loop: per window the values below it and those inside it.
    static func expectedScan(_ values: [Double], low: [Double], high: [Double]) -> (below: [Int], inside: [[Double]]) {
        (low.indices.map { w in values.filter { $0 < low[w] }.count },
         low.indices.map { w in values.filter { $0 >= low[w] && $0 <= high[w] }.sorted() })
    }

    /// Both instruction sets (AVX-512 where the CPU has it, and the baseline loop) against the plain loop:
    /// ordered windows, overlapping ones, an empty one (low above high), lengths not a multiple of eight.
    @Test(arguments: [2, 0])
    func scanCountsAndCopiesExactly(instructionSet: Int32) {
        var random = Uniform(state: 7)
        for count in [1, 7, 8, 9, 63, 64, 65, 1000, 1003] {
            let values = (0..<count).map { _ in (random.next() * 100).rounded() / 4 }   // ties on a grid of 0.25
            let windowSets: [([Double], [Double])] = [
                ([2, 10, 20], [4, 12.25, 21]),     // apart
                ([5, 6, 5.5], [9, 7, 30]),         // overlapping
                ([3, 50, 1], [4, 40, 1]),          // the second empty, the third one value wide
            ]
            for (low, high) in windowSets {
                let capacity = count
                let stride = capacity + 64
                var out = [Double](repeating: .nan, count: 3 * stride)
                var below = [Int](repeating: -1, count: 3), inside = [Int](repeating: -1, count: 3)
                let scanned = carecap_window_scan_using(instructionSet, values, count, low, high, &below, &inside, &out, stride, capacity)
                #expect(scanned == 1)
                let expected = Self.expectedScan(values, low: low, high: high)
                #expect(below == expected.below, "count \(count) windows \(low)…\(high)")
                for w in 0..<3 {
                    let copied = Array(out[(w * stride)..<(w * stride + inside[w])]).sorted()
                    #expect(copied == expected.inside[w], "count \(count) window \(w)")
                }
            }
        }
    }

    /// A window holding more than the capacity stops the scan with 0, on both paths.
    @Test(arguments: [2, 0])
    func scanRefusesAFullWindow(instructionSet: Int32) {
        let values = (0..<1000).map { Double($0 % 10) }       // 100 of each of 0...9
        // Room for the three windows' values together (the AVX-512 path gathers them in one list first).
        let capacity = 150, stride = 3 * capacity + 64
        var out = [Double](repeating: 0, count: 3 * stride)
        var below = [0, 0, 0], inside = [0, 0, 0]
        // Window 1 holds 3, 4 (200 values): too many; the others hold 100 each.
        #expect(carecap_window_scan_using(instructionSet, values, 1000, [0, 3, 9], [0, 4, 9], &below, &inside, &out, stride, capacity) == 0)
        #expect(carecap_window_scan_using(instructionSet, values, 1000, [0, 3, 9], [0, 3, 9], &below, &inside, &out, stride, capacity) == 1)
        #expect(below == [0, 300, 900])
        #expect(inside == [100, 100, 100])
    }

    /// The pair of ranks k, k + 1 against sorting, for every k of small and larger arrays with ties.
    @Test func selectPairEqualsSorting() {
        var random = Uniform(state: 11)
        for count in [2, 3, 16, 17, 40, 129] {
            for tiesEvery in [1.0, 8.0] {
                let values = (0..<count).map { _ in (random.next() * 64 / tiesEvery).rounded() }
                let sorted = values.sorted()
                for k in 0..<(count - 1) {
                    var a = values
                    var pair = [0.0, 0.0]
                    carecap_select_pair(&a, count, k, &pair)
                    #expect(pair == [sorted[k], sorted[k + 1]], "count \(count) k \(k)")
                    #expect(a.sorted() == sorted)
                }
            }
        }
    }

    /// With AVX-512 (at most 64 values, `pair_by_counting_avx512`), a rank held by equal values gives the last of
    /// them in place, bit for bit: −0.0 or +0.0 as that one is, which the shortcut for values other than zero
    /// (their own bits) must not change. Reference: the last index i with a[i] == sorted[k].
    @Test func selectPairKeepsTheLastEqualValuesBits() {
        guard carecap_kernel_instruction_set(-1) == 2 else { return }
        var random = Uniform(state: 5)
        for count in [2, 9, 24, 64] {
            for _ in 0..<20 {
                let values: [Double] = (0..<count).map { _ in
                    let u = random.next()
                    return u < 0.25 ? -0.0 : u < 0.5 ? 0.0 : (u * 8).rounded()
                }
                let sorted = values.sorted()
                for k in 0..<(count - 1) {
                    var a = values
                    var pair = [0.0, 0.0]
                    carecap_select_pair(&a, count, k, &pair)
                    let expected = [k, k + 1].map { r in values[values.lastIndex { $0 == sorted[r] }!] }
                    #expect(pair.map(\.bitPattern) == expected.map(\.bitPattern), "count \(count) k \(k) \(values)")
                }
            }
        }
    }

    /// A column whose draws drift and widen year by year, then jump: every year's P10/P50/P90 equal to
    /// sorting's, with most years served by the windows (the jump's year by the buckets) where the CPU has
    /// AVX-512, and every year by the buckets below it.
    @Test(arguments: [2, 0])
    func yearsOfAColumnEqualSorting(instructionSet: Int32) {
        defer { _ = carecap_kernel_instruction_set(2) }
        // The level the CPU grants (a machine without AVX-512 runs level 2's case at a lower one).
        let level = carecap_kernel_instruction_set(instructionSet)
        let draws = 1000, years = 30
        var random = Uniform(state: 3)
        // Each draw a persistent path: level × (1 + spread × its own shock, growing), a few draws' own noise.
        let shocks = (0..<draws).map { _ in random.normal() }
        var predicted = PredictedSelection(count: draws, fractions: [0.1, 0.5, 0.9], columns: 3)
        defer { predicted.deallocate() }
        var statistics = [Double](repeating: 0, count: predicted.selection.ranks.count)
        for year in 0..<years {
            let level = 50_000 * pow(1.02, Double(year)) * (year == 20 ? 3 : 1)
            let spread = 0.01 + 0.002 * Double(year)
            // Column 0 drifts; column 1 is constant; column 2 is 0 in 30% of draws (a floor).
            let column0 = shocks.map { level * (1 + spread * ($0 + 0.05 * random.normal())) }
            let column1 = [Double](repeating: 17, count: draws)
            let column2 = column0.map { max(0, $0 - level * (1 - spread * 0.5)) }
            for (k, column) in [column0, column1, column2].enumerated() {
                Self.expectQuantilesOfSorting(&predicted, column: k, values: column, statistics: &statistics, "year \(year) column \(k)")
            }
        }
        // Column 0: every year but the first and the jump's (and the year after it) by the windows.
        // With AVX-512, column 0 by the windows every year but the first and the jump's (and the year after it);
        // without, every column by the buckets (the scan's loop would be slower than they are).
        // Whether the windows are used is decided when the selection is made, from the process-wide level, which
        // tests running at the same time (the other argument, ProjectionBlockKernelTests) may lower meanwhile: the
        // decision itself is checked, never the level read here (the numbers are the same either way).
        _ = level
        if predicted.usesWindows {
            #expect(predicted.served >= years - 4, "served \(predicted.served), fell back \(predicted.fellBack)")
        } else {
            #expect(predicted.served == 0)
        }
    }

    /// A column whose shape changes from one year to the next (symmetric, then skewed to the right, x + 0.3·max(0, x)²:
    /// the upper tail stretches, so last year's standardized place of P90 no longer lies where the margin looks): the
    /// first scan's counts show which window missed and on which side, the window is moved by them and the
    /// column scanned again. The quantiles still equal sorting's; the second scan served instead of the buckets.
    @Test func aMissedWindowIsMovedByItsCountsAndScannedAgain() {
        defer { _ = carecap_kernel_instruction_set(2) }
        guard carecap_kernel_instruction_set(2) == 2 else { return }   // the windows need the AVX-512 scan
        let draws = 1000
        var random = Uniform(state: 11)
        let shocks = (0..<draws).map { _ in random.normal() }
        var predicted = PredictedSelection(count: draws, fractions: [0.1, 0.5, 0.9], columns: 1)
        defer { predicted.deallocate() }
        var statistics = [Double](repeating: 0, count: predicted.selection.ranks.count)
        // Years 0-2 symmetric (the places are learnt), year 3 skewed.
        let years: [[Double]] = [
            shocks.map { 100 + $0 }, shocks.map { 101 + 1.01 * $0 }, shocks.map { 102 + 1.02 * $0 },
            shocks.map { 103 + $0 + 0.3 * pow(max(0, $0), 2) },
        ]
        for (year, column) in years.enumerated() {
            Self.expectQuantilesOfSorting(&predicted, column: 0, values: column, statistics: &statistics, "year \(year)")
        }
        guard predicted.usesWindows else { return }   // another test lowered the level meanwhile
        #expect(predicted.retried >= 1, "retried \(predicted.retried)")
        #expect(predicted.served == 3, "served \(predicted.served), fell back \(predicted.fellBack)")
    }
}
