import CSurvival
import Foundation

/// The order statistics P10/P50/P90 need of one area's drawn columns, year after year, found by one pass
/// over each column's draws in most years instead of the buckets' three (`QuantileSelection`).
///
/// Why it works: a column's draws change little from one year to the next in shape, only in level and
/// spread. So each order statistic's standardized place, z = (value − mean) / sd, is nearly last year's,
/// and with this year's mean and sd (one cheap pass) each needed pair of ranks (99 and 100 of 1,000 for
/// P10) lies in a narrow window of values. One scan (`carecap_window_scan`, in C, eight values at a time
/// with AVX-512) counts the values below each of the three windows and copies the few inside; the counts
/// say exactly which ranks a window holds, and the pair is selected among its few values.
///
/// Exact: a window is used only when its counts prove that it holds both of its ranks (fewer values below
/// it than the lower rank, more up to its top than the upper one); then the values are the order
/// statistics themselves, the same doubles a sort gives. A window that misses is moved once by what the
/// counts say it lacks on that side (plus the margin) and the column scanned again. Otherwise (the first year,
/// a second miss, a window too full, a column with no spread) the year's column goes through
/// `QuantileSelection.select`, and the column's margin widens. The windows are placed from last year's results
/// and this year's counts only, so a prediction changes how fast a value is found, never the value.
///
/// Measured: see Benchmarks/README.md, "Sixth round" and "Seventh round" (the second scan: the buckets' share of
/// a national run 2.0% → 0.5%, the scans' 4.5% → 5.1%).
struct PredictedSelection {
    let selection: QuantileSelection
    let count: Int
    /// Whether the windows are used: the ranks come in the pairs they hold ((lower, lower + 1) per fraction,
    /// all distinct), and the CPU runs the AVX-512 scan. Without it the scan is a loop of about 1.3 µs per 1,000
    /// values, slower than the buckets it would spare (about 1.1 µs), so every column goes to the buckets.
    let usesWindows: Bool
    /// Per column and needed rank: last year's z of the order statistic, [column × ranks + i].
    private var standardized: [Double]
    /// Per column: whether `standardized` holds last year's, and the margin each side of a window, in ranks.
    private var known: [Bool]
    private var margin: [Double]
    /// Per column: misses in a row; after `missesBeforeGivingUp` the column goes to the buckets for the
    /// rest of the area (a column with ties or jumps would pay a wasted scan every year).
    private var misses: [Int]
    /// Values of each window: `CARECAP_WINDOWS` runs of `stride`.
    private let windowValues: UnsafeMutablePointer<Double>
    /// The scan's arguments: the windows' lows, highs and densities (ranks per unit of z); the counts below then
    /// inside.
    private let bounds: UnsafeMutablePointer<Double>
    private let counts: UnsafeMutablePointer<Int>
    private let stride: Int
    private let capacity: Int
    /// How often the windows served, and how often the buckets did (for tests; not part of any result).
    private(set) var served = 0
    private(set) var fellBack = 0
    /// How often a window was moved and the column scanned again (served or not).
    private(set) var retried = 0

    /// Margin each side of a window when a column starts, in ranks per 1,000 draws (a draw's drift in rank from
    /// one year to the next grows with the number of draws); doubled after each miss (up to a tenth of the
    /// draws), narrowed by a quarter after each hit, down to the initial one again. Measured on the national run
    /// at 1,000 draws: 10 ranks served 86% of the column-years (the base year's 3% cannot be), 16 served 94% with
    /// windows a third fuller, 7 served 77%; 10 costs least (a miss costs a scan and the buckets, a fuller window
    /// more counting).
    static let marginPerThousandDraws = 10.0
    static let missesBeforeGivingUp = 3
    /// The initial margin for this many draws: `marginPerThousandDraws` scaled, at least 2 ranks.
    let initialMargin: Double

    /// How a column that the windows do not serve is ordered: `selection` (the buckets), or `sorting` (a full
    /// sort of every column, windows off: tests' independent check).
    let method: QuantileMethod

    /// `fractions` must be three (the windows a scan takes); with fewer values than
    /// `QuantileSelection.bucketMinimum`, or ranks not in distinct pairs, every column is selected.
    init(count n: Int, fractions: [Double], columns: Int, method: QuantileMethod = .selection) {
        precondition(fractions.count == Int(CARECAP_WINDOWS), "three fractions, one per window")
        count = n
        self.method = method
        selection = QuantileSelection(count: n, fractions: fractions)
        let expected = selection.lower.flatMap { [$0, $0 + 1] }
        usesWindows = method == .selection && n >= QuantileSelection.bucketMinimum && selection.ranks == expected
            && carecap_kernel_instruction_set(-1) == 2
        standardized = [Double](repeating: 0, count: columns * selection.ranks.count)
        known = [Bool](repeating: false, count: columns)
        initialMargin = max(2, Self.marginPerThousandDraws * Double(n) / 1000)
        margin = [Double](repeating: initialMargin, count: columns)
        misses = [Int](repeating: 0, count: columns)
        // A window holds up to a quarter of the draws (more is no longer "narrow": the buckets are as fast).
        capacity = max(8, n / 4)
        stride = capacity + 64
        windowValues = .allocate(capacity: Int(CARECAP_WINDOWS) * stride)
        bounds = .allocate(capacity: 3 * Int(CARECAP_WINDOWS))
        counts = .allocate(capacity: 2 * Int(CARECAP_WINDOWS))
    }

    /// Frees the scratch memory (the struct is used by one task for one area).
    func deallocate() {
        windowValues.deallocate()
        bounds.deallocate()
        counts.deallocate()
    }

    /// The order statistics of `values` (column `column`'s draws this year), `statistics[i]` that of rank
    /// `selection.ranks[i]`. `values` may be reordered (by the fallback), never changed as a multiset.
    mutating func orderStatistics(column: Int, of values: UnsafeMutableBufferPointer<Double>,
                                  into statistics: UnsafeMutablePointer<Double>) {
        precondition(values.count == count, "PredictedSelection built for \(count) values, given \(values.count)")
        let ranks = selection.ranks
        guard usesWindows, count > 1 else {
            orderWhole(values, into: statistics)
            return
        }
        var sum = 0.0, squares = 0.0
        carecap_sum_squares(values.baseAddress!, count, &sum, &squares)
        let n = Double(count)
        let mean = sum / n
        let sd = ((squares - sum * mean) / (n - 1)).squareRoot()
        let spread = sd.isFinite && mean.isFinite && sd > 0
        if spread, known[column], misses[column] < Self.missesBeforeGivingUp,
           windowed(column: column, values: values, mean: mean, sd: sd, into: statistics) {
            served += 1
            misses[column] = 0
            // A hit narrows the column's margin back towards the initial one.
            margin[column] = max(initialMargin, 0.75 * margin[column])
        } else {
            if known[column], misses[column] < Self.missesBeforeGivingUp, spread {
                misses[column] += 1
                margin[column] = min(2 * margin[column], max(initialMargin, n / 10))
            }
            fellBack += 1
            orderWhole(values, into: statistics)
        }
        // This year's places, for next year's windows.
        known[column] = spread
        if spread {
            for i in 0..<ranks.count { standardized[column * ranks.count + i] = (statistics[i] - mean) / sd }
        }
    }

    /// The order statistics without the windows: by the buckets (`QuantileSelection`), or by a full sort.
    private func orderWhole(_ values: UnsafeMutableBufferPointer<Double>, into statistics: UnsafeMutablePointer<Double>) {
        if method == .sorting {
            let sorted = values.sorted()
            for (i, r) in selection.ranks.enumerated() { statistics[i] = sorted[r] }
        } else {
            selection.select(values)
            for (i, r) in selection.ranks.enumerated() { statistics[i] = values[r] }
        }
    }

    /// The windows from last year's places, the scan, and the pairs selected inside; false when a window
    /// does not prove that it holds its ranks.
    private mutating func windowed(column: Int, values: UnsafeMutableBufferPointer<Double>, mean: Double, sd: Double,
                                   into statistics: UnsafeMutablePointer<Double>) -> Bool {
        let windows = Int(CARECAP_WINDOWS)
        let width = selection.ranks.count
        let low = bounds, high = bounds + windows, density = bounds + 2 * windows, below = counts, inside = counts + windows
        for w in 0..<windows {
            let zLow = standardized[column * width + 2 * w], zHigh = standardized[column * width + 2 * w + 1]
            // `margin` ranks in z: ranks are about count × φ(z) apart per unit of z (the normal density, kept
            // from vanishing in the tails; a skewed column only needs a wider margin).
            let z = max(-4, min(4, zLow))
            density[w] = Double(count) * exp(-0.5 * z * z) * 0.3989422804014327
            let slack = margin[column] / density[w]
            low[w] = mean + sd * (zLow - slack)
            high[w] = mean + sd * (zHigh + slack)
        }
        // Every window must hold both of its ranks before any is used. A window that misses is moved once, by
        // what its counts say it lacks on that side plus the margin again, and all are scanned again: a second
        // scan costs a third of the buckets' selection.
        for attempt in 0..<2 {
            guard carecap_window_scan(values.baseAddress!, count, low, high, below, inside, windowValues, stride, capacity) != 0 else {
                return false
            }
            var held = true
            for w in 0..<windows {
                let first = selection.ranks[2 * w]
                if below[w] > first {
                    held = false
                    low[w] -= sd * (Double(below[w] - first) + margin[column]) / density[w]
                }
                if first + 1 >= below[w] + inside[w] {
                    held = false
                    high[w] += sd * (Double(first + 2 - below[w] - inside[w]) + margin[column]) / density[w]
                }
            }
            if held { break }
            if attempt == 1 { return false }
            retried += 1
        }
        for w in 0..<windows {
            carecap_select_pair(windowValues + w * stride, inside[w], selection.ranks[2 * w] - below[w], statistics + 2 * w)
        }
        return true
    }
}
