import Demography

/// The scenario's `population:` section: what to project, from which data, under which assumptions.
/// Paths are resolved against the scenario file's folder; numbers are validated here, the data files
/// when the projection loads them.
public struct PopulationSection: Sendable, Equatable {
    /// A data file named in the scenario, with where it was named (for errors about the file's use).
    public struct DataPath: Sendable, Equatable {
        /// Resolved against the scenario's folder.
        public let path: String
        /// As written in the scenario.
        public let written: String
        public let keyPath: String
        public let line: Int?
        public let column: Int?
    }

    public enum Detail: String, Sendable, CaseIterable {
        case singleYear = "single-year"
        case fiveYear = "five-year"
        case service
    }

    public enum TFRPathSpec: Sendable, Equatable {
        /// The calibrated level moving with the national WPP 2024 TFR (`type: wpp`); the default
        /// for a calibrated level.
        case wpp
        case constant
        case linear(to: Double, by: Int)
        case logistic(to: Double, by: Int)
        /// A logistic fitted to `tfr_history`.
        case fitted(history: [Int: Double])
    }

    public enum MigrationVolumeSpec: Sendable, Equatable {
        case none
        case ratePerThousand(Double)
        case total(Double)
    }

    public enum MigrationProfileSpec: String, Sendable, CaseIterable {
        /// Rogers–Castro fitted to WPP's net migrants by age.
        case wpp
        /// Rogers–Castro with the model schedule's standard parameters.
        case standard
    }

    public enum ScheduleTiming: String, Sendable, CaseIterable {
        case held
        case following
    }

    /// What a region's code in `areas` means.
    public enum AreaUnits: String, Sendable, CaseIterable {
        /// Its leaf units (counties, zones, prefecture-level cities without counties).
        case leaves
        /// The region's own row, projected as one unit (plans kept by prefecture).
        case named
    }

    /// Residents outside family households, held constant (`population.group_quarters`).
    public enum GroupQuartersSource: Sendable, Equatable {
        /// Estimated from the census: total − family-household population, by the area's excess at 15-34.
        case estimated
        /// Everyone projected as a household member.
        case none
        /// A file of `code, sex, age_group, count`.
        case file(DataPath)
    }

    public var census: DataPath
    /// More census columns by code (`county_extra.csv`: residents whose hukou is elsewhere, by origin),
    /// from `population.census_extra`; nil: `county_extra.csv` beside the census file when there is
    /// one (`ProjectionRun.censusExtraPath`), else none. Only the migration uncertainty reads it.
    public var censusExtra: DataPath?
    /// A point per county (`code, name, longitude, latitude, precision, …`) for the result store's map
    /// layer; nil: the layer's areas have no geometry.
    public var points: DataPath?
    /// Optional single files that replace the WPP folder's: death rates (male, female) and the
    /// fertility age schedule (percent of TFR by 5-year age), as DESIGN.md's `wpp_mx` and `schedule`.
    /// `[male, female]` when given.
    public var deathRateFiles: [DataPath]?
    public var fertilityScheduleFile: DataPath?
    /// Folder with the WPP 2024 files (mxM5.tsv, mxF5.tsv, percentASFR5.tsv, tfr.tsv, …).
    public var wpp: DataPath
    public var baseYear: Int
    public var horizon: Int
    /// nil: every leaf unit of the census.
    public var areas: [String]?
    /// `population.area_units`: leaves (default) or the regions named as units.
    public var areaUnits: AreaUnits = .leaves
    /// `population.reference`: the moment of each year the figures describe; year-end (年末, as
    /// planning documents and yearbooks count residents) unless the scenario says census.
    public var reference: PopulationReference = .yearEnd
    /// Where each of `areas` is written: (line, column), for errors about an area the census lacks.
    public var areaPositions: [[Int]] = []
    /// Years of life expectancy at birth above (or below) the national WPP level, per area code;
    /// the key "*" applies to areas not named.
    public var e0Offset: [String: Double]
    /// `mortality.e0_offset: FILE`: offsets by area and sex (`code, male, female`), instead of numbers.
    public var e0OffsetFile: DataPath?
    public var groupQuarters: GroupQuartersSource
    public var tfr: Double?
    public var calibrateToCensus: Bool
    /// Raises the census age-0 count before calibration, for infant under-count (1.0: as counted).
    public var ageZeroAdjustment: Double
    public var tfrPath: TFRPathSpec
    public var scheduleTiming: ScheduleTiming
    /// nil: WPP's sex ratio at birth of each year.
    public var sexRatioAtBirth: Double?
    public var migration: MigrationVolumeSpec
    public var migrationProfile: MigrationProfileSpec
    /// nil: each area's census household size, held.
    public var personsPerHousehold: Double?
    /// nil: the command's own default (single-year for `project`, service for `run`).
    public var detail: Detail?

    /// An upper bound on the units projected, known before the census is read (for memory estimates):
    /// the keys of `areas` when each is one unit (county codes, or `area_units: named`), else
    /// `censusRows()` (a region or a key without a code may stand for many leaves).
    public func unitCountBound(censusRows: () -> Int) -> Int {
        guard let areas else { return censusRows() }
        let oneUnitEach = areaUnits == .named || areas.allSatisfy {
            $0.utf8.count == 6 && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !$0.hasSuffix("00")
        }
        return oneUnitEach ? Set(areas).count : censusRows()
    }

    public init(census: DataPath, wpp: DataPath, baseYear: Int, horizon: Int) {
        self.census = census
        self.points = nil
        self.wpp = wpp
        self.baseYear = baseYear
        self.horizon = horizon
        self.deathRateFiles = nil
        self.fertilityScheduleFile = nil
        self.areas = nil
        self.e0Offset = [:]
        self.e0OffsetFile = nil
        self.groupQuarters = .estimated
        self.tfr = nil
        self.calibrateToCensus = true
        self.ageZeroAdjustment = 1
        self.tfrPath = .wpp
        self.scheduleTiming = .following
        self.sexRatioAtBirth = nil
        self.migration = .none
        self.migrationProfile = .wpp
        self.personsPerHousehold = nil
        self.detail = nil
    }
}
