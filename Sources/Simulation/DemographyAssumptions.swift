import Demography
import Foundation
import Results
import Scenario

/// The demographic assumptions of a scenario in words, each with its basis: what `project` writes
/// in its manifest.json and `run` in its manifest (and store), so that a figure can be traced to the
/// reference moment, fertility level and path, mortality, migration, group quarters and households
/// it rests on, and to every area that needed special handling.
package enum DemographyAssumptions {
    package static func list(section: PopulationSection, inputs: ProjectionInputs) -> [RunManifest.Assumption] {
        let adjusted = inputs.calibration.filter(\.tfrAdjusted)
        let adjustedText = adjusted.isEmpty ? "none" : "\(adjusted.count): " + adjusted.map { c in
            "\(c.name) (\(c.key)) \(c.ownTFR.map { String(format: "%.2f", $0) } ?? "–")→\(String(format: "%.2f", c.tfr))"
        }.joined(separator: ", ")
        return [
            .init("reference", reference(section.reference)),
            .init("fertility_level", fertilityLevel(section)),
            .init("age0_coverage", FertilityLevel.ageZeroCoverage),
            .init("fertility_path", fertilityPath(section)),
            .init("fertility_schedule", schedule(section)),
            .init("sex_ratio_at_birth", section.sexRatioAtBirth.map { "\($0) males per female birth (scenario)" } ?? "WPP 2024 by year"),
            .init("areas_shrunk_or_bounded", adjustedText),
            .init("mortality", mortality(section)),
            .init("migration", migration(section)),
            .init("group_quarters", groupQuarters(section.groupQuarters)),
            .init("households", section.personsPerHousehold.map {
                "family-household size moving linearly from the census's to \($0) persons; households = (population − group quarters) ÷ size"
            } ?? "census family-household size held; households = (population − group quarters) ÷ size"),
        ]
    }

    package static func reference(_ reference: PopulationReference) -> String {
        switch reference {
        case .yearEnd: return "31 Dec of each year (年末): linear between the 1 Nov census moments of the year and the next, the steps run one year past the horizon"
        case .census: return "1 Nov of each year (普查时点): the projection's own steps"
        }
    }

    package static func fertilityLevel(_ section: PopulationSection) -> String {
        section.calibrateToCensus
            ? "calibrated to census age 0 × \(section.ageZeroAdjustment), " + FertilityLevel.stabilisation
            : "given \(section.tfr ?? 0)"
    }

    package static func fertilityPath(_ section: PopulationSection) -> String {
        switch section.tfrPath {
        case .wpp: return "following WPP 2024: each area's level × TFR_WPP(t) / TFR_WPP(\(section.baseYear)), estimates to 2023 (tfr.tsv), the medium variant after (tfrprojMed.tsv)"
        case .constant: return "constant"
        case let .linear(to, by): return "linear to \(to) by \(by)"
        case let .logistic(to, by): return "logistic to \(to) by \(by)"
        case let .fitted(history): return "logistic fitted to \(history.count) years of history"
        }
    }

    package static func schedule(_ section: PopulationSection) -> String {
        section.scheduleTiming == .following
            ? "following: WPP 2024 percent of TFR by age of each year" : "held: WPP 2024 percent of TFR by age of \(section.baseYear)"
    }

    package static func mortality(_ section: PopulationSection) -> String {
        let offset = section.e0OffsetFile.map { "file \($0.written)" }
            ?? (section.e0Offset.isEmpty ? "0" : section.e0Offset.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        return "WPP 2024 central death rates, log-linear across ages and periods; e0 offset \(offset)"
    }

    package static func migration(_ section: PopulationSection) -> String {
        switch section.migration {
        case .none: return "none"
        case let .ratePerThousand(rate): return "\(rate) per 1,000 a year, \(section.migrationProfile.rawValue) age profile"
        case let .total(total): return "\(total) a year per area, \(section.migrationProfile.rawValue) age profile"
        }
    }

    /// How residents outside family households are treated.
    package static func groupQuarters(_ source: PopulationSection.GroupQuartersSource) -> String {
        switch source {
        case .none: return "none: every resident projected as a household member"
        case let .file(file): return "held constant at the counts of \(file.written) (code, sex, age group); households = (population − group) ÷ census family-household size"
        case .estimated: return "held constant at the base year: census total − family-household population, placed first on the area's excess over its prefecture's (else province's, else nation's) age-sex shares at 15-34, the rest like the area's own ages 5+; only households are projected; households = (population − group) ÷ census family-household size"
        }
    }
}
