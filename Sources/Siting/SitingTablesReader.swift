import Demography
import Foundation

/// Reads the zones, sites and costs tables of a `siting:` section into the parts of a `SitingProblem`,
/// checking each field where it stands (file, line, column, what was expected).
package enum SitingTablesReader {
    /// Zones: `id`, then demand in one of these columns, first match wins for each service and year:
    /// `demand_<service>_<year>`, `demand_<service>`, `demand_<year>`, `<year>`, `demand`; optional
    /// `longitude`, `latitude`.
    package static func zones(path: String, services: [String], years: [Int], needPoints: Bool) throws(DataFileError) -> [SitingProblem.Zone] {
        let table = try SitingTable.load(path: path)
        let idColumn = try table.requireColumn("id", meaning: "the zone's name or area code")
        var demandColumns: [[Int]] = []
        for service in services {
            var perYear: [Int] = []
            for year in years {
                var candidates = ["demand_\(service)_\(year)", "demand_\(service)"]
                if services.count == 1 { candidates += ["demand_\(year)", "\(year)", "demand"] }
                guard let column = candidates.lazy.compactMap({ table.column($0) }).first else {
                    throw DataFileError(path: path, line: 1, column: candidates[0],
                                        expected: "a demand column for \(service) in \(year): one of \(candidates.joined(separator: ", "))",
                                        found: "columns \(table.header.joined(separator: ", "))")
                }
                perYear.append(column)
            }
            demandColumns.append(perYear)
        }
        var zones: [SitingProblem.Zone] = []
        var seen: [String: Int] = [:]
        for record in table.records {
            let id = record.fields[idColumn]
            guard !id.isEmpty else { throw table.error(record, idColumn, expected: "a zone id") }
            if let first = seen[id] { throw table.error(record, idColumn, expected: "a zone id not used before (line \(first) has it)") }
            seen[id] = record.line
            var demand: [[Double]] = []
            for perYear in demandColumns {
                var values: [Double] = []
                for column in perYear { values.append(try table.amount(record, column, what: "a demand ≥ 0 (units of the service)")) }
                demand.append(values)
            }
            let point = try table.point(record)
            if needPoints && point == nil {
                throw DataFileError(path: path, line: record.line, column: "longitude",
                                    expected: "longitude and latitude (costs.distance: great_circle needs every zone's point)", found: "none")
            }
            zones.append(.init(id: id, demand: demand, longitude: point?.longitude, latitude: point?.latitude))
        }
        guard !zones.isEmpty else { throw DataFileError(path: path, line: 1, expected: "at least one zone", found: "only a header") }
        return zones
    }

    /// Zones from a `carecap run` folder: its demand.csv view (`area, year, measure, basis, p10, p50, p90`),
    /// the rows of each service and `basis`, at the percentile asked for; each area becomes a zone, placed
    /// at its point from `pointsPath` (`code, …, longitude, latitude`, the county points file) when given.
    /// Only the run's own areas (`wanted`, from its manifest) become zones, not its total or region rows.
    package static func zonesFromRun(demandPath: String, services: [String], years: [Int], percentile: String, basis: String,
                                     areas wanted: Set<String>?, pointsPath: String?, needPoints: Bool) throws(DataFileError) -> [SitingProblem.Zone] {
        let table = try SitingTable.load(path: demandPath)
        let areaColumn = try table.requireColumn("area", meaning: "the area code")
        let yearColumn = try table.requireColumn("year", meaning: "the year")
        let measureColumn = try table.requireColumn("measure", meaning: "the measure (nursing_beds, nursery_slots, …)")
        let basisColumn = try table.requireColumn("basis", meaning: "standard or propensity")
        let valueColumn = try table.requireColumn(percentile, meaning: "the demand at that percentile")
        var areas: [String] = []
        var values: [String: [String: [Int: Double]]] = [:]  // area → service → year → demand
        for record in table.records {
            let measure = record.fields[measureColumn]
            guard services.contains(measure), record.fields[basisColumn] == basis else { continue }
            guard let year = Int(record.fields[yearColumn]) else { throw table.error(record, yearColumn, expected: "a year") }
            guard years.contains(year) else { continue }
            let area = record.fields[areaColumn]
            // Without the run's list of areas, the county rows are those with a 6-digit code (not `total`).
            if let wanted { guard wanted.contains(area) else { continue } } else if area.count != 6 || !area.allSatisfy(\.isNumber) { continue }
            if values[area] == nil { areas.append(area) }
            values[area, default: [:]][measure, default: [:]][year] = try table.amount(record, valueColumn, what: "a demand ≥ 0")
        }
        guard !areas.isEmpty else {
            throw DataFileError(path: demandPath, line: 0, expected: "rows of \(services.joined(separator: ", ")) with basis \(basis) in \(years.map(String.init).joined(separator: ", "))",
                                found: "none")
        }
        var points: [String: (Double, Double)] = [:]
        if let pointsPath {
            let pointTable = try SitingTable.load(path: pointsPath)
            let codeColumn = try pointTable.requireColumn("code", meaning: "the area code")
            for record in pointTable.records {
                if let point = try pointTable.point(record) { points[record.fields[codeColumn]] = point }
            }
        }
        var zones: [SitingProblem.Zone] = []
        for area in areas {
            var demand: [[Double]] = []
            for service in services {
                var perYear: [Double] = []
                for year in years {
                    guard let value = values[area]?[service]?[year] else {
                        throw DataFileError(path: demandPath, line: 0, expected: "\(service) (\(basis), \(percentile)) for area \(area) in \(year)", found: "no such row")
                    }
                    perYear.append(value)
                }
                demand.append(perYear)
            }
            let point = points[area]
            if needPoints && point == nil {
                throw DataFileError(path: pointsPath ?? demandPath, line: 0, column: "code",
                                    expected: "a point for area \(area) (costs.distance: great_circle needs every zone's point)", found: "none")
            }
            zones.append(.init(id: area, demand: demand, longitude: point?.0, latitude: point?.1))
        }
        return zones
    }

    /// Sites: `id, capacity, open_cost` and optional `existing, longitude, latitude, module_size,
    /// module_cost, max_modules, earliest_year, operating_cost`; with several services, `capacity_<service>`
    /// (and `module_size_<service>` …) give a service its own figure, the plain column the rest.
    /// A module with a size but no cost is priced by `costCurve` when the scenario gives one.
    package static func sites(path: String, services: [String], needPoints: Bool,
                              costCurve: CostCurve? = nil) throws(DataFileError) -> [SitingProblem.Site] {
        let table = try SitingTable.load(path: path)
        let idColumn = try table.requireColumn("id", meaning: "the site's name")
        let openColumn = try table.requireColumn("open_cost", meaning: "yuan to open the site")
        func serviceColumn(_ name: String, _ service: String) -> Int? {
            table.column("\(name)_\(service)") ?? table.column(name)
        }
        for service in services where serviceColumn("capacity", service) == nil {
            throw DataFileError(path: path, line: 1, column: "capacity", expected: "a column capacity or capacity_\(service)",
                                found: "columns \(table.header.joined(separator: ", "))")
        }
        let existingColumn = table.column("existing")
        let earliestColumn = table.column("earliest_year")
        let operatingColumn = table.column("operating_cost")
        var sites: [SitingProblem.Site] = []
        var seen: [String: Int] = [:]
        for record in table.records {
            let id = record.fields[idColumn]
            guard !id.isEmpty else { throw table.error(record, idColumn, expected: "a site id") }
            if let first = seen[id] { throw table.error(record, idColumn, expected: "a site id not used before (line \(first) has it)") }
            seen[id] = record.line
            let openCost = try table.amount(record, openColumn, what: "an opening cost ≥ 0 (yuan)")
            let existing = try table.optionalWhole(record, existingColumn, what: "0 or 1 (1: an existing facility)", range: 0...1) == 1
            let earliest = try table.optionalWhole(record, earliestColumn, what: "a year from 1949 to 2100", range: 1949...2100)
            let operating = try table.optionalAmount(record, operatingColumn, what: "an operating cost ≥ 0 (yuan per year)") ?? 0
            var offers: [SitingProblem.SiteService] = []
            for service in services {
                let capacity = try table.amount(record, serviceColumn("capacity", service)!, what: "a capacity ≥ 0 (units of \(service))")
                let sizeColumn = serviceColumn("module_size", service)
                let size = try table.optionalAmount(record, sizeColumn, what: "a module size ≥ 0 (units)") ?? 0
                let maxColumn = serviceColumn("max_modules", service)
                let maxModules = try table.optionalWhole(record, maxColumn, what: "a whole number of modules from 0 to 1000", range: 0...1000) ?? 0
                let costColumn = serviceColumn("module_cost", service)
                var moduleCost = try table.optionalAmount(record, costColumn, what: "a module cost ≥ 0 (yuan)")
                if size > 0 && maxModules > 0 && moduleCost == nil {
                    guard let costCurve else {
                        throw DataFileError(path: path, line: record.line, column: "module_cost", field: costColumn.map { $0 + 1 },
                                            expected: "a module cost (yuan) for a site with modules, or a cost_table in the scenario to price it", found: "none")
                    }
                    moduleCost = costCurve.cost(size: size)
                }
                if size > 0 && maxColumn == nil {
                    throw DataFileError(path: path, line: record.line, column: "max_modules",
                                        expected: "a column max_modules for a site with module_size", found: "none")
                }
                let carers = try table.optionalAmount(record, serviceColumn("carers_per_module", service), what: "carers per module ≥ 0") ?? 0
                offers.append(.init(capacity: capacity, moduleSize: size, moduleCost: moduleCost ?? 0, maxModules: maxModules,
                                    carersPerModule: carers))
            }
            let point = try table.point(record)
            if needPoints && point == nil {
                throw DataFileError(path: path, line: record.line, column: "longitude",
                                    expected: "longitude and latitude (costs.distance: great_circle needs every site's point)", found: "none")
            }
            sites.append(.init(id: id, openCost: openCost, operatingCost: operating, existing: existing, earliestYear: earliest,
                               longitude: point?.longitude, latitude: point?.latitude, services: offers))
        }
        guard !sites.isEmpty else { throw DataFileError(path: path, line: 1, expected: "at least one site", found: "only a header") }
        return sites
    }

    /// Costs: `zone, site, cost_per_unit`, one row per pair that may be served; pairs not listed cannot.
    package static func costs(path: String, zones: [SitingProblem.Zone], sites: [SitingProblem.Site]) throws(DataFileError) -> [SitingProblem.Arc] {
        let table = try SitingTable.load(path: path)
        let zoneColumn = try table.requireColumn("zone", meaning: "a zone id from the zones file")
        let siteColumn = try table.requireColumn("site", meaning: "a site id from the sites file")
        let costColumn = try table.requireColumn("cost_per_unit", meaning: "cost of serving one unit of the zone's demand from the site")
        let zoneIndex = Dictionary(zones.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let siteIndex = Dictionary(sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var arcs: [SitingProblem.Arc] = []
        var seen: [Int: Int] = [:]
        for record in table.records {
            guard let zone = zoneIndex[record.fields[zoneColumn]] else {
                throw table.error(record, zoneColumn, expected: "a zone id from the zones file")
            }
            guard let site = siteIndex[record.fields[siteColumn]] else {
                throw table.error(record, siteColumn, expected: "a site id from the sites file")
            }
            let key = zone * sites.count + site
            if let first = seen[key] {
                throw table.error(record, siteColumn, expected: "each zone–site pair once (line \(first) has this pair)")
            }
            seen[key] = record.line
            let cost = try table.amount(record, costColumn, what: "a cost per unit ≥ 0 (yuan)")
            arcs.append(.init(zone: zone, site: site, costPerUnit: cost))
        }
        return arcs
    }

    /// Arcs from great-circle distances: every zone–site pair within `maxKilometres`, at
    /// `costPerKilometre` per unit and kilometre. Needs every point (the readers check that).
    package static func greatCircleArcs(zones: [SitingProblem.Zone], sites: [SitingProblem.Site],
                                        costPerKilometre: Double, maxKilometres: Double?) -> [SitingProblem.Arc] {
        var arcs: [SitingProblem.Arc] = []
        for (i, zone) in zones.enumerated() {
            guard let zoneLongitude = zone.longitude, let zoneLatitude = zone.latitude else { continue }
            for (j, site) in sites.enumerated() {
                guard let siteLongitude = site.longitude, let siteLatitude = site.latitude else { continue }
                let kilometres = GreatCircle.kilometres(fromLongitude: zoneLongitude, latitude: zoneLatitude,
                                                        toLongitude: siteLongitude, latitude: siteLatitude)
                if let maxKilometres, kilometres > maxKilometres { continue }
                arcs.append(.init(zone: i, site: j, costPerUnit: kilometres * costPerKilometre))
            }
        }
        return arcs
    }
}
