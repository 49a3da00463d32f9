import CSurvival

/// A seeded random stream: xoshiro256++ with normals by a 1,024-layer ziggurat, both in C
/// (`carecap_normals`, CarecapNormal.h), with the same bits on every CPU. A stream has mutable state:
/// create one per task (seeded with `RandomStream.seed(base:stream:)`) so that results do not depend on
/// how work is spread over threads.
///
/// Until 2026-11-30 this was GSL's Mersenne Twister and ziggurat, one library call per number (15% of a
/// national Monte Carlo run); the same seed now gives other numbers of the same distribution. The
/// ziggurat had 256 layers until then too; with 1,024, 0.43% of numbers leave the fast path, not 1.5%.
public final class RandomStream {
    private let generator: UnsafeMutablePointer<carecap_rng>
    public let seed: UInt

    public init(seed: UInt) {
        generator = .allocate(capacity: 1)
        carecap_rng_seed(generator, UInt64(seed))
        self.seed = seed
    }

    deinit { generator.deallocate() }

    /// A seed for stream number `stream` derived from `base` by SplitMix64, so neighbouring streams
    /// do not start from neighbouring MT states.
    /// SplitMix64's finaliser of base + (stream + 1) × 0x9E37…7C15; 0 is moved to 4357, as when GSL's mt19937
    /// (where 0 selected its default seed) made the streams: a stream number keeps its seed. In C
    /// (`carecap_stream_seed`), which the draws' streams are seeded with (`carecap_stream_normals`).
    public static func seed(base: UInt64, stream: UInt64) -> UInt {
        UInt(truncatingIfNeeded: carecap_stream_seed(base, stream))
    }

    /// A seed for the stream named `key` (an area's code) derived from `base`: the key's UTF-8 bytes are
    /// hashed with 64-bit FNV-1a and the hash numbers the stream, so a stream follows its name, never
    /// its position in a list. Hash 0 (stream 0, the run's shared stream) is moved to 1.
    public static func seed(base: UInt64, key: String) -> UInt {
        seed(base: base, stream: streamNumber(key: key))
    }

    /// 64-bit FNV-1a of the key's UTF-8 bytes, never 0.
    public static func streamNumber(key: String) -> UInt64 {
        let hash = FNV1a64.of(key).value
        return hash == 0 ? 1 : hash
    }

    /// Uniform on [0, 1), a multiple of 2^-53.
    public func uniform() -> Double { carecap_rng_uniform(generator) }

    /// Normal with mean 0 and the given standard deviation.
    public func gaussian(standardDeviation: Double) -> Double {
        var z = 0.0
        carecap_normals(generator, &z, 1)
        return standardDeviation * z
    }

    /// Fills `buffer` with standard normals, the same numbers as that many `gaussian(standardDeviation: 1)`
    /// calls in order, in one C call.
    public func standardNormals(into buffer: UnsafeMutableBufferPointer<Double>) {
        guard let base = buffer.baseAddress else { return }
        carecap_normals(generator, base, buffer.count)
    }

    /// The next `count` standard normals (as `standardNormals(into:)`), written `stride` apart from `start`.
    public func standardNormals(into start: UnsafeMutablePointer<Double>, count: Int, stride: Int) {
        carecap_normals_strided(generator, start, count, stride)
    }
}
