import Foundation
import Testing

/// `carecap run` end to end on the example scenarios, with figures worked out from the scenario files.
@Suite struct RunCommandTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// findings.csv rows as dictionaries (the source column may be quoted and is not needed here).
    func findings(_ folder: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: "\(folder)/findings.csv", encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            var row: [String: String] = [:]
            for (i, name) in header.enumerated().prefix(11) { row[name] = String(fields[i]) }
            // The columns after the source (which may hold commas), counted from the end.
            for (k, name) in header.suffix(3).enumerated() { row[name] = String(fields[fields.count - 3 + k]) }
            return row
        }
    }

    func program(_ rows: [[String: String]], _ rule: String, _ metric: String) -> [String: String]? {
        rows.first { $0["kind"] == "program" && $0["rule"] == rule && $0["metric"] == metric }
    }

    @Test func heilongjiangTargets() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("hlj").path
        let result = try CommandRunner.run(["run", "Scenarios/heilongjiang-2022-2030.yaml", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["manifest.json", "population.csv", "demand.csv", "supply.csv", "shortfall.csv", "findings.csv",
                     "population.json", "demand.json", "supply.json", "shortfall.json", "findings.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
        let rows = try findings(out)
        // Slots by 2026: 30,947 (2022) + 4 years × 20,000 planned = 110,947 against the plan's 134,400.
        let slots = program(rows, "nursery-totals-heilongjiang", "slots")
        #expect(slots?["provided"] == "110947.0000" && slots?["required"] == "134400.0000" && slots?["status"] == "fail")
        // Beds by 2026: 199,800 + 5 × 8,000 = 239,800 < 250,000.
        #expect(program(rows, "beds-total-heilongjiang", "beds")?["provided"] == "239800.0000")
        // Nursing-type share 2026: (91,908 + 5 × 6,000) / 239,800 = 121,908 / 239,800 = 0.50837.
        let share = Double(program(rows, "nursing-bed-share", "nursing_share")?["provided"] ?? "") ?? 0
        #expect(abs(share - 121_908.0 / 239_800.0) < 1e-4)
        // The 2026 requirement at 4.5 per 1,000 is printed beside the plan's 134,400 (the summary line).
        let printed = try CommandRunner.run(["run", "Scenarios/heilongjiang-2022-2030.yaml", "--out", folder.appendingPathComponent("again").path,
                                             "--lang", "en"])
        #expect(printed.stdout.contains("2026  nursery slots required by the standard:"))
        #expect(printed.stdout.contains("vs the plan's 134,400"))
        // Carers beside the plan's 21,730, with the class mix used and the carers a slot it implies: the default
        // mix 5% / 25% / 70% / 0% costs 0.05×4/10 + 0.25×3/15 + 0.70×3/20 = 0.175 carers a slot (1:5.7), so the
        // plan's own 134,400 slots need 134,400 × 0.175 = 23,520 carers against its 21,730 (0.162 a slot, 1:6.2).
        #expect(printed.stdout.contains("2026  carers required by the standard:"))
        #expect(printed.stdout.contains("vs the plan's 21,730"))
        #expect(printed.stdout.contains("class mix of slots: 乳儿班 6-12m 5%, 托小班 12-24m 25%, 托大班 24-36m 70%, 混合班 18-36m 0% → 0.175 carers a slot (1:5.7)"))
        #expect(printed.stdout.contains("2026  carers for the plan's 134,400 slots in this mix: 23,520 vs the plan's 21,730 (plan: 0.162 carers a slot, 1:6.2)"))
        // The manifest names the class mix, the carers a slot and the observed-use rates with their basis.
        let manifest = try String(contentsOfFile: "\(out)/manifest.json", encoding: .utf8)
        for name in ["class_mix.older", "class_mix.carers_per_slot", "propensity.enrolment_0_2",
                     "propensity.institutional_care_80plus", "propensity.disability_80plus", "propensity.disabled_in_institutions"] {
            #expect(manifest.contains("\"\(name)\""), "\(name)")
        }
        #expect(manifest.contains("institutional-residence-by-age"))
        // Same seed, same scenario: byte-identical files, here with another --jobs.
        let third = folder.appendingPathComponent("third").path
        #expect(try CommandRunner.run(["run", "Scenarios/heilongjiang-2022-2030.yaml", "--out", third, "--jobs", "1", "--quiet"]).status == 0)
        for name in ["manifest.json", "demand.csv", "shortfall.csv", "findings.csv", "population.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(third)/\(name)")), "\(name)")
        }
    }

    @Test func dehongTraining() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("dh").path
        #expect(try CommandRunner.run(["run", "Scenarios/dehong-2022-2035.yaml", "--out", out, "--quiet"]).status == 0)
        // 200 person-times of carer training a year 2022-2025 = 4 × 200 = 800 by 2025, against the plan's
        // ≥ 1,000 (任务5), which counts 养老服务员、育婴员、保育员、家政服务员 together: an indicator, not comparable,
        // so no finding says "NOT met" (issue 11: it used to).
        #expect(program(try findings(out), "nursery-worker-training", "cumulative_trained") == nil)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as? [String: Any]
        let workforce = manifest?["workforce"] as? [String: Any]
        let indicator = workforce?["training_indicator"] as? [String: Any]
        // The 200 a year are shared out over five counties by children 0-2, so the sum is 800 to rounding.
        #expect(abs(((indicator?["trained"] as? NSNumber)?.doubleValue ?? 0) - 800) < 1e-6)
        #expect((indicator?["target"] as? NSNumber)?.doubleValue == 1000)
        #expect(indicator?["comparable"] as? Bool == false && indicator?["met"] == nil)
        // No share of trainees given as new carers: 0, so training adds no carers.
        #expect((workforce?["trainees_becoming_carers"] as? NSNumber)?.doubleValue == 0)
    }

    @Test func sanyaNursingShare() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("sy").path
        #expect(try CommandRunner.run(["run", "Scenarios/sanya-2023-2030.yaml", "--out", out, "--quiet"]).status == 0)
        // Institutions' nursing beds 80+140+260+60+90+190+55+95+70 = 1,040 of 120+260+400+99+180+300+100+150+101
        // = 1,710 beds, and in 2025 the plan's 635 康养 beds (十五), counted nursing-type: (1,040 + 635) /
        // (1,710 + 635) = 1,675 / 2,345 = 71.4% ≥ Sanya's 60%. Supply is planned, not drawn: the outcome is
        // fixed by the inputs, so no probability is given, and the supply rests on assumptions.
        let share = program(try findings(out), "nursing-bed-share", "nursing_share")
        #expect(abs((Double(share?["provided"] ?? "") ?? 0) - 1675.0 / 2345.0) < 1e-4)
        #expect(share?["status"] == "pass" && share?["probability_met"] == "" && share?["outcome"] == "fixed by inputs")
        #expect(share?["supply_basis"] == "assumption")
    }

    @Test func scenarioClassMixDrivesCarers() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("mix.yaml")
        try """
            carecap: 1
            name: class mix
            population:
              census: \(CommandRunner.packageRoot.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(CommandRunner.packageRoot.path)/Scenarios/data/wpp2024_china
              horizon: 2022
              areas: ["533103"]
            demand:
              class_mix: { toddler: 0.5, older: 0.5 }
            """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("o").path
        let result = try CommandRunner.run(["run", scenario.path, "--out", out, "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        // Half toddlers, half older: 0.5 × 3/15 + 0.5 × 3/20 = 0.1 + 0.075 = 0.175 carers a slot, named with its basis.
        #expect(result.stdout.contains("托小班 12-24m 50%, 托大班 24-36m 50%, 混合班 18-36m 0% → 0.175 carers a slot (1:5.7)"))
        #expect(result.stdout.contains("demand.class_mix"))
        // Standard carers are the required slots × 0.175 in every year (demand.csv, standard basis).
        let rows = try String(contentsOfFile: "\(out)/demand.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        let header = rows[0].map(String.init)
        let measure = try #require(header.firstIndex(of: "measure")), basis = try #require(header.firstIndex(of: "basis"))
        let year = try #require(header.firstIndex(of: "year")), value = try #require(header.firstIndex(of: "p50"))
        func cell(_ m: String, _ y: String) -> Double? {
            rows.first { $0.count > value && $0[measure] == m && $0[basis] == "standard" && $0[year] == y }.flatMap { Double($0[value]) }
        }
        let slots = try #require(cell("nursery_slots", "2022")), carers = try #require(cell("carers", "2022"))
        #expect(abs(carers - 0.175 * slots) < 1e-3 * max(1, carers))
    }

    @Test func allVariantsWritesAComparison() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("v.yaml")
        try """
            carecap: 1
            name: variants
            population:
              census: \(CommandRunner.packageRoot.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(CommandRunner.packageRoot.path)/Scenarios/data/wpp2024_china
              horizon: 2025
              areas: ["533103"]
            supply:
              "533103": { nursery_slots: 800, beds: 2000 }
            variants:
              strict-slots: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }
            """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("o").path
        let result = try CommandRunner.run(["run", scenario.path, "--out", out, "--all-variants", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(out)/base/shortfall.csv"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/strict-slots/shortfall.csv"))
        let comparison = try String(contentsOfFile: "\(out)/comparison.csv", encoding: .utf8)
        func slotShortfall(_ variant: String) -> Double? {
            comparison.split(separator: "\n").first { $0.hasPrefix("\(variant),2025,nursery_slots,standard,") }
                .flatMap { Double($0.split(separator: ",")[5]) }
        }
        // 6 instead of 4.5 per 1,000 on the same population: the requirement is 6/4.5 = 4/3 times as large,
        // so the shortfall grows by a third of the base requirement: (4/3)·R − 800 vs R − 800.
        let base = try #require(slotShortfall("base")), strict = try #require(slotShortfall("strict-slots"))
        let requirement = base + 800
        #expect(abs(strict - (requirement * 4 / 3 - 800)) < 0.02)
        #expect(result.stdout.contains("Comparison across variants"))
        let unknown = try CommandRunner.run(["run", scenario.path, "--variant", "strict", "--out", folder.appendingPathComponent("x").path])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean \"strict-slots\""))
    }
}
