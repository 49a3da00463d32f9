import Demography
import Foundation
import Results
import Scenario

/// The manifest's list of Monte Carlo components, each with its value and the reason for it, so a
/// reader of a run can see what the bands assume without the source code.
enum UncertaintyBasis {
    typealias Component = RunManifest.UncertaintyComponent

    static func components(_ u: UncertaintySpec, plan: CapacityPlan) -> [Component] {
        let d = UncertaintySpec.defaults
        func said(_ key: String, _ value: Double, _ standard: Double, _ basis: String) -> String {
            value == standard ? "default: " + basis : "scenario uncertainty.\(key) (default \(standard): \(basis))"
        }
        let response = plan.inputs.rates.e0PerLogMortality.flatMap { $0 }
        let responseText = response.isEmpty ? "" : String(format: "; death rates move by exp(−Δe0 / R), R = de0/d(−log m) from each sex and year's life table, %.2f-%.2f years",
                                                          response.min()!, response.max()!)
        let m = u.additiveMigration
        let mobility = plan.mobility
        let mobilityText: String
        if let source = plan.mobilitySource, !mobility.isEmpty {
            let sorted = mobility.sorted()
            mobilityText = String(format: "; in-migrant shares (hukou in another county / residents, %@) %.3f-%.3f, median %.3f, so sd %.1f-%.1f per 1,000 a year",
                                  (source as NSString).lastPathComponent, sorted.first!, sorted.last!, sorted[sorted.count / 2],
                                  m.sd(mobility: sorted.first!), m.sd(mobility: sorted.last!))
        } else {
            mobilityText = "; no census mobility file: every area at the floor"
        }
        let correlation = u.behaviourCorrelation == 0
            ? "independent of childcare enrolment (uncertainty.behaviour_correlation 0)"
            : "correlation \(u.behaviourCorrelation) with childcare enrolment (uncertainty.behaviour_correlation)"
        return [
            Component(name: .tfrLogInnovation, sd: u.tfr.sd, shared: u.tfr.shared, persistence: u.tfr.persistence,
                      basis: said("tfr.sd", u.tfr.sd, d.tfr.sd, "AR(1) of log TFR; with 0.95 persistence the 80% band after 15 years is about ±17%, near WPP 2024's probabilistic spread for China")),
            Component(name: .e0Years, sd: u.e0.sd, shared: u.e0.shared, persistence: 0,
                      basis: said("e0.sd", u.e0.sd, d.e0.sd, "level of a county's e0 against the national one, not measured by area") + responseText),
            Component(name: .e0YearsPerYear, sd: u.e0.sdPerYear, shared: u.e0.shared, persistence: u.e0.persistence,
                      basis: said("e0.sd_per_year", u.e0.sdPerYear, d.e0.sdPerYear, "random walk: WPP 2024's probabilistic e0 for China spreads about ±2.5 years (95%) by 2050, about 1.3 years sd after 30 years")),
            Component(name: .migrationScale, sd: u.migration.sd, shared: u.migration.shared, persistence: 0,
                      basis: said("migration.sd", u.migration.sd, d.migration.sd, "relative scale of the central net migration assumption; nothing when it is zero")),
            Component(name: .migrationPer1000, sd: m.perThousand, shared: m.provinceShared, persistence: m.persistence,
                      basis: said("migration.per_1000", m.perThousand, d.additiveMigration.perThousand,
                                  "additive net migration per 1,000 a year, sd = a + b × in-migrant share, stationary AR(1), shared by the areas of a province; a = 4 is the swing of counties few move into (their out-migration is not in the census's hukou columns)") + mobilityText),
            Component(name: .migrationPer1000PerMobility, sd: m.perThousandPerMobility, shared: m.provinceShared, persistence: m.persistence,
                      basis: said("migration.per_1000_per_mobility", m.perThousandPerMobility, d.additiveMigration.perThousandPerMobility,
                                  "b = 30: a county with 20% in-migrants gets sd 4 + 6 = 10 per 1,000 a year, a 1.5% yearly turnover of its migrant stock (half the stock renews in about 7 years)")),
            Component(name: .enrolmentLog, sd: u.enrolment.sd, shared: u.enrolment.shared, persistence: 0,
                      basis: said("enrolment.sd", u.enrolment.sd, d.enrolment.sd, "level of a county's enrolment against the national 6%")),
            Component(name: .enrolmentLogPerYear, sd: u.enrolment.sdPerYear, shared: u.enrolment.shared, persistence: u.enrolment.persistence,
                      basis: said("enrolment.sd_per_year", u.enrolment.sdPerYear, d.enrolment.sdPerYear, "random walk: enrolment is policy-driven and has moved about 10% a year since 2019")),
            Component(name: .institutionalCareLog, sd: u.institutionalCare.sd, shared: u.institutionalCare.shared, persistence: 0,
                      basis: said("institutional_care.sd", u.institutionalCare.sd, d.institutionalCare.sd, "level of a county's residence in care homes against the observed rates by age (about 1% of 60+), with the share of the disabled in institutions") + "; " + correlation),
            Component(name: .institutionalCareLogPerYear, sd: u.institutionalCare.sdPerYear, shared: u.institutionalCare.shared,
                      persistence: u.institutionalCare.persistence,
                      basis: said("institutional_care.sd_per_year", u.institutionalCare.sdPerYear, d.institutionalCare.sdPerYear, "random walk: the share of the elderly in institutions moves slowly (bed occupancy near one half for a decade)")),
            Component(name: .undercount0to4, sd: u.undercount.sd, shared: u.undercount.shared, persistence: 0,
                      basis: String(format: "base population at ages 0-4 × (1 + u), u ~ N(%.3f, %.3f²) per draw; ", u.undercount.mean, u.undercount.sd)
                        + said("undercount_0_4", u.undercount.mean, d.undercount.mean, "post-enumeration surveys and later counts of the same cohorts put the census miss of young children at 2-5%")),
        ]
    }

    /// The mean life-table response over profiles, steps and sexes (years of e0 per unit log mortality).
    static func meanE0Response(_ rates: ProjectionRates) -> Double? {
        let all = rates.e0PerLogMortality.flatMap { $0 }
        return all.isEmpty ? nil : all.reduce(0, +) / Double(all.count)
    }
}
