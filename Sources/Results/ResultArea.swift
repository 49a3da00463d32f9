/// An area of a run as the census names it, with its parents up to the province, and the point that
/// places it on a map (from the county points file, when the scenario names one).
public struct ResultArea: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    /// The census row's level: county, prefecture, province.
    public var level: String
    public var prefectureCode: String
    public var prefecture: String
    public var provinceCode: String
    public var province: String
    public var longitude: Double?
    public var latitude: Double?
    /// How the point was found (`county`, or a coarser fallback the points file names).
    public var pointPrecision: String?

    public init(code: String, name: String, level: String, prefecture: String, province: String,
                longitude: Double? = nil, latitude: Double? = nil, pointPrecision: String? = nil)
    {
        self.code = code
        self.name = name
        self.level = level
        self.prefecture = prefecture
        self.province = province
        // Chinese administrative codes: 2 digits province, 2 prefecture, 2 county.
        let digits = Array(code)
        if digits.count == 6 && digits.allSatisfy(\.isNumber) {
            provinceCode = String(digits[0..<2]) + "0000"
            prefectureCode = String(digits[0..<4]) + "00"
        } else {
            provinceCode = ""
            prefectureCode = ""
        }
        self.longitude = longitude
        self.latitude = latitude
        self.pointPrecision = pointPrecision
    }
}

/// Five-year age groups by sex on the central path, in the base year and the horizon: what the
/// report's population pyramids draw. `age` is the group's first year (85 = 85-89, 100 = 100+).
public struct PyramidRow: Sendable, Equatable {
    public enum Sex: String, Sendable, Codable { case male = "M", female = "F" }

    public var area: String
    public var year: Int
    public var sex: Sex
    public var age: Int
    public var population: Double

    public init(area: String, year: Int, sex: Sex, age: Int, population: Double) {
        self.area = area
        self.year = year
        self.sex = sex
        self.age = age
        self.population = population
    }
}

/// Where an area's supply of one measure comes from, as the scenario gives it: a level, institutions,
/// planned changes, district deliveries, training. A measure with no source is unknown, not zero.
public struct SupplyDeclaration: Sendable, Equatable {
    public enum Source: String, Sendable, Codable, CaseIterable {
        case level, institutions, changes, districts, training
    }

    public var area: String
    public var measure: ResultMeasure
    public var sources: [Source]

    public init(area: String, measure: ResultMeasure, sources: [Source]) {
        self.area = area
        self.measure = measure
        self.sources = sources
    }
}

/// What the scenario says beyond the run's tables, for the report's baseline: institutions, inclusive
/// beds, public nurseries and new districts' elder-care rooms by area, and the variants' edits.
/// nil means the scenario does not say (shown as unknown, never as zero).
public struct AreaFacts: Sendable, Equatable {
    public var area: String
    public var institutions: Int?
    public var inclusiveBeds: Double?
    public var publicNurseries: Double?
    public var communityRooms: Int?
    public var communityRoomsM2: Double?

    public init(area: String, institutions: Int? = nil, inclusiveBeds: Double? = nil, publicNurseries: Double? = nil,
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
public struct VariantEdits: Sendable, Equatable, Codable {
    public var name: String
    public var edits: [Edit]

    public struct Edit: Sendable, Equatable, Codable {
        public var keyPath: String
        public var value: String

        public init(keyPath: String, value: String) {
            self.keyPath = keyPath
            self.value = value
        }
    }

    public init(name: String, edits: [Edit]) {
        self.name = name
        self.edits = edits
    }

    public var text: String { edits.map { "\($0.keyPath): \($0.value)" }.joined(separator: ", ") }
}
