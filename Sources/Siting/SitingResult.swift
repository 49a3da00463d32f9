/// A solved siting problem read back from the solver's values: what opens and expands when, who is
/// served from where, what is left unserved, and the money by year (nominal yuan, undiscounted).
package struct SitingResult: Sendable {
    package struct PlanAction: Sendable, Equatable {
        package var year: Int
        package var site: String
        package var service: String
        /// "open" (the site opens this year) or "expand" (modules added at an open site).
        package var action: String
        /// Modules added this year.
        package var modules: Int
        /// The site's capacity for the service after the action.
        package var capacity: Double
        /// Opening cost (on the first service row of an opening) plus the modules' cost.
        package var cost: Double
    }

    package struct Assignment: Sendable, Equatable {
        package var year: Int
        package var zone: String
        package var site: String
        package var service: String
        package var units: Double
    }

    package struct Unmet: Sendable, Equatable {
        package var year: Int
        package var zone: String
        package var service: String
        package var units: Double
    }

    package struct YearTotals: Sendable, Equatable {
        package var year: Int
        package var openingCost = 0.0
        package var moduleCost = 0.0
        package var operatingCost = 0.0
        package var assignmentCost = 0.0
        package var budget: Double?
        package var demand = 0.0
        package var capacity = 0.0
        package var unmet = 0.0
        package var sitesOpened: [String] = []
        /// Carers the modules in place need, and the stock available (nil: no limit).
        package var carersNeeded = 0.0
        package var carersAvailable: Double?
        package var totalCost: Double { openingCost + moduleCost + operatingCost + assignmentCost }
        /// Opening and module spending, the part the budget limits.
        package var capitalCost: Double { openingCost + moduleCost }
    }

    /// A site in the last year: when it opened, what it has, what it serves (all services summed).
    package struct SiteState: Sendable, Equatable {
        package var id: String
        package var longitude: Double?
        package var latitude: Double?
        package var existing: Bool
        package var openedYear: Int?
        package var modules: Int
        package var capacity: Double
        package var served: Double
    }

    /// A zone in the last year (all services summed), with its unmet demand over every year.
    package struct ZoneState: Sendable, Equatable {
        package var id: String
        package var longitude: Double?
        package var latitude: Double?
        package var demand: Double
        package var unmet: Double
        package var unmetAllYears: Double
    }

    package var solution: MILPSolution
    package var penalty: Double
    package var penaltyIsDefault: Bool
    package var plan: [PlanAction] = []
    package var assignments: [Assignment] = []
    package var unmet: [Unmet] = []
    package var years: [YearTotals] = []
    package var sites: [SiteState] = []
    package var zones: [ZoneState] = []
    package var variables: Int
    package var constraints: Int

    /// Amounts below this are solver round-off, not plan.
    static let negligible = 1e-6

    package init(builder: SitingModelBuilder, solution: MILPSolution) {
        let problem = builder.problem
        self.solution = solution
        penalty = problem.penaltyInForce
        penaltyIsDefault = problem.unmetPenalty == nil
        variables = builder.model.columnCount
        constraints = builder.model.rowCount
        let values = solution.values
        func isOpen(_ j: Int, _ t: Int) -> Bool { values[builder.openColumn[j][t]] > 0.5 }
        func modules(_ j: Int, _ s: Int, _ t: Int) -> Int {
            guard t >= 0, let columns = builder.moduleColumn[j][s] else { return 0 }
            return Int(values[columns[t]].rounded())
        }

        years = problem.years.map { YearTotals(year: $0, budget: problem.budget[$0], carersAvailable: problem.carersAvailable[$0]) }
        for (j, site) in problem.sites.enumerated() {
            for t in problem.years.indices {
                let open = isOpen(j, t)
                let opensNow = open && !site.existing && (t == 0 || !isOpen(j, t - 1))
                if opensNow {
                    years[t].openingCost += site.openCost
                    years[t].sitesOpened.append(site.id)
                }
                if open { years[t].operatingCost += site.operatingCost }
                for (s, offer) in site.services.enumerated() {
                    let added = modules(j, s, t) - modules(j, s, t - 1)
                    let capacity = open ? offer.capacity + offer.moduleSize * Double(modules(j, s, t)) : 0
                    years[t].capacity += capacity
                    years[t].moduleCost += Double(added) * offer.moduleCost
                    years[t].carersNeeded += Double(modules(j, s, t)) * offer.carersPerModule
                    if opensNow && (offer.capacity > 0 || added > 0) || added > 0 {
                        let firstOffered = site.services.firstIndex { $0.largestCapacity > 0 } ?? 0
                        let cost = (opensNow && s == firstOffered ? site.openCost : 0) + Double(added) * offer.moduleCost
                        plan.append(.init(year: problem.years[t], site: site.id, service: problem.services[s],
                                          action: opensNow ? "open" : "expand", modules: added, capacity: capacity, cost: cost))
                    }
                }
            }
        }
        plan.sort { ($0.year, $0.site, $0.service) < ($1.year, $1.site, $1.service) }

        for entry in builder.assignColumns {
            let units = values[entry.column]
            let arc = problem.arcs[entry.arc]
            years[entry.year].assignmentCost += units * arc.costPerUnit
            guard units > Self.negligible else { continue }
            assignments.append(.init(year: problem.years[entry.year], zone: problem.zones[arc.zone].id,
                                     site: problem.sites[arc.site].id, service: problem.services[entry.service], units: units))
        }
        assignments.sort { ($0.year, $0.zone, $0.site, $0.service) < ($1.year, $1.zone, $1.site, $1.service) }
        for entry in builder.unmetColumns {
            let units = values[entry.column]
            guard units > Self.negligible else { continue }
            years[entry.year].unmet += units
            unmet.append(.init(year: problem.years[entry.year], zone: problem.zones[entry.zone].id,
                               service: problem.services[entry.service], units: units))
        }
        unmet.sort { ($0.year, $0.zone, $0.service) < ($1.year, $1.zone, $1.service) }
        for zone in problem.zones {
            for (t, _) in problem.years.enumerated() {
                years[t].demand += zone.demand.map { $0[t] }.reduce(0, +)
            }
        }

        let last = problem.years.count - 1
        var servedBySite = Array(repeating: 0.0, count: problem.sites.count)
        for entry in builder.assignColumns where entry.year == last {
            servedBySite[problem.arcs[entry.arc].site] += values[entry.column]
        }
        for (j, site) in problem.sites.enumerated() {
            let firstOpen = problem.years.indices.first { isOpen(j, $0) }
            let opened = site.existing ? nil : firstOpen.map { problem.years[$0] }
            let open = isOpen(j, last)
            var capacity = 0.0, moduleCount = 0
            for (s, offer) in site.services.enumerated() {
                moduleCount += modules(j, s, last)
                if open { capacity += offer.capacity + offer.moduleSize * Double(modules(j, s, last)) }
            }
            sites.append(.init(id: site.id, longitude: site.longitude, latitude: site.latitude, existing: site.existing,
                               openedYear: opened, modules: moduleCount, capacity: capacity, served: servedBySite[j]))
        }
        var unmetLast = Array(repeating: 0.0, count: problem.zones.count)
        var unmetAll = Array(repeating: 0.0, count: problem.zones.count)
        for entry in builder.unmetColumns {
            let units = values[entry.column]
            unmetAll[entry.zone] += units
            if entry.year == last { unmetLast[entry.zone] += units }
        }
        for (i, zone) in problem.zones.enumerated() {
            zones.append(.init(id: zone.id, longitude: zone.longitude, latitude: zone.latitude,
                               demand: zone.demand.map { $0[last] }.reduce(0, +),
                               unmet: unmetLast[i] > Self.negligible ? unmetLast[i] : 0,
                               unmetAllYears: unmetAll[i] > Self.negligible ? unmetAll[i] : 0))
        }
    }

    package var totalUnmet: Double { years.map(\.unmet).reduce(0, +) }
}
