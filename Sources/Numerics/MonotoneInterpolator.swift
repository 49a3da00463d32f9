import CGSL

/// Steffen's monotone cubic interpolation (GSL `gsl_interp_steffen`) through points with strictly
/// increasing x. Between knots the curve never overshoots the data, so interpolating a
/// non-decreasing cumulative count gives non-negative differences; at a knot it returns the knot
/// value exactly, which is what keeps group totals exact when the curve is differenced.
///
/// The instance owns its GSL interpolation object, its accelerator and copies of the knots; it
/// carries the accelerator's search state, so use one instance per task.
public final class MonotoneInterpolator {
    private let interpolation: UnsafeMutablePointer<gsl_interp>
    private let accelerator: UnsafeMutablePointer<gsl_interp_accel>
    private let xs: UnsafeMutablePointer<Double>
    private let ys: UnsafeMutablePointer<Double>
    public let knotCount: Int
    public let lowerBound: Double
    public let upperBound: Double

    /// Throws `GSLError` (GSL_EINVAL) when there are fewer than 3 knots, the lengths differ, x is
    /// not strictly increasing or a value is not finite.
    public init(x: [Double], y: [Double]) throws {
        GSL.prepare()
        guard x.count == y.count else {
            throw GSLError(status: GSL_EBADLEN, operation: "gsl_interp_init (x has \(x.count) points, y has \(y.count))")
        }
        guard x.count >= 3 else {
            throw GSLError(status: GSL_EINVAL, operation: "gsl_interp_init (Steffen needs at least 3 points, got \(x.count))")
        }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw GSLError(status: GSL_EDOM, operation: "gsl_interp_init (non-finite knot)")
        }
        guard let interpolation = gsl_interp_alloc(carecap_interp_steffen(), x.count) else {
            throw GSLError(status: GSL_ENOMEM, operation: "gsl_interp_alloc")
        }
        guard let accelerator = gsl_interp_accel_alloc() else {
            gsl_interp_free(interpolation)
            throw GSLError(status: GSL_ENOMEM, operation: "gsl_interp_accel_alloc")
        }
        let xs = UnsafeMutablePointer<Double>.allocate(capacity: x.count)
        let ys = UnsafeMutablePointer<Double>.allocate(capacity: y.count)
        xs.initialize(from: x, count: x.count)
        ys.initialize(from: y, count: y.count)
        let status = gsl_interp_init(interpolation, xs, ys, x.count)
        guard status == GSL_SUCCESS else {
            gsl_interp_accel_free(accelerator)
            gsl_interp_free(interpolation)
            xs.deallocate()
            ys.deallocate()
            throw GSLError(status: status, operation: "gsl_interp_init (Steffen; x must be strictly increasing)")
        }
        self.interpolation = interpolation
        self.accelerator = accelerator
        self.xs = xs
        self.ys = ys
        self.knotCount = x.count
        self.lowerBound = x[0]
        self.upperBound = x[x.count - 1]
    }

    deinit {
        gsl_interp_accel_free(accelerator)
        gsl_interp_free(interpolation)
        xs.deallocate()
        ys.deallocate()
    }

    /// The curve at `x`; throws `GSLError` (GSL_EDOM) outside the knot range.
    public func value(at x: Double) throws -> Double {
        var result = 0.0
        let status = gsl_interp_eval_e(interpolation, xs, ys, x, accelerator, &result)
        try GSL.check(status, "gsl_interp_eval_e at x = \(x) (range \(lowerBound)...\(upperBound))")
        return result
    }

    /// The first derivative at `x`.
    public func derivative(at x: Double) throws -> Double {
        var result = 0.0
        let status = gsl_interp_eval_deriv_e(interpolation, xs, ys, x, accelerator, &result)
        try GSL.check(status, "gsl_interp_eval_deriv_e at x = \(x) (range \(lowerBound)...\(upperBound))")
        return result
    }

    public func values(at points: [Double]) throws -> [Double] {
        try points.map { try value(at: $0) }
    }
}
