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
    ///
    /// Partitions are Lomuto's without branches (the comparison's result moves an index, every element
    /// is swapped): the draws are in random order, so a branch on each comparison was mispredicted
    /// half the time, and selection took about 25 cycles per value, a fifth of a national run. Ties: a
    /// pivot that is the smallest value of the range would leave the "smaller" side empty; the values
    /// equal to it are then moved to the front and the ranks among them are done, so runs of equal
    /// draws (a floor at 0, a constant column) cost one pass, not a quadratic search.
    private static func select<T: Comparable>(_ a: UnsafeMutablePointer<T>, _ lo: Int, _ hi: Int,
                                              _ ranks: UnsafeBufferPointer<Int>, _ r0: Int, _ r1: Int) {
        var lo = lo, end = hi + 1, r0 = r0, r1 = r1
        while r0 < r1 {
            if end - lo <= 16 {
                // Small ranges: insertion sort places every rank at once.
                var i = lo + 1
                while i < end {
                    let x = a[i]
                    var j = i - 1
                    while j >= lo && x < a[j] { a[j + 1] = a[j]; j -= 1 }
                    a[j + 1] = x
                    i += 1
                }
                return
            }
            // Median of three values as pivot (a value of the range, so the "not smaller" side is never empty).
            let x = a[lo], y = a[lo + (end - lo) / 2], z = a[end - 1]
            let pivot = max(min(x, y), min(max(x, y), z))
            let split = partition(a, lo, end) { $0 < pivot }
            if split == lo {
                // Nothing below the pivot: a[lo..<equalEnd] all equal it, and ranks there are placed.
                let equalEnd = partition(a, lo, end) { !(pivot < $0) }
                while r0 < r1 && ranks[r0] < equalEnd { r0 += 1 }
                lo = equalEnd
                continue
            }
            // a[lo..<split] < pivot ≤ a[split..<end]; ranks below `split` are on the left. Recurse into the
            // side with fewer elements and loop on the other.
            var r = r0
            while r < r1 && ranks[r] < split { r += 1 }
            if r > r0 && r < r1 {
                if split - lo < end - split {
                    select(a, lo, split - 1, ranks, r0, r)
                    lo = split; r0 = r
                } else {
                    select(a, split, end - 1, ranks, r, r1)
                    end = split; r1 = r
                }
            } else if r > r0 {
                end = split
            } else {
                lo = split
            }
        }
    }

    /// Moves the values of `a[lo..<end]` for which `isLeft` holds to the front, in one pass without a
    /// branch on the result, and returns where the others start.
    @inline(__always)
    private static func partition<T>(_ a: UnsafeMutablePointer<T>, _ lo: Int, _ end: Int, _ isLeft: (T) -> Bool) -> Int {
        var left = lo
        for right in lo..<end {
            let x = a[right]
            let moves = isLeft(x)
            a[right] = a[left]
            a[left] = x
            left += moves ? 1 : 0
        }
        return left
    }

    @inline(__always)
    private static func swap<T>(_ a: UnsafeMutablePointer<T>, _ i: Int, _ j: Int) {
        let t = a[i]; a[i] = a[j]; a[j] = t
    }
}
