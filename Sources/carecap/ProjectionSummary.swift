import Demography
import Foundation
import Reporting
import Scenario
import Simulation

/// What `carecap project` prints and the small tables it writes beside the population.
enum ProjectionSummary {
    /// Totals over all projected areas in the base year, every fifth year and the horizon.
    static func table(_ result: ProjectionResult, scenario: Scenario, language: Language = .zh) -> String {
        table(areaCount: result.areas.count, years: result.years, scenario: scenario, language: language, serviceAges: result.serviceAges(area:year:))
    }

    static func table(_ table: ServiceAgeTable, scenario: Scenario, language: Language = .zh) -> String {
        self.table(areaCount: table.areaCount, years: table.years, scenario: scenario, language: language, serviceAges: table.serviceAges(area:year:))
    }

    /// Under-3s are each area's `ages0to2` (both sexes), so the stored and the streaming
    /// projections print the same table.
    /// "0-2" here is every child aged 0, 1 or 2 (`ages0to2`): a `run` report's nursery ages are 6-36 months
    /// and carry that name, so the two numbers never share a label.
    static func table(areaCount: Int, years: ClosedRange<Int>, scenario: Scenario, language: Language = .zh,
                      serviceAges: (Int, Int) -> ServiceAges) -> String {
        let shown = years.filter { $0 == years.lowerBound || $0 == years.upperBound || $0 % 5 == 0 }
        let moment = scenario.population.map { section -> String in
            let monthDay = section.reference.monthDay(baseYearFraction: ProjectionSetup.censusMoment)
            let zh = Labels.table["console.moment.\(monthDay)"]?.zh
            return language == .zh ? zh ?? monthDay : PopulationReference.label(monthDay: monthDay)
        } ?? ""
        var out = Labels.fill("console.project_head", language, [scenario.name, String(areaCount), String(years.lowerBound), String(years.upperBound)])
        out += moment.isEmpty ? "\n" : Labels.fill("console.project_moment", language, [moment]) + "\n"
        let headers = ["year", "total", "0-2", "3-5", "60+", "65+", "80+", "60+share", "households"].map { Labels.text("console.project.\($0)", language) }
        var rows: [[String]] = []
        for year in shown {
            var total = 0.0, under3 = 0.0, preschool = 0.0, sixty = 0.0, sixtyFive = 0.0, eighty = 0.0, households = 0.0
            for area in 0..<areaCount {
                let s = serviceAges(area, year)
                total += s.total
                sixty += s.ages60plus
                sixtyFive += s.ages65plus
                eighty += s.ages80plus
                households += s.households
                preschool += s.ages3to5
                under3 += s.ages0to2
            }
            rows.append([String(year), NumberFormatting.display(total.rounded()),
                         NumberFormatting.display(under3.rounded()),
                         NumberFormatting.display(preschool.rounded()),
                         NumberFormatting.display(sixty.rounded()),
                         NumberFormatting.display(sixtyFive.rounded()),
                         NumberFormatting.display(eighty.rounded()),
                         String(format: "%.1f%%", total > 0 ? 100 * sixty / total : 0),
                         NumberFormatting.display(households.rounded())])
        }
        // Widths on screen: a Chinese character takes two columns.
        var widths = headers.map(DisplayWidth.of)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in DisplayWidth.pad(cell, to: widths[i], right: true) }
                .joined(separator: "  ")
        }
        out += line(headers) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    static let calibrationNumericColumns = ["tfr", "own_tfr", "credibility_weight", "target_age0", "model_age0", "e0_male", "e0_female",
                                            "persons_per_household"]


    /// Areas whose calibrated TFR was shrunk by more than 5%, bounded, or taken from a parent:
    /// the warnings of the calibration that say so.
    static func fertilityAdjusted(_ inputs: ProjectionInputs) -> [AreaCalibration] {
        inputs.calibration.filter(\.tfrAdjusted)
    }

    /// One line for the summary: how many areas' TFR was adjusted and the first few.
    static func fertilityAdjustedLine(_ inputs: ProjectionInputs, shown: Int = 5) -> String? {
        let adjusted = fertilityAdjusted(inputs)
        guard !adjusted.isEmpty else { return nil }
        let first = adjusted.prefix(shown).map { c in
            "\(c.name) (\(c.key)) \(c.ownTFR.map { fixed($0, 2) } ?? "–")→\(fixed(c.tfr, 2))"
        }
        let more = adjusted.count > shown ? ", … (every one in the warnings and the manifest)" : ""
        return "TFR shrunk toward the prefecture's, bounded or taken from it: \(adjusted.count) area\(adjusted.count == 1 ? "" : "s"): "
            + first.joined(separator: ", ") + more + "\n"
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// Every warning of the preparation: census rows left out, each area's calibration and
    /// household fallbacks, populations held at zero. Printed on standard error and written to the
    /// manifest.
    static func warnings(_ inputs: ProjectionInputs) -> [String] {
        inputs.censusWarnings.map(\.description) + inputs.calibration.flatMap(\.warnings) + inputs.migrationWarnings + inputs.warnings
    }

    static func manifest(scenario: Scenario, section: PopulationSection, inputs: ProjectionInputs,
                         detail: PopulationSection.Detail, version: String) -> String {
        func s(_ text: String) -> String { JSONText.string(text) }
        let warnings = Self.warnings(inputs)
        let fertility = DemographyAssumptions.fertilityPath(section)
        let level = DemographyAssumptions.fertilityLevel(section)
        let schedule = DemographyAssumptions.schedule(section)
        let adjusted = Self.fertilityAdjusted(inputs)
        let migration = DemographyAssumptions.migration(section)
        return """
            {
              "tool": "carecap \(version)",
              "command": "project",
              "scenario": \(s(scenario.file)),
              "scenario_name": \(s(scenario.name)),
              "census": \(s(section.census.written)),
              "wpp": \(s(section.wpp.written)),
              "base_year": \(section.baseYear),
              "horizon": \(section.horizon),
              "reference": \(s(section.reference.rawValue)),
              "reference_date": \(s(section.reference.monthDay(baseYearFraction: ProjectionSetup.censusMoment))),
              "reference_basis": \(s(DemographyAssumptions.reference(section.reference))),
              "areas": \(inputs.areas.count),
              "detail": \(s(detail.rawValue)),
              "fertility": {"level": \(s(level)), "age0_coverage": \(s(FertilityLevel.ageZeroCoverage)), "path": \(s(fertility)), "schedule": \(s(schedule)), "sex_ratio_at_birth": \(s(section.sexRatioAtBirth.map { String($0) } ?? "WPP 2024 by year")), "areas_shrunk_or_bounded": \(adjusted.count)},
              "mortality": \(s(DemographyAssumptions.mortality(section))),
              "migration": \(s(migration)),
              "group_quarters": \(s(DemographyAssumptions.groupQuarters(section.groupQuarters))),
              "warnings": [\(warnings.map(s).joined(separator: ", "))]
            }

            """
    }
}
