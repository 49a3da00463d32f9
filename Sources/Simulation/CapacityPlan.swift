import Demography
import Foundation
import Planning
import Results
import Scenario

/// Everything a capacity run needs, prepared once: the projection inputs, the demand model, every
/// area's supply path, the program targets, and the years.
package struct CapacityPlan: Sendable {
    package let scenario: Scenario
    package let inputs: ProjectionInputs
    package let demand: DemandModel
    package let years: [Int]
    /// Per projected area: supply per year (index = year − base year) and carers trained to date.
    package let supply: [[MeasureValues]]
    package let cumulativeTrained: [[Double]]
    package let targets: [ProgramTarget]
    /// Per projected area, the measures its supply declares (a level, institutions, planned changes,
    /// district deliveries or training); the others are judged as unknown, not as zero.
    package let declared: [Set<Measure>]
    /// Per projected area and measure, where the scenario's supply comes from (empty: not given).
    package let supplySources: [[Measure: [SupplyDeclaration.Source]]]
    /// Per projected area and measure, what the supply rests on and the citations behind it
    /// (`SupplyProvenance`); a measure not given is `notProvided`.
    package let provenance: [[Measure: SupplyProvenance.Entry]]
    /// Supply areas the scenario gives that the projection does not cover.
    package let unprojectedSupplyAreas: [String]
    /// Supply dated outside the projection and left out (`SupplyTimelineCheck`), each with its place.
    package let supplyWarnings: [String]

    /// Per projected area, the census share of residents whose hukou is in another county (0 when
    /// no file gives it), which scales the additive migration uncertainty; empty without `uncertainty:`.
    package let mobility: [Double]
    /// The file the shares come from (nil: none, every share 0) and what was assumed for areas it lacks.
    package let mobilitySource: String?
    package let mobilityWarnings: [String]

    /// The projected areas' codes, in projection order. Stored, not computed: loops over areas index it,
    /// and a computed array made each such loop quadratic (most of a 38,000-township run's time).
    package let areaCodes: [String]
    package var baseYear: Int { years[0] }

    package init(scenario: Scenario) throws {
        guard let section = scenario.population else {
            throw ProjectionRun.Failure(description: "\(scenario.file): error: missing required key \"population\" (carecap run projects the population first)")
        }
        self.scenario = scenario
        inputs = try ProjectionRun.prepare(scenario, section: section)
        areaCodes = inputs.areas.map(\.key)
        years = Array(section.baseYear...section.horizon)

        var propensity = PropensityAssumptions.defaults(
            from: scenario.rules, enrolment: scenario.demand.enrolment == "wish" ? .wish : .actual)
        for (key, value) in scenario.demand.propensity.sorted(by: { $0.key < $1.key }) {
            if let k = PropensityAssumptions.Key(rawValue: key) {
                propensity.override(k, with: value, source: "scenario \(scenario.file): demand.propensity.\(key)")
            }
        }
        if let shares = scenario.demand.classMix {
            var mix = ClassMix(infant: 0, toddler: 0, older: 0, mixed: 0,
                               source: "scenario \(scenario.file): demand.class_mix")
            for band in ClassMix.bands { mix[band] = shares[band.rawValue] ?? 0 }
            propensity.classMix = mix
        }
        demand = DemandModel(rules: scenario.rules, propensity: propensity)

        // Program-wide carer training is shared out by each area's base-year children aged 0-2.
        let base = inputs.basePopulation
        var under3 = [Double](repeating: 0, count: inputs.areas.count)
        for area in inputs.areas.indices {
            for sex in Sex.allCases { for age in 0...2 { under3[area] += base[sex, age, area] } }
        }
        // Summed in code order, so that the order of `areas` cannot change a share in its last bit.
        let keys = inputs.areas.map(\.key)
        let under3Total = keys.indices.sorted { keys[$0] < keys[$1] }.reduce(0.0) { $0 + under3[$1] }
        let workforce = scenario.workforce
        let supplyByCode = Dictionary(scenario.supply.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var supply: [[MeasureValues]] = []
        var trained: [[Double]] = []
        var declared: [Set<Measure>] = []
        var supplySources: [[Measure: [SupplyDeclaration.Source]]] = []
        var supplyWarnings: [String] = []
        var provenance: [[Measure: SupplyProvenance.Entry]] = []
        for (index, area) in inputs.areas.enumerated() {
            let share = under3Total > 0 ? under3[index] / under3Total : 1 / Double(inputs.areas.count)
            let training = workforce.carersTrainedPerYear > 0
                ? SupplyPipeline.Training(perYear: workforce.carersTrainedPerYear * share,
                                          startYear: workforce.trainingFrom ?? section.baseYear + 1,
                                          endYear: workforce.trainingTo,
                                          joiningShare: workforce.traineesBecomingCarers)
                : nil
            var pipelines = AreaSupplyPipelines(
                supplyByCode[area.key] ?? AreaSupply(code: area.key), baseYear: section.baseYear,
                carerTraining: training, carerAttrition: workforce.carerAttrition,
                socialWorkerAttrition: workforce.socialWorkerAttrition, districts: scenario.districts,
                rules: scenario.rules)
            if let changes = supplyByCode[area.key]?.plannedChanges {
                for (name, byYear) in changes {
                    guard let measure = Measure(rawValue: name) else { continue }
                    for (year, delta) in byYear { pipelines[measure].add(delta, in: year) }
                }
            }
            supplyWarnings += try SupplyTimelineCheck.check(
                supplyByCode[area.key], pipelines: pipelines, districts: scenario.districts, baseYear: section.baseYear,
                horizon: section.horizon, file: scenario.file)
            var sources: [Measure: [SupplyDeclaration.Source]] = [:]
            func add(_ measure: Measure, _ source: SupplyDeclaration.Source) {
                if !(sources[measure] ?? []).contains(source) { sources[measure, default: []].append(source) }
            }
            if let given = supplyByCode[area.key] {
                if given.nurserySlots != nil { add(.nurserySlots, .level) }
                if given.carers != nil { add(.nurseryCarers, .level) }
                if given.beds != nil { add(.beds, .level) }
                if given.nursingBeds != nil { add(.nursingBeds, .level) }
                if given.socialWorkers != nil { add(.socialWorkers, .level) }
                // Institutions declare beds; nursing beds and social workers only when every one gives them.
                if !given.institutions.isEmpty {
                    add(.beds, .institutions)
                    if given.institutions.allSatisfy({ $0.nursingBeds != nil }) { add(.nursingBeds, .institutions) }
                    if given.institutions.allSatisfy({ $0.socialWorkers != nil }) { add(.socialWorkers, .institutions) }
                }
                for name in given.plannedChanges.keys.sorted() { if let m = Measure(rawValue: name) { add(m, .changes) } }
            }
            // Training declares carers only when some trainees become carers; otherwise it is an indicator.
            if training != nil, workforce.traineesBecomingCarers > 0 { add(.nurseryCarers, .training) }
            if scenario.districts.contains(where: { $0.area == area.key && $0.deliveryYear != nil && $0.nursery != nil }) {
                add(.nurserySlots, .districts)
                add(.nurseryCarers, .districts)
            }
            supplySources.append(sources)
            declared.append(Set(sources.keys))
            provenance.append(SupplyProvenance.entries(sources, given: supplyByCode[area.key], workforce: workforce))
            let values = pipelines.values(from: section.baseYear, through: section.horizon)
            supply.append(values.supply)
            trained.append(values.cumulativeTrained)
        }
        self.supply = supply
        self.supplyWarnings = supplyWarnings
        self.declared = declared
        self.supplySources = supplySources
        self.provenance = provenance
        cumulativeTrained = trained
        targets = ProgramTarget.targets(from: scenario.rules, comparableTraining: workforce.trainingCountsPlanOccupations)
        let projected = Set(inputs.areas.map(\.key))
        unprojectedSupplyAreas = scenario.supply.map(\.code).filter { !projected.contains($0) }
        (mobility, mobilitySource, mobilityWarnings) = scenario.uncertainty == nil
            ? ([], nil, [])
            : try Self.mobility(of: inputs.areas.map(\.key), section: section, scenarioFile: scenario.file)
    }

    /// The in-migrant share of each area from `population.census_extra`, or from `county_extra.csv`
    /// beside the census file when the key is absent and the file is there. An area the file lacks
    /// takes its prefecture's or province's share, with a warning; with no file every share is 0
    /// (the additive migration keeps its floor `uncertainty.migration.per_1000`), with a warning.
    static func mobility(of codes: [String], section: PopulationSection,
                         scenarioFile: String) throws -> ([Double], String?, [String]) {
        let file: (path: String, key: String)
        if let given = section.censusExtra {
            file = (given.path, given.keyPath)
        } else {
            let beside = URL(fileURLWithPath: section.census.path).deletingLastPathComponent()
                .appendingPathComponent("county_extra.csv").path
            guard FileManager.default.fileExists(atPath: beside) else {
                return ([Double](repeating: 0, count: codes.count), nil,
                        ["no census mobility file (population.census_extra, or county_extra.csv beside the census): the additive migration uncertainty uses its floor only, not the areas' in-migrant shares"])
            }
            file = (beside, "population.census_extra (default: county_extra.csv beside population.census)")
        }
        let table: CensusMobility
        do { table = try CensusMobility.load(path: file.path) } catch let error as DataFileError {
            throw ProjectionRun.Failure(description: error.named(by: file.key).description)
        }
        var shares: [Double] = []
        var warnings: [String] = []
        for code in codes {
            if let found = table.share(of: code) {
                shares.append(found.value)
                if found.from != code {
                    warnings.append("\(code) is not in \(file.path): its parent \(found.from)'s in-migrant share \(String(format: "%.3f", found.value)) scales its migration uncertainty")
                }
            } else {
                shares.append(0)
                warnings.append("\(code) and its parents are not in \(file.path): in-migrant share 0 (migration uncertainty at its floor)")
            }
        }
        return (shares, file.path, warnings)
    }
}
