import Demography
import Foundation
import Planning

/// A hash of the numbers a capacity plan was built from: the areas, the base population, group quarters,
/// households, every projection rate, the migration-uncertainty shares and every area's supply path.
///
/// Why: a shard folder's scenario hash covers the scenario's text only, but the numbers also rest on the
/// data files it names (census, WPP, county_extra.csv beside the census, e0 offsets, ...). Shards run on
/// nodes that saw other data, or merged after a file changed, would merge silently into a result whose
/// manifest describes inputs the shards did not use. The merge compares this hash of its own plan with
/// every shard's.
package enum PlanFingerprint {
    /// FNV-1a 64 over the plan's inputs, as "fnv1a64:" + 16 hex digits.
    package static func of(_ plan: CapacityPlan) -> String {
        var hash = Hasher64()
        for code in plan.areaCodes { hash.add(code) }
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
        hash.add(plan.mobility)
        for area in plan.supply { for year in area { hash.add(Measure.allCases.map { year[$0] }) } }
        return "fnv1a64:" + String(format: "%016llx", hash.value)
    }

    struct Hasher64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func byte(_ b: UInt8) { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }

        mutating func add(_ text: String) {
            for b in text.utf8 { byte(b) }
            byte(0)
        }

        mutating func add(_ values: [Double]) {
            for v in values {
                var bits = v.bitPattern
                for _ in 0..<8 { byte(UInt8(truncatingIfNeeded: bits)); bits >>= 8 }
            }
            byte(0xFF)
        }
    }
}
