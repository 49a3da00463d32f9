import Demography
import Foundation
import struct Numerics.FNV1a64
import Planning
import Results
import Scenario

/// Turns a finished simulation into the typed `RunResult`: the long tables with their quantiles (areas
/// in projection order, then the run's prefectures and provinces (`RunRegions`), then `total`; a
/// region's and the total's quantiles are those of the per-draw sum of their areas, not the sum of
/// the areas' quantiles), the findings, the manifest with every assumption and its source, the pyramid
/// of the central path the simulation already computed, supply provenance and the scenario's facts.
package struct RunResultBuilder: Sendable {
    package let result: CapacitySimulation.Result
    package let tool: String
    package let detail: PopulationSection.Detail
    /// The scenario's county points, when it names a points file.
    package let points: CountyPoints?

    package init(result: CapacitySimulation.Result, tool: String, detail: PopulationSection.Detail, points: CountyPoints? = nil) {
        self.result = result
        self.tool = tool
        self.detail = detail
        self.points = points
    }

    var plan: CapacityPlan { result.plan }
    var yearCount: Int { plan.years.count }

    package func build() -> RunResult {
        PhaseTiming.measure("result") {
            // The long tables and the pyramid (a national run's 100 MB of new arrays, most of this phase) made
            // on two threads while nothing else runs: the simulation has ended and the views wait for the result.
            let parts = Parts()
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 {
                    parts.population = table(OutputColumns.populationGroups.enumerated().map { (OutputColumns.population + $0.offset, .init(ResultMeasure.populationGroups[$0.offset], .projected)) })
                    parts.supply = table(supplyColumns)
                    parts.pyramid = pyramid()
                } else {
                    parts.demand = table(demandColumns)
                    parts.shortfall = table(shortfallColumns)
                }
            }
            let findings = self.findings()
            // Taken out of `parts`, not copied: a table still referenced there would be copied whole (tens of MB) when
            // `leaveUnknownSupplyEmpty` writes to it.
            var run = RunResult(
                manifest: manifest(), areas: areas(),
                population: parts.population.take()!, demand: parts.demand.take()!, supply: parts.supply.take()!,
                shortfall: parts.shortfall.take()!, pyramid: parts.pyramid.take()!, populationDetail: populationDetail(), findings: findings,
                supplyDeclarations: declarations(), facts: facts(), variants: variants())
            run.leaveUnknownSupplyEmpty()
            return run
        }
    }

    /// The result's parts made on two threads (`build`): each written by one thread, read once both are done.
    private final class Parts: @unchecked Sendable {
        var population: QuantileTable?, demand: QuantileTable?, supply: QuantileTable?, shortfall: QuantileTable?
        var pyramid: [PyramidRow]?
    }

    // MARK: Long tables

    var demandColumns: [(Int, QuantileTable.Column)] {
        var columns: [(Int, QuantileTable.Column)] = []
        for basis in DemandBasis.allCases {
            for (i, m) in OutputColumns.measures.enumerated() { columns.append((OutputColumns.demand(basis) + i, .init(ResultMeasure(m), ResultBasis(basis)))) }
        }
        columns.append((OutputColumns.disabledElderly, .init(.disabledElderly, .propensity)))
        return columns
    }

    var supplyColumns: [(Int, QuantileTable.Column)] {
        OutputColumns.measures.enumerated().map { (OutputColumns.supply + $0.offset, .init(ResultMeasure($0.element), .planned)) }
    }

    var shortfallColumns: [(Int, QuantileTable.Column)] {
        var columns: [(Int, QuantileTable.Column)] = []
        for basis in DemandBasis.allCases {
            for (i, m) in OutputColumns.measures.enumerated() { columns.append((OutputColumns.shortfall(basis) + i, .init(ResultMeasure(m), ResultBasis(basis)))) }
        }
        return columns
    }

    func table(_ columns: [(Int, QuantileTable.Column)]) -> QuantileTable {
        let regions = result.regions.regions
        let areaCount = plan.inputs.areas.count
        let width = columns.count
        // Rows: the areas, the regions, the total; a region not whole in this run is NaN (unknown).
        // Written straight into the table's values (one copy per cell; through `QuantileTable.set` each
        // cell paid a uniqueness and bounds check, a tenth of a second of a national run on one core), each cell
        // once: the values start uninitialised rather than filled with NaN first (100 MB written twice).
        let count = (areaCount + regions.count + 1) * yearCount * width * 3
        let sourceColumns = columns.map(\.0)
        let values = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            sourceColumns.withUnsafeBufferPointer { source in
                /// Row `row` of the table from an area's (or region's) values, [(year × columns + column) × 3 + q].
                func copy(row: Int, from v: UnsafeBufferPointer<Double>) {
                    for y in 0..<yearCount {
                        for c in 0..<width {
                            let i = (y * OutputColumns.count + source[c]) * 3, o = ((row * yearCount + y) * width + c) * 3
                            out[o] = v[i]
                            out[o + 1] = v[i + 1]
                            out[o + 2] = v[i + 2]
                        }
                    }
                }
                for a in 0..<areaCount { result.areas[a].values.withUnsafeBufferPointer { copy(row: a, from: $0) } }
                for r in regions.indices {
                    let v = r < result.regionValues.count ? result.regionValues[r] : []
                    if v.count == yearCount * OutputColumns.count * 3 {
                        v.withUnsafeBufferPointer { copy(row: areaCount + r, from: $0) }
                    } else {
                        let first = (areaCount + r) * yearCount * width * 3
                        out.baseAddress!.advanced(by: first).initialize(repeating: .nan, count: yearCount * width * 3)
                    }
                }
                let total = areaCount + regions.count
                for y in 0..<yearCount {
                    for c in 0..<width {
                        let q = totalQuantiles(column: source[c], yearIndex: y), o = ((total * yearCount + y) * width + c) * 3
                        out[o] = q.p10
                        out[o + 1] = q.p50
                        out[o + 2] = q.p90
                    }
                }
            }
            // Every cell written: the areas' rows (each area's values hold every year and column), each region's
            // (copied or NaN) and the total's.
            initialized = count
        }
        return QuantileTable(areas: plan.areaCodes + regions.map(\.key) + [RunResult.totalArea], years: plan.years,
                             columns: columns.map(\.1), values: values)
    }

    /// P10/P50/P90 of `column` summed over areas, from the per-draw totals (by selection: the same order
    /// statistics a sort gives, `QuantileSelection`).
    func totalQuantiles(column: Int, yearIndex: Int) -> Quantiles {
        var values = (0..<result.draws).map { result.total(draw: $0, year: plan.baseYear + yearIndex, column: column) }
        let selection = QuantileSelection(count: values.count, fractions: [0.1, 0.5, 0.9])
        return values.withUnsafeMutableBufferPointer {
            selection.select($0)
            return Quantiles(p10: selection.quantile($0, 0), p50: selection.quantile($0, 1), p90: selection.quantile($0, 2))
        }
    }

    // MARK: Central path

    /// Five-year groups by sex in the base year and the horizon (85 = 85-89, 100 = 100+).
    func pyramid() -> [PyramidRow] {
        let years = [0, yearCount - 1]
        var rows: [PyramidRow] = []
        for (a, area) in plan.inputs.areas.enumerated() {
            for y in years {
                guard let slot = result.centralYears.firstIndex(of: y) else { continue }
                for sex in [PyramidRow.Sex.male, .female] {
                    for start in stride(from: 0, through: 100, by: 5) {
                        let ages = start == 100 ? 100...100 : start...start + 4
                        let value = ages.reduce(0.0) { $0 + central(area: a, slot: slot, sex: sex, age: $1) }
                        rows.append(PyramidRow(area: area.key, year: plan.years[y], sex: sex, age: start, population: value))
                    }
                }
            }
        }
        return rows
    }

    func central(area: Int, slot: Int, sex: PyramidRow.Sex, age: Int) -> Double {
        result.areas[area].central[(slot * 2 + (sex == .male ? 0 : 1)) * PopulationLayout.ageCount + age]
    }

    /// Every year of the central path by single year of age or five-year group, when asked for.
    func populationDetail() -> [PopulationDetailRow] {
        guard detail != .service else { return [] }
        var rows: [PopulationDetailRow] = []
        for (a, area) in plan.inputs.areas.enumerated() {
            for (slot, y) in result.centralYears.enumerated() {
                for sex in [PyramidRow.Sex.male, .female] {
                    if detail == .singleYear {
                        for age in 0...PopulationLayout.openAge {
                            rows.append(PopulationDetailRow(area: area.key, year: plan.years[y], sex: sex, age: age,
                                                            population: central(area: a, slot: slot, sex: sex, age: age)))
                        }
                    } else {
                        for start in stride(from: 0, through: 100, by: 5) {
                            let ages = start == 100 ? 100...100 : start...start + 4
                            rows.append(PopulationDetailRow(area: area.key, year: plan.years[y], sex: sex, age: start,
                                                            population: ages.reduce(0.0) { $0 + central(area: a, slot: slot, sex: sex, age: $1) }))
                        }
                    }
                }
            }
        }
        return rows
    }

    // MARK: Findings

    /// Years in which areas are judged: each program target's year within the horizon, and the horizon.
    var findingYears: [Int] {
        var years = Set(plan.targets.map(\.year).filter { plan.years.contains($0) })
        years.insert(plan.years.last!)
        return years.sorted()
    }

    /// Whether the plan states a requirement as binding (约束性) or expected (预期性): the rule file's
    /// `status`; a reference value states neither.
    func nature(ofRule id: String) -> RunFinding.Nature {
        switch plan.scenario.rules.rule(id)?.status {
        case .binding: .binding
        case .expected: .expected
        default: .unstated
        }
    }

    /// Program targets over all areas, with the probability of being met; then, per area and finding
    /// year, each measure's standard requirement against supply, for the measures the area's supply
    /// declares (an undeclared measure is unknown, not zero: see the manifest's warnings).
    func findings() -> [RunFinding] {
        var list: [RunFinding] = []
        let supplyTotals = (0..<yearCount).map { y in plan.supply.reduce(MeasureValues.zero) { $0 + $1[y] } }
        let trained = (0..<yearCount).map { y in plan.cumulativeTrained.reduce(0) { $0 + $1[y] } }
        for target in plan.targets where plan.years.contains(target.year) {
            // A total over areas is judged only when every area gives the measures it counts: an area
            // that gives none would otherwise count as zero (issue 12). The manifest says which are left out.
            guard missing(for: target).isEmpty else { continue }
            let measures = Self.measures(of: target.quantity)
            var provided: [Double] = []
            for draw in 0..<result.draws {
                let residents = plan.years.map { result.total(draw: draw, year: $0, column: OutputColumns.totalResidents) }
                let totals = ProgramTotals(firstYear: plan.baseYear, supply: supplyTotals, residents: residents, cumulativeTrained: trained)
                if let value = totals.value(of: target.quantity, in: target.year) { provided.append(value) }
            }
            guard !provided.isEmpty else { continue }
            let probability = ProgramTargetEvaluator.probabilityMet(target, values: provided) ?? 0
            provided.sort()
            let median = provided.withUnsafeBufferPointer { SortedQuantile.value($0, 0.5) }
            let shortfall = max(0, target.required - median)
            var basis = plan.areaCodes.indices.reduce(SupplyBasis.declared) { b, a in
                measures.reduce(b) { $0.combined(with: plan.provenance[a][$1]?.basis ?? .notProvided) }
            }
            if target.quantity == .cumulativeTrained, (plan.scenario.workforce.source?.basis ?? .assumption) == .assumption {
                basis = .assumption
            }
            list.append(RunFinding(subject: RunResult.totalArea, kind: .program, rule: target.rule, metric: target.metric,
                                   year: target.year, required: target.required, provided: median, shortfall: shortfall,
                                   unit: target.unit, status: Self.status(shortfall, target.required), probabilityMet: probability,
                                   nature: nature(ofRule: target.rule), source: target.source, responsibleUnits: target.responsibleUnits,
                                   supplyBasis: basis, uncertain: provided.first! != provided.last!))
        }
        for (a, info) in plan.inputs.areas.enumerated() {
            for year in findingYears {
                let y = year - plan.baseYear
                for (i, measure) in OutputColumns.measures.enumerated() where plan.declared[a].contains(measure) {
                    let rule = plan.scenario.rules[RunResult.ruleOfMeasure[ResultMeasure(measure)]!]
                    // A measure whose rule is not in force under the preset (Sanya's social workers elsewhere) is not judged.
                    guard rule.inForce else { continue }
                    let required = result.areas[a].values[(y * OutputColumns.count + OutputColumns.demandStandard + i) * 3 + 1]
                    let provided = plan.supply[a][y][measure]
                    let met = result.areas[a].metShare[y * 2 * OutputColumns.measures.count + i]
                    let shortfall = max(0, required - provided)
                    // Supply is fixed by the scenario; the requirement is uncertain when its P10 and P90 differ.
                    let low = result.areas[a].values[(y * OutputColumns.count + OutputColumns.demandStandard + i) * 3]
                    let high = result.areas[a].values[(y * OutputColumns.count + OutputColumns.demandStandard + i) * 3 + 2]
                    list.append(RunFinding(subject: info.key, kind: .area, rule: rule.id, metric: ResultMeasure(measure).rawValue,
                                           year: year, required: required, provided: provided, shortfall: shortfall,
                                           unit: measure.ruleUnit, status: Self.status(shortfall, required), probabilityMet: met,
                                           nature: nature(ofRule: rule.id), source: rule.source, responsibleUnits: rule.responsibleUnits,
                                           supplyBasis: plan.provenance[a][measure]?.basis ?? .notProvided,
                                           uncertain: result.draws > 1 && high - low > 1e-9 * max(1, abs(required))))
                }
            }
        }
        list += FacilityFindings(plan: plan, result: result).findings(nature: nature(ofRule:))
        return list
    }

    /// What a program target needs that the scenario does not give: the keys and the areas lacking them
    /// (empty: it can be judged). Training counts only when `workforce.carers_trained_per_year` is given.
    func missing(for target: ProgramTarget) -> [String] {
        if target.quantity == .cumulativeTrained {
            return plan.scenario.workforce.carersTrainedPerYear > 0 ? [] : ["`workforce.carers_trained_per_year`"]
        }
        let measures = Self.measures(of: target.quantity)
        let lacking = plan.areaCodes.indices.filter { a in !measures.allSatisfy { plan.declared[a].contains($0) } }
        guard !lacking.isEmpty else { return [] }
        return ["\(measures.map { "`\($0.rawValue)`" }.joined(separator: " and ")) for \(lacking.map { plan.areaCodes[$0] }.joined(separator: ", "))"]
    }

    /// The supply measures a program target's quantity counts.
    static func measures(of quantity: ProgramTarget.Quantity) -> [Measure] {
        switch quantity {
        case .total(let measure): [measure]
        case .nursingBedShare: [.beds, .nursingBeds]
        case .slotsPer1000Residents: [.nurserySlots]
        case .cumulativeTrained: []
        }
    }

    /// Met within a millionth of the requirement (as `carecap check` judges).
    static func status(_ shortfall: Double, _ required: Double) -> RunFinding.Status {
        shortfall <= 1e-6 * max(1, abs(required)) ? .pass : .fail
    }

    // MARK: Areas, supply, facts

    func areas() -> [ResultArea] {
        let names = Dictionary(plan.scenario.supply.compactMap { s in s.name.map { (s.code, $0) } }, uniquingKeysWith: { first, _ in first })
        return plan.inputs.areas.map { a in
            let point = points.flatMap { Self.point(of: a, in: $0) }
            return ResultArea(code: a.key, name: names[a.key] ?? a.name, level: a.level, prefecture: a.prefecture,
                              province: a.province, longitude: point?.longitude, latitude: point?.latitude,
                              pointPrecision: point?.precision, prefectureCode: a.prefectureKey.isEmpty ? nil : a.prefectureKey,
                              provinceCode: a.provinceKey.isEmpty ? nil : a.provinceKey)
        }
    }

    /// The area's own point; for a prefecture or province row (which the points file does not list),
    /// the mean of its counties' points; for a zone (no code, so no row in the points file), the mean
    /// of its prefecture's counties' points; each said so in `precision`. A prefecture-level city with
    /// no county rows (东莞 441900) has none in the shipped file, so no point.
    static func point(of area: ProjectionArea, in points: CountyPoints) -> CountyPoints.Point? {
        if let own = points.points[area.key] { return own }
        let prefix: Int
        let region: String
        switch area.level {
        case "prefecture": (prefix, region) = (4, area.key)
        case "province": (prefix, region) = (2, area.key)
        case "zone" where !area.prefectureKey.isEmpty: (prefix, region) = (4, area.prefectureKey)
        case "zone": (prefix, region) = (2, area.provinceKey)
        default: return nil
        }
        guard region.count == 6 else { return nil }
        let head = region.prefix(prefix)
        let inside = points.points.filter { $0.key.hasPrefix(head) && $0.key != area.key }.sorted { $0.key < $1.key }.map(\.value)
        guard !inside.isEmpty else { return nil }
        let n = Double(inside.count)
        return CountyPoints.Point(longitude: inside.reduce(0) { $0 + $1.longitude } / n,
                                  latitude: inside.reduce(0) { $0 + $1.latitude } / n, precision: "mean of \(inside.count) counties")
    }

    func declarations() -> [SupplyDeclaration] {
        var out: [SupplyDeclaration] = []
        for (a, area) in plan.areaCodes.enumerated() {
            for measure in OutputColumns.measures {
                let entry = plan.provenance[a][measure]
                out.append(SupplyDeclaration(area: area, measure: ResultMeasure(measure), sources: plan.supplySources[a][measure] ?? [],
                                             basis: entry?.basis ?? .notProvided, citation: entry?.citation ?? ""))
            }
        }
        return out
    }

    /// Institutions, inclusive beds and package nurseries as each area's supply lists them, and the new
    /// districts' elder-care rooms; nil where the scenario says nothing.
    func facts() -> [AreaFacts] {
        let supplyByCode = Dictionary(plan.scenario.supply.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return plan.areaCodes.map { code in
            var f = AreaFacts(area: code)
            if let s = supplyByCode[code] {
                if !s.institutions.isEmpty {
                    f.institutions = s.institutions.count
                    f.inclusiveBeds = Double(s.institutions.reduce(0) { $0 + ($1.inclusiveBeds ?? 0) })
                }
                f.publicNurseries = s.publicNurseries.map(Double.init)
            }
            let rooms = plan.scenario.districts.filter { $0.area == code }.flatMap(\.elderCareRoomsM2)
            if !rooms.isEmpty {
                f.communityRooms = rooms.count
                f.communityRoomsM2 = rooms.reduce(0, +)
            }
            return f
        }
    }

    func variants() -> [VariantEdits] {
        plan.scenario.variants.map { v in VariantEdits(name: v.name, edits: v.edits.map { .init(keyPath: $0.keyPath, value: $0.value) }) }
    }

    // MARK: Manifest

    /// The plan's training target against person-times trained over all areas (summed in area order).
    func trainingIndicator() -> RunManifest.Workforce.TrainingIndicatorRecord? {
        let indicator = TrainingIndicator.make(
            rules: plan.scenario.rules, countsPlanOccupations: plan.scenario.workforce.trainingCountsPlanOccupations
        ) { year in
            let y = year - plan.baseYear
            guard y >= 0, y < yearCount else { return nil }
            return plan.cumulativeTrained.reduce(0) { $0 + $1[y] }
        }
        return indicator.map {
            .init(rule: $0.rule, year: $0.year, trained: $0.trained, target: $0.target, comparable: $0.comparable,
                  met: $0.met, basis: $0.basis, source: $0.source)
        }
    }

    func manifest() -> RunManifest {
        let scenario = plan.scenario
        let components = scenario.uncertainty.map { UncertaintyBasis.components($0, plan: plan) } ?? []
        let parameters = plan.demand.parametersUsed.map { p in
            RunManifest.Parameter(name: p.name, value: p.value, unit: p.unit,
                                  basis: p.basis.map { $0 == .standard ? .standard : .propensity } ?? .both, source: p.source)
        }
        let w = scenario.workforce
        let targets = plan.targets.map {
            RunManifest.Target(rule: $0.rule, metric: $0.metric, required: $0.required, year: $0.year, unit: $0.unit, source: $0.source)
        }
        var warnings = plan.inputs.censusWarnings.map(\.description)
        warnings += plan.inputs.calibration.flatMap(\.warnings)
        warnings += plan.inputs.migrationWarnings
        warnings += plan.inputs.warnings
        warnings += plan.unprojectedSupplyAreas.map { "supply.\($0) is not among the projected areas and is left out" }
        warnings += plan.supplyWarnings
        warnings += plan.mobilityWarnings
        for measure in Measure.allCases {
            let missing = plan.areaCodes.indices.filter { !plan.declared[$0].contains(measure) }.map { plan.areaCodes[$0] }
            if !missing.isEmpty {
                warnings.append("no \(measure.rawValue) supply given for \(missing.joined(separator: ", ")): not provided (empty cells in supply.csv and shortfall.csv, left out of findings)")
            }
        }
        for target in plan.targets where plan.years.contains(target.year) {
            let needs = missing(for: target)
            if !needs.isEmpty {
                warnings.append("target \(target.rule) \(target.metric) \(target.year) not assessed: needs \(needs.joined(separator: "; "))")
            }
        }
        return RunManifest(
            tool: "carecap \(tool)", command: "run", scenario: scenario.file, scenarioName: scenario.name,
            scenarioHash: FNV1a64.of(scenario.text).tagged, variant: scenario.variant, rules: scenario.rules.presetID,
            baseYear: plan.baseYear, horizon: plan.years.last!, referenceDate: plan.inputs.setup.reference.monthDay(baseYearFraction: plan.inputs.setup.baseYearFraction), areas: plan.areaCodes,
            populationDetail: detail.rawValue, draws: result.draws, seed: scenario.uncertainty?.seed, uncertainty: components,
            e0YearsPerLogMortality: scenario.uncertainty == nil ? nil : UncertaintyBasis.meanE0Response(plan.inputs.rates),
            demography: scenario.population.map { DemographyAssumptions.list(section: $0, inputs: plan.inputs) } ?? [],
            demandParameters: parameters,
            workforce: .init(carersTrainedPerYear: w.carersTrainedPerYear, trainingFrom: w.trainingFrom, trainingTo: w.trainingTo,
                             carerAttrition: w.carerAttrition, socialWorkerAttrition: w.socialWorkerAttrition,
                             trainingSharedBy: "base-year children aged 0-2", traineesBecomingCarers: w.traineesBecomingCarers,
                             trainingIndicator: trainingIndicator()),
            programTargets: targets, warnings: warnings, regions: result.regions.manifestRegions(areaCodes: plan.areaCodes))
    }
}
