import Foundation
import Testing
@testable import Siting

/// Beasley's OR-Library capacitated facility location problems cap71–cap74 (16 sites, 50 customers,
/// multi-source), read through the zones/sites/costs CSV route and solved to the published optimum
/// (Fixtures/README.md) by each solver, within a relative 1e-6.
@Suite("OR-Library CFLP")
struct ORLibraryTests {
    static let optima: [(String, Double)] = [
        ("cap71", 932_615.750), ("cap72", 977_799.400), ("cap73", 1_010_641.450), ("cap74", 1_034_976.975),
    ]

    static var solvers: [String] { SolverCatalogue.highsAvailable ? ["glpk", "highs"] : ["glpk"] }

    static var cases: [(String, Double, String)] {
        optima.flatMap { instance in solvers.map { (instance.0, instance.1, $0) } }
    }

    @Test("solves to the published optimum", arguments: cases)
    func publishedOptimum(name: String, optimum: Double, solverName: String) throws {
        let (problem, _) = try SitingFixtures.load(scenario: SitingFixtures.orLibraryScenario,
                                                   files: try SitingFixtures.orLibraryFiles(name))
        let builder = try SitingModelBuilder(problem: problem)
        let solver = try SolverCatalogue.solver(named: solverName)
        let solution = try solver.solve(builder.model, options: MILPOptions(timeLimitSeconds: 120, relativeGap: 1e-9))
        let result = SitingResult(builder: builder, solution: solution)
        print("\(name) \(solution.solver): objective \(String(format: "%.3f", solution.objective)), published \(optimum), \(String(format: "%.2f", solution.seconds)) s")
        #expect(solution.status == .optimal)
        #expect(abs(solution.objective - optimum) / optimum < 1e-6, "\(name) by \(solution.solver): \(solution.objective) vs \(optimum)")
        #expect(result.totalUnmet == 0)
    }
}
