import Foundation
import Testing
@testable import Scenario
@testable import Siting

/// Carers per module limit the modules in place by the carers available each year.
@Suite("Siting carers")
struct CarersTests {
    static let files = [
        "zones.csv": "id,demand\nZ,30\n",
        "sites.csv": "id,capacity,open_cost,module_size,module_cost,max_modules,carers_per_module\nA,0,5,10,1,3,2\n",
        "costs.csv": "zone,site,cost_per_unit\nZ,A,1\n",
    ]

    /// 30 units wanted, modules of 10 needing 2 carers each, 4 carers: two modules, 20 served, 10 unmet.
    /// Objective: opening 5 + modules 2 × 1 + 20 × 1 + 10 × 100 = 1,027.
    @Test(arguments: SolverCatalogue.highsAvailable ? ["glpk", "highs"] : ["glpk"])
    func carersLimitModules(solver: String) throws {
        let scenario = """
            carecap: 1
            name: carers
            siting:
              service: places
              zones: zones.csv
              sites: sites.csv
              costs: costs.csv
              years: [2030]
              carers: {2030: 4}
              unmet_penalty: 100
              mip_gap: 0
            """
        let (problem, _) = try SitingFixtures.load(scenario: scenario, files: Self.files)
        let builder = try SitingModelBuilder(problem: problem)
        let solution = try SolverCatalogue.solver(named: solver).solve(builder.model, options: MILPOptions(relativeGap: 0))
        let result = SitingResult(builder: builder, solution: solution)
        #expect(abs(solution.objective - 1_027) < 1e-6)
        #expect(result.totalUnmet == 10)
        #expect(result.years[0].carersNeeded == 4)
    }

    /// 3 carers trained a year from 2030, half leave each year: 3 in 2030, 3 × 0.5 + 3 = 4.5 in 2031.
    @Test func fromWorkforcePipeline() throws {
        let scenario = """
            carecap: 1
            name: carers
            workforce:
              carers_trained_per_year: 3
              training_from: 2030
              carer_attrition: 0.5
            siting:
              service: places
              zones: zones.csv
              sites: sites.csv
              costs: costs.csv
              years: [2030, 2031]
              carers: from_workforce
            """
        let (problem, _) = try SitingFixtures.load(scenario: scenario, files: Self.files)
        #expect(problem.carersAvailable == [2030: 3, 2031: 4.5])
    }
}
