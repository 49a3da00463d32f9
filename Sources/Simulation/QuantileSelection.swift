/// P10, P50 and P90 of a run's draws by selection instead of sorting: the interpolated quantile of GSL's
/// rule (gsl_stats_quantile_from_sorted_data: position (n − 1) × f, linear between the order statistics
/// either side) needs at most six order statistics, and only those are placed. The values are the order
/// statistics themselves, so the quantiles are bit-identical to sorting's.
///
/// Doubles and Int64 (from 64 values) go by buckets of the value: one pass for the range (SSE2 min/max),
/// one giving each value its bucket, (x − min) × buckets / (max − min) rounded (vectorised; every step is
/// a monotone rounding, so a lower bucket never holds a larger value), a count per bucket, a running
/// count to the buckets of the six ranks, and a gather of only those buckets' values (bucket numbers
/// compared eight at a time), among which the ranks are chosen by the partitions below: with 512
/// buckets for 1,000 draws that is a few values per rank. About 3 passes of simple, branch-free,
/// mostly vectorised work per value instead of the partitions' data-dependent swaps. Ties at the
/// minimum (a column floored at 0) are counted, not gathered; a needed bucket of equal values is not
/// sorted. It falls back to the multi-quickselect (`selectByPartition`, kept as an independent check)
/// when the range is zero-width, not finite or too narrow to divide (denormals), or when the needed
/// buckets hold more than half the values (heavy clustering, e.g. one huge outlier).
///
/// Measured (swiftc -O -wmo, 1,000 draws, old and new in the same process, 2026-11-29, load 3.7–3.9 on
/// 2 shared cores): CPU time per call over 64 slices (512 KB, copied afresh before each round, so in L2;
/// reading them alone costs about 120 ns): log-normal around 50,000 (sd 0.1 in log) 2,360–2,500 →
/// 885–940 ns (2.65×); with 30% zeros 2,290–2,450 → 1,160–1,170 ns (2.0×); Int64 fixed-point sums
/// 2,065–2,190 → 1,036–1,108 ns (2.0×). Over 512 slices (4 MB, from memory as in a run; best of 7, wall):
/// 2,500–2,650 → 1,130 ns (2.2–2.35×), 2,220–2,260 → 1,370–1,450 ns (1.6×), 2,610–2,660 → 1,330–1,340 ns
/// (2.0×). Of what remains (perf, log-normal): the range pass (mostly the first read of the values) 16%,
/// the bucket numbers 24%, the counts 28%, the running count 10%, the gather 12%. Tried and slower: 256
/// or 1,024 buckets; one count table or four; a range from a sample with clamped end buckets (one pass
/// fewer, but wider buckets and a heavier pass); a list per bucket instead of the gather pass (the list
/// heads chain through memory).
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
    /// Per fraction: the places in `ranks` of its lower and upper order statistic (the same place when the
    /// lower one is the last value), for `quantile(statistics:_:_:)`.
    let lowerSlot: [Int]
    let upperSlot: [Int]
    let count: Int
    /// Working memory of the bucket path (nil below `bucketMinimum` values): one instance of
    /// `QuantileSelection` is used by one task at a time.
    private let scratch: Scratch?

    init(count n: Int, fractions: [Double]) {
        count = n
        scratch = n >= Self.bucketMinimum ? Scratch(count: n, buckets: Self.bucketCount(n), ranks: 2 * fractions.count) : nil
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
        let sorted = ranks.sorted()
        self.ranks = sorted
        lowerSlot = lower.map { sorted.firstIndex(of: $0)! }
        upperSlot = lower.map { l in sorted.firstIndex(of: min(l + 1, max(n - 1, 0)))! }
    }

    /// Reorders `values` so that each needed rank holds its order statistic. Only those positions are
    /// defined afterwards (with `selectByPartition` the smaller values are also before each of them and the
    /// larger after, as a sort would leave them; the bucket path moves only the needed values, by swaps).
    /// The multiset of values is unchanged.
    func select<T: Comparable>(_ values: UnsafeMutableBufferPointer<T>) {
        precondition(values.count == count, "QuantileSelection built for \(count) values, given \(values.count)")
        guard count > 1, !ranks.isEmpty else { return }
        if let scratch {
            let raw = UnsafeMutableRawPointer(values.baseAddress!)
            if T.self == Double.self {
                if Self.bucketSelect(raw.assumingMemoryBound(to: Double.self), count, ranks, scratch, { $0 }) { return }
            } else if T.self == Int64.self {
                if Self.bucketSelect(raw.assumingMemoryBound(to: Int64.self), count, ranks, scratch) { return }
            }
        }
        selectByPartition(values)
    }

    /// The multi-quickselect alone (the fallback of `select`, and an independent check in tests): each
    /// needed rank holds its order statistic, the smaller values before it, the larger after.
    func selectByPartition<T: Comparable>(_ values: UnsafeMutableBufferPointer<T>) {
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

    /// The quantile of fraction index `q` from the order statistics alone, `statistics[i]` the one of rank
    /// `ranks[i]` (`PredictedSelection`): the same operations as `quantile(_:_:_:)`, so the same value.
    @inline(__always)
    func quantile(statistics: UnsafePointer<Double>, _ q: Int, _ transform: (Double) -> Double) -> Double {
        guard count > 0 else { return .nan }
        guard lower[q] + 1 < count else { return transform(statistics[lowerSlot[q]]) }
        return (1 - delta[q]) * transform(statistics[lowerSlot[q]]) + delta[q] * transform(statistics[upperSlot[q]])
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

    // MARK: Bucket selection

    /// Below this many values the partitions alone are as fast.
    static let bucketMinimum = 64

    /// Buckets for `n` values: about two values per bucket, a power of two, 16...1024 (512 for 1,000
    /// draws; 256 and 1,024 measured slower).
    static func bucketCount(_ n: Int) -> Int {
        var b = 16
        while b < 1024 && b * 2 < n { b *= 2 }
        return b
    }

    /// Working memory of the bucket path, allocated once per instance.
    final class Scratch {
        let buckets: Int
        /// Values per bucket, two tables interleaved: `2 × 2 × buckets` entries (bucket numbers are masked
        /// to `2 × buckets`, so a NaN, which callers never pass, stays inside).
        let histogram: UnsafeMutablePointer<Int32>
        /// Each value's bucket.
        let ids: UnsafeMutablePointer<UInt16>
        /// 1 for the buckets holding a needed rank; all 0 between calls.
        let marks: UnsafeMutablePointer<UInt8>
        /// Per marked bucket: where its next gathered value goes.
        let cursor: UnsafeMutablePointer<Int32>
        /// Per needed rank: its bucket, its place among the gathered values, the end of its bucket's
        /// gathered values, the position of its value in the caller's buffer.
        let rankBucket: UnsafeMutablePointer<Int>
        let gatheredRank: UnsafeMutablePointer<Int>
        let segmentEnd: UnsafeMutablePointer<Int>
        let from: UnsafeMutablePointer<Int>
        /// Positions of the values of the marked buckets (`count + 1`: one is written past the kept ones).
        let picked: UnsafeMutablePointer<Int32>
        /// Those values with their positions, by bucket: `count + 1` of 16 bytes.
        let gathered: UnsafeMutableRawPointer

        init(count: Int, buckets: Int, ranks: Int) {
            self.buckets = buckets
            histogram = .allocate(capacity: 2 * 2 * buckets)
            ids = .allocate(capacity: count)
            marks = .allocate(capacity: 2 * buckets)
            marks.initialize(repeating: 0, count: 2 * buckets)
            cursor = .allocate(capacity: 2 * buckets)
            rankBucket = .allocate(capacity: max(ranks, 1))
            gatheredRank = .allocate(capacity: max(ranks, 1))
            segmentEnd = .allocate(capacity: max(ranks, 1))
            from = .allocate(capacity: max(ranks, 1))
            picked = .allocate(capacity: count + 1)
            gathered = .allocate(byteCount: (count + 1) * 16, alignment: 16)
        }

        deinit {
            histogram.deallocate()
            ids.deallocate()
            marks.deallocate()
            cursor.deallocate()
            rankBucket.deallocate()
            gatheredRank.deallocate()
            segmentEnd.deallocate()
            from.deallocate()
            picked.deallocate()
            gathered.deallocate()
        }
    }

    /// A value and where it was, ordered by the value alone.
    struct Keyed<T: Comparable>: Comparable {
        var value: T
        var index: Int
        @inline(__always) static func < (a: Keyed, b: Keyed) -> Bool { a.value < b.value }
        @inline(__always) static func == (a: Keyed, b: Keyed) -> Bool { a.value == b.value }
    }

    /// The bucket of key `d` (≥ `low`): (d − low) × scale rounded to the nearest integer by adding 2⁵²
    /// (where the spacing of doubles is 1) and reading the low bits. Each step rounds monotonically, so
    /// x ≤ y gives bucket(x) ≤ bucket(y): a lower bucket never holds a larger value, whatever the rounding.
    @inline(__always)
    static func bucket(_ d: Double, _ low: Double, _ scale: Double, _ mask: Int) -> Int {
        let t = (d - low) * scale + 0x1p52
        return Int(truncatingIfNeeded: t.bitPattern) & mask
    }

    /// The least and greatest key: eight of each at once (pairs of SSE2 minpd/maxpd), so that the pass is
    /// not bound by their latency.
    @inline(__always)
    private static func range<T>(_ a: UnsafeMutablePointer<T>, _ n: Int, _ key: (T) -> Double) -> (Double, Double) {
        var lows = SIMD8<Double>(repeating: key(a[0])), highs = lows
        var i = 0
        while i &+ 8 <= n {
            let x = SIMD8<Double>(key(a[i]), key(a[i &+ 1]), key(a[i &+ 2]), key(a[i &+ 3]),
                                  key(a[i &+ 4]), key(a[i &+ 5]), key(a[i &+ 6]), key(a[i &+ 7]))
            lows = lows.replacing(with: x, where: x .< lows)
            highs = highs.replacing(with: x, where: x .> highs)
            i &+= 8
        }
        var low = lows.min(), high = highs.max()
        while i < n {
            let x = key(a[i])
            low = x < low ? x : low
            high = x > high ? x : high
            i &+= 1
        }
        return (low, high)
    }

    /// Int64 (fixed-point sums): the range in integers, then as key each value's offset from the least,
    /// exact in a double when the range is below 2⁵² (its bits are the offset's under the exponent of 2⁵²,
    /// a conversion that vectorises), else the plain conversion (monotone, not exact).
    @inline(__always)
    private static func bucketSelect(_ a: UnsafeMutablePointer<Int64>, _ n: Int, _ ranks: [Int], _ scratch: Scratch) -> Bool {
        var low = a[0], high = low
        for i in 1..<n {
            let x = a[i]
            low = x < low ? x : low
            high = x > high ? x : high
        }
        let (width, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, width < 1 << 52 else { return bucketSelect(a, n, ranks, scratch, { Double($0) }) }
        return bucketSelect(a, n, ranks, scratch, {
            Double(bitPattern: UInt64(bitPattern: $0 &- low) | 0x4330_0000_0000_0000) - 0x1p52
        }, knownRange: (0, Double(width)))
    }

    /// Places `ranks` (ascending, at least one) in `a[0..<n]` by buckets of the key, a non-decreasing map
    /// to doubles (the identity, or an integer's conversion); false, with nothing moved, when the partitions
    /// should do it instead: a key range beyond the doubles or too narrow to divide, more than half the
    /// values in the needed buckets (heavy clustering), or a NaN (never passed).
    @inline(__always)
    private static func bucketSelect<T: Comparable>(_ a: UnsafeMutablePointer<T>, _ n: Int, _ ranks: [Int],
                                                    _ scratch: Scratch, _ key: (T) -> Double,
                                                    knownRange: (Double, Double)? = nil) -> Bool {
        // 1. The key's range. All equal: every order places every rank.
        let (low, high) = knownRange ?? range(a, n, key)
        guard low < high else { return low == high }
        let buckets = scratch.buckets, mask = 2 * buckets - 1
        let scale = Double(buckets) / (high - low)
        guard scale.isFinite, scale > 0 else { return false }

        // 2. Each value's bucket (vectorised), 0...buckets, then the count per bucket, in two interleaved
        // tables (entry 2 × bucket + position modulo 2): ties (a column floored at 0) would otherwise chain
        // each increment to the previous one through memory. Entries past the last bucket are zero for the
        // scan's groups of eight buckets.
        let histogram = scratch.histogram, ids = scratch.ids
        for i in 0..<n {
            ids[i] = UInt16(truncatingIfNeeded: bucket(key(a[i]), low, scale, mask))
        }
        let used = buckets + 1
        histogram.initialize(repeating: 0, count: 2 * (used + 8))
        var i = 0
        while i &+ 4 <= n {
            histogram[Int(ids[i]) &<< 1] &+= 1
            histogram[Int(ids[i &+ 1]) &<< 1 | 1] &+= 1
            histogram[Int(ids[i &+ 2]) &<< 1] &+= 1
            histogram[Int(ids[i &+ 3]) &<< 1 | 1] &+= 1
            i &+= 4
        }
        while i < n {
            histogram[Int(ids[i]) &<< 1] &+= 1
            i &+= 1
        }
        @inline(__always) func count(_ b: Int) -> Int { Int(histogram[2 &* b] &+ histogram[2 &* b &+ 1]) }

        // 3. Ties at the minimum (a shortfall floored at 0) fill bucket 0: when a needed rank is there,
        // count the values equal to the minimum (if the key is exact: every double, integers within ±2⁵³);
        // the ranks below that count hold the minimum, and the first values equal to it serve.
        let m = ranks.count
        let from = scratch.from
        var placed = 0
        let exactKey = T.self == Double.self || (low >= -0x1p53 && high <= 0x1p53)
        if count(0) > 16 && ranks[0] < count(0) && exactKey {
            var atLow = 0
            for i in 0..<n {
                // key − low is ±0 exactly at the minimum; counted without a branch (the ties are scattered).
                let u = (key(a[i]) - low).bitPattern & 0x7FFF_FFFF_FFFF_FFFF
                atLow &+= Int(truncatingIfNeeded: (u &- 1) >> 63)
            }
            while placed < m && ranks[placed] < atLow { placed += 1 }
            var j = 0, i = 0
            while j < placed {
                if key(a[i]) == low { from[j] = i; j += 1 }
                i += 1
            }
        }
        let lowRanks = placed
        if lowRanks < m {
            // 4. The bucket of each other needed rank, by a running count (groups of eight buckets below the
            // next rank passed at once), marked. The values of the marked buckets will be gathered in
            // bucket order, so each rank has a place among them, inside its bucket's segment.
            let marks = scratch.marks, cursor = scratch.cursor, rankBucket = scratch.rankBucket
            let gatheredRank = scratch.gatheredRank, segmentEnd = scratch.segmentEnd
            let counts = UnsafeRawPointer(histogram)
            var below = 0, gatheredCount = 0, b = 0
            var next = ranks[placed]
            while placed < m {
                while true {
                    // A value outside buckets 0...buckets (a NaN, never passed) leaves ranks uncounted.
                    guard b <= buckets else {
                        for j in lowRanks..<placed { marks[rankBucket[j]] = 0 }
                        return false
                    }
                    let group = Int(counts.loadUnaligned(fromByteOffset: b &* 8, as: SIMD16<Int32>.self).wrappedSum())
                    if next < below &+ group { break }
                    below &+= group
                    b &+= 8
                }
                let c = count(b)
                if next < below + c {
                    marks[b] = 1
                    cursor[b] = Int32(truncatingIfNeeded: gatheredCount)
                    repeat {
                        rankBucket[placed] = b
                        gatheredRank[placed] = gatheredCount + next - below
                        segmentEnd[placed] = gatheredCount + c
                        placed += 1
                        guard placed < m else { break }
                        next = ranks[placed]
                    } while next < below + c
                    gatheredCount += c
                }
                below += c
                b += 1
            }
            guard gatheredCount * 2 <= n else {
                for j in lowRanks..<m { marks[rankBucket[j]] = 0 }
                return false
            }

            // 5. Gather the positions of the marked buckets' values: eight bucket numbers at a time are
            // compared with the needed buckets (up to six; with more, every group is looked at), and only
            // a group holding one is looked at value by value (each position written, kept when marked).
            let picked = scratch.picked
            @inline(__always) func needed(_ j: Int) -> SIMD8<UInt16> {
                SIMD8(repeating: UInt16(truncatingIfNeeded: rankBucket[min(lowRanks + j, m - 1)]))
            }
            let wanted = (needed(0), needed(1), needed(2), needed(3), needed(4), needed(5))
            let everyGroup = m - lowRanks > 6
            let idBytes = UnsafeRawPointer(ids)
            var kept = 0
            i = 0
            while i &+ 8 <= n {
                let v = idBytes.loadUnaligned(fromByteOffset: i &* 2, as: SIMD8<UInt16>.self)
                let hit = (v .== wanted.0) .| (v .== wanted.1) .| (v .== wanted.2)
                    .| (v .== wanted.3) .| (v .== wanted.4) .| (v .== wanted.5)
                if any(hit) || everyGroup {
                    for l in i..<(i &+ 8) {
                        picked[kept] = Int32(truncatingIfNeeded: l)
                        kept &+= Int(marks[Int(ids[l])])
                    }
                }
                i &+= 8
            }
            while i < n {
                picked[kept] = Int32(truncatingIfNeeded: i)
                kept &+= Int(marks[Int(ids[i])])
                i &+= 1
            }
            for j in lowRanks..<m { marks[rankBucket[j]] = 0 }
            guard kept == gatheredCount else { return false }
            // The values with their positions, each bucket's in its segment.
            let gathered = scratch.gathered.bindMemory(to: Keyed<T>.self, capacity: n + 1)
            for k in 0..<kept {
                let i = Int(picked[k]), b = Int(ids[i])
                let at = Int(cursor[b])
                gathered[at] = Keyed(value: a[i], index: i)
                cursor[b] = Int32(truncatingIfNeeded: at &+ 1)
            }

            // 6. The ranks inside each segment, by the partitions (insertion sort up to 16 values); a large
            // segment of equal values needs nothing.
            var j0 = lowRanks
            while j0 < m {
                let end = segmentEnd[j0]
                var j1 = j0 + 1
                while j1 < m && segmentEnd[j1] == end { j1 += 1 }
                let start = end - count(rankBucket[j0])
                var allEqual = end - start > 16
                if allEqual {
                    let first = gathered[start].value
                    for k in (start + 1)..<end where gathered[k].value != first { allEqual = false; break }
                }
                if !allEqual {
                    select(gathered, start, end - 1, UnsafeBufferPointer(start: gatheredRank, count: m), j0, j1)
                }
                j0 = j1
            }
            for j in lowRanks..<m { from[j] = gathered[gatheredRank[j]].index }
        }

        // 7. Each needed value swapped into its place, following a needed value that an earlier swap moves
        // (positions already placed are never touched again: they hold needed values).
        for j in 0..<m {
            let to = ranks[j], at = from[j]
            guard at != to else { continue }
            let t = a[to]; a[to] = a[at]; a[at] = t
            for k in (j + 1)..<m where from[k] == to { from[k] = at }
        }
        return true
    }
}
