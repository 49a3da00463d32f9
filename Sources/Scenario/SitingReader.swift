import Demography
import Foundation
import Siting
import Yams

/// Reads a scenario's `siting:` section (DESIGN.md "Siting") and the zones, sites and costs files it
/// names into a `SitingProblem`. Errors in the section name the scenario's line and key path; errors in
/// a data file name that file's line and column, with the key that named the file.
struct SitingReader {
    let reader: NodeReader
    /// Folder of the scenario file, against which data paths resolve.
    let folder: URL
    /// The scenario's `workforce:` section, for `carers: from_workforce`.
    var workforce = WorkforceSection()

    static let keys = ["service", "services", "zones", "sites", "costs", "years", "budget", "discount_rate",
                       "unmet_penalty", "time_limit_s", "mip_gap", "solver", "cost_table", "carers"]

    func section(_ node: Node, _ path: String) throws(ScenarioError) -> SitingSection {
        let fields = try reader.fields(node, path, known: Self.keys, required: ["zones", "sites", "costs"])
        // Services: one (`service: nursing_beds`) or several sharing sites and budget.
        var services: [String] = []
        if let one = fields["service"] {
            services = [try serviceName(one, fields.path("service"))]
        }
        if let many = fields["services"] {
            guard services.isEmpty else { throw reader.error(many, fields.path("services"), "give `service` or `services`, not both") }
            for (k, item) in try reader.list(many, fields.path("services"), of: "service names").enumerated() {
                let name = try serviceName(item, "\(fields.path("services"))[\(k)]")
                guard !services.contains(name) else { throw reader.expected("a service not named before", item, "\(fields.path("services"))[\(k)]") }
                services.append(name)
            }
        }
        guard !services.isEmpty else { throw reader.error(node, path, "missing required key \"service\" (the measure being sited, e.g. nursing_beds)") }

        let years = try fields["years"].map { n throws(ScenarioError) in try yearList(n, fields.path("years")) } ?? [1]
        var budget: [Int: Double] = [:]
        if let budgetNode = fields["budget"] {
            for (key, keyNode, value) in try reader.entries(budgetNode, fields.path("budget"), what: "years to yuan") {
                let keyPath = "\(fields.path("budget")).\(key)"
                let year = try reader.year(key: key, keyNode, keyPath)
                guard years.contains(year) else {
                    throw reader.error(keyNode, keyPath, "\(year) is not one of the siting years (\(years.map(String.init).joined(separator: ", ")))")
                }
                budget[year] = try reader.nonNegative(value, keyPath, unit: "yuan")
            }
        }
        let discountRate = try fields["discount_rate"].map { n throws(ScenarioError) in try reader.fraction(n, fields.path("discount_rate")) } ?? 0
        let penalty = try fields["unmet_penalty"].map { n throws(ScenarioError) in try reader.positive(n, fields.path("unmet_penalty"), unit: "yuan per unit") }
        let timeLimit = try fields["time_limit_s"].map { n throws(ScenarioError) in try reader.positive(n, fields.path("time_limit_s"), unit: "seconds") } ?? 60
        let gap = try fields["mip_gap"].map { n throws(ScenarioError) in try reader.fraction(n, fields.path("mip_gap")) } ?? 1e-6
        let solver = try fields["solver"].map { n throws(ScenarioError) -> String in
            let name = try reader.text(n, fields.path("solver"), what: "a solver: highs, glpk or auto")
            guard ["highs", "glpk", "auto"].contains(name) else {
                throw reader.expected("a solver: highs, glpk or auto", n, fields.path("solver"), hint: Suggestion.hint(for: name, among: ["highs", "glpk", "auto"]))
            }
            return name
        }

        // Costs decide whether zones and sites need points, so they are read first.
        let costsNode = fields["costs"]!
        let costsPath = fields.path("costs")
        var costsFile: (path: String, key: String)?
        var greatCircle: (perKilometre: Double, maxKilometres: Double?)?
        if case .mapping = costsNode {
            let costFields = try reader.fields(costsNode, costsPath, known: ["distance", "cost_per_unit_km", "max_km"],
                                               required: ["distance", "cost_per_unit_km"])
            let distance = try reader.text(costFields["distance"]!, costFields.path("distance"), what: "great_circle")
            guard distance == "great_circle" else {
                throw reader.expected("great_circle (the only distance carecap computes)", costFields["distance"]!, costFields.path("distance"))
            }
            let perKilometre = try reader.nonNegative(costFields["cost_per_unit_km"]!, costFields.path("cost_per_unit_km"), unit: "yuan per unit and km")
            let maxKilometres = try costFields["max_km"].map { n throws(ScenarioError) in try reader.positive(n, costFields.path("max_km"), unit: "km") }
            greatCircle = (perKilometre, maxKilometres)
        } else {
            costsFile = (try dataPath(costsNode, costsPath), costsPath)
        }
        let zonesPath = fields.path("zones")
        let zonesNode = fields["zones"]!
        let sitesFile = try dataPath(fields["sites"]!, fields.path("sites"))
        let needPoints = greatCircle != nil
        let zones: [SitingProblem.Zone]
        if case .mapping = zonesNode {
            // `from_run: RUN_DIR`: the run's demand per area and year (its demand.csv view).
            let zoneFields = try reader.fields(zonesNode, zonesPath, known: ["from_run", "percentile", "basis", "points"], required: ["from_run"])
            let runNode = zoneFields["from_run"]!
            let runWritten = try reader.text(runNode, zoneFields.path("from_run"), what: "a carecap run folder")
            let runURL = runWritten.hasPrefix("/") ? URL(fileURLWithPath: runWritten) : folder.appendingPathComponent(runWritten)
            try reader.checkOpens(runWritten, at: runURL.path, folder: true, runNode, zoneFields.path("from_run"))
            let demandURL = runURL.appendingPathComponent("demand.csv")
            guard FileManager.default.fileExists(atPath: demandURL.path) else {
                throw reader.error(runNode, zoneFields.path("from_run"), "\"\(NodeReader.shorten(runWritten))\" has no demand.csv; expected a folder written by `carecap run` with its csv view")
            }
            let percentile = try zoneFields["percentile"].map { n throws(ScenarioError) -> String in
                let value = try reader.text(n, zoneFields.path("percentile"), what: "p10, p50 or p90")
                guard ["p10", "p50", "p90"].contains(value) else { throw reader.expected("p10, p50 or p90", n, zoneFields.path("percentile")) }
                return value
            } ?? "p50"
            let basis = try zoneFields["basis"].map { n throws(ScenarioError) in try reader.text(n, zoneFields.path("basis"), what: "standard or propensity") } ?? "standard"
            let points = try zoneFields["points"].map { n throws(ScenarioError) in try dataPath(n, zoneFields.path("points")) }
            let demandPath = Self.display(demandURL.standardizedFileURL.path)
            // The run's own areas (its manifest), so the total and region rows of demand.csv are not zones.
            var runAreas: Set<String>?
            if let data = FileManager.default.contents(atPath: runURL.appendingPathComponent("manifest.json").path),
               let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let areas = manifest["areas"] as? [String] {
                runAreas = Set(areas)
            }
            zones = try dataFile(zonesPath) { () throws(DataFileError) in
                try SitingTablesReader.zonesFromRun(demandPath: demandPath, services: services, years: years, percentile: percentile,
                                                    basis: basis, areas: runAreas, pointsPath: points, needPoints: needPoints)
            }
        } else {
            let zonesFile = try dataPath(zonesNode, zonesPath)
            zones = try dataFile(zonesPath) { () throws(DataFileError) in
                try SitingTablesReader.zones(path: zonesFile, services: services, years: years, needPoints: needPoints)
            }
        }
        // Past projects (`size, cost`) price the modules that the sites file gives a size but no cost.
        let costCurve = try fields["cost_table"].map { n throws(ScenarioError) -> CostCurve in
            let tablePath = try dataPath(n, fields.path("cost_table"))
            return try dataFile(fields.path("cost_table")) { () throws(DataFileError) in try CostCurve.fit(path: tablePath) }
        }
        let sites = try dataFile(fields.path("sites")) { () throws(DataFileError) in
            try SitingTablesReader.sites(path: sitesFile, services: services, needPoints: needPoints, costCurve: costCurve)
        }
        let arcs: [SitingProblem.Arc]
        if let costsFile {
            arcs = try dataFile(costsFile.key) { () throws(DataFileError) in
                try SitingTablesReader.costs(path: costsFile.path, zones: zones, sites: sites)
            }
        } else {
            let circle = greatCircle!
            arcs = SitingTablesReader.greatCircleArcs(zones: zones, sites: sites, costPerKilometre: circle.perKilometre,
                                                      maxKilometres: circle.maxKilometres)
        }
        var problem = SitingProblem(services: services, years: years, zones: zones, sites: sites, arcs: arcs)
        problem.budget = budget
        problem.discountRate = discountRate
        if let carersNode = fields["carers"] {
            problem.carersAvailable = try carers(carersNode, fields.path("carers"), years: years)
        }
        problem.unmetPenalty = penalty
        problem.timeLimitSeconds = timeLimit
        problem.mipGap = gap
        if let issue = problem.problem() { throw reader.error(node, path, issue) }
        return SitingSection(problem: problem, solver: solver, costCurve: costCurve)
    }

    /// `{year: carers}`, or `from_workforce`: the carers the scenario's workforce pipeline trains from the first
    /// siting year on, less attrition (stock_t = stock_{t−1}·(1 − attrition) + trained_t), as the stock
    /// available for new modules; carers trained before the first siting year are taken to staff today's places.
    private func carers(_ node: Node, _ path: String, years: [Int]) throws(ScenarioError) -> [Int: Double] {
        if case .scalar = node {
            let text = try reader.text(node, path, what: "from_workforce or a mapping of years to carers")
            guard text == "from_workforce" else { throw reader.expected("from_workforce or a mapping of years to carers", node, path) }
            guard workforce.carersTrainedPerYear > 0 else {
                throw reader.error(node, path, "from_workforce needs `workforce: carers_trained_per_year` in the scenario")
            }
            var available: [Int: Double] = [:]
            var stock = 0.0
            for year in years.first!...years.last! {
                let training = (workforce.trainingFrom.map { year >= $0 } ?? true) && (workforce.trainingTo.map { year <= $0 } ?? true)
                stock = stock * (1 - workforce.carerAttrition) + (training ? workforce.carersTrainedPerYear : 0)
                if years.contains(year) { available[year] = stock }
            }
            return available
        }
        var available: [Int: Double] = [:]
        for (key, keyNode, value) in try reader.entries(node, path, what: "years to carers") {
            let keyPath = "\(path).\(key)"
            let year = try reader.year(key: key, keyNode, keyPath)
            guard years.contains(year) else {
                throw reader.error(keyNode, keyPath, "\(year) is not one of the siting years (\(years.map(String.init).joined(separator: ", ")))")
            }
            available[year] = try reader.nonNegative(value, keyPath, unit: "carers")
        }
        return available
    }

    private func serviceName(_ node: Node, _ path: String) throws(ScenarioError) -> String {
        let name = try reader.text(node, path, what: "a service name (nursing_beds, nursery_slots, …)")
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), name.first?.isLetter == true else {
            throw reader.expected("a service name of letters, digits and underscores, starting with a letter", node, path)
        }
        return name
    }

    /// `[2025, 2026, …]` or `{from: 2025, to: 2035[, step: 1]}`.
    private func yearList(_ node: Node, _ path: String) throws(ScenarioError) -> [Int] {
        var years: [Int] = []
        if case .mapping = node {
            let fields = try reader.fields(node, path, known: ["from", "to", "step"], required: ["from", "to"])
            let from = try reader.year(fields["from"]!, fields.path("from"))
            let to = try reader.year(fields["to"]!, fields.path("to"))
            let step = try fields["step"].map { n throws(ScenarioError) in try reader.count(n, fields.path("step"), of: "years") } ?? 1
            guard to >= from else { throw reader.expected("a year ≥ from (\(from))", fields["to"]!, fields.path("to")) }
            guard step >= 1 else { throw reader.expected("a step of at least 1 year", fields["step"]!, fields.path("step")) }
            years = Array(stride(from: from, through: to, by: step))
        } else {
            for (k, item) in try reader.list(node, path, of: "years").enumerated() {
                let year = try reader.year(item, "\(path)[\(k)]")
                if let last = years.last, year <= last {
                    throw reader.expected("a year after \(last) (years increase)", item, "\(path)[\(k)]")
                }
                years.append(year)
            }
        }
        guard !years.isEmpty else { throw reader.expected("at least one year", node, path) }
        guard years.count <= 100 else { throw reader.expected("at most 100 periods", node, path) }
        return years
    }

    private func dataPath(_ node: Node, _ path: String) throws(ScenarioError) -> String {
        let written = try reader.text(node, path, what: "a CSV file path")
        let url = written.hasPrefix("/") ? URL(fileURLWithPath: written) : folder.appendingPathComponent(written)
        try reader.checkOpens(written, at: url.path, folder: false, node, path)
        return Self.display(url.standardizedFileURL.path)
    }

    /// A path as short as it can be said: relative to the working folder when inside it.
    static func display(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }

    /// A data file's error, said as a scenario error at that file's line and column.
    private func dataFile<T>(_ key: String, _ read: () throws(DataFileError) -> T) throws(ScenarioError) -> T {
        do {
            return try read()
        } catch {
            let columnPart = error.column.map { "column \($0): " } ?? ""
            throw ScenarioError(file: error.path, line: error.line > 0 ? error.line : nil, column: error.field,
                                keyPath: key, message: "\(columnPart)expected \(error.expected), found \"\(NodeReader.shorten(error.found))\"")
        }
    }
}

/// The checked `siting:` section: the problem, and the solver the scenario asks for (nil: the best built in).
public struct SitingSection: Sendable {
    package let problem: SitingProblem
    package let solver: String?
    /// The curve fitted to `cost_table`, printed with the headline; nil without one.
    package let costCurve: CostCurve?
}
