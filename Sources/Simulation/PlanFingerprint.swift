import Demography
import Foundation
import struct Numerics.FNV1a64
import Planning

/// A hash of the numbers a capacity plan was built from: the areas and their prefectures and provinces
/// (the regions and the shared random streams follow them), the base population, group quarters,
/// households, every projection rate with how migration is counted and the year-end weight, the
/// migration-uncertainty shares, the demand coefficients and every area's supply path.
///
/// Why: a shard folder's scenario hash covers the scenario's text only, but the numbers also rest on the
/// data files it names (census, WPP, county_extra.csv beside the census, e0 offsets, ...). Shards run on
/// nodes that saw other data, or merged after a file changed, would merge silently into a result whose
/// manifest describes inputs the shards did not use. The merge compares this hash of its own plan with
/// every shard's.
package enum PlanFingerprint {
    /// FNV-1a 64 over the plan's inputs, as "fnv1a64:" + 16 hex digits.
    package static func of(_ plan: CapacityPlan) -> String {
        var hash = FNV1a64()
        for area in plan.inputs.areas {
            hash.add(code: area.key)
            hash.add(code: area.prefectureKey)
            hash.add(code: area.provinceKey)
        }
        let inputs = plan.inputs
        hash.add(inputs.basePopulation.values)
        hash.add(inputs.groupQuarters.population.values)
        for row in inputs.personsPerHousehold { hash.add(row) }
        let rates = inputs.rates
        for profile in rates.survivalProfiles { hash.add(profile) }
        hash.add(rates.mortalityProfileOfArea.map(Double.init))
        hash.add(rates.fertilityShares)
        hash.add(rates.tfr)
        hash.add(rates.sexRatioAtBirth)
        hash.add(rates.migrationShares)
        hash.add(rates.netMigration)
        for profile in rates.e0PerLogMortality { hash.add(profile) }
        let volume: Double = switch rates.migrationVolume { case .none: 0; case .ratePerThousand: 1; case .total: 2 }
        hash.add([volume, rates.interpolationWeight ?? -1])
        let k = plan.demand.coefficients
        hash.add([k.slotsPer1000Residents, k.bedsPer1000Elderly, k.nursingBedShare, k.socialWorkersPer100Beds, k.carersPerSlot,
                  k.infantShare, k.toddlerShare, k.olderShare, k.mixedShare, k.enrolment0to2,
                  k.institutionalCare60to69, k.institutionalCare70to79, k.institutionalCare80plus,
                  k.disability60to69, k.disability70to79, k.disability80plus, k.disabledInInstitutions,
                  k.carerArithmetic == .continuous ? 0 : 1])
        hash.add(plan.mobility)
        for area in plan.supply { for year in area { hash.add(Measure.allCases.map { year[$0] }) } }
        return hash.tagged
    }

}

extension FNV1a64 {
    /// A list of doubles by their bits (little-endian), then a separator, so lists cannot run together.
    mutating func add(_ values: [Double]) {
        values.withUnsafeBufferPointer { buffer in
            for v in buffer {
                var bits = v.bitPattern.littleEndian
                Swift.withUnsafeBytes(of: &bits) { add($0) }
            }
        }
        add(UInt8(0xFF))
    }

    /// A code and a separator.
    mutating func add(code: String) {
        add(code)
        add(UInt8(0))
    }
}
