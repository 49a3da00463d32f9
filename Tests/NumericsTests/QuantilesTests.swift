import Foundation
import Testing
@testable import Numerics

@Suite struct QuantilesTests {
    @Test func matchesHandSortedOrderStatistics() throws {
        // Sorted by hand: 1 1 2 3 4 5 6 9 (n = 8). Position f × 7: f = 0.5 → 3.5 → (3 + 4) / 2 = 3.5;
        // f = 0.25 → 1.75 → 1 + 0.75 × (2 − 1) = 1.75; f = 0.9 → 6.3 → 6 + 0.3 × (9 − 6) = 6.9.
        let data: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        #expect(try Quantiles.sorted(data) == [1, 1, 2, 3, 4, 5, 6, 9])
        let q = try Quantiles.quantiles(of: data, fractions: [0, 0.25, 0.5, 0.9, 1])
        let expected: [Double] = [1, 1.75, 3.5, 6.9, 9]
        for (value, want) in zip(q, expected) { #expect(abs(value - want) < 1e-12) }
    }

    @Test func rejectsEmptyUnsortedAndOutOfRangeInput() {
        #expect(throws: GSLError.self) { try Quantiles.quantile(ofSorted: [], fraction: 0.5) }
        #expect(throws: GSLError.self) { try Quantiles.quantile(ofSorted: [2, 1], fraction: 0.5) }
        #expect(throws: GSLError.self) { try Quantiles.quantile(ofSorted: [1, 2], fraction: 1.5) }
        #expect(throws: GSLError.self) { try Quantiles.sorted([1, .nan]) }
    }
}

@Suite struct RandomStreamTests {
    @Test func sameSeedSameStreamDifferentSeedDifferentStream() throws {
        let seedA = RandomStream.seed(base: 42, stream: 0)
        let seedB = RandomStream.seed(base: 42, stream: 1)
        #expect(seedA != seedB)
        let first = RandomStream(seed: seedA)
        let again = RandomStream(seed: seedA)
        let other = RandomStream(seed: seedB)
        let a = (0..<100).map { _ in first.uniform() }
        let b = (0..<100).map { _ in again.uniform() }
        let c = (0..<100).map { _ in other.uniform() }
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
        // The mean of 100 uniforms has standard deviation 1/√1200 ≈ 0.029; 0.5 ± 0.15 is > 5σ.
        #expect(abs(a.reduce(0, +) / 100 - 0.5) < 0.15)
    }

    @Test func normalsInOneCallEqualNormalsOneAtATime() {
        let seed = RandomStream.seed(base: 7, key: "533103")
        let single = RandomStream(seed: seed), block = RandomStream(seed: seed)
        let one = (0..<10_000).map { _ in single.gaussian(standardDeviation: 1) }
        var many = [Double](repeating: .nan, count: 10_000)
        many.withUnsafeMutableBufferPointer { block.standardNormals(into: $0) }
        #expect(one == many)
        // A standard deviation scales the same numbers.
        let scaled = RandomStream(seed: seed)
        #expect((0..<100).map { _ in scaled.gaussian(standardDeviation: 2.5) } == one.prefix(100).map { 2.5 * $0 })
    }
}
