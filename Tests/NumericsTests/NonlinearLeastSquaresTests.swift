import Foundation
import Testing
@testable import Numerics

@Suite struct NonlinearLeastSquaresTests {
    @Test func recoversTheParametersOfExactExponentialData() throws {
        // y(t) = A exp(−λ t) + b with A = 5, λ = 0.3, b = 1, sampled without noise: the exact
        // parameters make every residual 0, so the fit must return them.
        let times = (0..<40).map { Double($0) * 0.25 }
        let observed = times.map { 5 * exp(-0.3 * $0) + 1 }
        let fit = try NonlinearLeastSquares.fit(initial: [1, 1, 0], residualCount: times.count) { p, r in
            for i in 0..<times.count { r[i] = p[0] * exp(-p[1] * times[i]) + p[2] - observed[i] }
            return true
        }
        #expect(abs(fit.parameters[0] - 5) < 1e-7)
        #expect(abs(fit.parameters[1] - 0.3) < 1e-8)
        #expect(abs(fit.parameters[2] - 1) < 1e-7)
        #expect(fit.residualNorm < 1e-8)
    }

    @Test func fitsALineByLeastSquares() throws {
        // Points (0,0), (1,1), (2,1), (3,2): the normal equations give slope 0.6 and intercept 0.1
        // (x̄ = 1.5, ȳ = 1, Sxy = 3, Sxx = 5).
        let x: [Double] = [0, 1, 2, 3]
        let y: [Double] = [0, 1, 1, 2]
        let fit = try NonlinearLeastSquares.fit(initial: [0, 0], residualCount: 4) { p, r in
            for i in 0..<4 { r[i] = p[0] + p[1] * x[i] - y[i] }
            return true
        }
        // The Jacobian is a forward difference, so the optimum is met to about 1e-8, not to rounding.
        #expect(abs(fit.parameters[0] - 0.1) < 1e-7)
        #expect(abs(fit.parameters[1] - 0.6) < 1e-7)
    }

    @Test func rejectsAStartOutsideTheDomainAndTooFewResiduals() throws {
        #expect(throws: GSLError.self) {
            try NonlinearLeastSquares.fit(initial: [1], residualCount: 3) { _, _ in false }
        }
        #expect(throws: GSLError.self) {
            try NonlinearLeastSquares.fit(initial: [1, 2, 3], residualCount: 2) { _, r in
                r[0] = 0; r[1] = 0; return true
            }
        }
    }
}
