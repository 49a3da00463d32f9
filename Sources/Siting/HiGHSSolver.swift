#if CARECAP_HIGHS
import CHiGHS
import Foundation

/// HiGHS through its C API (Highs_passMip, Highs_run), built in when pkg-config found highs.pc.
package struct HiGHSSolver: MILPSolver {
    package init() {}

    package var name: String { "HiGHS \(Highs_versionMajor()).\(Highs_versionMinor()).\(Highs_versionPatch())" }

    package func solve(_ model: MILPModel, options: MILPOptions) throws(SitingError) -> MILPSolution {
        try model.validate()
        return try SolverTurn.run { () throws(SitingError) -> MILPSolution in try solveNow(model, options: options) }
    }

    private func solveNow(_ model: MILPModel, options: MILPOptions) throws(SitingError) -> MILPSolution {
        let started = Date()
        guard let highs = Highs_create() else { throw .solverFailed(solver: name, reason: "Highs_create returned nothing") }
        defer { Highs_destroy(highs) }
        _ = Highs_setBoolOptionValue(highs, "output_flag", 0)
        _ = Highs_setDoubleOptionValue(highs, "time_limit", options.timeLimitSeconds)
        _ = Highs_setDoubleOptionValue(highs, "mip_rel_gap", options.relativeGap)
        // Absolute gap 0: the relative gap alone decides, as for GLPK.
        _ = Highs_setDoubleOptionValue(highs, "mip_abs_gap", 0)

        let infinity = Highs_getInfinity(highs)
        func clamp(_ value: Double) -> Double { value.isInfinite ? (value > 0 ? infinity : -infinity) : value }
        let integrality = model.kinds.map { $0 == .continuous ? HighsInt(0) : HighsInt(1) }
        let start = model.rowStart.dropLast().map { HighsInt($0) }
        let index = model.entryColumn.map { HighsInt($0) }
        let status = Highs_passMip(highs, HighsInt(model.columnCount), HighsInt(model.rowCount), HighsInt(model.entryCount),
                                   kHighsMatrixFormatRowwise, kHighsObjSenseMinimize, 0,
                                   model.objective, model.columnLower.map(clamp), model.columnUpper.map(clamp),
                                   model.rowLower.map(clamp), model.rowUpper.map(clamp),
                                   start, index, model.entryValue, integrality)
        guard status != kHighsStatusError else { throw .solverFailed(solver: name, reason: "Highs_passMip refused the model") }
        let runStatus = Highs_run(highs)
        let seconds = Date().timeIntervalSince(started)
        guard runStatus != kHighsStatusError else { throw .solverFailed(solver: name, reason: "Highs_run returned an error") }

        let modelStatus = Highs_getModelStatus(highs)
        var primalStatus: HighsInt = 0
        _ = Highs_getIntInfoValue(highs, "primal_solution_status", &primalStatus)
        if primalStatus != kHighsSolutionStatusFeasible && modelStatus == kHighsModelStatusTimeLimit,
           let fallback = options.fallback, fallback.count == model.columnCount {
            var dualBound = -Double.infinity
            _ = Highs_getDoubleInfoValue(highs, "mip_dual_bound", &dualBound)
            return .fallback(fallback, model: model, bound: dualBound, solver: name, seconds: seconds)
        }
        guard primalStatus == kHighsSolutionStatusFeasible else {
            throw .solverFailed(solver: name, reason: "no feasible solution (model status \(modelStatus)); the model always has one, so this is a solver failure")
        }
        var objective = 0.0, bound = 0.0
        _ = Highs_getDoubleInfoValue(highs, "objective_function_value", &objective)
        _ = Highs_getDoubleInfoValue(highs, "mip_dual_bound", &bound)
        var values = [Double](repeating: 0, count: model.columnCount)
        var columnDuals = [Double](repeating: 0, count: model.columnCount)
        var rowValues = [Double](repeating: 0, count: model.rowCount)
        var rowDuals = [Double](repeating: 0, count: model.rowCount)
        _ = Highs_getSolution(highs, &values, &columnDuals, &rowValues, &rowDuals)
        for c in 0..<model.columnCount where model.kinds[c] != .continuous { values[c] = values[c].rounded() }
        let result: MILPSolution.Status = switch modelStatus {
        case kHighsModelStatusOptimal: .optimal
        case kHighsModelStatusTimeLimit: .timeLimit
        default: .feasible
        }
        if !bound.isFinite { bound = objective - abs(objective) }
        return MILPSolution(status: result, objective: objective, bound: min(bound, objective), values: values, solver: name, seconds: seconds)
    }
}
#endif
