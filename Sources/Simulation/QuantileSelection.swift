/// P10, P50 and P90 of a run's draws by selection instead of sorting: the interpolated quantile of GSL's
/// rule (gsl_stats_quantile_from_sorted_data: position (n − 1) × f, linear between the order statistics
/// either side) needs at most six order statistics, and a multi-quickselect places exactly those in
/// expected O(n log 6) comparisons where a sort takes O(n log n) and allocates its merge buffer. The values
/// are the order statistics themselves, so the quantiles are bit-identical to sorting's.
///
/// ```swift
/// var q = QuantileSelection(count: 1000, fractions: [0.1, 0.5, 0.9])
/// q.select(samples)                 // reorders `samples` in place
/// q.quantile(samples, 1)            // P50
/// q.quantile(samples, 2) { max(0, $0 - supply) }   // P90 of a non-decreasing transform
/// ```
struct QuantileSelection {
    /// Per fraction: the lower order statistic's index and the weight of the upper one.
    let lower: [Int]
    let delta: [Double]
    /// The distinct ranks to place, ascending.
    let ranks: [Int]
    let count: Int

    init(count n: Int, fractions: [Double]) {
        count = n
        var lower: [Int] = [], delta: [Double] = [], ranks = Set<Int>()
        for f in fractions {
            let position = Double(max(n - 1, 0)) * f
            let l = min(Int(position.rounded(.down)), max(n - 1, 0))
            lower.append(l)
            delta.append(position - Double(l))
            ranks.insert(l)
            if l + 1 < n { ranks.insert(l + 1) }
        }
        self.lower = lower
        self.delta = delta
        self.ranks = ranks.sorted()
    }

    /// Reorders `values` so that each needed rank holds its order statistic (the smaller values before
    /// it, the larger after, as a sort would leave them).
    func select<T: Comparable>(_ values: UnsafeMutableBufferPointer<T>) {
        precondition(values.count == count, "QuantileSelection built for \(count) values, given \(values.count)")
        guard count > 1 else { return }
        ranks.withUnsafeBufferPointer { ranks in
            Self.select(values.baseAddress!, 0, count - 1, ranks, 0, ranks.count)
        }
    }

    /// The quantile of fraction index `q` of `transform` applied to each value, after `select`;
    /// `transform` must not decrease.
    @inline(__always)
    func quantile<T>(_ values: UnsafeMutableBufferPointer<T>, _ q: Int, _ transform: (T) -> Double) -> Double {
        guard count > 0 else { return .nan }
        let l = lower[q]
        guard l + 1 < count else { return transform(values[l]) }
        return (1 - delta[q]) * transform(values[l]) + delta[q] * transform(values[l + 1])
    }

    func quantile(_ values: UnsafeMutableBufferPointer<Double>, _ q: Int) -> Double {
        quantile(values, q) { $0 }
    }

    /// Places the ranks `ranks[r0..<r1]` (ascending, all within lo...hi) in `a[lo...hi]`.
    private static func select<T: Comparable>(_ a: UnsafeMutablePointer<T>, _ lo: Int, _ hi: Int,
                                              _ ranks: UnsafeBufferPointer<Int>, _ r0: Int, _ r1: Int) {
        var lo = lo, hi = hi, r0 = r0, r1 = r1
        while r0 < r1 {
            if hi - lo < 16 {
                // Small ranges: insertion sort places every rank at once.
                var i = lo + 1
                while i <= hi {
                    let x = a[i]
                    var j = i - 1
                    while j >= lo && x < a[j] { a[j + 1] = a[j]; j -= 1 }
                    a[j + 1] = x
                    i += 1
                }
                return
            }
            // Median of three as pivot, then Hoare's partition: a[lo...j] ≤ pivot ≤ a[j+1...hi], both
            // sides non-empty. Equal draws stop both scans, so runs of ties (a floor at 0, a capped
            // value) split evenly instead of degrading.
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { swap(a, mid, lo) }
            if a[hi] < a[lo] { swap(a, hi, lo) }
            if a[hi] < a[mid] { swap(a, hi, mid) }
            let pivot = a[mid]
            var i = lo - 1, j = hi + 1
            while true {
                repeat { i += 1 } while a[i] < pivot
                repeat { j -= 1 } while pivot < a[j]
                if i >= j { break }
                swap(a, i, j)
            }
            // Ranks ≤ j are in the left part, the others in the right; recurse into the side with
            // fewer elements and loop on the other.
            var split = r0
            while split < r1 && ranks[split] <= j { split += 1 }
            if split > r0 && split < r1 {
                if j - lo < hi - j {
                    select(a, lo, j, ranks, r0, split)
                    lo = j + 1; r0 = split
                } else {
                    select(a, j + 1, hi, ranks, split, r1)
                    hi = j; r1 = split
                }
            } else if split > r0 {
                hi = j
            } else {
                lo = j + 1
            }
        }
    }

    @inline(__always)
    private static func swap<T>(_ a: UnsafeMutablePointer<T>, _ i: Int, _ j: Int) {
        let t = a[i]; a[i] = a[j]; a[j] = t
    }
}
