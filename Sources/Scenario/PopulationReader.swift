import Demography
import Foundation
import Yams

/// Reads `population:`.
struct PopulationReader {
    let reader: NodeReader
    /// Folder of the scenario file, against which data paths resolve.
    let folder: URL

    static let keys = ["census", "wpp", "base_year", "horizon", "areas", "mortality", "fertility", "migration",
                       "households", "detail", "points", "census_extra", "area_units", "group_quarters", "reference"]
    static let mortalityKeys = ["e0_offset", "wpp_mx"]
    static let fertilityKeys = ["tfr", "calibrate_to_census", "age0_adjustment", "tfr_path", "tfr_history",
                                "schedule", "schedule_timing", "srb"]
    static let tfrPathKeys = ["type", "to", "by"]
    static let migrationKeys = ["net_rate_per_1000", "net_total", "profile"]
    static let householdKeys = ["persons_per_household"]
    static let tfrRange = 0.3...8.0

    func section(_ node: Node, _ path: String) throws(ScenarioError) -> PopulationSection {
        let f = try reader.fields(node, path, known: Self.keys, required: ["census", "wpp", "horizon"])
        let census = try dataPath(f["census"]!, f.path("census"), directory: false)
        let wpp = try dataPath(f["wpp"]!, f.path("wpp"), directory: true)
        let baseYear = try f["base_year"].map { n throws(ScenarioError) in try reader.year(n, f.path("base_year")) } ?? 2020
        let horizonNode = f["horizon"]!
        let horizon = try reader.year(horizonNode, f.path("horizon"))
        guard horizon > baseYear else {
            throw reader.expected("a horizon after the base year \(baseYear)", horizonNode, f.path("horizon"))
        }
        var section = PopulationSection(census: census, wpp: wpp, baseYear: baseYear, horizon: horizon)
        if let n = f["points"] { section.points = try dataPath(n, f.path("points"), directory: false) }
        if let n = f["census_extra"] { section.censusExtra = try dataPath(n, f.path("census_extra"), directory: false) }

        if let node = f["areas"] {
            let areasPath = f.path("areas")
            var codes: [String] = []
            for (i, item) in try reader.list(node, areasPath, of: "area codes").enumerated() {
                let code = try reader.text(item, "\(areasPath)[\(i)]", what: "an area code")
                if let first = codes.firstIndex(of: code) {
                    throw reader.error(item, "\(areasPath)[\(i)]", "duplicate area code \"\(code)\" (also \(areasPath)[\(first)]); expected each area once")
                }
                // A prefecture or province row already counts its own counties: both would be
                // projected, and their people counted twice in every total.
                if let other = codes.firstIndex(where: { Self.contains($0, code) || Self.contains(code, $0) }) {
                    let (parent, child) = Self.contains(codes[other], code) ? (codes[other], code) : (code, codes[other])
                    throw reader.error(item, "\(areasPath)[\(i)]", "\"\(child)\" lies within \"\(parent)\" (\(areasPath)[\(other)] and \(areasPath)[\(i)]), whose row already counts it; expected areas that do not overlap: list the parent or its counties, not both")
                }
                codes.append(code)
                section.areaPositions.append([item.mark?.line ?? 0, item.mark?.column ?? 0])
            }
            guard !codes.isEmpty else { throw reader.expected("at least one area code", node, areasPath) }
            section.areas = codes
        }
        if let node = f["area_units"] {
            section.areaUnits = try reader.choice(node, f.path("area_units"), PopulationSection.AreaUnits.self)
        }
        if let node = f["reference"] {
            section.reference = try reader.choice(node, f.path("reference"), PopulationReference.self)
        }
        if let node = f["mortality"] {
            try mortality(node, f.path("mortality"), into: &section)
        }
        if let node = f["fertility"] {
            try fertility(node, f.path("fertility"), into: &section)
        }
        if let node = f["migration"] {
            let m = try reader.fields(node, f.path("migration"), known: Self.migrationKeys)
            if m["net_rate_per_1000"] != nil && m["net_total"] != nil {
                throw reader.error(m["net_total"], m.path("net_total"), "give either net_rate_per_1000 or net_total, not both")
            }
            if let n = m["net_rate_per_1000"] {
                let rate = try reader.number(n, m.path("net_rate_per_1000"), what: "net migrants per 1,000 residents a year")
                guard abs(rate) <= 200 else {
                    throw reader.expected("a net rate between -200 and 200 per 1,000", n, m.path("net_rate_per_1000"))
                }
                section.migration = .ratePerThousand(rate)
            }
            if let n = m["net_total"] {
                section.migration = .total(try reader.number(n, m.path("net_total"), what: "net migrants a year per area"))
            }
            if let n = m["profile"] {
                section.migrationProfile = try reader.choice(n, m.path("profile"), PopulationSection.MigrationProfileSpec.self)
            }
        }
        if let node = f["households"] {
            let h = try reader.fields(node, f.path("households"), known: Self.householdKeys)
            if let n = h["persons_per_household"] {
                let size = try reader.positive(n, h.path("persons_per_household"), unit: "persons")
                guard size <= 20 else { throw reader.expected("persons per household between 0 and 20", n, h.path("persons_per_household")) }
                section.personsPerHousehold = size
            }
        }
        if let node = f["group_quarters"] {
            let p = f.path("group_quarters")
            let text = try reader.text(node, p, what: "estimated, none or a file of code, sex, age_group, count")
            switch text {
            case "estimated": section.groupQuarters = .estimated
            case "none": section.groupQuarters = .none
            default: section.groupQuarters = .file(try dataPath(node, p, directory: false))
            }
        }
        if let node = f["detail"] {
            section.detail = try reader.choice(node, f.path("detail"), PopulationSection.Detail.self)
        }
        return section
    }

    func mortality(_ node: Node, _ path: String, into section: inout PopulationSection) throws(ScenarioError) {
        let m = try reader.fields(node, path, known: Self.mortalityKeys)
        if let n = m["e0_offset"] {
            let offsetPath = m.path("e0_offset")
            func offset(_ n: Node, _ p: String) throws(ScenarioError) -> Double {
                let value = try reader.number(n, p, what: "years of life expectancy (−20 to 20)")
                guard abs(value) <= 20 else { throw reader.expected("years of life expectancy (−20 to 20)", n, p) }
                return value
            }
            if case let .scalar(scalar) = n, Double(scalar.string) == nil {
                // Not a number: a table file of offsets by area and sex.
                section.e0OffsetFile = try dataPath(n, offsetPath, directory: false)
            } else if case .mapping = n {
                for (code, _, value) in try reader.entries(n, offsetPath, what: "area codes to years") {
                    section.e0Offset[code] = try offset(value, "\(offsetPath).\(code)")
                }
            } else {
                section.e0Offset["*"] = try offset(n, offsetPath)
            }
        }
        if let n = m["wpp_mx"] {
            let files = try reader.list(n, m.path("wpp_mx"), of: "two files: male and female death rates")
            guard files.count == 2 else {
                throw reader.expected("two files [male, female]", n, m.path("wpp_mx"))
            }
            section.deathRateFiles = [try dataPath(files[0], "\(m.path("wpp_mx"))[0]", directory: false),
                                      try dataPath(files[1], "\(m.path("wpp_mx"))[1]", directory: false)]
        }
    }

    func fertility(_ node: Node, _ path: String, into section: inout PopulationSection) throws(ScenarioError) {
        let f = try reader.fields(node, path, known: Self.fertilityKeys)
        func tfrValue(_ n: Node, _ p: String) throws(ScenarioError) -> Double {
            let what = "a total fertility rate between \(Self.tfrRange.lowerBound) and \(Self.tfrRange.upperBound) children per woman"
            let value = try reader.number(n, p, what: what)
            guard Self.tfrRange.contains(value) else { throw reader.expected(what, n, p) }
            return value
        }
        if let n = f["tfr"] {
            section.tfr = try tfrValue(n, f.path("tfr"))
            section.calibrateToCensus = false
        }
        if let n = f["calibrate_to_census"] {
            section.calibrateToCensus = try reader.bool(n, f.path("calibrate_to_census"))
        }
        if !section.calibrateToCensus && section.tfr == nil {
            throw reader.error(node, path, "missing required key \"tfr\" (calibrate_to_census is false)")
        }
        // A TFR given as a number is the level the scenario means to hold unless it names a path;
        // only a calibrated level follows WPP by default.
        if !section.calibrateToCensus { section.tfrPath = .constant }
        if let n = f["age0_adjustment"] {
            let value = try reader.positive(n, f.path("age0_adjustment"))
            guard (0.5...1.5).contains(value) else {
                throw reader.expected("a factor between 0.5 and 1.5 on the census age-0 count", n, f.path("age0_adjustment"))
            }
            section.ageZeroAdjustment = value
        }
        if f["tfr_path"] != nil && f["tfr_history"] != nil {
            throw reader.error(f["tfr_history"], f.path("tfr_history"), "give either tfr_path or tfr_history (a fitted logistic), not both")
        }
        if let n = f["tfr_path"] {
            let p = try reader.fields(n, f.path("tfr_path"), known: Self.tfrPathKeys, required: ["type"])
            let kind = try reader.text(p["type"]!, p.path("type"), what: "wpp, constant, linear or logistic")
            switch kind {
            case "wpp":
                section.tfrPath = .wpp
            case "constant":
                section.tfrPath = .constant
            case "linear", "logistic":
                guard let toNode = p["to"] else { throw reader.error(n, p.path("to"), "missing required key \"to\" (the target TFR)") }
                guard let byNode = p["by"] else { throw reader.error(n, p.path("by"), "missing required key \"by\" (the year the target is reached)") }
                let to = try tfrValue(toNode, p.path("to"))
                let by = try reader.year(byNode, p.path("by"))
                guard by > section.baseYear else {
                    throw reader.expected("a year after the base year \(section.baseYear)", byNode, p.path("by"))
                }
                section.tfrPath = kind == "linear" ? .linear(to: to, by: by) : .logistic(to: to, by: by)
            default:
                throw reader.expected("wpp, constant, linear or logistic", p["type"]!, p.path("type"),
                                      hint: Suggestion.hint(for: kind, among: ["wpp", "constant", "linear", "logistic"]))
            }
        }
        if let n = f["tfr_history"] {
            let historyPath = f.path("tfr_history")
            var history: [Int: Double] = [:]
            for (key, keyNode, value) in try reader.entries(n, historyPath, what: "years to TFR") {
                let year = try reader.year(key: key, keyNode, "\(historyPath).\(key)")
                history[year] = try tfrValue(value, "\(historyPath).\(key)")
            }
            guard history.count >= 4 else {
                throw reader.expected("at least 4 years of TFR history to fit a logistic", n, historyPath)
            }
            section.tfrPath = .fitted(history: history)
        }
        if let n = f["schedule"] {
            section.fertilityScheduleFile = try dataPath(n, f.path("schedule"), directory: false)
        }
        if let n = f["schedule_timing"] {
            section.scheduleTiming = try reader.choice(n, f.path("schedule_timing"), PopulationSection.ScheduleTiming.self)
        }
        if let n = f["srb"] {
            let value = try reader.positive(n, f.path("srb"), unit: "males per female birth")
            guard (0.8...1.4).contains(value) else {
                throw reader.expected("a sex ratio at birth between 0.8 and 1.4 males per female birth (1.11, not 111)", n, f.path("srb"))
            }
            section.sexRatioAtBirth = value
        }
    }

    /// Whether division code `parent` is a province (`xx0000`) or prefecture (`xxxx00`) whose
    /// territory holds the different code `child` (GB/T 2260: the leading 2 or 4 digits).
    static func contains(_ parent: String, _ child: String) -> Bool {
        guard parent != child, parent.utf8.count == 6, child.utf8.count == 6,
              parent.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), child.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return false
        }
        if parent.hasSuffix("0000") { return parent.prefix(2) == child.prefix(2) }
        if parent.hasSuffix("00") { return parent.prefix(4) == child.prefix(4) }
        return false
    }

    /// A path relative to the scenario's folder that must exist now, as a file or a folder.
    func dataPath(_ node: Node, _ path: String, directory: Bool) throws(ScenarioError) -> PopulationSection.DataPath {
        let written = try reader.text(node, path, what: directory ? "a folder path" : "a file path")
        let url = written.hasPrefix("/") ? URL(fileURLWithPath: written) : folder.appendingPathComponent(written)
        try reader.checkOpens(written, at: url.path, folder: directory, node, path)
        return .init(path: url.standardizedFileURL.path, written: written, keyPath: path,
                     line: node.mark?.line, column: node.mark?.column)
    }
}
