import Foundation
import Testing
@testable import Siting

/// The model always has a solution: existing sites open, nothing built, all demand unmet satisfies every
/// bound and row. It is what `carecap optimize` reports when a solver finds nothing within its time limit.
@Suite("Siting always feasible")
struct DoNothingTests {
    static func satisfiesEverything(_ model: MILPModel, _ x: [Double]) -> Bool {
        for c in 0..<model.columnCount where x[c] < model.columnLower[c] - 1e-9 || x[c] > model.columnUpper[c] + 1e-9 { return false }
        for r in 0..<model.rowCount {
            let activity = model.entries(ofRow: r).reduce(0.0) { $0 + $1.value * x[$1.column] }
            if activity < model.rowLower[r] - 1e-6 || activity > model.rowUpper[r] + 1e-6 { return false }
        }
        return true
    }

    @Test(arguments: Array(UInt64(1)...UInt64(12)))
    func doNothingIsFeasible(seed: UInt64) throws {
        var problem = BruteForceTests.instance(seed: seed)
        // Three periods, budgets of zero and a carer limit of zero: the tightest money and staff can be.
        problem.years = [2030, 2031, 2032]
        problem.zones = problem.zones.map { zone in
            var zone = zone
            zone.demand = zone.demand.map { Array(repeating: $0[0], count: 3) }
            return zone
        }
        problem.budget = [2030: 0, 2031: 0, 2032: 0]
        problem.carersAvailable = [2031: 0]
        problem.sites = problem.sites.map { site in
            var site = site
            site.services = site.services.map { offer in var offer = offer; offer.carersPerModule = 1; return offer }
            return site
        }
        let builder = try SitingModelBuilder(problem: problem)
        #expect(Self.satisfiesEverything(builder.model, builder.doNothingSolution))
    }
}
