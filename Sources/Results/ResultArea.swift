/// An area of a run as the census names it, with its parents up to the province, and the point that
/// places it on a map (from the county points file, when the scenario names one).
package struct ResultArea: Sendable, Equatable, Codable {
    package var code: String
    package var name: String
    /// The census row's level: county, zone, or prefecture (a prefecture-level city without counties).
    package var level: String
    package var prefectureCode: String
    package var prefecture: String
    package var provinceCode: String
    package var province: String
    package var longitude: Double?
    package var latitude: Double?
    /// How the point was found (`county`, or a coarser fallback the points file names).
    package var pointPrecision: String?

    /// `prefectureCode` and `provinceCode`: the parents' keys as the census hierarchy found them; nil
    /// derives them from the code's digits (GB/T 2260), which a zone (no code) or a unit coded outside
    /// its prefecture (五台山 170971 in 忻州市) does not allow.
    package init(code: String, name: String, level: String, prefecture: String, province: String,
                longitude: Double? = nil, latitude: Double? = nil, pointPrecision: String? = nil,
                prefectureCode: String? = nil, provinceCode: String? = nil)
    {
        self.code = code
        self.name = name
        self.level = level
        self.prefecture = prefecture
        self.province = province
        // Chinese administrative codes: 2 digits province, 2 prefecture, 2 county.
        let digits = Array(code)
        let coded = digits.count == 6 && digits.allSatisfy(\.isNumber)
        self.provinceCode = provinceCode ?? (coded ? String(digits[0..<2]) + "0000" : "")
        self.prefectureCode = prefectureCode ?? (coded ? String(digits[0..<4]) + "00" : "")
        self.longitude = longitude
        self.latitude = latitude
        self.pointPrecision = pointPrecision
    }
}

/// Five-year age groups by sex on the central path, in the base year and the horizon: what the
/// report's population pyramids draw. `age` is the group's first year (85 = 85-89, 100 = 100+).
package struct PyramidRow: Sendable, Equatable {
    package enum Sex: String, Sendable, Codable { case male = "M", female = "F" }

    package var area: String
    package var year: Int
    package var sex: Sex
    package var age: Int
    package var population: Double

    package init(area: String, year: Int, sex: Sex, age: Int, population: Double) {
        self.area = area
        self.year = year
        self.sex = sex
        self.age = age
        self.population = population
    }
}

/// Where an area's supply of one measure comes from, as the scenario gives it: a level, institutions,
/// planned changes, district deliveries, training. A measure with no source is unknown, not zero.
package struct SupplyDeclaration: Sendable, Equatable {
    package enum Source: String, Sendable, Codable, CaseIterable {
        case level, institutions, changes, districts, training
    }

    package var area: String
    package var measure: ResultMeasure
    package var sources: [Source]
    /// Whether the value rests on a document the scenario names, on an assumption, or is not given.
    package var basis: SupplyBasis
    /// The documents and assumptions behind it, as the scenario's `sources:` names them ("; " between
    /// parts); empty for an assumption with no stated basis or a measure not given.
    package var citation: String

    package init(area: String, measure: ResultMeasure, sources: [Source], basis: SupplyBasis? = nil, citation: String = "") {
        self.area = area
        self.measure = measure
        self.sources = sources
        self.basis = basis ?? (sources.isEmpty ? .notProvided : .assumption)
        self.citation = citation
    }
}

/// What the scenario says beyond the run's tables, for the report's baseline: institutions, inclusive
/// beds, package nurseries and new districts' elder-care rooms by area, and the variants' edits.
/// nil means the scenario does not say (shown as unknown, never as zero).
package struct AreaFacts: Sendable, Equatable {
    package var area: String
    package var institutions: Int?
    package var inclusiveBeds: Double?
    package var publicNurseries: Double?
    package var communityRooms: Int?
    package var communityRoomsM2: Double?

    package init(area: String, institutions: Int? = nil, inclusiveBeds: Double? = nil, publicNurseries: Double? = nil,
                communityRooms: Int? = nil, communityRoomsM2: Double? = nil)
    {
        self.area = area
        self.institutions = institutions
        self.inclusiveBeds = inclusiveBeds
        self.publicNurseries = publicNurseries
        self.communityRooms = communityRooms
        self.communityRoomsM2 = communityRoomsM2
    }
}

/// A variant of the scenario and its edits (`key.path: value`), for the assumptions table.
package struct VariantEdits: Sendable, Equatable, Codable {
    package var name: String
    package var edits: [Edit]

    package struct Edit: Sendable, Equatable, Codable {
        package var keyPath: String
        package var value: String

        package init(keyPath: String, value: String) {
            self.keyPath = keyPath
            self.value = value
        }
    }

    package init(name: String, edits: [Edit]) {
        self.name = name
        self.edits = edits
    }

    package var text: String { edits.map { "\($0.keyPath): \($0.value)" }.joined(separator: ", ") }
}
