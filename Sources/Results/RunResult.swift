/// Everything one capacity run found, typed: what was run (the manifest, with every assumption and its
/// source), the areas, the long tables of population, demand, supply and shortfall with their
/// quantiles, the pyramid of the central path, the findings, which supply the scenario declared and
/// where it came from, and the scenario facts a report shows. The simulation returns it, the store
/// keeps it (`results.gpkg`), and every view (CSV, JSON, XLSX, HTML, Markdown) is drawn from it; no
/// view opens the scenario or the census again.
package struct RunResult: Sendable, Equatable {
    /// The row key of the sum over all areas of the run (per draw, then its quantiles).
    package static let totalArea = "total"

    package var manifest: RunManifest {
        didSet {
            regionByKey = Self.regionIndex(manifest.regions)
            basisOfGroups = Self.groupBases(regions: manifest.regions, areaCodes: areas.map(\.code), basisByArea: basisByArea)
            keyYearsCache = Self.keyYearsOf(findings: findings, baseYear: manifest.baseYear, horizon: manifest.horizon)
        }
    }
    /// Leaf areas in projection order. The long tables also have rows for `regions` and `total`: views
    /// that draw per county keep to these (`areaCodes`, `reportAreas`).
    package var areas: [ResultArea] {
        didSet { basisOfGroups = Self.groupBases(regions: manifest.regions, areaCodes: areas.map(\.code), basisByArea: basisByArea) }
    }
    package var population: QuantileTable
    package var demand: QuantileTable
    package var supply: QuantileTable
    package var shortfall: QuantileTable
    package var pyramid: [PyramidRow]
    /// Single-year or five-year population of the central path, when the run asked for that detail.
    package var populationDetail: [PopulationDetailRow]
    package var findings: [RunFinding] {
        didSet { keyYearsCache = Self.keyYearsOf(findings: findings, baseYear: manifest.baseYear, horizon: manifest.horizon) }
    }
    package var supplyDeclarations: [SupplyDeclaration]
    package var facts: [AreaFacts]
    package var variants: [VariantEdits]

    /// Measures each area's supply declares, and those every area declares (the total's).
    let declaredByArea: [String: Set<ResultMeasure>]
    let declaredByAll: Set<ResultMeasure>
    let areaByCode: [String: Int]
    let basisByArea: [String: [ResultMeasure: SupplyBasis]]
    let factsByArea: [String: Int]
    /// Index of each region in `manifest.regions` by key: a national run looks regions up for each of
    /// its thousands of rows (a search through hundreds of regions each time was a second of its views).
    private var regionByKey: [String: Int]
    /// The supply basis of each region and of the total by measure (`ResultMeasure.allCases` order): the
    /// weakest of their members', worked out once. Found member by member at each call, it was a tenth of a
    /// second of a national run's result and views (every region row and every county's share of the total).
    private var basisOfGroups: [String: [SupplyBasis]]
    /// Each measure's place in `ResultMeasure.allCases` (made once: `allCases` is a new array at each use).
    private static let placeInAllCases = Dictionary(uniqueKeysWithValues: ResultMeasure.allCases.enumerated().map { ($1, $0) })
    private var keyYearsCache: [Int]

    static func groupBases(regions: [RunManifest.Region], areaCodes: [String],
                           basisByArea: [String: [ResultMeasure: SupplyBasis]]) -> [String: [SupplyBasis]] {
        func weakest(_ members: [String]) -> [SupplyBasis] {
            ResultMeasure.allCases.map { measure in
                members.reduce(SupplyBasis.declared) { $0.combined(with: basisByArea[$1]?[measure] ?? .notProvided) }
            }
        }
        var bases: [String: [SupplyBasis]] = [:]
        for region in regions where bases[region.key] == nil { bases[region.key] = weakest(region.members) }
        bases[totalArea] = weakest(areaCodes)
        return bases
    }

    static func regionIndex(_ regions: [RunManifest.Region]) -> [String: Int] {
        Dictionary(regions.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    package init(manifest: RunManifest, areas: [ResultArea], population: QuantileTable, demand: QuantileTable,
                supply: QuantileTable, shortfall: QuantileTable, pyramid: [PyramidRow],
                populationDetail: [PopulationDetailRow] = [], findings: [RunFinding],
                supplyDeclarations: [SupplyDeclaration], facts: [AreaFacts], variants: [VariantEdits])
    {
        self.manifest = manifest
        self.areas = areas
        self.population = population
        self.demand = demand
        self.supply = supply
        self.shortfall = shortfall
        self.pyramid = pyramid
        self.populationDetail = populationDetail
        self.findings = findings
        self.supplyDeclarations = supplyDeclarations
        self.facts = facts
        self.variants = variants
        var declared: [String: Set<ResultMeasure>] = [:]
        for d in supplyDeclarations where !d.sources.isEmpty { declared[d.area, default: []].insert(d.measure) }
        declaredByArea = declared
        var bases: [String: [ResultMeasure: SupplyBasis]] = [:]
        for d in supplyDeclarations { bases[d.area, default: [:]][d.measure] = d.basis }
        basisByArea = bases
        declaredByAll = areas.reduce(Set(ResultMeasure.allCases)) { $0.intersection(declared[$1.code] ?? []) }
        areaByCode = Dictionary(areas.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        factsByArea = Dictionary(facts.enumerated().map { ($1.area, $0) }, uniquingKeysWith: { first, _ in first })
        regionByKey = Self.regionIndex(manifest.regions)
        basisOfGroups = Self.groupBases(regions: manifest.regions, areaCodes: areas.map(\.code), basisByArea: bases)
        keyYearsCache = Self.keyYearsOf(findings: findings, baseYear: manifest.baseYear, horizon: manifest.horizon)
    }

    package static func == (a: RunResult, b: RunResult) -> Bool {
        a.manifest == b.manifest && a.areas == b.areas && a.population == b.population && a.demand == b.demand
            && a.supply == b.supply && a.shortfall == b.shortfall && a.pyramid == b.pyramid
            && a.populationDetail == b.populationDetail && a.findings == b.findings
            && a.supplyDeclarations == b.supplyDeclarations && a.facts == b.facts && a.variants == b.variants
    }

    package var baseYear: Int { manifest.baseYear }
    package var horizon: Int { manifest.horizon }
    package var years: [Int] { manifest.years }
    package var draws: Int { manifest.draws }
    package var areaCodes: [String] { areas.map(\.code) }
    /// Prefectures and provinces with rows of their own in the long tables (see `RunManifest.Region`).
    package var regions: [RunManifest.Region] { manifest.regions }

    /// The region whose rows carry `key`, if it is one.
    package func region(_ key: String) -> RunManifest.Region? { regionByKey[key].map { manifest.regions[$0] } }

    /// Areas with the `total` row first when there is more than one area.
    package var reportAreas: [String] { areas.count > 1 ? [Self.totalArea] + areaCodes : areaCodes }

    package func area(_ code: String) -> ResultArea? { areaByCode[code].map { areas[$0] } }

    /// Whether the scenario gives the area's supply of `measure`; for the total, whether every area does.
    package func isDeclared(_ area: String, _ measure: ResultMeasure) -> Bool {
        if area == Self.totalArea { return declaredByAll.contains(measure) }
        return declaredByArea[area]?.contains(measure) ?? false
    }

    /// What the supply of `measure` in `area` rests on; for a region or the total, the weakest of its
    /// areas' (not provided when any area does not give it: a sum would count that area as zero).
    /// Population and demand rows are not supply: nil.
    package func supplyBasis(_ area: String, _ measure: ResultMeasure) -> SupplyBasis? {
        guard Self.ruleOfMeasure[measure] != nil else { return nil }
        if let group = basisOfGroups[area] { return group[Self.placeInAllCases[measure]!] }
        return SupplyBasis.declared.combined(with: basisByArea[area]?[measure] ?? .notProvided)
    }

    /// The citations behind an area's supply of `measure` (empty: an assumption without a stated basis).
    package func supplyCitation(_ area: String, _ measure: ResultMeasure) -> String {
        supplyDeclarations.first { $0.area == area && $0.measure == measure }?.citation ?? ""
    }

    package func facts(of area: String) -> AreaFacts? { factsByArea[area].map { facts[$0] } }

    /// The years a report picks out: the years findings judge (target years and the horizon), and 2025,
    /// 2030, 2035 where they fall within the run.
    /// Worked out when the findings or the manifest change (`keyYearsOf`), not at each call: the reports ask
    /// for them per area and per region row.
    package var keyYears: [Int] { keyYearsCache }

    static func keyYearsOf(findings: [RunFinding], baseYear: Int, horizon: Int) -> [Int] {
        // The capacity measures' judging years; the facility measures' target years are not table years.
        var set = Set(findings.filter { $0.kind == .area && ResultMeasure(rawValue: $0.metric).map(ResultMeasure.capacity.contains) == true }.map(\.year))
        for y in [2025, 2030, 2035] where y > baseYear && y <= horizon { set.insert(y) }
        set.insert(horizon)
        return set.filter { $0 > baseYear && $0 <= horizon }.sorted()
    }

    /// The rule that sets a capacity measure's standard, with its source.
    package func rule(of measure: ResultMeasure) -> (id: String, source: String)? {
        if let f = findings.first(where: { $0.kind == .area && $0.metric == measure.rawValue }) { return (f.rule, f.source) }
        guard let id = Self.ruleOfMeasure[measure] else { return nil }
        let source = manifest.demandParameters.first { $0.name.hasPrefix(id + ".") }?.source ?? ""
        return (id, source)
    }

    /// Supply and shortfall are unknown where the supply is not provided (`supplyBasis` .notProvided: an
    /// area that does not give the measure, or a region or the total with such a member): their cells are
    /// made missing, so the store, the CSVs and the JSON all leave them empty, never holding a planned 0
    /// and a "shortfall" equal to the whole demand. The simulation computes them as if the supply were 0.
    package mutating func leaveUnknownSupplyEmpty() {
        // Each area's basis of each capacity measure found once for both tables (a national run has 3,360 areas),
        // and the cells cleared in place (`QuantileTable.clear(columns:ofArea:)`): per cell, the lookups took
        // 0.05 s of a national run's result, all of it on one thread.
        let measures = ResultMeasure.capacity
        var notProvided: [String: [Bool]] = [:]
        notProvided.reserveCapacity(supply.areas.count)
        func unknownColumns(_ table: QuantileTable, _ slots: [Int?], _ a: Int) -> [Int] {
            let area = table.areas[a]
            let flags = notProvided[area] ?? {
                let flags = measures.map { supplyBasis(area, $0) == .notProvided }
                notProvided[area] = flags
                return flags
            }()
            return table.columns.indices.filter { slots[$0].map { flags[$0] } ?? false }
        }
        // Each column's measure's place in `measures` (nil: not a capacity measure, never unknown supply).
        let supplySlots = supply.columns.map { measures.firstIndex(of: $0.measure) }
        let shortfallSlots = shortfall.columns.map { measures.firstIndex(of: $0.measure) }
        for a in supply.areas.indices { supply.clear(columns: unknownColumns(supply, supplySlots, a), ofArea: a) }
        for a in shortfall.areas.indices { shortfall.clear(columns: unknownColumns(shortfall, shortfallSlots, a), ofArea: a) }
    }

    /// Capacity measures this run requires nothing of: social workers when their rate per 100 beds is 0 in
    /// the manifest's demand parameters (the rule is not in force under the run's preset, recorded as 0 with
    /// why). That rate scales both bases (standard and observed use), so their demand is 0 on both by
    /// construction, not a finding: reports leave them out of the demand and gap tables and charts and say
    /// so, rather than show a need of 0. The other measures' observed-use demand does not depend on their
    /// standard's rate (enrolment, residence and disability rates), so a standard of 0 never hides them. A
    /// store without the parameter counts the measure as required.
    package var measuresNotRequired: [ResultMeasure] {
        // The rate's parameter as the manifest names it: "<rule>.workers_per_100_beds".
        let name = Self.ruleOfMeasure[.socialWorkers]! + ".workers_per_100_beds"
        guard let p = manifest.demandParameters.first(where: { $0.name == name }), p.value == 0 else { return [] }
        return [.socialWorkers]
    }

    /// The capacity measures with a standard in this run (`measuresNotRequired` left out), in their order.
    package var requiredMeasures: [ResultMeasure] {
        let notRequired = measuresNotRequired
        return ResultMeasure.capacity.filter { !notRequired.contains($0) }
    }

    /// The rule whose standard each capacity measure's demand applies.
    package static let ruleOfMeasure: [ResultMeasure: String] = [
        .nurserySlots: "nursery-slots-per-1000", .carers: "nursery-carer-ratio",
        .beds: "institutional-beds-per-1000-elderly", .nursingBeds: "nursing-bed-share",
        .socialWorkers: "social-workers-per-100-beds",
    ]
}

/// One cell of the central path's population by single year or five-year group.
package struct PopulationDetailRow: Sendable, Equatable {
    package var area: String
    package var year: Int
    package var sex: PyramidRow.Sex
    /// Single year of age, or the first year of a five-year group; 100 is 100+.
    package var age: Int
    package var population: Double

    package init(area: String, year: Int, sex: PyramidRow.Sex, age: Int, population: Double) {
        self.area = area
        self.year = year
        self.sex = sex
        self.age = age
        self.population = population
    }
}
