import CGSL

/// The outcome of a nonlinear least-squares fit.
public struct NonlinearFit: Sendable {
    public let parameters: [Double]
    /// Euclidean norm of the residual vector at `parameters`.
    public let residualNorm: Double
    public let iterations: Int
    /// False when GSL stopped because it made no further progress (GSL_ENOPROG) rather than on
    /// the convergence tests; the parameters are then the best point found.
    public let converged: Bool
}

/// Nonlinear least squares with GSL's trust-region driver (`gsl_multifit_nlinear_trust`,
/// Levenberg–Marquardt steps, Jacobian by forward differences).
///
/// GSL stores the address of the `gsl_multifit_nlinear_fdf` record and calls back through it on
/// every iteration, so the record, the residual closure and the work space are owned by one solver
/// object that lives for the whole solve and frees everything in deinit.
public final class NonlinearLeastSquares {
    /// Fills `residuals` (length `residualCount`) for `parameters`; returns false when the
    /// parameters are outside the model's domain, which makes GSL shrink the step.
    public typealias ResidualFunction =
        (_ parameters: UnsafeBufferPointer<Double>, _ residuals: UnsafeMutableBufferPointer<Double>) -> Bool

    private final class Context {
        let residualFunction: ResidualFunction
        var parameterScratch: [Double]
        var residualScratch: [Double]
        init(_ function: @escaping ResidualFunction, parameterCount: Int, residualCount: Int) {
            residualFunction = function
            parameterScratch = Array(repeating: 0, count: parameterCount)
            residualScratch = Array(repeating: 0, count: residualCount)
        }
    }

    private let workspace: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>
    private let functionRecord: UnsafeMutablePointer<gsl_multifit_nlinear_fdf>
    private let start: UnsafeMutablePointer<gsl_vector>
    private let context: Context
    private let parameterCount: Int
    private let residualCount: Int

    private init(parameterCount: Int, residualCount: Int, function: @escaping ResidualFunction) throws {
        GSL.prepare()
        guard parameterCount > 0, residualCount >= parameterCount else {
            throw GSLError(status: GSL_EBADLEN,
                           operation: "gsl_multifit_nlinear_alloc (\(residualCount) residuals for \(parameterCount) parameters)")
        }
        var parameters = gsl_multifit_nlinear_default_parameters()
        guard let workspace = withUnsafePointer(to: &parameters, { settings in
            gsl_multifit_nlinear_alloc(carecap_multifit_nlinear_trust(), settings, residualCount, parameterCount)
        }) else {
            throw GSLError(status: GSL_ENOMEM, operation: "gsl_multifit_nlinear_alloc")
        }
        guard let start = gsl_vector_alloc(parameterCount) else {
            gsl_multifit_nlinear_free(workspace)
            throw GSLError(status: GSL_ENOMEM, operation: "gsl_vector_alloc")
        }
        self.workspace = workspace
        self.start = start
        self.parameterCount = parameterCount
        self.residualCount = residualCount
        self.context = Context(function, parameterCount: parameterCount, residualCount: residualCount)
        self.functionRecord = .allocate(capacity: 1)
        var record = gsl_multifit_nlinear_fdf()
        record.f = { x, params, f in
            guard let x, let params, let f else { return Int32(GSL_EINVAL) }
            let context = Unmanaged<NonlinearLeastSquares.Context>.fromOpaque(params).takeUnretainedValue()
            let p = context.parameterScratch.count
            let n = context.residualScratch.count
            for i in 0..<p { context.parameterScratch[i] = gsl_vector_get(x, i) }
            let ok = context.parameterScratch.withUnsafeBufferPointer { parameters in
                context.residualScratch.withUnsafeMutableBufferPointer { residuals in
                    context.residualFunction(parameters, residuals)
                }
            }
            guard ok else { return Int32(GSL_EDOM) }
            for i in 0..<n {
                let value = context.residualScratch[i]
                guard value.isFinite else { return Int32(GSL_EDOM) }
                gsl_vector_set(f, i, value)
            }
            return Int32(GSL_SUCCESS)
        }
        record.df = nil
        record.fvv = nil
        record.n = residualCount
        record.p = parameterCount
        record.params = Unmanaged.passUnretained(context).toOpaque()
        functionRecord.initialize(to: record)
    }

    deinit {
        gsl_multifit_nlinear_free(workspace)
        gsl_vector_free(start)
        functionRecord.deinitialize(count: 1)
        functionRecord.deallocate()
    }

    /// Minimises ½‖r(p)‖² from `initial`. Throws `GSLError` when the residuals are not finite at
    /// the start, when GSL reports an error, or when it exceeds `maxIterations`.
    public static func fit(
        initial: [Double],
        residualCount: Int,
        maxIterations: Int = 500,
        parameterTolerance: Double = 1e-10,
        gradientTolerance: Double = 1e-10,
        residualTolerance: Double = 0,
        residuals: @escaping ResidualFunction
    ) throws -> NonlinearFit {
        let solver = try NonlinearLeastSquares(
            parameterCount: initial.count, residualCount: residualCount, function: residuals)
        return try solver.solve(initial, maxIterations, parameterTolerance, gradientTolerance, residualTolerance)
    }

    private func solve(_ initial: [Double], _ maxIterations: Int, _ xtol: Double, _ gtol: Double,
                       _ ftol: Double) throws -> NonlinearFit {
        guard initial.allSatisfy(\.isFinite) else {
            throw GSLError(status: GSL_EDOM, operation: "gsl_multifit_nlinear_init (non-finite start)")
        }
        let work = workspace
        for (i, value) in initial.enumerated() { gsl_vector_set(start, i, value) }
        try GSL.check(gsl_multifit_nlinear_init(start, functionRecord, work),
                      "gsl_multifit_nlinear_init (residuals at the start point)")
        var info: Int32 = 0
        let status = gsl_multifit_nlinear_driver(maxIterations, xtol, gtol, ftol, nil, nil, &info, work)
        let converged: Bool
        switch status {
        case Int32(GSL_SUCCESS): converged = true
        case Int32(GSL_ENOPROG): converged = false
        default: throw GSLError(status: status, operation: "gsl_multifit_nlinear_driver")
        }
        let position = gsl_multifit_nlinear_position(work)
        let residualVector = gsl_multifit_nlinear_residual(work)
        let parameters = (0..<parameterCount).map { gsl_vector_get(position, $0) }
        let norm = gsl_blas_dnrm2(residualVector)
        guard norm.isFinite, parameters.allSatisfy(\.isFinite) else {
            throw GSLError(status: GSL_EDOM, operation: "gsl_multifit_nlinear_driver (non-finite result)")
        }
        return NonlinearFit(parameters: parameters, residualNorm: norm,
                            iterations: Int(gsl_multifit_nlinear_niter(work)), converged: converged)
    }
}
