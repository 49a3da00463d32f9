import Foundation
import Testing
@testable import Siting

/// Small single-period instances (3 sites, 3 zones, demand ≤ 3, up to 2 modules per site) whose optimum
/// is found by enumerating every choice: which sites open, how many modules each takes, and every way of
/// splitting each zone's whole units among the open sites and "unmet". With integer demand and capacities
/// the transportation part has an integral optimum, so the enumeration is exact; the solvers must agree.
@Suite("Siting brute force")
struct BruteForceTests {
    /// A fixed linear congruential stream, so the instances are the same on every machine.
    struct Stream {
        var state: UInt64
        mutating func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
    }

    static func instance(seed: UInt64) -> SitingProblem {
        var random = Stream(state: seed)
        let sites = (0..<3).map { j in
            SitingProblem.Site(id: "S\(j)", openCost: Double(random.next(1...12)), existing: j == 0 && seed % 2 == 0,
                               services: [.init(capacity: Double(random.next(0...3)), moduleSize: 1,
                                                moduleCost: Double(random.next(1...5)), maxModules: random.next(0...2))])
        }
        let zones = (0..<3).map { i in SitingProblem.Zone(id: "Z\(i)", demand: [[Double(random.next(0...3))]]) }
        var arcs: [SitingProblem.Arc] = []
        for i in 0..<3 {
            for j in 0..<3 where random.next(0...4) > 0 {
                arcs.append(.init(zone: i, site: j, costPerUnit: Double(random.next(0...6))))
            }
        }
        var problem = SitingProblem(services: ["units"], years: [2030], zones: zones, sites: sites, arcs: arcs)
        problem.unmetPenalty = 9
        return problem
    }

    /// Every whole-unit split of `demand` into `parts` non-negative parts.
    static func splits(_ demand: Int, _ parts: Int) -> [[Int]] {
        if parts == 1 { return [[demand]] }
        return (0...demand).flatMap { first in splits(demand - first, parts - 1).map { [first] + $0 } }
    }

    static func bruteForce(_ p: SitingProblem) -> Double {
        var best = Double.infinity
        let siteCount = p.sites.count
        for mask in 0..<(1 << siteCount) {
            let open = (0..<siteCount).map { mask & (1 << $0) != 0 || p.sites[$0].existing }
            if (0..<siteCount).contains(where: { p.sites[$0].existing && mask & (1 << $0) == 0 }) { continue }
            // Modules per site: 0 … max at an open site, 0 at a closed one.
            var moduleChoices: [[Int]] = [[]]
            for j in 0..<siteCount {
                let most = open[j] ? p.sites[j].services[0].maxModules : 0
                moduleChoices = moduleChoices.flatMap { prefix in (0...most).map { prefix + [$0] } }
            }
            for modules in moduleChoices {
                var fixed = 0.0
                for j in 0..<siteCount where open[j] {
                    if !p.sites[j].existing { fixed += p.sites[j].openCost }
                    fixed += Double(modules[j]) * p.sites[j].services[0].moduleCost
                }
                let capacity = (0..<siteCount).map { open[$0] ? p.sites[$0].services[0].capacity + Double(modules[$0]) : 0 }
                best = min(best, fixed + assignment(p, capacity: capacity, zone: 0, used: Array(repeating: 0, count: siteCount)))
            }
        }
        return best
    }

    /// Cheapest way to serve zones `zone…` with what capacity is left, by enumeration.
    static func assignment(_ p: SitingProblem, capacity: [Double], zone: Int, used: [Double]) -> Double {
        guard zone < p.zones.count else { return 0 }
        let demand = Int(p.zones[zone].demand[0][0])
        let arcs = p.arcs.filter { $0.zone == zone }
        var best = Double.infinity
        for split in splits(demand, arcs.count + 1) {
            var cost = Double(split[arcs.count]) * p.penaltyInForce
            var nowUsed = used
            var fits = true
            for (k, arc) in arcs.enumerated() where split[k] > 0 {
                nowUsed[arc.site] += Double(split[k])
                if nowUsed[arc.site] > capacity[arc.site] { fits = false; break }
                cost += Double(split[k]) * arc.costPerUnit
            }
            guard fits else { continue }
            best = min(best, cost + assignment(p, capacity: capacity, zone: zone + 1, used: nowUsed))
        }
        return best
    }

    static var solvers: [String] { SolverCatalogue.highsAvailable ? ["glpk", "highs"] : ["glpk"] }

    @Test("matches enumeration", arguments: Array(UInt64(1)...UInt64(12)))
    func matchesEnumeration(seed: UInt64) throws {
        let problem = Self.instance(seed: seed)
        let expected = Self.bruteForce(problem)
        let builder = try SitingModelBuilder(problem: problem)
        for name in Self.solvers {
            let solution = try SolverCatalogue.solver(named: name).solve(builder.model, options: MILPOptions(relativeGap: 0))
            #expect(solution.status == .optimal)
            #expect(abs(solution.objective - expected) < 1e-6, "seed \(seed), \(solution.solver): \(solution.objective) vs enumeration \(expected)")
        }
    }
}
