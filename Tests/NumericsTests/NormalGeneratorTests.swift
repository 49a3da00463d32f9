import CSurvival
import Foundation
import Testing

/// The C random stream (xoshiro256++, SplitMix64 seeding) and its ziggurat normals (CarecapNormal.h).
@Suite struct NormalGeneratorTests {
    @Test func xoshiroMatchesItsDefinitionByHand() {
        // From the state {1, 2, 3, 4}: the first output is rotl(s0 + s3, 23) + s0 = 5·2^23 + 1 = 41,943,041.
        // The step makes s0 = 1 ^ (4 ^ 2) = 7 and s3 = rotl(4 ^ 2, 45) = 6·2^45, so the second output is
        // rotl(6·2^45 + 7, 23) + 7 = 6·2^68 mod 2^64 rotated, i.e. 6·2^4 = 96, plus 7·2^23 = 58,720,256, plus 7:
        // 58,720,359 (the reference implementation's first two numbers for this state, too).
        var rng = carecap_rng(state: (1, 2, 3, 4))
        #expect(carecap_rng_next(&rng) == 41_943_041)
        #expect(carecap_rng_next(&rng) == 58_720_359)
    }

    @Test func seedingIsSplitMix64() {
        // SplitMix64 from 0: its first output is 0xE220A8397B1DCDAF, the published test vector.
        var rng = carecap_rng(state: (0, 0, 0, 0))
        carecap_rng_seed(&rng, 0)
        #expect(rng.state.0 == 0xE220_A839_7B1D_CDAF)
        #expect(rng.state.1 != rng.state.0)
    }

    /// 2,000,000 normals of one seed (the same numbers every run, so the test is repeatable).
    static let sample: [Double] = {
        var rng = carecap_rng(state: (0, 0, 0, 0))
        carecap_rng_seed(&rng, 20_261_130)
        var values = [Double](repeating: .nan, count: 2_000_000)
        values.withUnsafeMutableBufferPointer { carecap_normals(&rng, $0.baseAddress, $0.count) }
        return values
    }()

    /// Φ(x), the standard normal distribution function.
    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    @Test func momentsOfTheStandardNormal() {
        let n = Double(Self.sample.count)
        let mean = Self.sample.reduce(0, +) / n
        let variance = Self.sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let fourth = Self.sample.reduce(0) { $0 + pow($1 - mean, 4) } / n
        // Standard errors at n = 2e6: mean 1/√n = 7.1e-4; variance √(2/n) = 1.0e-3; fourth moment (3)
        // √(96/n) = 6.9e-3. Bounds at 5 standard errors.
        #expect(abs(mean) < 5 * 7.1e-4)
        #expect(abs(variance - 1) < 5 * 1.0e-3)
        #expect(abs(fourth - 3) < 5 * 6.9e-3)
        // Symmetric: the sign bit is independent of the layer and the abscissa.
        let negative = Self.sample.filter { $0 < 0 }.count
        #expect(abs(Double(negative) / n - 0.5) < 5 * 0.5 / n.squareRoot())
    }

    @Test func binsOfWidthOneTenthMatchTheNormal() {
        // Pearson's χ² over 80 bins of width 0.1 on [−4, 4) and the two tails: 81 degrees of freedom
        // (mean 81, sd √162 = 12.7); the bound 81 + 5 × 12.7 ≈ 145. Moving m numbers between two central
        // bins (about 80,000 expected each) adds about 2m² / 80,000 to the mean: a fault that moves 2,300 of
        // the 2 million (0.12%; a wrong sign, wedge or tail does far more) raises it to about 213, sd 26, and
        // fails 99 times in 100. Smaller faults need more numbers: by hand,
        // three seeds of 1e8 numbers in 182 bins (width 0.05 on [−4.5, 4.5] and the tails) gave χ² 148, 172 and 180 on 181 degrees of
        // freedom (numpy), and a layer 2% too wide is not seen at this n.
        var counts = [Int](repeating: 0, count: 82)
        for x in Self.sample {
            let bin = x < -4 ? 0 : x >= 4 ? 81 : 1 + min(79, Int(((x + 4) * 10).rounded(.down)))
            counts[bin] += 1
        }
        let n = Double(Self.sample.count)
        var chiSquare = 0.0
        for bin in 0..<82 {
            let lower = bin == 0 ? -Double.infinity : -4 + Double(bin - 1) / 10
            let upper = bin == 81 ? Double.infinity : -4 + Double(bin) / 10
            let expected = n * (Self.phi(upper) - Self.phi(lower))
            chiSquare += (Double(counts[bin]) - expected) * (Double(counts[bin]) - expected) / expected
        }
        #expect(chiSquare < 145, "χ² = \(chiSquare)")
    }

    @Test func tailBeyondTheBaseStripIsTheNormalTail() {
        // Beyond r = 4.03885 (the base strip's edge, 1,024 layers; either sign) lies 2(1 − Φ(r)) = 5.37e-5 of
        // the mass: 107 of 2e6, sd 10.4. Given |x| > r, the mean of |x| is λ = φ(r) / (1 − Φ(r)) = 4.2627 (the
        // inverse Mills ratio) and its variance 1 + rλ − λ² = 0.0460, so the mean of 107 such numbers has sd
        // √(0.0460 / 107) = 0.0207.
        let r = 4.0388498461095045
        let tail = Self.sample.map(abs).filter { $0 > r }
        let expected = 2 * (1 - Self.phi(r)) * Double(Self.sample.count)
        #expect(abs(Double(tail.count) - expected) < 5 * expected.squareRoot())
        let density = exp(-r * r / 2) / (2 * Double.pi).squareRoot()
        let millsMean = density / (1 - Self.phi(r))
        #expect(abs(tail.reduce(0, +) / Double(tail.count) - millsMean) < 5 * 0.0207)
        #expect(Self.sample.allSatisfy { $0.isFinite })
    }

    @Test func kolmogorovSmirnovAgainstPhi() {
        // D = sup |F_n − Φ| over 2e6 sorted numbers; at the 0.1% level the critical value is 1.95 / √n = 0.00138.
        let sorted = Self.sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let p = Self.phi(x)
            d = max(d, abs(Double(i + 1) / n - p), abs(p - Double(i) / n))
        }
        #expect(d < 1.95 / n.squareRoot(), "D = \(d)")
    }

    /// `carecap_stream_normals`'s columns against each stream on its own (`carecap_normals` of a state seeded with
    /// `carecap_stream_seed(base, first + c)`), with the eight-lane path and without it: widths below, at and
    /// past multiples of 8, and 3,000 numbers a column, so that about 13 numbers of each column leave the fast
    /// path (0.43%) and the lanes' slow paths, one lane at a time, are exercised.
    @Test(arguments: [1, 8, 13, 32, 45])
    func streamColumnsAreEachStreamOnItsOwn(width: Int) {
        let count = 3_000, base: UInt64 = 0x5EED_2026, first: UInt64 = 977
        var expected = [Double](repeating: .nan, count: count * width)
        for c in 0..<width {
            var rng = carecap_rng(state: (0, 0, 0, 0))
            carecap_rng_seed(&rng, carecap_stream_seed(base, first + UInt64(c)))
            var column = [Double](repeating: .nan, count: count)
            column.withUnsafeMutableBufferPointer { carecap_normals(&rng, $0.baseAddress, count) }
            for i in 0..<count { expected[i * width + c] = column[i] }
        }
        let vectorised = carecap_stream_normals_vectorised(-1)
        defer { _ = carecap_stream_normals_vectorised(1) }
        for allowed in [Int32(1), 0] {
            _ = carecap_stream_normals_vectorised(allowed)
            var got = [Double](repeating: .nan, count: count * width)
            got.withUnsafeMutableBufferPointer { carecap_stream_normals(base, first, width, $0.baseAddress, count, width) }
            let same = zip(got, expected).allSatisfy { $0.bitPattern == $1.bitPattern }
            #expect(same, "width \(width), eight lanes allowed \(allowed) (CPU has them: \(vectorised))")
        }
    }

    @Test func streamSeedIsRandomStreamSeed() {
        // SplitMix64's finaliser of base + (stream + 1)·φ: stream 0 of base 0 is the finaliser of 0x9E3779B97F4A7C15,
        // SplitMix64's first output from state 0, 0xE220A8397B1DCDAF (the published test vector).
        #expect(carecap_stream_seed(0, 0) == 0xE220_A839_7B1D_CDAF)
    }
}
