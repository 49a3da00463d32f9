/// Why a siting problem cannot be solved: a model that failed validation before any solver saw it
/// (a programming error or an input that slipped through), a solver that is not built in, or a solver
/// that reported a failure of its own.
package enum SitingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidModel(String)
    case invalidProblem(String)
    case solverUnavailable(String)
    case solverFailed(solver: String, reason: String)
    case cannotWrite(path: String, reason: String)

    package var description: String {
        switch self {
        case .invalidModel(let what): "the optimisation model is invalid (nothing was sent to a solver): \(what)"
        case .invalidProblem(let what): "the siting problem is invalid: \(what)"
        case .solverUnavailable(let what): what
        case let .solverFailed(solver, reason): "\(solver) failed: \(reason)"
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        }
    }
}
