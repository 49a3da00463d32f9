/// One siting problem, as read and checked from a scenario's `siting:` section: which zones need how
/// much of each service in each year, which sites can give it at what cost, which zone may be served
/// from which site at what cost per unit, and the money rules (budget per year, discounting, the
/// penalty on each unit left unserved).
package struct SitingProblem: Sendable {
    /// The measures being sited (nursing_beds, nursery_slots, …); sites and budget are shared.
    package var services: [String]
    /// The planning periods, increasing; one period is the classic single-period problem.
    package var years: [Int]
    package var zones: [Zone]
    package var sites: [Site]
    /// Which zone may be served from which site, and at what cost per unit (sparse: no arc, no service).
    package var arcs: [Arc]
    /// Spending limit on openings and modules per year, in yuan; a year not named has no limit.
    package var budget: [Int: Double] = [:]
    /// Carers available for new modules in each year (a stock, not a flow); a year not named has no limit.
    package var carersAvailable: [Int: Double] = [:]
    /// Yearly rate; costs in year t are weighted by (1 + rate)^-(t - first year).
    package var discountRate: Double = 0
    /// Cost per unit of demand left unserved per year; nil: `defaultUnmetPenalty`.
    package var unmetPenalty: Double?
    package var timeLimitSeconds: Double = 60
    package var mipGap: Double = 1e-6

    package struct Zone: Sendable, Equatable {
        package var id: String
        /// demand[service][year index], units ≥ 0.
        package var demand: [[Double]]
        package var longitude: Double?
        package var latitude: Double?

        package init(id: String, demand: [[Double]], longitude: Double? = nil, latitude: Double? = nil) {
            self.id = id
            self.demand = demand
            self.longitude = longitude
            self.latitude = latitude
        }
    }

    package struct Site: Sendable, Equatable {
        package var id: String
        /// Paid once, in the year the site opens (never for an existing site).
        package var openCost: Double
        /// Paid every year the site is open.
        package var operatingCost: Double = 0
        /// An existing facility: open from the first year at its capacity, expandable by modules.
        package var existing = false
        /// The site cannot open before this year (a building still being converted, a district not yet built).
        package var earliestYear: Int?
        package var longitude: Double?
        package var latitude: Double?
        /// One entry per service, in the order of `SitingProblem.services`.
        package var services: [SiteService]

        package init(id: String, openCost: Double, operatingCost: Double = 0, existing: Bool = false,
                     earliestYear: Int? = nil, longitude: Double? = nil, latitude: Double? = nil, services: [SiteService]) {
            self.id = id
            self.openCost = openCost
            self.operatingCost = operatingCost
            self.existing = existing
            self.earliestYear = earliestYear
            self.longitude = longitude
            self.latitude = latitude
            self.services = services
        }
    }

    package struct SiteService: Sendable, Equatable {
        /// Units the site gives once open (an existing site's present capacity).
        package var capacity: Double
        /// Units one module adds, its cost, and how many modules the site can take.
        package var moduleSize: Double = 0
        package var moduleCost: Double = 0
        package var maxModules: Int = 0
        /// Carers each module needs (drawn from `carersAvailable`).
        package var carersPerModule: Double = 0

        package init(capacity: Double, moduleSize: Double = 0, moduleCost: Double = 0, maxModules: Int = 0, carersPerModule: Double = 0) {
            self.capacity = capacity
            self.moduleSize = moduleSize
            self.moduleCost = moduleCost
            self.maxModules = maxModules
            self.carersPerModule = carersPerModule
        }

        /// Whether modules can be added at all.
        package var expandable: Bool { moduleSize > 0 && maxModules > 0 }
        package var largestCapacity: Double { capacity + (expandable ? moduleSize * Double(maxModules) : 0) }
    }

    package struct Arc: Sendable, Equatable {
        package var zone: Int
        package var site: Int
        package var costPerUnit: Double

        package init(zone: Int, site: Int, costPerUnit: Double) {
            self.zone = zone
            self.site = site
            self.costPerUnit = costPerUnit
        }
    }

    package init(services: [String], years: [Int], zones: [Zone], sites: [Site], arcs: [Arc]) {
        self.services = services
        self.years = years
        self.zones = zones
        self.sites = sites
        self.arcs = arcs
    }

    /// Weight of year index t in the objective.
    package func discountFactor(_ t: Int) -> Double {
        1 / pow1p(discountRate, years[t] - years[0])
    }

    private func pow1p(_ rate: Double, _ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, exponent) { value *= 1 + rate }
        return value
    }

    /// The dearest single way to serve one unit: the largest assignment cost plus everything a site
    /// could cost over the horizon (opening, one module of each service, operating every year). A penalty
    /// of ten times this makes leaving a unit unserved dearer than any way of serving it, so unmet demand
    /// in an optimum means it could not be served (capacity, reach, budget), not that serving it was dear.
    package var dearestOption: Double {
        let arcCost = arcs.map(\.costPerUnit).max() ?? 0
        var siteCost = 0.0
        for site in sites {
            var cost: Double = site.openCost + site.operatingCost * Double(years.count)
            for offer in site.services where offer.expandable { cost += offer.moduleCost }
            siteCost = max(siteCost, cost)
        }
        return max(1, arcCost + siteCost)
    }

    package var defaultUnmetPenalty: Double { 10 * dearestOption }
    package var penaltyInForce: Double { unmetPenalty ?? defaultUnmetPenalty }

    /// Cross-checks that the readers cannot make alone (shapes, indices, finiteness); nil when sound.
    package func problem() -> String? {
        if services.isEmpty { return "no service is named" }
        if years.isEmpty { return "no year is named" }
        if zip(years, years.dropFirst()).contains(where: { $0 >= $1 }) { return "years must increase" }
        if zones.isEmpty { return "no zone" }
        if sites.isEmpty { return "no site" }
        for zone in zones {
            guard zone.demand.count == services.count, zone.demand.allSatisfy({ $0.count == years.count }) else {
                return "zone \(zone.id) has demand for \(zone.demand.count) services, expected \(services.count) × \(years.count) years"
            }
            if zone.demand.joined().contains(where: { !$0.isFinite || $0 < 0 }) { return "zone \(zone.id) has a demand that is not a number ≥ 0" }
        }
        for site in sites {
            guard site.services.count == services.count else { return "site \(site.id) gives \(site.services.count) services, expected \(services.count)" }
            var money: [Double] = [site.openCost, site.operatingCost]
            for offer in site.services { money += [offer.capacity, offer.moduleSize, offer.moduleCost] }
            if money.contains(where: { !$0.isFinite || $0 < 0 }) { return "site \(site.id) has a cost or capacity that is not a number ≥ 0" }
            if site.services.contains(where: { $0.maxModules < 0 }) { return "site \(site.id) has a negative max_modules" }
        }
        for arc in arcs {
            guard zones.indices.contains(arc.zone), sites.indices.contains(arc.site) else { return "an arc names zone \(arc.zone), site \(arc.site) out of range" }
            if !arc.costPerUnit.isFinite || arc.costPerUnit < 0 { return "the cost from site \(sites[arc.site].id) to zone \(zones[arc.zone].id) is not a number ≥ 0" }
        }
        for (year, amount) in budget where !amount.isFinite || amount < 0 { return "the budget for \(year) is not a number ≥ 0" }
        for (year, amount) in carersAvailable where !amount.isFinite || amount < 0 { return "the carers for \(year) are not a number ≥ 0" }
        if sites.contains(where: { $0.services.contains { !$0.carersPerModule.isFinite || $0.carersPerModule < 0 } }) {
            return "a site's carers_per_module is not a number ≥ 0"
        }
        if !discountRate.isFinite || discountRate <= -1 { return "the discount rate must be > -1" }
        if let unmetPenalty, !unmetPenalty.isFinite || unmetPenalty <= 0 { return "the unmet penalty must be > 0" }
        return nil
    }
}
