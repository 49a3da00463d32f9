import Foundation

/// A mixed-integer solver behind one interface, so the siting model is built once and handed to HiGHS
/// or GLPK alike. Implementations receive only models that passed `MILPModel.validate()`.
package protocol MILPSolver: Sendable {
    /// The name printed in summaries ("HiGHS 1.15.1", "GLPK 5.0").
    var name: String { get }
    func solve(_ model: MILPModel, options: MILPOptions) throws(SitingError) -> MILPSolution
}

package struct MILPOptions: Sendable {
    package var timeLimitSeconds: Double
    /// Relative gap |objective − bound| / |objective| at which the search stops.
    package var relativeGap: Double

    /// A point known to be feasible, returned (with its objective) when the solver finds no solution of its
    /// own within the time limit: the siting model's "build nothing, everything unmet". Nil: such a stop is
    /// a failure.
    package var fallback: [Double]?

    package init(timeLimitSeconds: Double = 60, relativeGap: Double = 1e-6, fallback: [Double]? = nil) {
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.fallback = fallback
    }
}

package struct MILPSolution: Sendable {
    package enum Status: String, Sendable {
        /// Proven optimal within the gap asked for.
        case optimal
        /// Stopped by the time limit with a feasible solution; `gap` says how far from proven.
        case timeLimit = "time_limit"
        /// Stopped for another reason with a feasible solution.
        case feasible
        /// Stopped by the time limit before the solver found any solution: the values are the fallback.
        case timeLimitNoSolution = "time_limit_no_solution"
    }

    package var status: Status
    package var objective: Double
    /// The best proven lower bound on the optimum.
    package var bound: Double
    package var values: [Double]
    package var solver: String
    package var seconds: Double

    /// Relative gap between objective and bound, 0 when both are 0.
    package var gap: Double {
        let scale = max(abs(objective), 1e-9)
        return max(0, objective - bound) / scale
    }
}

extension MILPSolution {
    /// The fallback point as a solution, when a solver stopped at its time limit without one of its own.
    static func fallback(_ values: [Double], model: MILPModel, bound: Double, solver: String, seconds: Double) -> MILPSolution {
        var objective = 0.0
        for c in 0..<model.columnCount { objective += model.objective[c] * values[c] }
        return MILPSolution(status: .timeLimitNoSolution, objective: objective, bound: bound.isFinite ? min(bound, objective) : -.infinity,
                            values: values, solver: solver, seconds: seconds)
    }
}

/// Both C solvers keep process-wide state (GLPK its environment, HiGHS its thread pool) that is not
/// meant for concurrent solves, so solves in one process, tests run in parallel included, take turns.
package enum SolverTurn {
    private static let lock = NSLock()

    package static func run<T>(_ body: () throws(SitingError) -> T) throws(SitingError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// The solvers this build has, best first: HiGHS when it was found at build time, then GLPK.
package enum SolverCatalogue {
    package static var highsAvailable: Bool {
        #if CARECAP_HIGHS
        true
        #else
        false
        #endif
    }

    package static let names = ["highs", "glpk"]

    /// The solver named (`highs`, `glpk`), or the best available for nil.
    package static func solver(named name: String?) throws(SitingError) -> any MILPSolver {
        switch name?.lowercased() {
        case nil, "auto":
            #if CARECAP_HIGHS
            return HiGHSSolver()
            #else
            return GLPKSolver()
            #endif
        case "glpk":
            return GLPKSolver()
        case "highs":
            #if CARECAP_HIGHS
            return HiGHSSolver()
            #else
            throw .solverUnavailable("HiGHS is not built into this carecap (no highs.pc was found when it was built); run scripts/setup.sh, then `touch Package.swift && swift build --manifest-cache none`, or use --solver glpk")
            #endif
        case let other?:
            throw .solverUnavailable("unknown solver \"\(other)\"; expected highs, glpk or auto")
        }
    }
}
