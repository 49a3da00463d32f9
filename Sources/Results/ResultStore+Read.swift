import Foundation
import GRDB
import Planning

extension ResultStore {
    /// Reads a store written by `write` back into the same value.
    package static func read(path: String) throws -> RunResult {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.missing(path) }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in try load(db, path: path) }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.notAStore(path, "\(error)")
        }
    }

    static func load(_ db: Database, path: String) throws -> RunResult {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        guard application == GeoPackage.applicationID else { throw Failure.notAStore(path, "not a GeoPackage") }
        guard try db.tableExists("manifest") else { throw Failure.notAStore(path, "no manifest table") }
        var fields: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM manifest ORDER BY fid") {
            fields[row[0]] = row[1]
        }
        guard fields["store_layout"] == String(layoutVersion) else {
            throw Failure.notAStore(path, "store layout \(fields["store_layout"] ?? "none"), this carecap reads layout \(layoutVersion)")
        }
        fields["store_layout"] = nil
        for key in listFields { fields[key] = "[]" }
        let object = "{" + (try fields.keys.sorted().map { "\(try jsonText($0)): \(fields[$0]!)" }).joined(separator: ",") + "}"
        var manifest: RunManifest
        do {
            manifest = try JSONDecoder().decode(RunManifest.self, from: Data(object.utf8))
        } catch {
            throw Failure.malformed(path, "manifest", "\(error)")
        }
        func double(_ row: Row, _ column: String) -> Double { (row[column] as Double?) ?? .nan }
        func unit(_ row: Row, _ table: String) throws -> RuleUnit {
            let text: String = row["unit"]
            guard let unit = RuleUnit(rawValue: text) else { throw Failure.malformed(path, table, "unknown unit \(text)") }
            return unit
        }

        manifest.demandParameters = try Row.fetchAll(db, sql: "SELECT * FROM assumptions ORDER BY fid").map { row in
            guard let basis = RunManifest.Parameter.Basis(rawValue: row["basis"]) else {
                throw Failure.malformed(path, "assumptions", "basis \(String(describing: row["basis"] as String?))")
            }
            return RunManifest.Parameter(name: row["name"], value: double(row, "value"), unit: try unit(row, "assumptions"), basis: basis, source: row["source"])
        }
        manifest.programTargets = try Row.fetchAll(db, sql: "SELECT * FROM program_targets ORDER BY fid").map { row in
            RunManifest.Target(rule: row["rule"], metric: row["metric"], required: double(row, "required"), year: row["year"],
                               unit: try unit(row, "program_targets"), source: row["source"])
        }
        manifest.uncertainty = try Row.fetchAll(db, sql: "SELECT * FROM uncertainty ORDER BY fid").map { row in
            guard let name = RunManifest.UncertaintyComponent.Name(rawValue: row["component"]) else {
                throw Failure.malformed(path, "uncertainty", "component \(String(describing: row["component"] as String?))")
            }
            return RunManifest.UncertaintyComponent(name: name, sd: double(row, "sd"), shared: double(row, "shared"),
                                                    persistence: double(row, "persistence"))
        }
        manifest.warnings = try String.fetchAll(db, sql: "SELECT message FROM warnings ORDER BY fid")

        let areas = try Row.fetchAll(db, sql: "SELECT * FROM areas ORDER BY fid").map { row in
            ResultArea(code: row["code"], name: row["name"], level: row["level"], prefecture: row["prefecture"],
                       province: row["province"], longitude: row["longitude"], latitude: row["latitude"],
                       pointPrecision: row["precision"])
        }

        func long(_ name: String) throws -> QuantileTable {
            var areaIndex: [String: Int] = [:], yearIndex: [Int: Int] = [:], columnIndex: [QuantileTable.Column: Int] = [:]
            var areaOrder: [String] = [], yearOrder: [Int] = [], columnOrder: [QuantileTable.Column] = []
            var values: [Double] = []
            // Each row's (area, year, column) positions, to check in one pass that the rows form the grid
            // in the order the writer gives them; a store edited by hand into another order is refused.
            var positions: [(Int, Int, Int)] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT area, year, measure, basis, p10, p50, p90 FROM \(name) ORDER BY fid")
            while let row = try cursor.next() {
                let area: String = row[0], year: Int = row[1]
                guard let measure = ResultMeasure(rawValue: row[2]), let basis = ResultBasis(rawValue: row[3]) else {
                    throw Failure.malformed(path, name, "unknown measure or basis \(row[2] as String? ?? "NULL")/\(row[3] as String? ?? "NULL")")
                }
                let column = QuantileTable.Column(measure, basis)
                let a = areaIndex[area] ?? { areaOrder.append(area); areaIndex[area] = areaOrder.count - 1; return areaOrder.count - 1 }()
                let y = yearIndex[year] ?? { yearOrder.append(year); yearIndex[year] = yearOrder.count - 1; return yearOrder.count - 1 }()
                let c = columnIndex[column] ?? { columnOrder.append(column); columnIndex[column] = columnOrder.count - 1; return columnOrder.count - 1 }()
                positions.append((a, y, c))
                values.append((row[4] as Double?) ?? .nan)
                values.append((row[5] as Double?) ?? .nan)
                values.append((row[6] as Double?) ?? .nan)
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

        func detail(_ name: String) throws -> [PopulationDetailRow] {
            try Row.fetchAll(db, sql: "SELECT area, year, sex, age, population FROM \(name) ORDER BY fid").map { row in
                guard let sex = PyramidRow.Sex(rawValue: row[2]) else { throw Failure.malformed(path, name, "sex \(row[2] as String? ?? "NULL")") }
                return PopulationDetailRow(area: row[0], year: row[1], sex: sex, age: row[3], population: (row[4] as Double?) ?? .nan)
            }
        }

        let findings = try Row.fetchAll(db, sql: "SELECT * FROM findings ORDER BY fid").map { row in
            guard let kind = RunFinding.Kind(rawValue: row["kind"]), let status = RunFinding.Status(rawValue: row["status"]),
                  let nature = RunFinding.Nature(rawValue: row["nature"]) else {
                throw Failure.malformed(path, "findings", "kind, status or nature not known")
            }
            let units = try JSONDecoder().decode([String].self, from: Data((row["responsible_units"] as String).utf8))
            return RunFinding(subject: row["subject"], kind: kind, rule: row["rule"], metric: row["metric"], year: row["year"],
                              required: double(row, "required"), provided: double(row, "provided"), shortfall: double(row, "shortfall"),
                              unit: try unit(row, "findings"), status: status, probabilityMet: double(row, "probability_met"), nature: nature,
                              source: row["source"], responsibleUnits: units)
        }
        let declarations = try Row.fetchAll(db, sql: "SELECT area, measure, sources FROM supply_sources ORDER BY fid").map { row in
            let text: String = row[2]
            guard let measure = ResultMeasure(rawValue: row[1]) else { throw Failure.malformed(path, "supply_sources", "measure") }
            let sources = try text.split(separator: ",").map { s in
                guard let source = SupplyDeclaration.Source(rawValue: String(s)) else {
                    throw Failure.malformed(path, "supply_sources", "source \(s)")
                }
                return source
            }
            return SupplyDeclaration(area: row[0], measure: measure, sources: sources)
        }
        let facts = try Row.fetchAll(db, sql: "SELECT * FROM area_facts ORDER BY fid").map { row in
            AreaFacts(area: row["area"], institutions: row["institutions"], inclusiveBeds: row["inclusive_beds"],
                      publicNurseries: row["public_nurseries"], communityRooms: row["community_rooms"],
                      communityRoomsM2: row["community_rooms_m2"])
        }
        var variants: [VariantEdits] = []
        for row in try Row.fetchAll(db, sql: "SELECT variant, key_path, value FROM variants ORDER BY fid") {
            let name: String = row[0]
            let edit = VariantEdits.Edit(keyPath: row[1], value: row[2])
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
}
