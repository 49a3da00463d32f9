import Demography
import Foundation
import Numerics

/// Cost of a facility of a given size, cost = a · size^b, fitted to past projects (`cost_table:`) by GSL's
/// nonlinear least squares; it prices the modules of sites whose file gives a size but no cost. b below 1
/// is the economy of scale planners expect; the fit is printed so that it can be judged.
package struct CostCurve: Sendable, Equatable {
    package let a: Double
    package let b: Double
    package let projects: Int
    /// √(Σ residual² / n), yuan: how far a typical project lies from the curve.
    package let rootMeanSquareError: Double
    package let source: String

    package func cost(size: Double) -> Double { a * pow(size, b) }

    package var description: String {
        String(format: "cost = %.6g · size^%.4f, fitted to %d projects in %@ (GSL nonlinear least squares; RMS error %.0f yuan)",
               a, b, projects, source, rootMeanSquareError)
    }

    /// Reads `size, cost` rows (both > 0; other columns ignored) and fits the curve. The start point is the
    /// straight line through log cost against log size, which the least-squares fit then refines in yuan.
    package static func fit(path: String) throws(DataFileError) -> CostCurve {
        let table = try SitingTable.load(path: path)
        let sizeColumn = try table.requireColumn("size", meaning: "the project's size, in units of the service")
        let costColumn = try table.requireColumn("cost", meaning: "the project's cost, yuan")
        var sizes: [Double] = [], costs: [Double] = []
        for record in table.records {
            let size = try table.amount(record, sizeColumn, what: "a size > 0")
            guard size > 0 else { throw table.error(record, sizeColumn, expected: "a size > 0") }
            let cost = try table.amount(record, costColumn, what: "a cost > 0 (yuan)")
            guard cost > 0 else { throw table.error(record, costColumn, expected: "a cost > 0 (yuan)") }
            sizes.append(size)
            costs.append(cost)
        }
        guard sizes.count >= 3, Set(sizes).count >= 2 else {
            throw DataFileError(path: path, line: 0, expected: "at least 3 projects of at least 2 different sizes to fit cost = a · size^b",
                                found: "\(sizes.count) projects")
        }
        let logSizes = sizes.map { log($0) }, logCosts = costs.map { log($0) }
        let meanX = logSizes.reduce(0, +) / Double(sizes.count), meanY = logCosts.reduce(0, +) / Double(sizes.count)
        var sxy = 0.0, sxx = 0.0
        for k in sizes.indices {
            sxy += (logSizes[k] - meanX) * (logCosts[k] - meanY)
            sxx += (logSizes[k] - meanX) * (logSizes[k] - meanX)
        }
        let startB = sxy / sxx
        let startA = exp(meanY - startB * meanX)
        // Fitted in units of the largest cost, so that GSL's tolerances mean the same for yuan and for millions.
        let scale = costs.max()!
        let fit: NonlinearFit
        do {
            fit = try NonlinearLeastSquares.fit(initial: [startA / scale, startB], residualCount: sizes.count) { p, r in
                for k in sizes.indices { r[k] = p[0] * pow(sizes[k], p[1]) - costs[k] / scale }
                return p[0] > 0
            }
        } catch {
            throw DataFileError(path: path, line: 0, expected: "projects that a curve cost = a · size^b fits", found: "a fit that failed (\(error))")
        }
        let a = fit.parameters[0] * scale, b = fit.parameters[1]
        guard a > 0, a.isFinite, b.isFinite else {
            throw DataFileError(path: path, line: 0, expected: "projects that a curve cost = a · size^b fits", found: "a = \(a), b = \(b)")
        }
        let squares = sizes.indices.map { k in pow(a * pow(sizes[k], b) - costs[k], 2) }.reduce(0, +)
        return CostCurve(a: a, b: b, projects: sizes.count, rootMeanSquareError: sqrt(squares / Double(sizes.count)), source: path)
    }
}
