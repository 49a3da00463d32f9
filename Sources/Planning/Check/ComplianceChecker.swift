import Foundation

/// Tests districts, areas and institutions against the rules in force: what `carecap check` prints.
/// Pure arithmetic on declared numbers; every number it uses comes from the RuleBook.
public struct ComplianceChecker: Sendable {
    public let rules: RuleBook
    /// Household size by area code, from a loaded census; the national figure where absent.
    public let householdSizeByArea: [String: Double]
    public static let nationalHouseholdSize = 2.62
    /// The year whose planned supply levels are checked; nil takes each pipeline's last level.
    public let asOfYear: Int?

    public init(rules: RuleBook, householdSizeByArea: [String: Double] = [:], asOfYear: Int? = nil) {
        self.rules = rules
        self.householdSizeByArea = householdSizeByArea
        self.asOfYear = asOfYear
    }

    public func check(districts: [District], supply: [AreaSupply]) -> [Finding] {
        var findings: [Finding] = []
        for district in districts {
            findings += check(district)
        }
        findings += complianceRate(districts)
        for area in supply {
            findings += check(area)
        }
        return findings
    }

    // MARK: Districts

    public func residents(of district: District) -> Double {
        let size = district.personsPerHousehold
            ?? district.area.flatMap { householdSizeByArea[$0] }
            ?? Self.nationalHouseholdSize
        return Double(district.households) * size
    }

    public func check(_ district: District) -> [Finding] {
        var findings = elderCareRooms(district)
        if let nursery = district.nursery {
            findings += classSizes(district, nursery)
            findings += carers(district, nursery)
        }
        if rules.isChecked("nursery-slots-per-1000") {
            findings.append(districtSlots(district))
        }
        if let point = district.homeNurseryPoint, rules.isChecked("home-nursery-point") {
            findings += homeNurseryPoint(district, point)
        }
        return findings
    }

    func elderCareRooms(_ district: District) -> [Finding] {
        let id = "elder-care-room-area"
        guard rules.isChecked(id) else { return [] }
        let rule = rules[id]
        let perHundred = rule.value("m2_per_100_households")
        let minimum = rule.value("min_facility_m2")
        let required = max(Double(district.households) * perHundred / 100, minimum)
        let provided = district.elderCareRoomsM2.reduce(0, +)
        let smallest = district.elderCareRoomsM2.min() ?? 0
        return [
            finding(district.id, .district, rule, "total_m2", required, provided, "m²"),
            finding(district.id, .district, rule, "smallest_facility_m2", minimum, smallest, "m²"),
        ]
    }

    func classSizes(_ district: District, _ nursery: District.Nursery) -> [Finding] {
        let id = "nursery-class-size"
        guard rules.isChecked(id) else { return [] }
        let rule = rules[id]
        return ClassBand.allCases.compactMap { band in
            let children = nursery.children[band]
            guard children > 0 else { return nil }
            let needed = NurseryStaffing.classesNeeded(children: children, cap: Int(rule.value(band.capParameter)))
            return finding(district.id, .district, rule, "\(band.rawValue)_classes",
                           Double(needed), Double(nursery.classes[band]), "classes")
        }
    }

    func carers(_ district: District, _ nursery: District.Nursery) -> [Finding] {
        let id = "nursery-carer-ratio"
        guard rules.isChecked(id), nursery.children.total > 0 else { return [] }
        let rule = rules[id]
        let caps = rules["nursery-class-size"]
        var required = 0
        for band in ClassBand.allCases {
            let children = nursery.children[band]
            guard children > 0 else { continue }
            let cap = Int(caps.value(band.capParameter))
            let classes = max(nursery.classes[band], NurseryStaffing.classesNeeded(children: children, cap: cap))
            required += NurseryStaffing.carersNeeded(
                children: children, classes: classes, cap: cap,
                childrenPerCarer: Int(rule.value(band.ratioParameter)))
        }
        return [finding(district.id, .district, rule, "carers", Double(required), Double(nursery.carers), "carers")]
    }

    /// Declared slots, or classes × caps when the district gives none.
    public func slots(of nursery: District.Nursery?) -> Int {
        guard let nursery else { return 0 }
        if let slots = nursery.slots { return slots }
        let caps = rules["nursery-class-size"]
        return ClassBand.allCases.reduce(0) { $0 + nursery.classes[$1] * Int(caps.value($1.capParameter)) }
    }

    func districtSlots(_ district: District) -> Finding {
        let rule = rules["nursery-slots-per-1000"]
        let required = (rule.value("slots_per_1000") * residents(of: district) / 1000).roundedUpCount
        return finding(district.id, .district, rule, "slots", required, Double(slots(of: district.nursery)), "slots")
    }

    func homeNurseryPoint(_ district: District, _ point: District.HomeNurseryPoint) -> [Finding] {
        let rule = rules["home-nursery-point"]
        let perCarer = rule.value("children_per_carer")
        return [
            finding(district.id, .district, rule, "home_point_children", rule.value("max_children"),
                    Double(point.children), "children", bound: .maximum),
            finding(district.id, .district, rule, "home_point_carers",
                    (Double(point.children) / perCarer).roundedUpCount, Double(point.carers), "carers"),
        ]
    }

    /// Per approval year: the share of that year's districts whose elder-care-room findings all pass.
    func complianceRate(_ districts: [District]) -> [Finding] {
        let id = "district-compliance-rate"
        guard rules.isChecked(id), rules.isChecked("elder-care-room-area"),
              let rule = rules.rule(id), let targets = rule.parameter("target")?.schedule, let first = targets.first
        else { return [] }
        var byYear: [Int: (districts: Int, compliant: Int)] = [:]
        for district in districts {
            guard let year = district.approvalYear else { continue }
            let passes = elderCareRooms(district).allSatisfy { $0.status == .pass }
            byYear[year, default: (0, 0)].districts += 1
            byYear[year, default: (0, 0)].compliant += passes ? 1 : 0
        }
        return byYear.keys.sorted().compactMap { year in
            guard year >= first.year, let target = targets.last(where: { $0.year <= year }) else { return nil }
            let counts = byYear[year]!
            let share = Double(counts.compliant) / Double(counts.districts)
            return finding(String(year), .program, rule, "compliant_share", target.value, share, "share")
        }
    }

    // MARK: Areas and institutions

    public func check(_ area: AreaSupply) -> [Finding] {
        var findings: [Finding] = []
        if rules.isChecked("nursery-slots-per-1000"), let population = area.population, let slots = area.nurserySlots {
            let rule = rules["nursery-slots-per-1000"]
            let required = (rule.value("slots_per_1000") * Double(population) / 1000).roundedUpCount
            findings.append(finding(area.code, .area, rule, "slots", required, slots.level(in: asOfYear), "slots"))
        }
        let beds = area.beds?.level(in: asOfYear)
            ?? (area.institutions.isEmpty ? nil : Double(area.institutions.reduce(0) { $0 + $1.beds }))
        let nursingBeds = area.nursingBeds?.level(in: asOfYear) ?? institutionNursingBeds(area)
        if rules.isChecked("nursing-bed-share"), let beds, let nursingBeds {
            let rule = rules["nursing-bed-share"]
            let required = (rule.value("share") * beds).roundedUpCount
            findings.append(finding(area.code, .area, rule, "nursing_beds", required, nursingBeds, "beds"))
        }
        if rules.isChecked("institutional-beds-per-1000-elderly"), let elderly = area.elderly60plus, let beds {
            let rule = rules["institutional-beds-per-1000-elderly"]
            let required = (rule.value("beds_per_1000_elderly") * Double(elderly) / 1000).roundedUpCount
            findings.append(finding(area.code, .area, rule, "beds", required, beds, "beds"))
        }
        if rules.isChecked("public-nursery-per-100k"), let population = area.population,
           let publicNurseries = area.publicNurseries
        {
            let rule = rules["public-nursery-per-100k"]
            let required = (rule.value("per_100k_residents") * Double(population) / 100_000).rounded(.down)
            findings.append(finding(area.code, .area, rule, "public_nurseries", required,
                                    Double(publicNurseries), "institutions"))
        }
        for institution in area.institutions {
            findings += check(institution, in: area)
        }
        return findings
    }

    /// Nursing beds summed over institutions, when every institution declares them.
    func institutionNursingBeds(_ area: AreaSupply) -> Double? {
        guard !area.institutions.isEmpty else { return nil }
        var sum = 0
        for institution in area.institutions {
            guard let n = institution.nursingBeds else { return nil }
            sum += n
        }
        return Double(sum)
    }

    public func check(_ institution: AreaSupply.Institution, in area: AreaSupply) -> [Finding] {
        var findings: [Finding] = []
        if rules.isChecked("social-workers-per-100-beds"), let workers = institution.socialWorkers {
            let rule = rules["social-workers-per-100-beds"]
            let counted = max(Double(institution.beds), rule.value("min_counted_beds"))
            let required = (rule.value("workers_per_100_beds") * counted / 100).roundedUpCount
            findings.append(finding(institution.id, .institution, rule, "social_workers", required,
                                    Double(workers), "social workers"))
        }
        if rules.isChecked("inclusive-bed-share"), institution.operation == .publicPrivate {
            let rule = rules["inclusive-bed-share"]
            let required = (rule.value("share") * Double(institution.beds)).roundedUpCount
            findings.append(finding(institution.id, .institution, rule, "inclusive_beds", required,
                                    Double(institution.inclusiveBeds ?? 0), "beds"))
        }
        let isInclusive = institution.operation == .publicPrivate || (institution.inclusiveBeds ?? 0) > 0
        if rules.isChecked("inclusive-price"), isInclusive, let price = institution.monthlyPrice {
            let rule = rules["inclusive-price"]
            let byIncome = area.disposableIncomePerCapita.map { rule.value("income_multiple") * $0 / 12 }
            let byMarket = institution.marketMonthlyPrice.map { rule.value("market_price_share") * $0 }
            let caps = [byIncome, byMarket].compactMap { $0 }
            if let cap = caps.max() {
                findings.append(finding(institution.id, .institution, rule, "monthly_price", cap, price,
                                        "yuan/month", bound: .maximum))
            }
        }
        return findings
    }

    private func finding(
        _ subject: String, _ kind: Finding.Kind, _ rule: RuleDefinition, _ metric: String,
        _ required: Double, _ provided: Double, _ unit: String, bound: Finding.Bound = .minimum
    ) -> Finding {
        Finding(subject: subject, kind: kind, rule: rule.id, metric: metric, required: required,
                provided: provided, unit: unit, bound: bound, source: rule.source,
                responsibleUnits: rule.responsibleUnits)
    }
}

extension Double {
    /// ceil for counts, tolerant of products like 4.5 × 2000 / 1000 landing a hair above an integer.
    var roundedUpCount: Double {
        let nearest = self.rounded()
        if abs(self - nearest) <= 1e-9 * max(1, abs(self)) { return nearest }
        return self.rounded(.up)
    }
}
