/// A calendar year a projection needs rates for that a WPP table does not cover: rates would
/// otherwise be held silently from the table's first or last column.
public struct WPPCoverageGap: Sendable, Equatable, CustomStringConvertible {
    /// The file of the table.
    public let path: String
    /// The first year needed and missing.
    public let year: Int
    /// The years the table covers.
    public let covered: ClosedRange<Int>
    /// The years the projection needs from this table.
    public let needed: ClosedRange<Int>

    /// Whether the gap lies before the table (the base year is too early) rather than after it.
    public var isBeforeTable: Bool { year < covered.lowerBound }

    public var description: String {
        "\(path) covers \(covered.lowerBound)-\(covered.upperBound); the projection needs \(needed.lowerBound)-\(needed.upperBound), first missing \(year)"
    }

    /// The first gap of the tables `setup` reads, in the order: death rates, fertility schedule,
    /// sex ratio at birth, TFR (for a calibration that falls back to the national level), and the
    /// net migrants when the migration profile is fitted to them. Needed years run from the
    /// calendar year of the step before the census (the calibration's) to that of the last step.
    public static func first(in wpp: WPPRates, setup: ProjectionSetup, migrationProfileFromWPP: Bool) -> WPPCoverageGap? {
        let first = setup.stepCalendarYear(startingIn: setup.baseYear - 1)
        let last = max(first, setup.stepCalendarYear(startingIn: setup.stepHorizon - 1))
        let all = first...last
        var checks: [(path: String, covered: ClosedRange<Int>, needed: ClosedRange<Int>)] = [
            (wpp.maleDeathRates.path, wpp.maleDeathRates.coveredYears, all),
            (wpp.femaleDeathRates.path, wpp.femaleDeathRates.coveredYears, all),
            (wpp.fertilityPercent.path, wpp.fertilityPercent.coveredYears,
             setup.fertility.schedule == .heldAtBaseYear ? setup.baseYear...setup.baseYear : all),
        ]
        if setup.fertility.sexRatio == .wpp, let covered = wpp.sexRatioAtBirth.coveredYears {
            checks.append((wpp.sexRatioAtBirth.path, covered, all))
        }
        if let estimates = wpp.tfrEstimates.coveredYears {
            let medium = wpp.tfrMedium.coveredYears
            let end = medium.map { $0.lowerBound <= estimates.upperBound + 1 ? max($0.upperBound, estimates.upperBound) : estimates.upperBound }
                ?? estimates.upperBound
            // A path following WPP reads every year from the calibration's to the last step's.
            checks.append((wpp.tfrEstimates.path, estimates.lowerBound...end,
                           setup.fertility.path == .followingWPP ? all : setup.baseYear...setup.baseYear))
        }
        if migrationProfileFromWPP, let male = wpp.maleNetMigrants, let female = wpp.femaleNetMigrants {
            checks.append((male.path, male.coveredYears, setup.baseYear...setup.baseYear))
            checks.append((female.path, female.coveredYears, setup.baseYear...setup.baseYear))
        }
        for check in checks {
            if check.needed.lowerBound < check.covered.lowerBound {
                return WPPCoverageGap(path: check.path, year: check.needed.lowerBound, covered: check.covered, needed: check.needed)
            }
            if check.needed.upperBound > check.covered.upperBound {
                return WPPCoverageGap(path: check.path, year: max(check.covered.upperBound + 1, check.needed.lowerBound),
                                      covered: check.covered, needed: check.needed)
            }
        }
        return nil
    }
}

extension WPPYearSeries {
    /// First to last year, or nil for an empty series.
    public var coveredYears: ClosedRange<Int>? {
        guard let first = years.first, let last = years.last else { return nil }
        return first...last
    }
}
