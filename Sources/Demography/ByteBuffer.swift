import Foundation

/// A growing byte buffer (malloc'd) handed over to `Data` without a copy. Non-copyable, so that
/// exactly one owner frees it: `takeData()` hands the memory to `Data`, and a buffer dropped
/// without it is freed by `deinit`. A buffer over caller-provided storage (`init(borrowing:)`)
/// never frees nor grows it.
package struct ByteBuffer: ~Copyable {
    package private(set) var base: UnsafeMutablePointer<UInt8>
    package private(set) var count = 0
    private var capacity: Int
    private let ownsStorage: Bool

    /// Room for any one `appendFixed` (up to 309 integer digits, sign, point and 9 places).
    static let longestFixed = 400

    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        ownsStorage = true
        let hugePage = 2 << 20
        if self.capacity >= hugePage {
            // Large files: 2 MB aligned and huge-page backed where the kernel allows, so writing
            // the buffer the first time costs few page faults (released with free()).
            var raw: UnsafeMutableRawPointer? = nil
            guard posix_memalign(&raw, hugePage, self.capacity) == 0, let raw else { fatalError("out of memory") }
            #if os(Linux)
            _ = madvise(raw, self.capacity, MADV_HUGEPAGE)
            #endif
            base = raw.bindMemory(to: UInt8.self, capacity: self.capacity)
        } else {
            base = malloc(self.capacity)!.bindMemory(to: UInt8.self, capacity: self.capacity)
        }
    }

    /// Writes into `storage`, which must hold everything appended (it is never grown or freed).
    init(borrowing storage: UnsafeMutableBufferPointer<UInt8>) {
        base = storage.baseAddress!
        capacity = storage.count
        ownsStorage = false
    }

    deinit {
        if ownsStorage { free(base) }
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    package mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        precondition(ownsStorage, "a ByteBuffer over borrowed storage cannot grow")
        capacity = max(needed, capacity * 2)
        base = realloc(base, capacity)!.bindMemory(to: UInt8.self, capacity: capacity)
    }

    @inline(__always)
    package mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func appendUnchecked(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }
        count += bytes.count
    }

    mutating func append(_ text: String) {
        reserve(text.utf8.count)
        for byte in text.utf8 { appendUnchecked(byte) }
    }

    /// Empties the buffer, keeping its memory (a writer that streams blocks of it).
    package mutating func removeAll() { count = 0 }

    /// The bytes as `Data`, which takes over the memory (freed by `Data`).
    consuming func takeData() -> Data {
        precondition(ownsStorage, "only a buffer that owns its memory can hand it to Data")
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        discard self
        return data
    }

    static let scales: [Double] = {
        var scales: [Double] = []
        var scale = 1.0
        for _ in 0...9 { scales.append(scale); scale *= 10 }
        return scales
    }()
    static let powersOfTen: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                        1_000_000_000]
    /// "00" ... "99".
    static let digitPairs: [UInt8] = {
        var pairs = [UInt8]()
        for i in 0..<100 {
            let tens: Int = i / 10, ones: Int = i % 10
            pairs.append(UInt8(48 + tens))
            pairs.append(UInt8(48 + ones))
        }
        return pairs
    }()

    /// `appendFixed(value, decimals: 2)` (the files' rule), inlined for the writers' loops: at most
    /// 24 bytes for finite values below 9e16, within the caller's reserve.
    @inline(__always)
    package mutating func appendFixed2(_ value: Double) {
        let scaled = (abs(value) * 100).rounded()
        guard scaled < 9.0e18 else {   // also NaN and infinities
            appendFixed(value, decimals: 2)
            return
        }
        let units = UInt64(scaled)
        var p = base + count
        if value < 0 && units > 0 { p.pointee = 45; p += 1 }
        var integer = units / 100
        let fraction = units - integer * 100
        var digits = 1
        var rest = integer
        while rest >= 10 { rest /= 10; digits += 1 }
        var q = p + digits
        repeat {
            q -= 1
            q.pointee = UInt8(truncatingIfNeeded: 48 + integer % 10)
            integer /= 10
        } while integer > 0
        p += digits
        p[0] = 46
        p[1] = UInt8(truncatingIfNeeded: 48 + fraction / 10)
        p[2] = UInt8(truncatingIfNeeded: 48 + fraction % 10)
        count = p + 3 - base
    }

    @inline(__always)
    package mutating func appendUnchecked(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        (base + count).update(from: bytes, count: n)
        count += n
    }

    /// See `PopulationCSVWriter.appendFixed(_:decimals:to:)`. Needs no `reserve` by the caller for
    /// finite values below 2^52 with at most 3 places (≤ 24 bytes, within the caller's reserve).
    @inline(__always)
    mutating func appendFixed(_ value: Double, decimals: Int, exact: Bool = false) {
        let places = min(max(decimals, 0), 9)
        let magnitude = abs(value)
        guard value.isFinite else {
            append(value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf"))
            return
        }
        if !exact {
            let scaled = (magnitude * Self.scales[places]).rounded()
            guard scaled < 9.0e18 else {
                append(String(value))   // as the previous writer did
                return
            }
            appendUnits(UInt64(scaled), negative: value < 0, places: places)
            return
        }
        guard places <= 3, magnitude < 0x1p52 else {
            appendFixedSlow(value, places: places)
            return
        }
        // magnitude = m · 2^-k exactly (k ≥ 1 below 2^52); units = round(m · 10^places / 2^k), ties to
        // even, in integers (m · 1000 < 2^63).
        let power = Self.powersOfTen[places]
        var units: UInt64 = 0
        if magnitude != 0 {
            let exponentBits = Int(magnitude.exponentBitPattern)
            let m = exponentBits == 0 ? magnitude.significandBitPattern : (magnitude.significandBitPattern | (1 << 52))
            let k = exponentBits == 0 ? 1074 : 1075 - exponentBits
            if k < 64 {
                let product = m * power
                units = product >> UInt64(k)
                let remainder = product & ((1 << UInt64(k)) - 1)
                let half: UInt64 = 1 << UInt64(k - 1)
                if remainder > half || (remainder == half && units & 1 == 1) { units += 1 }
            }
        }
        appendUnits(units, negative: value < 0, places: places)
    }

    /// `units` / 10^places with `places` decimals; "-" only when negative and not zero. At most
    /// 20 + 2 + 9 bytes (room is the caller's).
    @inline(__always)
    private mutating func appendUnits(_ units: UInt64, negative: Bool, places: Int) {
        if places > 3 { reserve(32) }
        let power = Self.powersOfTen[places]
        if negative && units > 0 { appendUnchecked(45) }
        var integer = units / power
        let fraction = units - integer * power
        // Integer part, two digits at a time, right to left into a small stack buffer.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes ≥ 20 digits
        let written: Int = withUnsafeMutableBytes(of: &digits) { raw in
            let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var position = 24
            Self.digitPairs.withUnsafeBufferPointer { pairs in
                while integer >= 100 {
                    let pair = Int(integer % 100) * 2
                    integer /= 100
                    position -= 2
                    bytes[position] = pairs[pair]; bytes[position + 1] = pairs[pair + 1]
                }
                if integer >= 10 {
                    let pair = Int(integer) * 2
                    position -= 2
                    bytes[position] = pairs[pair]; bytes[position + 1] = pairs[pair + 1]
                } else {
                    position -= 1
                    bytes[position] = UInt8(48 + integer)
                }
            }
            (base + count).update(from: bytes + position, count: 24 - position)
            return 24 - position
        }
        count += written
        guard places > 0 else { return }
        appendUnchecked(46)
        Self.digitPairs.withUnsafeBufferPointer { pairs in
            switch places {
            case 1:
                appendUnchecked(UInt8(48 + fraction))
            case 2:
                let pair = Int(fraction) * 2
                appendUnchecked(pairs[pair]); appendUnchecked(pairs[pair + 1])
            case 3:
                appendUnchecked(UInt8(48 + fraction / 100))
                let pair = Int(fraction % 100) * 2
                appendUnchecked(pairs[pair]); appendUnchecked(pairs[pair + 1])
            default:
                var divisor = power / 10
                var rest = fraction
                for _ in 0..<places {
                    appendUnchecked(UInt8(48 + rest / divisor))
                    rest %= divisor
                    divisor /= 10
                }
            }
        }
    }

    @inline(never)
    private mutating func appendFixedSlow(_ value: Double, places: Int) {
        var text = String(format: "%.\(places)f", value)
        if text.hasPrefix("-") && text.utf8.allSatisfy({ $0 == 45 || $0 == 46 || $0 == 48 }) { text.removeFirst() }
        append(text)
    }
}
