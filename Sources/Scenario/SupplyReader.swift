import Planning
import Yams

/// Reads `supply:`, what exists per area code.
struct SupplyReader {
    let reader: NodeReader

    static let areaKeys = ["name", "population", "households", "household_population", "elderly_60plus", "nursery_slots", "public_nurseries",
                           "disposable_income_per_capita", "beds", "nursing_beds", "carers", "social_workers",
                           "institutions", "changes", "sources"] + facilityKeys
    /// Counts of facilities and places the plans' coverage measures need (`AreaSupply.facilityCounts`).
    static let facilityKeys = ["disability_care_homes", "guidance_centres", "streets", "streets_with_elder_care_centre",
                               "communities", "communities_covered", "townships", "townships_with_elder_care"]
    /// Covered counts and the totals they are shares of.
    static let coveredOf = ["streets_with_elder_care_centre": "streets", "communities_covered": "communities",
                            "townships_with_elder_care": "townships"]
    /// What `sources:` may name: each supply value of the area, its planned changes and its institutions.
    static let sourceKeys = facilityKeys + ["population", "elderly_60plus", "nursery_slots", "public_nurseries", "beds", "nursing_beds",
                             "carers", "social_workers", "institutions", "changes", "disposable_income_per_capita"]
    static let changeKeys = ["nursery_slots", "carers", "beds", "nursing_beds", "social_workers"]
    static let institutionKeys = ["id", "name", "beds", "nursing_beds", "social_workers", "operation",
                                  "inclusive_beds", "monthly_price", "market_monthly_price"]

    func areas(_ node: Node, _ path: String) throws(ScenarioError) -> [AreaSupply] {
        var result: [AreaSupply] = []
        var institutionIDs: [String: String] = [:]
        for (code, keyNode, value) in try reader.entries(node, path, what: "area codes to supply") {
            let areaPath = "\(path).\(code)"
            guard NodeReader.isAreaCode(code) else {
                throw reader.expected("a 6-digit area code (区划代码) as key", keyNode, areaPath)
            }
            let area = try self.area(code, value, areaPath, &institutionIDs)
            result.append(area)
        }
        return result
    }

    func area(_ code: String, _ node: Node, _ path: String,
              _ institutionIDs: inout [String: String]) throws(ScenarioError) -> AreaSupply
    {
        let f = try reader.fields(node, path, known: Self.areaKeys)
        var area = AreaSupply(code: code)
        var places: [String: AreaSupply.Place] = [:]
        area.name = try f["name"].map { n throws(ScenarioError) in try reader.text(n, f.path("name")) }
        area.population = try f["population"].map { n throws(ScenarioError) in try reader.count(n, f.path("population"), of: "residents") }
        area.households = try f["households"].map { n throws(ScenarioError) in try reader.count(n, f.path("households"), of: "households") }
        area.householdPopulation = try f["household_population"].map { n throws(ScenarioError) in
            try reader.count(n, f.path("household_population"), of: "residents in family households")
        }
        if let population = area.population, let people = area.householdPopulation, people > population {
            throw reader.expected("at most the population (\(population))", f["household_population"]!, f.path("household_population"))
        }
        if area.households == 0 {
            throw reader.expected("a whole number of households > 0", f["households"]!, f.path("households"))
        }
        area.elderly60plus = try f["elderly_60plus"].map { n throws(ScenarioError) in try reader.count(n, f.path("elderly_60plus"), of: "residents aged 60+") }
        if let population = area.population, let elderly = area.elderly60plus, elderly > population {
            throw reader.expected("at most the population (\(population))", f["elderly_60plus"]!, f.path("elderly_60plus"))
        }
        area.nurserySlots = try f["nursery_slots"].map { n throws(ScenarioError) in try pipeline(n, f.path("nursery_slots"), of: "slots", places: &places) }
        area.publicNurseries = try f["public_nurseries"].map { n throws(ScenarioError) in try reader.count(n, f.path("public_nurseries"), of: "public nurseries") }
        area.disposableIncomePerCapita = try f["disposable_income_per_capita"].map { n throws(ScenarioError) in
            try reader.positive(n, f.path("disposable_income_per_capita"), unit: "yuan per person per year")
        }
        area.beds = try f["beds"].map { n throws(ScenarioError) in try pipeline(n, f.path("beds"), of: "beds", places: &places) }
        area.nursingBeds = try f["nursing_beds"].map { n throws(ScenarioError) in try pipeline(n, f.path("nursing_beds"), of: "nursing beds", places: &places) }
        area.carers = try f["carers"].map { n throws(ScenarioError) in try pipeline(n, f.path("carers"), of: "carers", places: &places) }
        area.socialWorkers = try f["social_workers"].map { n throws(ScenarioError) in try pipeline(n, f.path("social_workers"), of: "social workers", places: &places) }
        if let beds = area.beds, let nursing = area.nursingBeds {
            try checkNursingNotAboveBeds(beds: beds, nursing: nursing, f["nursing_beds"]!, f.path("nursing_beds"))
        }
        if let node = f["changes"] {
            let changes = try reader.fields(node, f.path("changes"), known: Self.changeKeys)
            for (measure, _, value) in changes.entries {
                let measurePath = changes.path(measure)
                var byYear: [Int: Double] = [:]
                for (key, keyNode, delta) in try reader.entries(value, measurePath, what: "years to additions (+) or closures (−)") {
                    let year = try reader.year(key: key, keyNode, "\(measurePath).\(key)")
                    let amount = try reader.number(delta, "\(measurePath).\(key)", what: "a whole number of \(measure) added (+) or closed (−)")
                    guard amount.rounded() == amount, abs(amount) < 1e9 else {
                        throw reader.expected("a whole number of \(measure) added (+) or closed (−)", delta, "\(measurePath).\(key)")
                    }
                    byYear[year] = amount
                    places["\(measurePath).\(key)"] = Self.place(keyNode)
                }
                area.plannedChanges[measure] = byYear
            }
        }
        for measure in ["nursery_slots", "carers", "beds", "nursing_beds", "social_workers"] {
            if let node = f[measure] { places[f.path(measure)] = Self.place(node) }
        }
        area.places = places
        for key in Self.facilityKeys {
            if let n = f[key] { area.facilityCounts[key] = try reader.count(n, f.path(key), of: key.replacingOccurrences(of: "_", with: " ")) }
        }
        for (covered, total) in Self.coveredOf {
            if let c = area.facilityCounts[covered], let t = area.facilityCounts[total], c > t {
                throw reader.expected("at most \(total) (\(t))", f[covered]!, f.path(covered))
            }
        }
        if let node = f["sources"] {
            let given = try reader.fields(node, f.path("sources"), known: Self.sourceKeys)
            for (key, _, value) in given.entries {
                let text = try reader.text(value, given.path(key), what: "a plan and clause, a yearbook, or \"assumption: <basis>\"")
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw reader.expected("a plan and clause, a yearbook, or \"assumption: <basis>\"", value, given.path(key))
                }
                guard f[key] != nil || (key == "institutions" && f["institutions"] != nil) else {
                    throw reader.error(value, given.path(key), "a source for \(key), which this area does not give; expected a source only for a value given")
                }
                area.sources[key] = SupplySource(parsing: text)
            }
        }
        if let node = f["institutions"] {
            let listPath = f.path("institutions")
            for (index, item) in try reader.list(node, listPath, of: "institutions").enumerated() {
                let itemPath = "\(listPath)[\(index)]"
                let institution = try self.institution(item, itemPath)
                if let first = institutionIDs[institution.id] {
                    let idNode = try reader.fields(item, itemPath, known: Self.institutionKeys)["id"]
                    throw reader.error(idNode, "\(itemPath).id",
                                       "duplicate institution id \"\(institution.id)\" (also \(first)); expected unique ids")
                }
                institutionIDs[institution.id] = itemPath
                area.institutions.append(institution)
            }
        }
        return area
    }

    func institution(_ node: Node, _ path: String) throws(ScenarioError) -> AreaSupply.Institution {
        let f = try reader.fields(node, path, known: Self.institutionKeys, required: ["id", "beds"])
        let beds = try reader.count(f["beds"]!, f.path("beds"), of: "beds")
        var institution = AreaSupply.Institution(id: try reader.text(f["id"]!, f.path("id"), what: "an institution id"), beds: beds)
        if let node = f["nursing_beds"] {
            let nursing = try reader.count(node, f.path("nursing_beds"), of: "nursing beds")
            guard nursing <= beds else {
                throw reader.expected("at most the institution's beds (\(beds))", node, f.path("nursing_beds"))
            }
            institution.nursingBeds = nursing
        }
        if let node = f["inclusive_beds"] {
            let inclusive = try reader.count(node, f.path("inclusive_beds"), of: "inclusive beds")
            guard inclusive <= beds else {
                throw reader.expected("at most the institution's beds (\(beds))", node, f.path("inclusive_beds"))
            }
            institution.inclusiveBeds = inclusive
        }
        institution.socialWorkers = try f["social_workers"].map { n throws(ScenarioError) in try reader.count(n, f.path("social_workers"), of: "social workers") }
        institution.operation = try f["operation"].map { n throws(ScenarioError) in try reader.choice(n, f.path("operation"), AreaSupply.Operation.self) }
        institution.monthlyPrice = try f["monthly_price"].map { n throws(ScenarioError) in try reader.nonNegative(n, f.path("monthly_price"), unit: "yuan per month") }
        institution.marketMonthlyPrice = try f["market_monthly_price"].map { n throws(ScenarioError) in
            try reader.positive(n, f.path("market_monthly_price"), unit: "yuan per month")
        }
        return institution
    }

    /// A count, or levels from given years: `{2022: 800, 2025: 1800}`.
    func pipeline(_ node: Node, _ path: String, of what: String) throws(ScenarioError) -> Pipeline {
        var places: [String: AreaSupply.Place] = [:]
        return try pipeline(node, path, of: what, places: &places)
    }

    /// A pipeline, noting where each dated level is written.
    func pipeline(_ node: Node, _ path: String, of what: String,
                  places: inout [String: AreaSupply.Place]) throws(ScenarioError) -> Pipeline {
        if case .mapping = node {
            var steps: [Pipeline.Step] = []
            for (key, keyNode, value) in try reader.entries(node, path, what: "years to \(what)") {
                let year = try reader.year(key: key, keyNode, "\(path).\(key)")
                places["\(path).\(key)"] = Self.place(keyNode)
                steps.append(.init(year: year, value: Double(try reader.count(value, "\(path).\(key)", of: what))))
            }
            guard !steps.isEmpty else { throw reader.expected("a count or {year: count}", node, path) }
            return Pipeline(steps: steps)
        }
        return Pipeline(constant: Double(try reader.count(node, path, of: what)))
    }

    /// Where a node starts, for messages given after reading (0:0 when YAML gives no mark).
    static func place(_ node: Node) -> AreaSupply.Place {
        AreaSupply.Place(line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// Nursing beds may not exceed beds in any year either pipeline names.
    func checkNursingNotAboveBeds(beds: Pipeline, nursing: Pipeline, _ node: Node, _ path: String) throws(ScenarioError) {
        // Named years first, so that the message says when; then the planned (last) levels.
        let years: [Int?] = Set(beds.steps.map(\.year) + nursing.steps.map(\.year)).sorted().map { Optional($0) } + [nil]
        for year in years where nursing.level(in: year) > beds.level(in: year) {
            let when = year.map { " in \($0)" } ?? ""
            throw reader.error(node, path, "expected nursing beds at most the beds\(when) (\(Int(beds.level(in: year)))), found \(Int(nursing.level(in: year)))")
        }
    }
}
