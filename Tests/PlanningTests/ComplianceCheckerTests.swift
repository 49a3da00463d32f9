import Testing
@testable import Planning

/// Every checked rule against arithmetic done by hand; each expected value carries its derivation.
@Suite struct ComplianceCheckerTests {
    let national = try! RuleBook(preset: "national")
    // Rules set by one plan are in force only under its preset (issue 11): the room rule is Dehong's (任务8),
    // social workers, inclusive beds and prices Sanya's ((十), 主要指标, (八)); their tests use those presets.
    let dehong = try! RuleBook(preset: "dehong-2022")
    let sanya = try! RuleBook(preset: "sanya-2023")

    func checker(_ book: RuleBook? = nil, sizes: [String: Double] = [:], asOf: Int? = nil) -> ComplianceChecker {
        ComplianceChecker(rules: book ?? national, householdSizeByArea: sizes, asOfYear: asOf)
    }

    func only(_ findings: [Finding], _ rule: String, _ metric: String) -> Finding {
        let matching = findings.filter { $0.rule == rule && $0.metric == metric }
        precondition(matching.count == 1, "expected one \(rule)/\(metric) finding, got \(matching.count)")
        return matching[0]
    }

    // MARK: elder-care-room-area

    struct RoomCase: Sendable, CustomTestStringConvertible {
        let households: Int
        let rooms: [Double]
        let requiredTotal: Double
        let totalPasses: Bool
        let smallestPasses: Bool
        let why: String
        var testDescription: String { why }
    }

    @Test(arguments: [
        RoomCase(households: 1000, rooms: [300], requiredTotal: 300, totalPasses: true, smallestPasses: true,
                 why: "1,000 households × 20 m²/100 = 200 m²; single facility minimum 300 m² binds; exactly 300 passes"),
        RoomCase(households: 1000, rooms: [299.5], requiredTotal: 300, totalPasses: false, smallestPasses: false,
                 why: "299.5 m² is below both the 300 m² total and the 300 m² single minimum"),
        RoomCase(households: 1500, rooms: [300], requiredTotal: 300, totalPasses: true, smallestPasses: true,
                 why: "1,500 × 20/100 = 300 m² = the minimum: both bind at exactly 300"),
        RoomCase(households: 1501, rooms: [300], requiredTotal: 300.2, totalPasses: false, smallestPasses: true,
                 why: "1,501 × 20/100 = 300.2 m² > 300 provided"),
        RoomCase(households: 2000, rooms: [250, 200], requiredTotal: 400, totalPasses: true, smallestPasses: false,
                 why: "2,000 × 0.2 = 400 m² ≤ 450 in total, but the smallest room 200 < 300"),
        RoomCase(households: 3000, rooms: [], requiredTotal: 600, totalPasses: false, smallestPasses: false,
                 why: "no room at all: provided total 0 and smallest 0 against 600 and 300"),
    ])
    func elderCareRoomArea(_ c: RoomCase) {
        let district = District(id: "d", households: c.households, elderCareRoomsM2: c.rooms)
        let findings = checker(dehong).check(district)
        let total = only(findings, "elder-care-room-area", "total_m2")
        let smallest = only(findings, "elder-care-room-area", "smallest_facility_m2")
        #expect(abs(total.required - c.requiredTotal) < 1e-9)
        #expect(total.provided == c.rooms.reduce(0, +))
        #expect((total.status == .pass) == c.totalPasses)
        #expect(smallest.required == 300)
        #expect(smallest.provided == (c.rooms.min() ?? 0))
        #expect((smallest.status == .pass) == c.smallestPasses)
        #expect(total.kind == .district && total.unit == .squareMetres)
    }

    @Test func stricterLocalRoomRuleByOverride() throws {
        // Under national the room rule (Dehong's) is not in force; a scenario that overrides it opts in.
        #expect(checker().check(District(id: "d", households: 1000, elderCareRoomsM2: [340])).allSatisfy { $0.rule != "elder-care-room-area" })
        // Anhui/Yinchuan variant: 30 m² per 100 households, 350 m² per site.
        // 1,000 × 30/100 = 300 < 350 → required 350; a 340 m² room fails both by 10.
        var book = national
        try book.override(rule: "elder-care-room-area", parameter: "m2_per_100_households", with: .scalar(30))
        try book.override(rule: "elder-care-room-area", parameter: "min_facility_m2", with: .scalar(350))
        let findings = checker(book).check(District(id: "d", households: 1000, elderCareRoomsM2: [340]))
        #expect(only(findings, "elder-care-room-area", "total_m2").required == 350)
        #expect(only(findings, "elder-care-room-area", "total_m2").shortfall == 10)
        #expect(only(findings, "elder-care-room-area", "smallest_facility_m2").shortfall == 10)
    }

    // MARK: nursery-class-size

    @Test(arguments: [
        // (band, children, declared classes, required classes): ceil(children / cap), caps 10/15/20
        (ClassBand.infant, 10, 1, 1),   // at the cap: ceil(10/10) = 1
        (ClassBand.infant, 11, 1, 2),   // one over: ceil(11/10) = 2
        (ClassBand.toddler, 15, 1, 1),  // ceil(15/15) = 1
        (ClassBand.toddler, 16, 1, 2),  // ceil(16/15) = 2
        (ClassBand.older, 20, 1, 1),    // ceil(20/20) = 1
        (ClassBand.older, 55, 3, 3),    // ceil(55/20) = 3
        (ClassBand.older, 61, 3, 4),    // ceil(61/20) = 4
    ])
    func classSize(band: ClassBand, children: Int, declared: Int, required: Int) {
        let nursery = District.Nursery(children: BandCounts([band: children]), classes: BandCounts([band: declared]), carers: 100)
        let findings = checker().check(District(id: "d", households: 100, elderCareRoomsM2: [300], nursery: nursery))
        let f = only(findings, "nursery-class-size", "\(band.rawValue)_classes")
        #expect(f.required == Double(required))
        #expect(f.provided == Double(declared))
        #expect((f.status == .pass) == (declared >= required))
    }

    // MARK: nursery-carer-ratio

    @Test(arguments: [
        // (children, classes, cap, ratio, carers, derivation)
        (55, 3, 20, 7, 9, "24-36 months: 3 classes hold 3×floor(20/7)×7 = 42 < 55, so 3×2 + ceil(13/(20 mod 7 = 6)) = 6 + 3 = 9"),
        (55, 4, 20, 7, 8, "4 classes hold 4×2×7 = 56 ≥ 55, so ceil(55/7) = 8"),
        (10, 1, 10, 3, 4, "one infant class of 10: ceil(10/3) = 4 (RULES.md)"),
        (25, 2, 15, 5, 5, "25 toddlers in 2 classes: 2×3×5 = 30 ≥ 25, ceil(25/5) = 5 (RULES.md: 3 + 2)"),
        (20, 2, 10, 3, 8, "20 infants in 2 classes: 2×3×3 = 18 < 20, so 2×3 + ceil(2/(10 mod 3 = 1)) = 8"),
        (9, 1, 10, 3, 3, "9 infants fit 3 full groups of 3: ceil(9/3) = 3"),
        (0, 0, 20, 7, 0, "no children, no carers"),
    ])
    func carerFormula(children: Int, classes: Int, cap: Int, ratio: Int, carers: Int, why: String) {
        #expect(NurseryStaffing.carersNeeded(children: children, classes: classes, cap: cap, childrenPerCarer: ratio) == carers, "\(why)")
    }

    @Test func carersSummedOverBandsWithNeededClasses() {
        // infant 8 in 1 class: 1×3×3 = 9 ≥ 8 → ceil(8/3) = 3
        // toddler 25 in 2 classes: 30 ≥ 25 → 5
        // older 55 declared in 2 classes, but 3 are needed: k = max(2, 3) = 3 → 9
        // required 3 + 5 + 9 = 17; 16 provided → shortfall 1
        let nursery = District.Nursery(
            children: BandCounts([.infant: 8, .toddler: 25, .older: 55]),
            classes: BandCounts([.infant: 1, .toddler: 2, .older: 2]), carers: 16)
        let findings = checker().check(District(id: "d", households: 100, elderCareRoomsM2: [300], nursery: nursery))
        let f = only(findings, "nursery-carer-ratio", "carers")
        #expect(f.required == 17)
        #expect(f.shortfall == 1)
        #expect(f.status == .fail)
    }

    // MARK: nursery-slots-per-1000

    @Test func districtSlotsFromHouseholdSize() {
        // residents = 1,000 × 3.1051 (area census size) = 3,105.1; 4.5 × 3,105.1 / 1,000 = 13.97 → 14 slots.
        // provided = classes × caps = 1×10 + 2×15 + 0×20 = 40.
        let nursery = District.Nursery(children: BandCounts(), classes: BandCounts([.infant: 1, .toddler: 2]), carers: 0)
        let district = District(id: "d", area: "533103", households: 1000, elderCareRoomsM2: [300], nursery: nursery)
        let f = only(checker(sizes: ["533103": 3.1051]).check(district), "nursery-slots-per-1000", "slots")
        #expect(f.required == 14)
        #expect(f.provided == 40)
    }

    @Test func districtSlotsDefaultHouseholdSizeAndDeclaredSlots() {
        // No census size for the area: 2.62 nationally. 2,000 × 2.62 = 5,240 residents;
        // 4.5 × 5.24 = 23.58 → 24 slots; declared slots 20 win over classes × caps → shortfall 4.
        let nursery = District.Nursery(children: BandCounts(), classes: BandCounts([.older: 3]), carers: 0, slots: 20)
        let f = only(checker().check(District(id: "d", area: "999999", households: 2000, nursery: nursery)),
                     "nursery-slots-per-1000", "slots")
        #expect(f.required == 24)
        #expect(f.provided == 20)
        #expect(f.shortfall == 4)
    }

    @Test func districtPersonsPerHouseholdWinsOverCensus() {
        // 1,000 households × 2.0 = 2,000 residents; 4.5 × 2 = 9 exactly: ceil keeps 9, not 10.
        let district = District(id: "d", area: "533103", households: 1000, personsPerHousehold: 2.0)
        let f = only(checker(sizes: ["533103": 3.1]).check(district), "nursery-slots-per-1000", "slots")
        #expect(f.required == 9)
        #expect(f.provided == 0)
    }

    @Test func areaSlots() {
        // 439,931 residents × 4.5 / 1,000 = 1,979.69 → 1,980 slots; planned level in 2025 is 1,800.
        let area = AreaSupply(code: "533103", population: 439_931,
                              nurserySlots: Pipeline(steps: [.init(year: 2022, value: 800), .init(year: 2025, value: 1800)]))
        let latest = only(checker().check(area), "nursery-slots-per-1000", "slots")
        #expect(latest.required == 1980 && latest.provided == 1800 && latest.shortfall == 180)
        // as_of 2023 takes the 2022 level: 800, shortfall 1,180
        let in2023 = only(checker(asOf: 2023).check(area), "nursery-slots-per-1000", "slots")
        #expect(in2023.provided == 800 && in2023.shortfall == 1180)
        // before the first step the earliest level given stands (800), not zero: shortfall 1,980 − 800 = 1,180
        let in2021 = only(checker(asOf: 2021).check(area), "nursery-slots-per-1000", "slots")
        #expect(in2021.provided == 800 && in2021.shortfall == 1180)
    }

    // MARK: district-compliance-rate

    @Test func complianceRateByApprovalYear() throws {
        // Dehong schedule 2022 50%, 2023 70%, 2024 90%, 2025 100%; later years use the last (100%),
        // years before 2022 get no finding.
        // 2021: one district → no finding. 2022: 1 of 2 comply = 50% ≥ 50% pass.
        // 2023: 2 of 3 = 66.7% < 70% fail by 3.33 points. 2026: 1 of 1 = 100% against 100% pass.
        let ok = [300.0], bad = [250.0]
        let districts = [
            District(id: "a", households: 100, approvalYear: 2021, elderCareRoomsM2: bad),
            District(id: "b", households: 100, approvalYear: 2022, elderCareRoomsM2: ok),
            District(id: "c", households: 100, approvalYear: 2022, elderCareRoomsM2: bad),
            District(id: "d", households: 100, approvalYear: 2023, elderCareRoomsM2: ok),
            District(id: "e", households: 100, approvalYear: 2023, elderCareRoomsM2: ok),
            District(id: "f", households: 2000, approvalYear: 2023, elderCareRoomsM2: [350]),
            District(id: "g", households: 100, approvalYear: 2026, elderCareRoomsM2: ok),
            District(id: "h", households: 100, elderCareRoomsM2: bad),
        ]
        let book = try RuleBook(preset: "dehong-2022")
        let rates = checker(book).check(districts: districts, supply: []).filter { $0.rule == "district-compliance-rate" }
        #expect(rates.map(\.subject) == ["2022", "2023", "2026"])
        #expect(rates[0].required == 0.5 && rates[0].provided == 0.5 && rates[0].status == .pass)
        #expect(rates[1].required == 0.7 && abs(rates[1].provided - 2.0 / 3.0) < 1e-12 && rates[1].status == .fail)
        #expect(abs(rates[1].shortfall - (0.7 - 2.0 / 3.0)) < 1e-12)
        #expect(rates[2].required == 1.0 && rates[2].provided == 1.0 && rates[2].kind == .program)
    }

    // MARK: home-nursery-point

    @Test(arguments: [
        (5, 2, true, true),    // 5 ≤ 5; ceil(5/3) = 2 carers
        (6, 2, false, true),   // 6 > 5 children; ceil(6/3) = 2
        (4, 1, true, false),   // ceil(4/3) = 2 > 1
        (3, 1, true, true),    // ceil(3/3) = 1
    ])
    func homeNurseryPoint(children: Int, carers: Int, childrenPass: Bool, carersPass: Bool) {
        let district = District(id: "d", households: 10, homeNurseryPoint: .init(children: children, carers: carers))
        let findings = checker().check(district)
        #expect((only(findings, "home-nursery-point", "home_point_children").status == .pass) == childrenPass)
        #expect((only(findings, "home-nursery-point", "home_point_carers").status == .pass) == carersPass)
    }

    // MARK: areas

    @Test func nursingBedShareAndBedsPer1000() throws {
        // 2,000 beds × 0.55 = 1,100 nursing beds required; 900 declared → 200 short.
        // 61,219 aged 60+ × 40 / 1,000 = 2,448.76 → 2,449 beds; 2,000 → 449 short.
        let area = AreaSupply(code: "533103", elderly60plus: 61_219, beds: Pipeline(constant: 2000), nursingBeds: Pipeline(constant: 900))
        let findings = checker().check(area)
        #expect(only(findings, "nursing-bed-share", "nursing_beds_of_beds").required == 1100)
        #expect(only(findings, "nursing-bed-share", "nursing_beds_of_beds").shortfall == 200)
        #expect(only(findings, "institutional-beds-per-1000-elderly", "beds").required == 2449)
        #expect(only(findings, "institutional-beds-per-1000-elderly", "beds").shortfall == 449)
        // Sanya's 60%: 2,000 × 0.60 = 1,200
        let sanya = checker(try RuleBook(preset: "sanya-2023")).check(area)
        #expect(only(sanya, "nursing-bed-share", "nursing_beds_of_beds").required == 1200)
    }

    @Test func areaBedsSummedFromInstitutions() {
        // No area-level beds: 120 + 101 = 221 beds, 80 + 50 = 130 nursing; ceil(0.55 × 221) = ceil(121.55) = 122.
        let area = AreaSupply(code: "460202", institutions: [
            .init(id: "a", beds: 120, nursingBeds: 80), .init(id: "b", beds: 101, nursingBeds: 50),
        ])
        let f = only(checker().check(area), "nursing-bed-share", "nursing_beds_of_beds")
        #expect(f.required == 122 && f.provided == 130 && f.status == .pass)
    }

    @Test func publicNurseriesOnlyUnderHeilongjiang() throws {
        // floor(350,000 / 100,000) = 3 required; 2 declared → 1 short. National preset does not check it.
        let area = AreaSupply(code: "230100", population: 350_000, publicNurseries: 2)
        #expect(checker().check(area).allSatisfy { $0.rule != "public-nursery-per-100k" })
        let f = only(checker(try RuleBook(preset: "heilongjiang-2022")).check(area), "public-nursery-per-100k", "public_nurseries")
        #expect(f.required == 3 && f.shortfall == 1)
    }

    // MARK: institutions

    @Test(arguments: [
        (60, 1.0, "60 beds count as 100 (三亚 (十) 床位不足100张的按100张配备): ceil(1 × 100/100) = 1"),
        (250, 3.0, "ceil(1 × 250/100) = ceil(2.5) = 3"),
        (99, 1.0, "99 beds count as 100: ceil(100/100) = 1"),
        (100, 1.0, "ceil(100/100) = 1"),
        (101, 2.0, "ceil(101/100) = 2"),
        (20, 1.0, "20 beds count as 100: 1"),
        (400, 4.0, "ceil(400/100) = 4"),
    ])
    func socialWorkers(beds: Int, required: Double, why: String) {
        let area = AreaSupply(code: "460203", institutions: [.init(id: "i", beds: beds, socialWorkers: 1)])
        let f = only(checker(sanya).check(area), "social-workers-per-100-beds", "social_workers")
        #expect(f.required == required, "\(why)")
        #expect(f.kind == .institution && f.subject == "i")
        #expect(f.source.contains("三亚市老龄事业发展和养老服务体系三年行动实施方案(2023-2025)") && f.source.contains("(十)"))
    }

    @Test(arguments: ["national", "dehong-2022", "gansu-2022", "guizhou-2022", "heilongjiang-2022"])
    func socialWorkersOnlyUnderSanya(preset: String) throws {
        // The per-100-beds rule is Sanya's plan's (十), not a national standard: no other preset checks it.
        let area = AreaSupply(code: "460203", institutions: [.init(id: "i", beds: 250, socialWorkers: 0)])
        let findings = checker(try RuleBook(preset: preset)).check(area)
        #expect(findings.allSatisfy { $0.rule != "social-workers-per-100-beds" })
    }

    @Test func inclusiveBedsOnlyForPublicPrivate() {
        // ceil(0.30 × 101) = ceil(30.3) = 31; ceil(0.30 × 100) = 30 exactly.
        let area = AreaSupply(code: "460205", institutions: [
            .init(id: "pp101", beds: 101, operation: .publicPrivate, inclusiveBeds: 30),
            .init(id: "pp100", beds: 100, operation: .publicPrivate, inclusiveBeds: 30),
            .init(id: "private", beds: 300, operation: .private),
        ])
        let findings = checker(sanya).check(area).filter { $0.rule == "inclusive-bed-share" }
        #expect(findings.map(\.subject) == ["pp101", "pp100"])
        #expect(findings[0].required == 31 && findings[0].shortfall == 1)
        #expect(findings[1].required == 30 && findings[1].status == .pass)
    }

    @Test func inclusivePriceIsACeiling() {
        // cap = max(1.5 × 40,000 / 12, 0.7 × 7,000) = max(5,000, 4,900) = 5,000; 5,100 charged → 100 over.
        // With a market price of 8,000: max(5,000, 5,600) = 5,600; 5,100 passes.
        let area = AreaSupply(code: "460205", disposableIncomePerCapita: 40_000, institutions: [
            .init(id: "a", beds: 100, operation: .publicPrivate, monthlyPrice: 5100, marketMonthlyPrice: 7000),
            .init(id: "b", beds: 100, operation: .publicPrivate, monthlyPrice: 5100, marketMonthlyPrice: 8000),
        ])
        let prices = checker(sanya).check(area).filter { $0.rule == "inclusive-price" }
        #expect(prices[0].required == 5000 && prices[0].shortfall == 100 && prices[0].status == .fail)
        #expect(prices[0].bound == .maximum)
        #expect(prices[1].required == 5600 && prices[1].status == .pass)
    }

    @Test func countRoundingToleratesFloatingNoise() {
        // 0.55 × 2,000 is 1,100.0000000000002 in binary floating point; a count of 1,100 must be required, not 1,101.
        #expect((0.55 * 2000).roundedUpCount == 1100)
        #expect((4.5 * 2620 / 1000).roundedUpCount == 12)
    }
}
