import CSurvival
import Foundation
import Testing

/// `carecap_exp`, the simulation's exponential: faithfully rounded (error below 1 ulp of the exact value,
/// which long double's `expl` stands for here: 11 more bits than a double), the same bits whether a
/// value is taken alone or among others (the vector body and its remainder), and the C library's
/// results outside ±708 and for infinities and NaN.
@Suite struct FastExpTests {
    static func exponential(_ values: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: values.count)
        values.withUnsafeBufferPointer { v in out.withUnsafeMutableBufferPointer { carecap_exp($0.baseAddress, v.baseAddress, v.count) } }
        return out
    }

    /// |got − exact| in units of the last place of the double nearest the exact value.
    static func ulps(_ got: Double, exact: Float80) -> Double {
        let nearest = Double(exact)
        let ulp = nearest.nextUp - nearest
        return Double(abs(Float80(got) - exact) / Float80(ulp))
    }

    @Test(arguments: [(-1.0, 1.0), (-20.0, 20.0), (-708.0, 708.0), (-1e-8, 1e-8)])
    func withinOneUlpOfTheExactValue(low: Double, high: Double) {
        var state: UInt64 = 7
        let values = (0..<200_000).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return low + (high - low) * Double(state >> 11) / Double(1 << 53)
        }
        let got = Self.exponential(values)
        var worst = 0.0
        for (x, y) in zip(values, got) { worst = max(worst, Self.ulps(y, exact: expl(Float80(x)))) }
        #expect(worst < 1, "worst error \(worst) ulp on [\(low), \(high)]")
    }

    @Test func handValuesAndEdges() {
        let values: [Double] = [0, -0.0, 1, -1, 0.5, 708, -708, 708.5, -745.2, -800, 710, .infinity, -.infinity, .nan, 1e-300]
        let got = Self.exponential(values)
        // e^0 = 1 exactly; e^1 and e^−1 within an ulp of e = 2.718281828459045235…; beyond ±708 the library's.
        #expect(got[0] == 1 && got[1] == 1)
        #expect(abs(got[2] - 2.718281828459045) <= 2.718281828459045.ulp)
        #expect(abs(got[3] - 0.36787944117144233) <= 0.36787944117144233.ulp)
        for i in 7..<13 { #expect(got[i] == Foundation.exp(values[i]) || (got[i].isNaN && values[i].isNaN)) }
        #expect(got[13].isNaN)
        #expect(got[14] == 1)
        // In place with values beyond ±708 (the blocks' path, not the in-range pass): the same values.
        var inPlace = values
        inPlace.withUnsafeMutableBufferPointer { carecap_exp($0.baseAddress, $0.baseAddress, $0.count) }
        #expect(zip(inPlace, got).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
    }

    @Test(arguments: [1, 3, 7, 64, 65, 200])
    func aValueGivesTheSameBitsAloneOrInAnArray(count: Int) {
        let values = (0..<count).map { Double($0) * 0.37 - 20 }
        let together = Self.exponential(values)
        for (i, x) in values.enumerated() {
            #expect(Self.exponential([x])[0].bitPattern == together[i].bitPattern)
        }
        // In place (out = in) as the simulation calls it.
        var inPlace = values
        inPlace.withUnsafeMutableBufferPointer { carecap_exp($0.baseAddress, $0.baseAddress, $0.count) }
        #expect(inPlace.map(\.bitPattern) == together.map(\.bitPattern))
    }
}
