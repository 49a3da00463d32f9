import Foundation
import Testing
@testable import Siting

/// Three years, one zone, worked by hand. Zone Z needs 10, 20, 30 units in 2025–2027. Site A exists with
/// 10 units at 1 yuan per unit; B (20 units, opening 100, 2 per unit) and C (10 units, opening 60, 1 per
/// unit, not before 2027) are candidates. Budgets 50, 80, 100; penalty 1000 per unmet unit.
@Suite("Siting periods and budget")
struct PeriodBudgetTests {
    static let sites = """
        id,capacity,open_cost,existing,earliest_year,module_size,module_cost,max_modules
        A,10,0,1,,MS,MC,MM
        B,20,100,0,,,,
        C,10,60,0,2027,,,
        """
    static let zones = "id,demand_2025,demand_2026,demand_2027\nZ,10,20,30\n"
    static let costs = "zone,site,cost_per_unit\nZ,A,1\nZ,B,2\nZ,C,1\n"

    static func scenario(discount: Double) -> String {
        """
        carecap: 1
        name: three-years
        siting:
          service: beds
          zones: zones.csv
          sites: sites.csv
          costs: costs.csv
          years: [2025, 2026, 2027]
          budget: {2025: 50, 2026: 80, 2027: 100}
          discount_rate: \(discount)
          unmet_penalty: 1000
          mip_gap: 0
        """
    }

    static func solve(modules: Bool, discount: Double, solver: String) throws -> SitingResult {
        let siteText = modules ? sites.replacingOccurrences(of: "MS,MC,MM", with: "5,30,2")
            : sites.replacingOccurrences(of: "MS,MC,MM", with: ",,")
        let (problem, _) = try SitingFixtures.load(scenario: scenario(discount: discount),
                                                   files: ["zones.csv": zones, "sites.csv": siteText, "costs.csv": costs])
        let builder = try SitingModelBuilder(problem: problem)
        let solution = try SolverCatalogue.solver(named: solver).solve(builder.model, options: MILPOptions(relativeGap: 0))
        return SitingResult(builder: builder, solution: solution)
    }

    static var solvers: [String] { SolverCatalogue.highsAvailable ? ["glpk", "highs"] : ["glpk"] }

    /// No modules. 2025: A serves all 10 (10 yuan). 2026: 20 needed, A gives 10; B would cost 100 > the
    /// 80 budget and C is not yet available, so 10 stay unmet (10 + 10 × 1000). 2027: A 10 and 20 more;
    /// B (100 + 20 × 2 = 140) beats C (60 + 10, but 10 unmet = 10 000) and both (160) exceed the budget.
    /// Objective 10 + 10 010 + (10 + 140) = 10 170.
    @Test("budget delays an opening and leaves a shortfall", arguments: solvers)
    func budgetDelaysOpening(solver: String) throws {
        let result = try Self.solve(modules: false, discount: 0, solver: solver)
        #expect(abs(result.solution.objective - 10_170) < 1e-6)
        #expect(result.years.map(\.unmet) == [0, 10, 0])
        #expect(result.plan.map { "\($0.year) \($0.site) \($0.action)" } == ["2027 B open"])
        #expect(result.years.map(\.capitalCost) == [0, 0, 100])
        #expect(result.unmet == [.init(year: 2026, zone: "Z", service: "beds", units: 10)])
    }

    /// A takes modules of 5 units at 30 (at most 2); 5 % discounting makes buying later cheaper, so each
    /// purchase falls in the year it is needed. 2026: two modules (60 ≤ 80) let A serve 20 (20 yuan).
    /// 2027: 10 more units: C (60 + 10 × 1) beats B (100 + 10 × 2). Objective
    /// 10 + (60 + 20)/1.05 + (60 + 30)/1.05² = 167.8231292517…
    @Test("modules, earliest year and discounting", arguments: solvers)
    func modulesAndDiscounting(solver: String) throws {
        let result = try Self.solve(modules: true, discount: 0.05, solver: solver)
        let expected = 10 + 80 / 1.05 + 90 / (1.05 * 1.05)
        #expect(abs(result.solution.objective - expected) < 1e-6)
        #expect(result.totalUnmet == 0)
        #expect(result.plan.map { "\($0.year) \($0.site) \($0.action) \($0.modules) \(Int($0.capacity))" }
            == ["2026 A expand 2 20", "2027 C open 0 10"])
        #expect(result.years.map(\.capitalCost) == [0, 60, 60])
    }

    /// Demand beyond every capacity is a shortfall, not an error: 100 units against 30.
    @Test("demand above every capacity is reported as unmet", arguments: solvers)
    func overCapacity(solver: String) throws {
        var problem = SitingProblem(services: ["beds"], years: [2030],
                                    zones: [.init(id: "Z", demand: [[100]])],
                                    sites: [.init(id: "S", openCost: 5, services: [.init(capacity: 30)])],
                                    arcs: [.init(zone: 0, site: 0, costPerUnit: 2)])
        problem.unmetPenalty = nil
        let builder = try SitingModelBuilder(problem: problem)
        let solution = try SolverCatalogue.solver(named: solver).solve(builder.model, options: MILPOptions())
        let result = SitingResult(builder: builder, solution: solution)
        #expect(solution.status == .optimal)
        #expect(result.unmet == [.init(year: 2030, zone: "Z", service: "beds", units: 70)])
        // The default penalty is 10 × (dearest arc 2 + dearest site 5) = 70 per unit.
        #expect(result.penalty == 70)
        #expect(abs(solution.objective - (5 + 30 * 2 + 70 * 70)) < 1e-6)
    }
}
