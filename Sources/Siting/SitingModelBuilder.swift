/// Builds the mixed-integer programme of a `SitingProblem` (DESIGN.md "Siting"), remembering which
/// column is which variable so a solution can be read back as a plan.
///
/// Variables, for site j, service s, zone i, year index t:
/// - open[j,t] ∈ {0,1}, cumulative (1 from the year the site opens on); fixed to 1 for an existing site,
///   to 0 before a site's earliest year;
/// - modules[j,s,t] ∈ {0 … max_modules}, cumulative modules in place (only where modules exist);
/// - assign[i,j,s,t] ≥ 0 units of i's demand served from j (only on arcs, only where there is demand);
/// - unmet[i,s,t] ≥ 0 units left unserved (only where there is demand).
/// Constraints: demand (Σ_j assign + unmet = demand), capacity (Σ_i assign ≤ capacity·open + module_size·modules),
/// open and modules never decrease, modules only at an open site, spending on openings and modules per
/// year ≤ budget, carers of the modules in place ≤ carers available, and — while the model stays small — assign ≤ demand·open, which gives the same integer
/// optimum but a much tighter relaxation.
package struct SitingModelBuilder {
    /// Above this many assignment variables the strong linking rows (assign ≤ demand·open) are left out, one
    /// row per assignment being more than the solvers can use. Up to it they pay: on the county-sized
    /// benchmark (80,000 assignments) HiGHS reached a 1 % gap in 529 s with them and 1.07 % in 600 s without.
    package static let strongLinkingLimit = 200_000

    package let problem: SitingProblem
    package private(set) var model = MILPModel()
    /// open[j][t]
    package private(set) var openColumn: [[Int]] = []
    /// modules[j][s][t], nil where the site has no modules for the service.
    package private(set) var moduleColumn: [[[Int]?]] = []
    /// For each assignment column: arc index, service, year index.
    package private(set) var assignColumns: [(column: Int, arc: Int, service: Int, year: Int)] = []
    /// For each unmet column: zone, service, year index.
    package private(set) var unmetColumns: [(column: Int, zone: Int, service: Int, year: Int)] = []
    package private(set) var usesStrongLinking = false

    package init(problem: SitingProblem) throws(SitingError) {
        if let issue = problem.problem() { throw .invalidProblem(issue) }
        self.problem = problem
        build()
        try model.validate()
    }

    /// The point every siting model has: existing sites open, nothing built, every demand unmet. It satisfies
    /// every row (budget and carers spend nothing), so "infeasible" cannot happen and a solver that finds
    /// nothing in time still leaves an answer.
    package var doNothingSolution: [Double] {
        var values = model.columnLower.map { $0.isFinite ? $0 : 0 }
        for entry in unmetColumns {
            values[entry.column] = problem.zones[entry.zone].demand[entry.service][entry.year]
        }
        return values
    }

    private mutating func build() {
        let p = problem
        let years = p.years.indices
        let penalty = p.penaltyInForce
        let discount = years.map { p.discountFactor($0) }

        // Sites: open and module columns with their discounted costs. Opening cost F paid in the year the
        // site opens is F·(open[t] − open[t−1]), so open[t] carries F·(δ_t − δ_{t+1}); the same for modules.
        for (j, site) in p.sites.enumerated() {
            var columns: [Int] = []
            for t in years {
                let blocked = !site.existing && (site.earliestYear.map { p.years[t] < $0 } ?? false)
                let lower: Double = site.existing ? 1 : 0
                let upper: Double = blocked ? 0 : 1
                var cost = discount[t] * site.operatingCost
                if !site.existing {
                    cost += site.openCost * (discount[t] - (t + 1 < p.years.count ? discount[t + 1] : 0))
                }
                columns.append(model.addColumn("open_\(j)_\(p.years[t])", lower: lower, upper: upper, cost: cost, kind: .binary))
            }
            openColumn.append(columns)
            var perService: [[Int]?] = []
            for (s, offer) in site.services.enumerated() {
                guard offer.expandable else { perService.append(nil); continue }
                var moduleColumns: [Int] = []
                for t in years {
                    let cost = offer.moduleCost * (discount[t] - (t + 1 < p.years.count ? discount[t + 1] : 0))
                    moduleColumns.append(model.addColumn("modules_\(j)_\(s)_\(p.years[t])", lower: 0,
                                                         upper: Double(offer.maxModules), cost: cost, kind: .integer))
                }
                perService.append(moduleColumns)
            }
            moduleColumn.append(perService)
        }

        // Assignment and unmet columns; demand rows.
        var arcsOfZone = Array(repeating: [Int](), count: p.zones.count)
        for (a, arc) in p.arcs.enumerated() { arcsOfZone[arc.zone].append(a) }
        var assignAtSite = Array(repeating: Array(repeating: Array(repeating: [(Int, Int)](), count: p.years.count),
                                                  count: p.services.count), count: p.sites.count)
        for (i, zone) in p.zones.enumerated() {
            for s in p.services.indices {
                for t in years {
                    let demand = zone.demand[s][t]
                    guard demand > 0 else { continue }
                    var terms: [(column: Int, value: Double)] = []
                    for a in arcsOfZone[i] {
                        let arc = p.arcs[a]
                        guard p.sites[arc.site].services[s].largestCapacity > 0 else { continue }
                        let column = model.addColumn("assign_\(i)_\(arc.site)_\(s)_\(p.years[t])", lower: 0, upper: .infinity,
                                                     cost: discount[t] * arc.costPerUnit)
                        assignColumns.append((column, a, s, t))
                        assignAtSite[arc.site][s][t].append((column, i))
                        terms.append((column, 1))
                    }
                    let unmet = model.addColumn("unmet_\(i)_\(s)_\(p.years[t])", lower: 0, upper: .infinity, cost: penalty)
                    unmetColumns.append((unmet, i, s, t))
                    terms.append((unmet, 1))
                    model.addRow("demand_\(i)_\(s)_\(p.years[t])", terms, lower: demand, upper: demand)
                }
            }
        }

        // Capacity rows.
        for (j, site) in p.sites.enumerated() {
            for (s, offer) in site.services.enumerated() {
                for t in years where !assignAtSite[j][s][t].isEmpty {
                    var terms = assignAtSite[j][s][t].map { (column: $0.0, value: 1.0) }
                    if offer.capacity > 0 { terms.append((openColumn[j][t], -offer.capacity)) }
                    if let modules = moduleColumn[j][s] { terms.append((modules[t], -offer.moduleSize)) }
                    model.addRow("capacity_\(j)_\(s)_\(p.years[t])", terms, lower: -.infinity, upper: 0)
                }
            }
        }

        // A site opens once and stays open; modules are never removed and need an open site.
        for (j, site) in p.sites.enumerated() {
            if !site.existing {
                for t in years.dropFirst() {
                    model.addRow("stays_open_\(j)_\(p.years[t])", [(openColumn[j][t], 1), (openColumn[j][t - 1], -1)],
                                 lower: 0, upper: .infinity)
                }
            }
            for (s, offer) in site.services.enumerated() {
                guard let modules = moduleColumn[j][s] else { continue }
                for t in years {
                    if t > 0 {
                        model.addRow("modules_kept_\(j)_\(s)_\(p.years[t])", [(modules[t], 1), (modules[t - 1], -1)],
                                     lower: 0, upper: .infinity)
                    }
                    if !site.existing {
                        model.addRow("modules_need_open_\(j)_\(s)_\(p.years[t])",
                                     [(modules[t], 1), (openColumn[j][t], -Double(offer.maxModules))],
                                     lower: -.infinity, upper: 0)
                    }
                }
            }
        }

        // Budget: spending in year t is Σ F·(open[t] − open[t−1]) + Σ M·(modules[t] − modules[t−1]).
        for t in years {
            guard let limit = p.budget[p.years[t]] else { continue }
            var terms: [(column: Int, value: Double)] = []
            for (j, site) in p.sites.enumerated() {
                if !site.existing && site.openCost > 0 {
                    terms.append((openColumn[j][t], site.openCost))
                    if t > 0 { terms.append((openColumn[j][t - 1], -site.openCost)) }
                }
                for (s, offer) in site.services.enumerated() where offer.moduleCost > 0 {
                    guard let modules = moduleColumn[j][s] else { continue }
                    terms.append((modules[t], offer.moduleCost))
                    if t > 0 { terms.append((modules[t - 1], -offer.moduleCost)) }
                }
            }
            guard !terms.isEmpty else { continue }
            model.addRow("budget_\(p.years[t])", terms, lower: -.infinity, upper: limit)
        }

        // Carers: modules in place in year t need carers from the stock available that year.
        for t in years {
            guard let carers = p.carersAvailable[p.years[t]] else { continue }
            var terms: [(column: Int, value: Double)] = []
            for (j, site) in p.sites.enumerated() {
                for (s, offer) in site.services.enumerated() where offer.carersPerModule > 0 {
                    if let modules = moduleColumn[j][s] { terms.append((modules[t], offer.carersPerModule)) }
                }
            }
            guard !terms.isEmpty else { continue }
            model.addRow("carers_\(p.years[t])", terms, lower: -.infinity, upper: carers)
        }

        // Strong linking: no zone is served from a closed site, whatever the capacity rows allow.
        if assignColumns.count <= Self.strongLinkingLimit {
            usesStrongLinking = true
            for entry in assignColumns {
                let arc = p.arcs[entry.arc]
                let site = p.sites[arc.site]
                guard !site.existing else { continue }
                let demand = p.zones[arc.zone].demand[entry.service][entry.year]
                model.addRow("link_\(arc.zone)_\(arc.site)_\(entry.service)_\(p.years[entry.year])",
                             [(entry.column, 1), (openColumn[arc.site][entry.year], -demand)], lower: -.infinity, upper: 0)
            }
        }
    }
}
