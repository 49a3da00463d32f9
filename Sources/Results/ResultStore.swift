import Foundation
import GRDB

/// `results.gpkg`: a run's result as a GeoPackage (an SQLite file). One attribute table per part of
/// `RunResult` and the point layer `areas`; written in one transaction with prepared statements, and
/// read back into the same value by `carecap report` and `carecap compare`.
package enum ResultStore {
    package static let fileName = "results.gpkg"
    /// Bumped when a table's layout changes; a reader refuses a store of another layout.
    static let layoutVersion = 4

    package enum Failure: Error, CustomStringConvertible, Equatable {
        case missing(String)
        case notAStore(String, String)
        case malformed(String, String, String)
        case cannotWrite(String, String)
        /// The path exists but cannot be read as what it should be (a folder, a loop, permission denied).
        case unreadable(String, String)

        package var description: String {
            switch self {
            case let .missing(path): "\(path) is missing: not a finished carecap run folder"
            case let .notAStore(path, why): "\(path): not a CareCap result store (\(why))"
            case let .malformed(path, table, why): "\(path): table \(table): \(why)"
            case let .cannotWrite(path, why): "cannot write \(path): \(why)"
            case let .unreadable(path, why): "\(path): \(why)"
            }
        }
    }

    /// The long tables, by name, with what their rows are.
    static func longTables(_ r: RunResult) -> [(name: String, table: QuantileTable, about: String)] { [
        ("population", r.population, "projected service-age populations by area and year: P10, P50, P90 over the draws (persons; households)"),
        ("demand", r.demand, "demand per measure on the standard and propensity bases: P10, P50, P90"),
        ("supply", r.supply, "planned supply per measure (the same in every draw)"),
        ("shortfall", r.shortfall, "demand minus supply where positive: P10, P50, P90"),
    ] }

    /// Writes `result` to a new file at `path` (which must not exist).
    /// SQLite's page size for a new store, in bytes (the largest SQLite allows).
    static let pageSize = 65536

    package static func write(_ result: RunResult, to path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            throw Failure.cannotWrite(path, "the file exists")
        }
        do {
            var configuration = Configuration()
            configuration.journalMode = .default
            SQLiteSetup.prepare()
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            // A new file inside a folder that is renamed into place when complete: no journal needed.
            // Pages of 64 KiB (set before the first table): the store is millions of rows appended once and
            // read in long scans, and larger pages mean fewer b-tree pages to split and link; inserting the
            // national run's population table took 0.26 s instead of 0.32 s at SQLite's default 4 KiB
            // (sqlite3 3.40, the same rows, 2026-11-30). GeoPackage readers take any page size SQLite does.
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = \(pageSize); PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            }
            try queue.write { db in try insert(result, into: db) }
            try queue.close()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.cannotWrite(path, "\(error)")
        }
    }

    static func insert(_ r: RunResult, into db: Database) throws {
        try GeoPackage.createMetadata(db)
        let id = "fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"

        try db.execute(sql: "CREATE TABLE manifest (\(id), key TEXT NOT NULL UNIQUE, value TEXT NOT NULL)")
        try GeoPackage.registerAttributes(db, table: "manifest", description: "what was run: each manifest.json field as JSON text")
        let manifest = try db.makeStatement(sql: "INSERT INTO manifest (key, value) VALUES (?, ?)")
        try manifest.execute(arguments: ["store_layout", String(layoutVersion)])
        for (key, value) in try manifestFields(r.manifest) { try manifest.execute(arguments: [key, value]) }

        try db.execute(sql: """
            CREATE TABLE areas (\(id), geom POINT, code TEXT NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL,
              prefecture_code TEXT NOT NULL, prefecture TEXT NOT NULL, province_code TEXT NOT NULL, province TEXT NOT NULL,
              longitude DOUBLE, latitude DOUBLE, precision TEXT)
            """)
        let points = r.areas.compactMap { a in a.longitude.flatMap { x in a.latitude.map { (x, $0) } } }
        let extent = points.isEmpty ? nil : (points.map(\.0).min()!, points.map(\.1).min()!, points.map(\.0).max()!, points.map(\.1).max()!)
        try GeoPackage.registerPoints(db, table: "areas", column: "geom",
                                      description: "the run's areas, a point per county (from the scenario's points file)",
                                      extent: extent)
        let area = try db.makeStatement(sql: """
            INSERT INTO areas (geom, code, name, level, prefecture_code, prefecture, province_code, province, longitude, latitude, precision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for a in r.areas {
            let blob = a.longitude.flatMap { x in a.latitude.map { GeoPackage.pointBlob(longitude: x, latitude: $0) } }
            try area.execute(arguments: [blob, a.code, a.name, a.level, a.prefectureCode, a.prefecture, a.provinceCode, a.province,
                                         a.longitude, a.latitude, a.pointPrecision])
        }

        for table in longTables(r) {
            try db.execute(sql: """
                CREATE TABLE \(table.name) (\(id), area TEXT NOT NULL, year INTEGER NOT NULL, measure TEXT NOT NULL,
                  basis TEXT NOT NULL, p10 DOUBLE, p50 DOUBLE, p90 DOUBLE)
                """)
            try GeoPackage.registerAttributes(db, table: table.name, description: table.about)
            let t = table.table
            guard t.rowCount > 0 else { continue }
            // The table's texts copied once, read in place by SQLite until the table is written (`TextArena`).
            let arena = TextArena()
            let areas = t.areas.map(arena.text)
            try withExtendedLifetime(arena) {
                // An area's rows per statement, only its quantiles bound per row (`AreaBlockInserter`), where this
                // SQLite takes that many parameters; else row by row in batches.
                if let insert = try AreaBlockInserter(db, table: table.name, years: t.years,
                                                      columns: t.columns.map { ($0.measure.rawValue, $0.basis.rawValue) }) {
                    try t.values.withUnsafeBufferPointer { values in
                        for (a, area) in areas.enumerated() {
                            try insert.insert(area: area, values: values.baseAddress! + 3 * a * insert.rowsPerArea)
                        }
                    }
                    return
                }
                var insert = try BatchInserter(db, table: table.name, columns: ["area", "year", "measure", "basis", "p10", "p50", "p90"],
                                               rowCount: t.rowCount)
                let columns = t.columns.map { (arena.text($0.measure.rawValue), arena.text($0.basis.rawValue)) }
                var i = 0
                for area in areas {
                    for year in t.years {
                        for (measure, basis) in columns {
                            insert.bind(1, area); insert.bind(2, year); insert.bind(3, measure); insert.bind(4, basis)
                            insert.bind(5, finite(t.values[i])); insert.bind(6, finite(t.values[i + 1])); insert.bind(7, finite(t.values[i + 2]))
                            try insert.endRow()
                            i += 3
                        }
                    }
                }
                insert.finish()
            }
        }

        for (name, rows, about) in [("pyramid", r.pyramid.map { PopulationDetailRow(area: $0.area, year: $0.year, sex: $0.sex, age: $0.age, population: $0.population) },
                                     "central path by sex and five-year group (age = first year of the group) in the base year and the horizon (persons)"),
                                    ("population_detail", r.populationDetail, "central path by sex and age, when the run asked for that detail (persons)")] {
            try db.execute(sql: "CREATE TABLE \(name) (\(id), area TEXT NOT NULL, year INTEGER NOT NULL, sex TEXT NOT NULL, age INTEGER NOT NULL, population DOUBLE)")
            try GeoPackage.registerAttributes(db, table: name, description: about)
            var insert = try BatchInserter(db, table: name, columns: ["area", "year", "sex", "age", "population"], rowCount: rows.count)
            // Rows come area by area: each area's text copied once, when it changes (`TextArena`).
            let arena = TextArena()
            let male = arena.text(PyramidRow.Sex.male.rawValue), female = arena.text(PyramidRow.Sex.female.rawValue)
            try withExtendedLifetime(arena) {
                var lastArea: String?, areaText = arena.text("")
                for p in rows {
                    if p.area != lastArea {
                        lastArea = p.area
                        areaText = arena.text(p.area)
                    }
                    insert.bind(1, areaText); insert.bind(2, p.year); insert.bind(3, p.sex == .male ? male : female); insert.bind(4, p.age)
                    insert.bind(5, finite(p.population))
                    try insert.endRow()
                }
                insert.finish()
            }
        }

        try db.execute(sql: """
            CREATE TABLE findings (\(id), subject TEXT NOT NULL, kind TEXT NOT NULL, rule TEXT NOT NULL, metric TEXT NOT NULL,
              year INTEGER NOT NULL, required DOUBLE, provided DOUBLE, shortfall DOUBLE, unit TEXT NOT NULL, status TEXT NOT NULL,
              probability_met DOUBLE, nature TEXT NOT NULL, source TEXT NOT NULL, responsible_units TEXT NOT NULL,
              supply_basis TEXT NOT NULL, uncertain INTEGER NOT NULL, needs TEXT)
            """)
        try GeoPackage.registerAttributes(db, table: "findings", description: "each area's measures against their standards, and the plan's targets, with the probability of being met")
        let finding = try db.makeStatement(sql: """
            INSERT INTO findings (subject, kind, rule, metric, year, required, provided, shortfall, unit, status, probability_met, nature, source, responsible_units,
              supply_basis, uncertain, needs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for f in r.findings {
            try finding.execute(arguments: [f.subject, f.kind.rawValue, f.rule, f.metric, f.year, finite(f.required), finite(f.provided),
                                            finite(f.shortfall), f.unit.rawValue, f.status.rawValue, finite(f.probabilityMet), f.nature.rawValue,
                                            f.source, try jsonText(f.responsibleUnits), f.supplyBasis.rawValue, f.uncertain ? 1 : 0, f.needs])
        }

        try db.execute(sql: "CREATE TABLE assumptions (\(id), name TEXT NOT NULL, value DOUBLE, unit TEXT NOT NULL, basis TEXT NOT NULL, source TEXT NOT NULL)")
        try GeoPackage.registerAttributes(db, table: "assumptions", description: "every demand parameter in force, the basis it feeds, and its source")
        let parameter = try db.makeStatement(sql: "INSERT INTO assumptions (name, value, unit, basis, source) VALUES (?, ?, ?, ?, ?)")
        for p in r.manifest.demandParameters { try parameter.execute(arguments: [p.name, finite(p.value), p.unit.rawValue, p.basis.rawValue, p.source]) }

        try db.execute(sql: "CREATE TABLE program_targets (\(id), rule TEXT NOT NULL, metric TEXT NOT NULL, required DOUBLE, year INTEGER NOT NULL, unit TEXT NOT NULL, source TEXT NOT NULL)")
        try GeoPackage.registerAttributes(db, table: "program_targets", description: "the plan's targets over all areas")
        let target = try db.makeStatement(sql: "INSERT INTO program_targets (rule, metric, required, year, unit, source) VALUES (?, ?, ?, ?, ?, ?)")
        for t in r.manifest.programTargets { try target.execute(arguments: [t.rule, t.metric, finite(t.required), t.year, t.unit.rawValue, t.source]) }

        try db.execute(sql: "CREATE TABLE uncertainty (\(id), component TEXT NOT NULL, sd DOUBLE, shared DOUBLE, persistence DOUBLE, basis TEXT NOT NULL)")
        try GeoPackage.registerAttributes(db, table: "uncertainty", description: "the Monte Carlo components: standard deviation, share common to all areas, persistence, basis")
        let component = try db.makeStatement(sql: "INSERT INTO uncertainty (component, sd, shared, persistence, basis) VALUES (?, ?, ?, ?, ?)")
        for c in r.manifest.uncertainty { try component.execute(arguments: [c.name.rawValue, finite(c.sd), finite(c.shared), finite(c.persistence), c.basis]) }

        try db.execute(sql: "CREATE TABLE warnings (\(id), message TEXT NOT NULL)")
        try GeoPackage.registerAttributes(db, table: "warnings", description: "what the run could not use or had to assume")
        let warning = try db.makeStatement(sql: "INSERT INTO warnings (message) VALUES (?)")
        for w in r.manifest.warnings { try warning.execute(arguments: [w]) }

        try db.execute(sql: "CREATE TABLE supply_sources (\(id), area TEXT NOT NULL, measure TEXT NOT NULL, sources TEXT NOT NULL, basis TEXT NOT NULL, citation TEXT NOT NULL)")
        try GeoPackage.registerAttributes(db, table: "supply_sources", description: "where each area's supply of each measure comes from in the scenario (empty: not given, unknown)")
        let declaration = try db.makeStatement(sql: "INSERT INTO supply_sources (area, measure, sources, basis, citation) VALUES (?, ?, ?, ?, ?)")
        for d in r.supplyDeclarations {
            try declaration.execute(arguments: [d.area, d.measure.rawValue, d.sources.map(\.rawValue).joined(separator: ","), d.basis.rawValue, d.citation])
        }

        try db.execute(sql: """
            CREATE TABLE area_facts (\(id), area TEXT NOT NULL, institutions INTEGER, inclusive_beds DOUBLE, public_nurseries DOUBLE,
              community_rooms INTEGER, community_rooms_m2 DOUBLE)
            """)
        try GeoPackage.registerAttributes(db, table: "area_facts", description: "counts the scenario gives beside supply: institutions, inclusive beds, package nurseries, new districts' elder-care rooms (NULL: not given)")
        let fact = try db.makeStatement(sql: "INSERT INTO area_facts (area, institutions, inclusive_beds, public_nurseries, community_rooms, community_rooms_m2) VALUES (?, ?, ?, ?, ?, ?)")
        for f in r.facts {
            try fact.execute(arguments: [f.area, f.institutions, f.inclusiveBeds, f.publicNurseries, f.communityRooms, f.communityRoomsM2])
        }

        try db.execute(sql: "CREATE TABLE variants (\(id), variant TEXT NOT NULL, key_path TEXT NOT NULL, value TEXT NOT NULL)")
        try GeoPackage.registerAttributes(db, table: "variants", description: "the scenario's variants and their edits")
        let edit = try db.makeStatement(sql: "INSERT INTO variants (variant, key_path, value) VALUES (?, ?, ?)")
        for v in r.variants { for e in v.edits { try edit.execute(arguments: [v.name, e.keyPath, e.value]) } }
    }

    /// SQLite has no NaN or infinity: they are stored as NULL and read back as NaN.
    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    static func jsonText<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The manifest's scalar fields, each as JSON text; its lists of parameters, targets, components and
    /// warnings have tables of their own.
    static func manifestFields(_ manifest: RunManifest) throws -> [(String, String)] {
        let data = try JSONEncoder().encode(manifest)
        let object = try JSONDecoder().decode([String: JSONValue].self, from: data)
        return try object.keys.sorted().filter { !listFields.contains($0) }.map { ($0, try jsonText(object[$0]!)) }
    }

    static let listFields: Set<String> = ["demand_parameters", "program_targets", "uncertainty", "warnings"]
}

/// Any JSON value, kept exactly (numbers as Double, which JSONEncoder writes in their shortest
/// round-tripping form), for storing a manifest field by field.
enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
