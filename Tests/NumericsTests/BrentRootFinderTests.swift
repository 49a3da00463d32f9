import Foundation
import Testing
@testable import Numerics

@Suite struct BrentRootFinderTests {
    @Test func findsKnownRoots() throws {
        // x² − 2 has its positive root at √2; cos x = x at the Dottie number 0.7390851332151607.
        let sqrt2 = try BrentRootFinder.root(in: 0, 2) { $0 * $0 - 2 }
        #expect(abs(sqrt2 - 2.0.squareRoot()) < 1e-12)
        let dottie = try BrentRootFinder.root(in: 0, 1) { cos($0) - $0 }
        #expect(abs(dottie - 0.7390851332151607) < 1e-12)
    }

    @Test func refusesAnIntervalWithoutASignChange() {
        #expect(throws: GSLError.self) { try BrentRootFinder.root(in: 2, 3) { $0 * $0 - 2 } }
        #expect(throws: GSLError.self) { try BrentRootFinder.root(in: 0, 2) { _ in Double.nan } }
    }
}
