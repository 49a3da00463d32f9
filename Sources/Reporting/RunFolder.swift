import Foundation

/// A finished run read back from its files only (manifest.json, the long CSV tables, pyramid.csv,
/// findings.csv), plus what the scenario file named in the manifest says about areas' names and the
/// supply counts a run does not carry (institutions, community rooms, public nurseries), when that file
/// can be found. Nothing here reruns the model.
public struct RunFolder: Sendable {
    public struct Quantiles: Sendable, Equatable {
        public let p10: Double
        public let p50: Double
        public let p90: Double
    }

    public struct Row: Sendable {
        public let area: String
        public let year: Int
        public let measure: String
        public let basis: String
        public let q: Quantiles
    }

    /// One long-format table (`area, year, measure, basis, p10, p50, p90`), indexed.
    public struct LongTable: Sendable {
        public let rows: [Row]
        let index: [String: Int]

        init(rows: [Row]) {
            self.rows = rows
            var index: [String: Int] = [:]
            for (i, r) in rows.enumerated() { index["\(r.area)|\(r.year)|\(r.measure)|\(r.basis)"] = i }
            self.index = index
        }

        public func value(_ area: String, _ year: Int, _ measure: String, _ basis: String) -> Quantiles? {
            index["\(area)|\(year)|\(measure)|\(basis)"].map { rows[$0].q }
        }

        public func p50(_ area: String, _ year: Int, _ measure: String, _ basis: String) -> Double? {
            value(area, year, measure, basis)?.p50
        }
    }

    public struct PyramidRow: Sendable {
        public let area: String
        public let year: Int
        public let sex: String
        public let age: Int
        public let population: Double
    }

    public struct FindingRow: Sendable {
        public let subject: String
        public let kind: String
        public let rule: String
        public let metric: String
        public let year: Int
        public let required: Double
        public let provided: Double
        public let shortfall: Double
        public let unit: String
        public let status: String
        public let probabilityMet: Double
        public let source: String
    }

    public struct Parameter: Sendable {
        public let name: String
        public let value: Double
        public let unit: String
        public let basis: String
        public let source: String
    }

    public struct Target: Sendable {
        public let rule: String
        public let metric: String
        public let required: Double
        public let year: Int
        public let unit: String
        public let source: String
    }

    public struct Component: Sendable {
        public let name: String
        public let sd: Double
        public let shared: Double
        public let persistence: Double
    }

    public let path: String
    public let scenarioName: String
    public let scenarioFile: String
    public let scenarioHash: String
    public let tool: String
    public let variant: String?
    public let rules: String
    public let baseYear: Int
    public let horizon: Int
    public let areas: [String]
    public let draws: Int
    public let seed: Int?
    public let parameters: [Parameter]
    public let targets: [Target]
    public let uncertainty: [Component]
    public let warnings: [String]
    public let population: LongTable
    public let demand: LongTable
    public let supply: LongTable
    public let shortfall: LongTable
    public let pyramid: [PyramidRow]
    public let findings: [FindingRow]
    /// What the scenario file says beyond the run's tables, when it could be read.
    public let facts: ScenarioFacts

    public enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String, String)

        public var description: String {
            switch self {
            case let .missing(path): "\(path) is missing: not a finished carecap run folder"
            case let .malformed(path, why): "\(path): \(why)"
            }
        }
    }

    public var years: [Int] { Array(baseYear...horizon) }
    public static let totalArea = "total"

    /// Areas with the `total` row first when there is more than one area.
    public var reportAreas: [String] { areas.count > 1 ? [Self.totalArea] + areas : areas }

    public func areaName(_ area: String, _ language: Language) -> String {
        if area == Self.totalArea { return Labels.text("report.all_areas", language) }
        if let name = facts.names[area], !name.isEmpty { return name }
        return area
    }

    public init(path: String) throws {
        self.path = path
        let manifestPath = (path as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestPath) else { throw Failure.missing(manifestPath) }
        guard let m = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Failure.malformed(manifestPath, "not a JSON object")
        }
        func int(_ key: String) throws -> Int {
            guard let v = m[key] as? NSNumber else { throw Failure.malformed(manifestPath, "no \(key)") }
            return v.intValue
        }
        scenarioName = m["scenario_name"] as? String ?? ""
        scenarioFile = m["scenario"] as? String ?? ""
        scenarioHash = m["scenario_hash"] as? String ?? ""
        tool = m["tool"] as? String ?? ""
        variant = m["variant"] as? String
        rules = m["rules"] as? String ?? ""
        baseYear = try int("base_year")
        horizon = try int("horizon")
        areas = m["areas"] as? [String] ?? []
        draws = (m["draws"] as? NSNumber)?.intValue ?? 1
        seed = (m["seed"] as? NSNumber)?.intValue
        parameters = (m["demand_parameters"] as? [[String: Any]] ?? []).map {
            Parameter(name: $0["name"] as? String ?? "", value: ($0["value"] as? NSNumber)?.doubleValue ?? .nan,
                      unit: $0["unit"] as? String ?? "", basis: $0["basis"] as? String ?? "",
                      source: $0["source"] as? String ?? "")
        }
        targets = (m["program_targets"] as? [[String: Any]] ?? []).map {
            Target(rule: $0["rule"] as? String ?? "", metric: $0["metric"] as? String ?? "",
                   required: ($0["required"] as? NSNumber)?.doubleValue ?? .nan, year: ($0["year"] as? NSNumber)?.intValue ?? 0,
                   unit: $0["unit"] as? String ?? "", source: $0["source"] as? String ?? "")
        }
        var components: [Component] = []
        if let u = m["uncertainty"] as? [String: Any] {
            for key in ["tfr_log_innovation", "e0_years", "migration_scale", "propensity_log"] {
                if let c = u[key] as? [String: Any] {
                    components.append(Component(name: key, sd: (c["sd"] as? NSNumber)?.doubleValue ?? 0,
                                                shared: (c["shared"] as? NSNumber)?.doubleValue ?? 0,
                                                persistence: (c["persistence"] as? NSNumber)?.doubleValue ?? 0))
                }
            }
        }
        uncertainty = components
        warnings = m["warnings"] as? [String] ?? []

        func table(_ name: String) throws -> [[String]] {
            let file = (path as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file) else { throw Failure.missing(file) }
            return CSVText.parse(String(decoding: data, as: UTF8.self))
        }
        func long(_ name: String) throws -> LongTable {
            let rows = try table(name)
            guard let header = rows.first, header.count >= 7 else { throw Failure.malformed(name, "no header") }
            var out: [Row] = []
            out.reserveCapacity(rows.count)
            for r in rows.dropFirst() where r.count >= 7 {
                guard let year = Int(r[1]), let a = Double(r[4]), let b = Double(r[5]), let c = Double(r[6]) else {
                    throw Failure.malformed(name, "bad row \(r.joined(separator: ","))")
                }
                out.append(Row(area: r[0], year: year, measure: r[2], basis: r[3], q: Quantiles(p10: a, p50: b, p90: c)))
            }
            return LongTable(rows: out)
        }
        population = try long("population.csv")
        demand = try long("demand.csv")
        supply = try long("supply.csv")
        shortfall = try long("shortfall.csv")
        let pyramidFile = (path as NSString).appendingPathComponent("pyramid.csv")
        if FileManager.default.fileExists(atPath: pyramidFile) {
            pyramid = try table("pyramid.csv").dropFirst().compactMap { r in
                guard r.count >= 5, let y = Int(r[1]), let age = Int(r[3]), let v = Double(r[4]) else { return nil }
                return PyramidRow(area: r[0], year: y, sex: r[2], age: age, population: v)
            }
        } else {
            pyramid = []
        }
        let findingRows = try table("findings.csv")
        let header = findingRows.first ?? []
        func col(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let cSubject = col("subject"), let cKind = col("kind"), let cRule = col("rule"), let cMetric = col("metric"),
              let cYear = col("year"), let cReq = col("required"), let cProv = col("provided"), let cShort = col("shortfall"),
              let cUnit = col("unit"), let cStatus = col("status") else {
            throw Failure.malformed("findings.csv", "unexpected header")
        }
        let cProb = col("probability_met"), cSource = col("source")
        findings = findingRows.dropFirst().compactMap { row in
            // Runs before the unit was quoted wrote "slots/1,000 residents" bare: join it back.
            var r = row
            while r.count > header.count && cUnit + 1 < r.count {
                r[cUnit] += "," + r[cUnit + 1]
                r.remove(at: cUnit + 1)
            }
            guard r.count == header.count else { return nil }
            return FindingRow(subject: r[cSubject], kind: r[cKind], rule: r[cRule], metric: r[cMetric], year: Int(r[cYear]) ?? 0,
                              required: Double(r[cReq]) ?? .nan, provided: Double(r[cProv]) ?? .nan,
                              shortfall: Double(r[cShort]) ?? .nan, unit: r[cUnit], status: r[cStatus],
                              probabilityMet: cProb.flatMap { Double(r[$0]) } ?? .nan, source: cSource.map { r[$0] } ?? "")
        }
        facts = ScenarioFacts.read(scenarioFile: scenarioFile, runFolder: path, areas: areas)
    }

    /// The years a report picks out: the years findings judge (target years and the horizon), and 2025,
    /// 2030, 2035 where they fall within the run.
    public var keyYears: [Int] {
        var set = Set(findings.filter { $0.kind == "area" }.map(\.year))
        for y in [2025, 2030, 2035] where y > baseYear && y <= horizon { set.insert(y) }
        set.insert(horizon)
        return set.filter { $0 > baseYear && $0 <= horizon }.sorted()
    }

    /// The five planning measures in the order reports show them.
    public static let measures = ["nursery_slots", "carers", "beds", "nursing_beds", "social_workers"]

    /// The rule behind each measure's standard (as in findings.csv).
    public func rule(of measure: String) -> (id: String, source: String)? {
        if let f = findings.first(where: { $0.kind == "area" && $0.metric == measure }) { return (f.rule, f.source) }
        let ids = ["nursery_slots": "nursery-slots-per-1000", "carers": "nursery-carer-ratio",
                   "beds": "institutional-beds-per-1000-elderly", "nursing_beds": "nursing-bed-share",
                   "social_workers": "social-workers-per-100-beds"]
        guard let id = ids[measure] else { return nil }
        let source = parameters.first { $0.name.hasPrefix(id + ".") }?.source ?? ""
        return (id, source)
    }
}

/// Comma-separated text as CareCap writes it (RFC 4180 quoting), with or without a byte-order mark.
public enum CSVText {
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n":
                row.append(field); field = ""
                rows.append(row); row = []
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// One field, quoted when it must be.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
