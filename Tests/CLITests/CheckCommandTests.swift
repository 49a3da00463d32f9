import Foundation
import Testing

/// End to end: the real binary on the example scenarios, figures checked against hand arithmetic.
@Suite struct CheckCommandTests {
    func finding(_ all: [[String: Any]], _ subject: String, _ rule: String, _ metric: String) -> [String: Any]? {
        all.first { $0["subject"] as? String == subject && $0["rule"] as? String == rule && $0["metric"] as? String == metric }
    }

    func number(_ f: [String: Any]?, _ key: String) -> Double? {
        (f?[key] as? NSNumber)?.doubleValue
    }

    @Test func dehongDistricts() throws {
        let result = try CommandRunner.run(["check", "Scenarios/dehong-districts.yaml", "--format", "json"])
        #expect(result.status == 1, "some districts fail, so exit 1; stderr: \(result.stderr)")
        let all = try CommandRunner.findings(result.stdout)

        // 芒市 census household size 399,682 / 128,719 = 3.10506; 1,200 households → 3,726.07 residents;
        // 4.5 × 3,726.07 / 1,000 = 16.77 → 17 slots; provided classes × caps = 1×10 + 2×15 + 2×20 = 80.
        let slots = finding(all, "mangshi-2022-a", "nursery-slots-per-1000", "slots")
        #expect(number(slots, "required") == 17 && number(slots, "provided") == 80)

        // mangshi-2022-a carers: infant 6 in 1 class → ceil(6/3) = 2; toddler 18 in 2 → ceil(18/5) = 4;
        // older 30 in 2 classes: 2×2×7 = 28 < 30 → 4 + ceil(2/6) = 5; total 11, 13 provided.
        #expect(number(finding(all, "mangshi-2022-a", "nursery-carer-ratio", "carers"), "required") == 11)

        // mangshi-2023-a: infant 10 in 1 class: 1×3×3 = 9 < 10 → 3 + ceil(1/1) = 4; toddler 25 → 5;
        // older 55 in 3 → 9 (the example); 18 required, 16 provided → shortfall 2, fail.
        let carers = finding(all, "mangshi-2023-a", "nursery-carer-ratio", "carers")
        #expect(number(carers, "required") == 18 && number(carers, "shortfall") == 2)
        #expect(carers?["status"] as? String == "fail")

        // mangshi-2024-a: 12 infants need ceil(12/10) = 2 classes, 1 declared.
        let infantClasses = finding(all, "mangshi-2024-a", "nursery-class-size", "infant_classes")
        #expect(number(infantClasses, "required") == 2 && number(infantClasses, "provided") == 1)

        // ruili-2022-a: 2,000 households → 400 m² total, 450 provided passes; smallest room 200 < 300 → 100 short.
        #expect(finding(all, "ruili-2022-a", "elder-care-room-area", "total_m2")?["status"] as? String == "pass")
        #expect(number(finding(all, "ruili-2022-a", "elder-care-room-area", "smallest_facility_m2"), "shortfall") == 100)

        // yingjiang-2024-a declares 2.8 persons per household: 900 × 2.8 = 2,520; 4.5 × 2.52 = 11.34 → 12.
        #expect(number(finding(all, "yingjiang-2024-a", "nursery-slots-per-1000", "slots"), "required") == 12)

        // ruili-2024-a home point: 5 children need ceil(5/3) = 2 carers, 1 declared.
        #expect(number(finding(all, "ruili-2024-a", "home-nursery-point", "home_point_carers"), "shortfall") == 1)

        // Compliance by approval year (elder-care rooms pass in): 2022 1 of 3 (mangshi), 2023 2 of 3
        // (longchuan 330 < 360), 2024 3 of 3, 2025 2 of 3 (longchuan 290 < 300); targets 50/70/90/100%.
        let rates = all.filter { $0["rule"] as? String == "district-compliance-rate" }
        #expect(rates.map { $0["subject"] as? String } == ["2022", "2023", "2024", "2025"])
        #expect(rates.map { $0["status"] as? String } == ["fail", "fail", "pass", "fail"])
        #expect(abs((number(rates[0], "provided") ?? 0) - 1.0 / 3.0) < 1e-12)
        #expect(number(rates[2], "provided") == 1 && number(rates[2], "required") == 0.9)

        // Every finding has the contract's fields; shortfall is never negative. A finding the scenario
        // cannot support is not assessed: nothing provided (null, never 0) and the key it needs.
        for f in all {
            for key in ["subject", "kind", "rule", "metric", "required", "provided", "shortfall", "unit", "status", "source"] {
                #expect(f[key] != nil, "finding lacks \(key): \(f)")
            }
            if f["status"] as? String == "not_assessed" {
                #expect(f["provided"] is NSNull && f["shortfall"] is NSNull && (f["needs"] as? String)?.isEmpty == false)
            } else {
                #expect((number(f, "shortfall") ?? -1) >= 0)
            }
        }
        // mangshi-2023-a gives land, community service area and both delivery years (see the scenario's comments).
        let mangshi = all.filter { $0["subject"] as? String == "mangshi-2023-a" }
        #expect(mangshi.first { $0["rule"] as? String == "community-service-area" }?["shortfall"] as? Double == 80)
        #expect(mangshi.first { $0["rule"] as? String == "four-synchronous-delivery" }?["provided"] as? Double == 1)
    }

    @Test func sanyaInstitutions() throws {
        let result = try CommandRunner.run(["check", "Scenarios/sanya-institutions.yaml", "--format", "json"])
        #expect(result.status == 1)
        let all = try CommandRunner.findings(result.stdout)

        // 海棠区 beds 120 + 260 = 380; Sanya's 60%: ceil(0.6 × 380) = 228; nursing 80 + 140 = 220 → 8 short.
        let nursing = finding(all, "460202", "nursing-bed-share", "nursing_beds_of_beds")
        #expect(number(nursing, "required") == 228 && number(nursing, "provided") == 220 && number(nursing, "shortfall") == 8)
        // 12,821 aged 60+ × 40 / 1,000 = 512.84 → 513 beds; 380 → 133 short.
        #expect(number(finding(all, "460202", "institutional-beds-per-1000-elderly", "beds"), "shortfall") == 133)
        // yazhou-jinse: cap = max(1.5 × 40,000 / 12, 0.7 × 7,000) = max(5,000, 4,900) = 5,000; charges 5,100.
        let price = finding(all, "yazhou-jinse", "inclusive-price", "monthly_price")
        #expect(number(price, "required") == 5000 && number(price, "shortfall") == 100)
        // jiyang-yiyang has 99 beds, counted as 100: 1 social worker. yazhou-jinse 101 beds: 2.
        #expect(number(finding(all, "jiyang-yiyang", "social-workers-per-100-beds", "social_workers"), "required") == 1)
        #expect(number(finding(all, "yazhou-jinse", "social-workers-per-100-beds", "social_workers"), "required") == 2)
        // tianya-anyang (public-private, 100 beds): ceil(0.3 × 100) = 30 inclusive beds, 25 declared.
        #expect(number(finding(all, "tianya-anyang", "inclusive-bed-share", "inclusive_beds"), "shortfall") == 5)
        // The private home gets no inclusive-bed finding.
        #expect(finding(all, "jiyang-seaview", "inclusive-bed-share", "inclusive_beds") == nil)
    }

    @Test func allPassExitsZeroAndFormatsAgree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-pass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 1,000 households → max(200, 300) = 300 m²; 2.62 × 1,000 = 2,620 residents → ceil(11.79) = 12 slots ≤ 15.
        // The room rule is Dehong's (任务8): in force under its preset only (issue 11), so the file names it.
        let file = directory.appendingPathComponent("ok.yaml")
        try """
            carecap: 1
            rules: dehong-2022
            districts:
              - { id: ok, households: 1000, elder_care_rooms_m2: [300], nursery: { slots: 15 } }
            """.write(to: file, atomically: true, encoding: .utf8)
        let json = try CommandRunner.run(["check", file.path, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        // 3 judged, and 3 not assessed: the district gives neither community_service_m2 nor land_m2, nor the
        // delivery years 四同步 (Dehong 任务2, in force under its preset) compares.
        #expect(try CommandRunner.findings(json.stdout).count == 6)
        let csv = try CommandRunner.run(["check", file.path, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 7)
        #expect(csv.stdout.hasPrefix("subject,kind,rule,metric,required,provided,shortfall,unit,status,source,needs\n"))
        #expect(csv.stdout.contains(",not_assessed,") && csv.stdout.contains("districts[].land_m2"))
        let table = try CommandRunner.run(["check", file.path, "--lang", "zh"])
        #expect(table.stdout.contains("共 3 项检查：3 项达标，0 项未达标（0 个对象有缺口）；另有 3 项因缺少数据未评估"))
        let markdown = try CommandRunner.run(["check", file.path, "--format", "markdown", "--lang", "en"])
        #expect(markdown.stdout.contains("| metric | rule | required |"))
    }

    @Test func tableShowsFailingSubjectsFirst() throws {
        let result = try CommandRunner.run(["check", "Scenarios/dehong-districts.yaml", "--lang", "en"])
        let headings = result.stdout.split(separator: "\n").filter { $0.contains(" — ") }
        let firstPass = headings.firstIndex { $0.hasSuffix("pass") } ?? headings.endIndex
        #expect(headings[..<firstPass].allSatisfy { $0.hasSuffix("FAIL") })
        // After the failing subjects, those that pass or are not assessed (none judged).
        #expect(headings[firstPass...].allSatisfy { $0.hasSuffix("pass") || $0.hasSuffix("not assessed") })
        #expect(result.stdout.split(separator: "\n").last?.contains("findings:") == true)
    }

    @Test func initWritesAScenarioThatChecks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("scenario.yaml").path
        #expect(try CommandRunner.run(["init", path]).status == 0)
        #expect(try CommandRunner.run(["init", path]).status == 2, "refuses to overwrite without --force")
        let check = try CommandRunner.run(["check", path, "--format", "json"])
        #expect(check.status == 1, "the starter's area lacks beds: \(check.stderr)")
        #expect(try CommandRunner.findings(check.stdout).isEmpty == false)
    }

    @Test func rulesListAndShow() throws {
        let list = try CommandRunner.run(["rules", "list", "--preset", "sanya-2023"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("nursing-bed-share"))
        let show = try CommandRunner.run(["rules", "show", "nursing-bed-share", "--preset", "sanya-2023"])
        #expect(show.stdout.contains("share = 0.6"))
        let typo = try CommandRunner.run(["rules", "show", "nursing-bed-shares"])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean \"nursing-bed-share\""))
        let preset = try CommandRunner.run(["rules", "list", "--preset", "sanya-2022"])
        #expect(preset.status == 2 && preset.stderr.contains("did you mean \"sanya-2023\""))
    }
}
