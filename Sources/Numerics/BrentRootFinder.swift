import CGSL

/// Brent's bracketing root finder (GSL `gsl_root_fsolver_brent`).
///
/// GSL keeps a pointer to the `gsl_function` between iterations, so the function record lives on
/// the heap and the solver owns it together with the GSL solver state (freed in deinit).
public final class BrentRootFinder {
    private final class Context {
        let function: (Double) -> Double
        init(function: @escaping (Double) -> Double) { self.function = function }
    }

    private let solver: UnsafeMutablePointer<gsl_root_fsolver>
    private let functionRecord: UnsafeMutablePointer<gsl_function>
    private let context: Context

    private init(function: @escaping (Double) -> Double) throws {
        GSL.prepare()
        guard let solver = gsl_root_fsolver_alloc(carecap_root_fsolver_brent()) else {
            throw GSLError(status: GSL_ENOMEM, operation: "gsl_root_fsolver_alloc")
        }
        self.solver = solver
        self.context = Context(function: function)
        self.functionRecord = .allocate(capacity: 1)
        functionRecord.initialize(to: gsl_function(
            function: { x, params in
                guard let params else { return Double.nan }
                return Unmanaged<Context>.fromOpaque(params).takeUnretainedValue().function(x)
            },
            params: Unmanaged.passUnretained(context).toOpaque()))
    }

    deinit {
        gsl_root_fsolver_free(solver)
        functionRecord.deinitialize(count: 1)
        functionRecord.deallocate()
    }

    /// A root of `function` in `lower...upper`, where the function changes sign. Stops when the
    /// bracket is narrower than `absoluteTolerance + relativeTolerance × |root|`.
    /// Throws `GSLError`: GSL_EINVAL when the end points do not bracket a root, GSL_EBADFUNC when
    /// the function returns a non-finite value, GSL_EMAXITER when it does not converge.
    public static func root(
        in lower: Double, _ upper: Double,
        absoluteTolerance: Double = 1e-12,
        relativeTolerance: Double = 1e-12,
        maxIterations: Int = 200,
        of function: @escaping (Double) -> Double
    ) throws -> Double {
        let finder = try BrentRootFinder(function: function)
        return try finder.solve(lower, upper, absoluteTolerance, relativeTolerance, maxIterations)
    }

    private func solve(_ lower: Double, _ upper: Double, _ epsabs: Double, _ epsrel: Double,
                       _ maxIterations: Int) throws -> Double {
        let fLower = context.function(lower)
        let fUpper = context.function(upper)
        if fLower == 0 { return lower }
        if fUpper == 0 { return upper }
        try GSL.check(gsl_root_fsolver_set(solver, functionRecord, lower, upper),
                      "gsl_root_fsolver_set on [\(lower), \(upper)] (f = \(fLower), \(fUpper))")
        for _ in 0..<maxIterations {
            try GSL.check(gsl_root_fsolver_iterate(solver), "gsl_root_fsolver_iterate")
            let root = gsl_root_fsolver_root(solver)
            let low = gsl_root_fsolver_x_lower(solver)
            let high = gsl_root_fsolver_x_upper(solver)
            let status = gsl_root_test_interval(low, high, epsabs, epsrel)
            if status == GSL_SUCCESS { return root }
            if status != GSL_CONTINUE { try GSL.check(status, "gsl_root_test_interval") }
        }
        throw GSLError(status: GSL_EMAXITER, operation: "Brent root finding after \(maxIterations) iterations")
    }
}
