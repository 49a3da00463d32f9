import Demography
import Foundation
import GRDB
import Planning

extension ResultStore {
    /// Every table a store of this layout has; a store without one of them was not finished or was edited.
    static let tables = ["manifest", "areas", "population", "demand", "supply", "shortfall", "pyramid", "population_detail",
                         "findings", "assumptions", "program_targets", "uncertainty", "warnings", "supply_sources",
                         "area_facts", "variants"]

    /// Reads a store written by `write` back into the same value, checking as it goes what a report
    /// relies on: every table present, every cell of the type and range the writer gives it, the
    /// manifest's years and draws plausible and the long tables' years exactly the manifest's.
    package static func read(path: String) throws -> RunResult {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, let problem = FileProbe.problem(at: folder, expecting: .folder) {
            throw Failure.unreadable(folder, "the run folder \(problem)")
        }
        switch FileProbe.problem(at: path, expecting: .file) {
        case nil: break
        case .doesNotExist?: throw Failure.missing(path)
        case let problem?: throw Failure.unreadable(path, "\(problem)")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            SQLiteSetup.prepare()
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in try load(db, path: path) }
        } catch let failure as Failure {
            throw failure
        } catch let error as DatabaseError {
            throw Failure.notAStore(path, "SQLite: \(error.message ?? "\(error.resultCode)"); the file is damaged, truncated or not a store")
        } catch {
            throw Failure.notAStore(path, "\(error)")
        }
    }

    /// Runs `body` on one table; an SQLite error inside (a damaged page, a missing column) names the table.
    static func reading<T>(_ table: String, _ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Failure.malformed(path, table, "cannot be read (SQLite: \(error.message ?? "\(error.resultCode)")); the file is damaged or was edited")
        }
    }

    /// Each row of `sql` on `table`, checked by `body`.
    static func rows<T>(_ db: Database, _ table: String, _ path: String, _ sql: String, _ body: (StoredRow) throws -> T) throws -> [T] {
        try reading(table, path) {
            var out: [T] = []
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let row = try cursor.next() { out.append(try body(StoredRow(row: row, table: table, path: path))) }
            return out
        }
    }

    static func load(_ db: Database, path: String) throws -> RunResult {
        let application = try reading("gpkg header", path) { try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0 }
        guard application == GeoPackage.applicationID else { throw Failure.notAStore(path, "not a GeoPackage") }
        guard try db.tableExists("manifest") else { throw Failure.notAStore(path, "no manifest table") }
        var fields: [String: String] = [:]
        for (key, value) in try rows(db, "manifest", path, "SELECT fid, key, value FROM manifest ORDER BY fid", { row in
            (try row.text("key"), try row.text("value"))
        }) { fields[key] = value }
        guard fields["store_layout"] == String(layoutVersion) else {
            throw Failure.notAStore(path, "store layout \(fields["store_layout"] ?? "none"), this carecap reads layout \(layoutVersion)")
        }
        for table in tables where try !db.tableExists(table) {
            throw Failure.malformed(path, table, "the table is missing; expected every table a run writes (\(tables.joined(separator: ", ")))")
        }
        fields["store_layout"] = nil
        for key in listFields { fields[key] = "[]" }
        let object = "{" + (try fields.keys.sorted().map { "\(try jsonText($0)): \(fields[$0]!)" }).joined(separator: ",") + "}"
        var manifest: RunManifest
        do {
            manifest = try JSONDecoder().decode(RunManifest.self, from: Data(object.utf8))
        } catch {
            throw Failure.malformed(path, "manifest", Self.describe(error))
        }
        if let problem = manifest.problem {
            throw Failure.malformed(path, "manifest", "key \(problem.key): expected \(problem.expected), found \(problem.found)")
        }
        let years = manifest.baseYear...manifest.horizon
        let plausibleYears = RunManifest.plausibleYears
        let magnitude = -StoredRow.maximumMagnitude...StoredRow.maximumMagnitude
        let count = 0...StoredRow.maximumMagnitude
        func unit(_ row: StoredRow) throws -> RuleUnit {
            try row.choice("unit", RuleUnit.self, expected: "a unit (\(RuleUnit.allCases.map(\.rawValue).joined(separator: ", ")))")
        }

        manifest.demandParameters = try rows(db, "assumptions", path, "SELECT fid, name, value, unit, basis, source FROM assumptions ORDER BY fid") { row in
            RunManifest.Parameter(name: try row.text("name"), value: try row.number("value", in: magnitude), unit: try unit(row),
                                  basis: try row.choice("basis", RunManifest.Parameter.Basis.self, expected: "standard, propensity or both"),
                                  source: try row.text("source"))
        }
        manifest.programTargets = try rows(db, "program_targets", path, "SELECT fid, rule, metric, required, year, unit, source FROM program_targets ORDER BY fid") { row in
            RunManifest.Target(rule: try row.text("rule"), metric: try row.text("metric"), required: try row.number("required", in: magnitude),
                               year: try row.integer("year", in: plausibleYears, "a year"), unit: try unit(row), source: try row.text("source"))
        }
        manifest.uncertainty = try rows(db, "uncertainty", path, "SELECT fid, component, sd, shared, persistence, basis FROM uncertainty ORDER BY fid") { row in
            RunManifest.UncertaintyComponent(
                name: try row.choice("component", RunManifest.UncertaintyComponent.Name.self,
                                     expected: "a component (\(RunManifest.UncertaintyComponent.Name.allCases.map(\.rawValue).joined(separator: ", ")))"),
                sd: try row.number("sd", in: 0...StoredRow.maximumMagnitude), shared: try row.number("shared", in: 0...1),
                persistence: try row.number("persistence", in: -1...1), basis: try row.text("basis"))
        }
        manifest.warnings = try rows(db, "warnings", path, "SELECT fid, message FROM warnings ORDER BY fid") { try $0.text("message") }

        let areas = try rows(db, "areas", path, "SELECT fid, code, name, level, prefecture, province, longitude, latitude, precision FROM areas ORDER BY fid") { row in
            ResultArea(code: try row.text("code"), name: try row.text("name"), level: try row.text("level"),
                       prefecture: try row.text("prefecture"), province: try row.text("province"),
                       longitude: try row.optionalNumber("longitude", in: -180...180), latitude: try row.optionalNumber("latitude", in: -90...90),
                       pointPrecision: try row.optionalText("precision"))
        }
        guard Set(areas.map(\.code)) == Set(manifest.areas) else {
            throw Failure.malformed(path, "areas", "the codes \(Self.shortList(areas.map(\.code))) are not the manifest's areas \(Self.shortList(manifest.areas))")
        }
        // Rows of the long tables are the run's areas, the regions the manifest lists and their total;
        // the pyramid and the population detail are per leaf area and the total.
        let rowAreas = Set(manifest.areas + manifest.regions.map(\.key) + [RunResult.totalArea])
        let detailAreas = Set(manifest.areas + [RunResult.totalArea])

        func long(_ name: String) throws -> QuantileTable {
            try reading(name, path) {
                // A store as a run writes it, by the fast reading; any other is read again below, which says what is wrong.
                if let table = try LongTableReader.read(db, table: name, rowAreas: rowAreas, years: years) { return table }
                var areaIndex: [String: Int] = [:], yearIndex: [Int: Int] = [:], columnIndex: [QuantileTable.Column: Int] = [:]
                var areaOrder: [String] = [], yearOrder: [Int] = [], columnOrder: [QuantileTable.Column] = []
                var values: [Double] = []
                // Each row's (area, year, column) positions, to check in one pass that the rows form the grid
                // in the order the writer gives them; a store edited by hand into another order is refused.
                var positions: [(Int, Int, Int)] = []
                // The messages of a refused row, built once: not per row of a national table's millions.
                let measures = "a measure (\(ResultMeasure.allCases.map(\.rawValue).joined(separator: ", ")))"
                let bases = "a basis (\(ResultBasis.allCases.map(\.rawValue).joined(separator: ", ")))"
                let cursor = try Row.fetchCursor(db, sql: "SELECT fid, area, year, measure, basis, p10, p50, p90 FROM \(name) ORDER BY fid")
                while let raw = try cursor.next() {
                    let row = StoredRow(row: raw, table: name, path: path)
                    let area = try row.text("area")
                    guard rowAreas.contains(area) else {
                        throw row.failure("area", expected: "one of the manifest's areas or regions, or total", found: raw["area"])
                    }
                    let year = try row.integer("year", in: years, "a year of the run (base_year to horizon)")
                    let measure = try row.choice("measure", ResultMeasure.self, expected: measures)
                    let basis = try row.choice("basis", ResultBasis.self, expected: bases)
                    let q = (try row.number("p10", in: count), try row.number("p50", in: count), try row.number("p90", in: count))
                    // Quantiles of the same draws are ordered; a tolerance for the last bit of interpolation.
                    let slack = 1e-9 * max(1, abs(q.2))
                    guard !(q.0 > q.1 + slack || q.1 > q.2 + slack) else {
                        throw Failure.malformed(path, name, "row fid \(row.fid): expected p10 ≤ p50 ≤ p90, found \(q.0), \(q.1), \(q.2)")
                    }
                    let column = QuantileTable.Column(measure, basis)
                    let a = areaIndex[area] ?? { areaOrder.append(area); areaIndex[area] = areaOrder.count - 1; return areaOrder.count - 1 }()
                    let y = yearIndex[year] ?? { yearOrder.append(year); yearIndex[year] = yearOrder.count - 1; return yearOrder.count - 1 }()
                    let c = columnIndex[column] ?? { columnOrder.append(column); columnIndex[column] = columnOrder.count - 1; return columnOrder.count - 1 }()
                    positions.append((a, y, c))
                    values.append(q.0)
                    values.append(q.1)
                    values.append(q.2)
                }
                // Lookups take a year's index as its distance from the first: every year, in order.
                guard yearOrder.isEmpty || yearOrder == Array(years) else {
                    throw Failure.malformed(path, name, "years \(Self.shortList(yearOrder)); expected every year from \(years.lowerBound) to \(years.upperBound) in order (the manifest's base_year to horizon)")
                }
                let years = yearOrder.count, columns = columnOrder.count
                guard positions.count == areaOrder.count * years * columns else {
                    throw Failure.malformed(path, name, "not a full grid of areas × years × measures")
                }
                for (i, p) in positions.enumerated() where p != (i / (years * columns), (i / columns) % years, i % columns) {
                    throw Failure.malformed(path, name, "rows are not in area, year, measure order")
                }
                return QuantileTable(areas: areaOrder, years: yearOrder, columns: columnOrder, values: values)
            }
        }

        func detail(_ name: String) throws -> [PopulationDetailRow] {
            try rows(db, name, path, "SELECT fid, area, year, sex, age, population FROM \(name) ORDER BY fid") { row in
                let area = try row.text("area")
                guard detailAreas.contains(area) else {
                    throw row.failure("area", expected: "one of the manifest's areas or total", found: try row.value("area"))
                }
                return PopulationDetailRow(area: area, year: try row.integer("year", in: years, "a year of the run (base_year to horizon)"),
                                           sex: try row.choice("sex", PyramidRow.Sex.self, expected: "M or F"),
                                           age: try row.integer("age", in: 0...100, "an age (100 is 100+)"),
                                           population: try row.number("population", in: count))
            }
        }

        let findings = try rows(db, "findings", path, """
            SELECT fid, subject, kind, rule, metric, year, required, provided, shortfall, unit, status, probability_met, nature, source,
              responsible_units, supply_basis, uncertain, needs FROM findings ORDER BY fid
            """) { row in
            let unitsText = try row.text("responsible_units")
            guard let units = try? JSONDecoder().decode([String].self, from: Data(unitsText.utf8)) else {
                throw row.failure("responsible_units", expected: "a JSON list of texts", found: try row.value("responsible_units"))
            }
            return RunFinding(subject: try row.text("subject"), kind: try row.choice("kind", RunFinding.Kind.self, expected: "area or program"),
                              rule: try row.text("rule"), metric: try row.text("metric"), year: try row.integer("year", in: plausibleYears, "a year"),
                              required: try row.number("required", in: magnitude), provided: try row.number("provided", in: magnitude),
                              shortfall: try row.number("shortfall", in: magnitude), unit: try unit(row),
                              status: try row.choice("status", RunFinding.Status.self, expected: "pass, fail or not_assessed"),
                              probabilityMet: try row.number("probability_met", in: 0...1),
                              nature: try row.choice("nature", RunFinding.Nature.self, expected: "binding, expected or unstated"),
                              source: try row.text("source"), responsibleUnits: units,
                              supplyBasis: try row.choice("supply_basis", SupplyBasis.self, expected: "declared, assumption or not_provided"),
                              uncertain: try row.integer("uncertain", in: 0...1, "0 or 1") == 1,
                              needs: try row.optionalText("needs"))
        }
        let declarations = try rows(db, "supply_sources", path, "SELECT fid, area, measure, sources, basis, citation FROM supply_sources ORDER BY fid") { row in
            let measure = try row.choice("measure", ResultMeasure.self, expected: "a measure")
            let sources = try row.text("sources").split(separator: ",").map { s in
                guard let source = SupplyDeclaration.Source(rawValue: String(s)) else {
                    throw row.failure("sources", expected: "sources from \(SupplyDeclaration.Source.allCases.map(\.rawValue).joined(separator: ", "))", found: try row.value("sources"))
                }
                return source
            }
            return SupplyDeclaration(area: try row.text("area"), measure: measure, sources: sources,
                                     basis: try row.choice("basis", SupplyBasis.self, expected: "declared, assumption or not_provided"),
                                     citation: try row.text("citation"))
        }
        let maximumCount = Int(StoredRow.maximumMagnitude)
        let facts = try rows(db, "area_facts", path, """
            SELECT fid, area, institutions, inclusive_beds, public_nurseries, community_rooms, community_rooms_m2 FROM area_facts ORDER BY fid
            """) { row in
            AreaFacts(area: try row.text("area"), institutions: try row.optionalInteger("institutions", in: 0...maximumCount, "a count"),
                      inclusiveBeds: try row.optionalNumber("inclusive_beds", in: count),
                      publicNurseries: try row.optionalNumber("public_nurseries", in: count),
                      communityRooms: try row.optionalInteger("community_rooms", in: 0...maximumCount, "a count"),
                      communityRoomsM2: try row.optionalNumber("community_rooms_m2", in: count))
        }
        var variants: [VariantEdits] = []
        for (name, edit) in try rows(db, "variants", path, "SELECT fid, variant, key_path, value FROM variants ORDER BY fid", { row in
            (try row.text("variant"), VariantEdits.Edit(keyPath: try row.text("key_path"), value: try row.text("value")))
        }) {
            if variants.last?.name == name { variants[variants.count - 1].edits.append(edit) } else {
                variants.append(VariantEdits(name: name, edits: [edit]))
            }
        }
        let pyramid = try detail("pyramid").map { PyramidRow(area: $0.area, year: $0.year, sex: $0.sex, age: $0.age, population: $0.population) }
        return RunResult(manifest: manifest, areas: areas, population: try long("population"), demand: try long("demand"),
                         supply: try long("supply"), shortfall: try long("shortfall"), pyramid: pyramid,
                         populationDetail: try detail("population_detail"), findings: findings,
                         supplyDeclarations: declarations, facts: facts, variants: variants)
    }

    /// At most a few items of a list, for a message.
    static func shortList<T: CustomStringConvertible>(_ items: [T]) -> String {
        let texts = items.map(\.description)
        return texts.count <= 6 ? texts.joined(separator: ", ")
            : texts.prefix(3).joined(separator: ", ") + ", …, " + texts.suffix(2).joined(separator: ", ")
    }

    /// A manifest field that does not decode, said as the key and what was wrong (the store's manifest and
    /// a shard's shard.json).
    package static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func key(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return "key \(key(context.codingPath)): expected \(type), found \(context.debugDescription)"
        case let .keyNotFound(missing, context):
            return "key \(key(context.codingPath + [missing])) is missing"
        case let .dataCorrupted(context):
            return "key \(key(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
