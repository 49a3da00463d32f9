import Foundation
import Testing
@testable import Numerics

@Suite struct MonotoneInterpolatorTests {
    @Test func reproducesAStraightLineExactly() throws {
        // On collinear knots every Steffen slope equals the common secant slope (2), so each
        // piece is the line y = 2x + 1 itself.
        let spline = try MonotoneInterpolator(x: [0, 1, 3, 6], y: [1, 3, 7, 13])
        for x in stride(from: 0.0, through: 6.0, by: 0.25) {
            #expect(abs(try spline.value(at: x) - (2 * x + 1)) < 1e-12)
            #expect(abs(try spline.derivative(at: x) - 2) < 1e-12)
        }
    }

    @Test func hitsKnotsExactlyAndNeverOvershoots() throws {
        // Cumulative counts with a flat stretch: a monotone interpolant must stay flat there
        // (Steffen sets the slope to 0 where neighbouring secants are 0) and never leave [y_i, y_i+1].
        let x: [Double] = [0, 1, 5, 10, 15]
        let y: [Double] = [0, 10, 10, 60, 61]
        let spline = try MonotoneInterpolator(x: x, y: y)
        for (xi, yi) in zip(x, y) { #expect(try spline.value(at: xi) == yi) }
        var previous = -Double.infinity
        for step in 0...150 {
            let value = try spline.value(at: Double(step) * 0.1)
            #expect(value >= previous)
            previous = value
        }
        #expect(try spline.value(at: 3) == 10)
    }

    @Test func rejectsBadKnotsAndOutOfRangePoints() throws {
        #expect(throws: GSLError.self) { try MonotoneInterpolator(x: [0, 1], y: [0, 1]) }
        #expect(throws: GSLError.self) { try MonotoneInterpolator(x: [0, 2, 1], y: [0, 1, 2]) }
        #expect(throws: GSLError.self) { try MonotoneInterpolator(x: [0, 1, 2], y: [0, .nan, 2]) }
        let spline = try MonotoneInterpolator(x: [0, 1, 2], y: [0, 1, 2])
        #expect(throws: GSLError.self) { try spline.value(at: 2.5) }
    }
}
