import CGSL

/// A seeded Mersenne Twister stream (GSL `gsl_rng_mt19937`). A stream has mutable state: create one
/// per task (seeded with `RandomStream.seed(base:stream:)`) so that results do not depend on how
/// work is spread over threads.
public final class RandomStream {
    private let generator: UnsafeMutablePointer<gsl_rng>
    public let seed: UInt

    public init(seed: UInt) throws {
        GSL.prepare()
        guard let generator = gsl_rng_alloc(carecap_rng_mt19937()) else {
            throw GSLError(status: GSL_ENOMEM, operation: "gsl_rng_alloc")
        }
        gsl_rng_set(generator, seed)
        self.generator = generator
        self.seed = seed
    }

    deinit { gsl_rng_free(generator) }

    /// A seed for stream number `stream` derived from `base` by SplitMix64, so neighbouring streams
    /// do not start from neighbouring MT states.
    public static func seed(base: UInt64, stream: UInt64) -> UInt {
        var z = base &+ (stream &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        // mt19937 is seeded with an unsigned long; 0 selects GSL's default seed, so avoid it.
        return UInt(truncatingIfNeeded: z == 0 ? 4357 : z)
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

    /// Uniform on [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(generator) }

    /// Uniform on (0, 1), for transforms that take a logarithm.
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(generator) }

    /// Normal with mean 0 and the given standard deviation (Ziggurat).
    public func gaussian(standardDeviation: Double) -> Double {
        gsl_ran_gaussian_ziggurat(generator, standardDeviation)
    }

    /// Uniform integer in 0..<bound; bound must be positive.
    public func integer(below bound: Int) -> Int {
        precondition(bound > 0, "RandomStream.integer(below:) needs a positive bound")
        return Int(gsl_rng_uniform_int(generator, UInt(bound)))
    }
}
