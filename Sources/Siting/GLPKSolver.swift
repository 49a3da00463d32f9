import CGLPK
import Foundation

/// GLPK's branch-and-cut (glp_intopt with its presolver), the solver every build has. GLPK arrays are
/// 1-based (element 0 is ignored) and GLPK aborts the process on a bad index, so it is given only
/// validated models.
package struct GLPKSolver: MILPSolver {
    package init() {}

    package var name: String { "GLPK \(String(cString: glp_version()))" }

    /// The best bound of the open nodes, tracked by the search callback (GLPK has no call for it after
    /// the search).
    private final class SearchState {
        var bound = -Double.infinity
    }

    package func solve(_ model: MILPModel, options: MILPOptions) throws(SitingError) -> MILPSolution {
        try model.validate()
        return try SolverTurn.run { () throws(SitingError) -> MILPSolution in try solveNow(model, options: options) }
    }

    private func solveNow(_ model: MILPModel, options: MILPOptions) throws(SitingError) -> MILPSolution {
        let started = Date()
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw .solverFailed(solver: name, reason: "glp_create_prob returned nothing") }
        defer { glp_delete_prob(lp) }
        glp_set_obj_dir(lp, GLP_MIN)
        let columns = Int32(model.columnCount)
        let rows = Int32(model.rowCount)
        if rows > 0 { glp_add_rows(lp, rows) }
        glp_add_cols(lp, columns)

        for c in 0..<model.columnCount {
            let index = Int32(c + 1)
            // A binary is given as an integer with its own bounds: GLP_BV would reset them to 0 and 1,
            // losing the fixings (an existing site open, a site closed before its earliest year).
            glp_set_col_kind(lp, index, model.kinds[c] == .continuous ? GLP_CV : GLP_IV)
            let (type, lower, upper) = Self.boundType(model.columnLower[c], model.columnUpper[c])
            glp_set_col_bnds(lp, index, type, lower, upper)
            glp_set_obj_coef(lp, index, model.objective[c])
        }
        for r in 0..<model.rowCount {
            let (type, lower, upper) = Self.boundType(model.rowLower[r], model.rowUpper[r])
            glp_set_row_bnds(lp, Int32(r + 1), type, lower, upper)
        }
        // The whole matrix at once, in coordinate form with a dummy element 0.
        var rowIndex: [Int32] = [0]
        var columnIndex: [Int32] = [0]
        var values: [Double] = [0]
        rowIndex.reserveCapacity(model.entryCount + 1)
        columnIndex.reserveCapacity(model.entryCount + 1)
        values.reserveCapacity(model.entryCount + 1)
        for r in 0..<model.rowCount {
            for k in model.rowStart[r]..<model.rowStart[r + 1] {
                rowIndex.append(Int32(r + 1))
                columnIndex.append(Int32(model.entryColumn[k] + 1))
                values.append(model.entryValue[k])
            }
        }
        glp_load_matrix(lp, Int32(model.entryCount), rowIndex, columnIndex, values)

        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.presolve = GLP_ON
        parameters.msg_lev = GLP_MSG_OFF
        parameters.mip_gap = options.relativeGap
        parameters.tm_lim = Int32(min(Double(Int32.max), max(1, options.timeLimitSeconds * 1000)))
        parameters.fp_heur = GLP_ON
        let state = SearchState()
        parameters.cb_info = Unmanaged.passUnretained(state).toOpaque()
        parameters.cb_func = { tree, info in
            guard let tree, let info else { return }
            let state = Unmanaged<SearchState>.fromOpaque(info).takeUnretainedValue()
            let best = glp_ios_best_node(tree)
            if best != 0 { state.bound = glp_ios_node_bound(tree, best) }
        }
        let code = withExtendedLifetime(state) { glp_intopt(lp, &parameters) }
        let seconds = Date().timeIntervalSince(started)

        let mipStatus = glp_mip_status(lp)
        if mipStatus != GLP_OPT && mipStatus != GLP_FEAS && code == GLP_ETMLIM, let fallback = options.fallback,
           fallback.count == model.columnCount {
            return .fallback(fallback, model: model, bound: state.bound, solver: name, seconds: seconds)
        }
        guard mipStatus == GLP_OPT || mipStatus == GLP_FEAS else {
            throw .solverFailed(solver: name, reason: "no feasible solution (glp_intopt returned \(code), status \(mipStatus)); the model always has one, so this is a solver failure")
        }
        let objective = glp_mip_obj_val(lp)
        var solution = (1...Int(columns)).map { glp_mip_col_val(lp, Int32($0)) }
        for c in 0..<model.columnCount where model.kinds[c] != .continuous { solution[c] = solution[c].rounded() }
        let status: MILPSolution.Status
        var bound: Double
        if mipStatus == GLP_OPT && code == 0 {
            status = .optimal
            bound = objective
        } else if code == GLP_EMIPGAP {
            status = .optimal
            bound = state.bound.isFinite ? min(state.bound, objective) : objective
        } else {
            status = code == GLP_ETMLIM ? .timeLimit : .feasible
            bound = state.bound.isFinite ? min(state.bound, objective) : -Double.infinity
        }
        if !bound.isFinite { bound = objective - abs(objective) }
        return MILPSolution(status: status, objective: objective, bound: bound, values: solution, solver: name, seconds: seconds)
    }

    private static func boundType(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): (GLP_FR, 0, 0)
        case (true, false): (GLP_LO, lower, 0)
        case (false, true): (GLP_UP, 0, upper)
        case (true, true): lower == upper ? (GLP_FX, lower, upper) : (GLP_DB, lower, upper)
        }
    }
}
