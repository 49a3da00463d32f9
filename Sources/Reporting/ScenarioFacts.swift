import Foundation

/// What a report may take from the scenario file beside a run's tables: areas' names, the number of
/// institutions and their inclusive beds, public nurseries, new districts' elder-care rooms, and the
/// variants' edits. Read with a plain line scan of the YAML the scenario format uses (the Reporting
/// module does not parse scenarios); anything it cannot find stays unknown, never zero.
public struct ScenarioFacts: Sendable {
    public var found = false
    public var path: String?
    public var names: [String: String] = [:]
    /// Institutions listed under an area's supply (nil: the area lists none).
    public var institutions: [String: Int] = [:]
    public var inclusiveBeds: [String: Double] = [:]
    public var publicNurseries: [String: Double] = [:]
    /// Elder-care rooms in the scenario's new districts, by area: count and m².
    public var communityRooms: [String: (count: Int, m2: Double)] = [:]
    public var variants: [(name: String, edits: String)] = []

    public init() {}

    /// Looks for the scenario file as given (relative to the current folder or absolute), then relative
    /// to the run folder's parents.
    public static func read(scenarioFile: String, runFolder: String, areas: [String]) -> ScenarioFacts {
        guard !scenarioFile.isEmpty else { return ScenarioFacts() }
        var candidates = [scenarioFile]
        if !scenarioFile.hasPrefix("/") {
            var dir = (runFolder as NSString).standardizingPath
            for _ in 0..<4 {
                dir = (dir as NSString).deletingLastPathComponent
                candidates.append((dir as NSString).appendingPathComponent(scenarioFile))
            }
        }
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path) {
                var facts = parse(String(decoding: data, as: UTF8.self))
                facts.path = path
                facts.found = true
                if let census = facts.censusPath {
                    let full = census.hasPrefix("/") ? census
                        : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(census)
                    facts.addCensusNames(full, areas: areas)
                }
                return facts
            }
        }
        return ScenarioFacts()
    }

    var censusPath: String?

    static func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }

    static func stripComment(_ line: Substring) -> Substring {
        var inQuote = false
        for (i, c) in zip(line.indices, line) {
            if c == "\"" { inQuote.toggle() }
            if c == "#" && !inQuote && (i == line.startIndex || line[line.index(before: i)] == " ") {
                return line[..<i]
            }
        }
        return line
    }

    static func unquote(_ text: Substring) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, (t.hasPrefix("\"") && t.hasSuffix("\"")) || (t.hasPrefix("'") && t.hasSuffix("'")) {
            t = String(t.dropFirst().dropLast())
        }
        return t
    }

    /// `key: value` on one line, the key unquoted.
    static func keyValue(_ line: Substring) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = unquote(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return (key, value)
    }

    static func number(after key: String, in text: String) -> Double? {
        guard let range = text.range(of: "\(key):") else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " }
        let digits = rest.prefix { $0.isNumber || $0 == "." }
        return Double(digits)
    }

    static func parse(_ text: String) -> ScenarioFacts {
        var facts = ScenarioFacts()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { stripComment($0) }
        var section = ""
        var area: String?
        var areaIndent = -1
        var inInstitutions = false
        var institutionsIndent = -1
        var districtItems: [String] = []
        var populationIndent = -1
        for raw in lines {
            let line = raw.replacingOccurrences(of: "\t", with: " ")[...]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let ind = indent(line)
            let body = line.dropFirst(ind)
            if ind == 0 {
                section = keyValue(body)?.0 ?? ""
                area = nil
                inInstitutions = false
                continue
            }
            switch section {
            case "population":
                if populationIndent < 0 { populationIndent = ind }
                if ind == populationIndent, let (k, v) = keyValue(body), k == "census" { facts.censusPath = unquote(v[...]) }
            case "supply":
                if areaIndent < 0 { areaIndent = ind }
                if ind == areaIndent, let (k, _) = keyValue(body) {
                    area = k
                    inInstitutions = false
                    continue
                }
                guard let a = area else { continue }
                if inInstitutions && ind > institutionsIndent {
                    if body.hasPrefix("- ") {
                        facts.institutions[a, default: 0] += 1
                    }
                    if let v = number(after: "inclusive_beds", in: String(body)) { facts.inclusiveBeds[a, default: 0] += v }
                    continue
                }
                inInstitutions = false
                if let (k, v) = keyValue(body) {
                    switch k {
                    case "name": facts.names[a] = unquote(v[...])
                    case "institutions":
                        inInstitutions = true
                        institutionsIndent = ind
                        if facts.institutions[a] == nil { facts.institutions[a] = 0 }
                    case "public_nurseries": if let n = Double(v) { facts.publicNurseries[a] = n }
                    default: break
                    }
                }
            case "districts":
                if body.hasPrefix("- ") { districtItems.append(String(body.dropFirst(2))) } else if !districtItems.isEmpty {
                    districtItems[districtItems.count - 1] += " " + body
                }
            case "variants":
                if let (k, v) = keyValue(body), !v.isEmpty { facts.variants.append((k, v)) }
            default: break
            }
        }
        for item in districtItems {
            guard let areaRange = item.range(of: #"area:\s*"?([0-9A-Za-z_-]+)"?"#, options: .regularExpression) else { continue }
            let areaText = item[areaRange].replacingOccurrences(of: "area:", with: "")
                .trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            guard let roomsRange = item.range(of: #"elder_care_rooms_m2:\s*\[[^\]]*\]"#, options: .regularExpression) else { continue }
            let list = item[roomsRange].drop { $0 != "[" }.dropFirst().dropLast()
            let values = list.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            var entry = facts.communityRooms[areaText] ?? (0, 0)
            entry.count += values.count
            entry.m2 += values.reduce(0, +)
            facts.communityRooms[areaText] = entry
        }
        return facts
    }

    /// Areas without a `name:` in the supply section take the county name from the census file.
    mutating func addCensusNames(_ path: String, areas: [String]) {
        let missing = Set(areas.filter { names[$0] == nil })
        guard !missing.isEmpty, let data = FileManager.default.contents(atPath: path) else { return }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) {
            guard let comma = line.firstIndex(of: ","), missing.contains(String(line[..<comma])) else { continue }
            let fields = line.split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false)
            if fields.count > 4 { names[String(fields[0])] = String(fields[4]) }
        }
    }
}
