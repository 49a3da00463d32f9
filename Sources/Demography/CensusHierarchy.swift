/// Which census rows are leaf units (projected) and which rows are their prefecture and province.
///
/// The census layout has five levels (nation, province, prefecture, county, zone) and no parent column,
/// so parents are found as follows:
/// - province: the province row named in the row's `province` column;
/// - prefecture: the prefecture row whose code shares the row's first four digits, else the prefecture
///   row of the same province named in the row's `prefecture` column (五台山 170971 lies in 忻州市 by
///   name only); a zone whose `prefecture` column names no prefecture row (the islands of 三沙市 repeat
///   their own name there) belongs to the province's prefecture row that has no county and whose total
///   equals the sum of all such zones of the province, else directly to the province.
///
/// Leaves: every county row, every zone row, and every prefecture row with no county or zone under it
/// (东莞, 中山, 儋州, 嘉峪关). A zone named "…直辖县级行政区划" is the province's group of directly
/// administered counties (code xx90yy), an aggregate of county rows already counted: neither a leaf
/// nor a region. With these rules the leaves of each province of the 2020 census sum exactly to the
/// province row, and the nation's to 1,409,778,724.
package struct CensusHierarchy: Sendable {
    /// Per row of the table: the index of its prefecture row and province row, if any.
    package let prefectureOf: [Int?]
    package let provinceOf: [Int?]
    /// Per row: whether the row is a projected unit.
    package let isLeaf: [Bool]
    /// Per row: whether the row is a group of rows counted elsewhere (`…直辖县级行政区划`).
    package let isAggregate: [Bool]

    /// The name suffix of the census's groups of counties administered directly by the province.
    static let directlyAdministeredSuffix = "直辖县级行政区划"

    init(rows: [CensusRow]) {
        let n = rows.count
        var provinceByName: [String: Int] = [:]
        var prefectureByCode: [String: Int] = [:]
        var prefectureByName: [String: Int] = [:]   // "province/name"
        for (i, row) in rows.enumerated() {
            switch row.level {
            case "province":
                if provinceByName[row.name] == nil { provinceByName[row.name] = i }
            case "prefecture":
                if !row.code.isEmpty { prefectureByCode[row.code] = i }
                prefectureByName["\(row.province)/\(row.name)"] = prefectureByName["\(row.province)/\(row.name)"] ?? i
            default: break
            }
        }
        let aggregate = rows.map { $0.level == "zone" && $0.name.hasSuffix(Self.directlyAdministeredSuffix) }
        var prefectureOf = [Int?](repeating: nil, count: n)
        var provinceOf = [Int?](repeating: nil, count: n)
        var orphanZones: [String: [Int]] = [:]   // by province name
        for (i, row) in rows.enumerated() where row.level == "county" || row.level == "zone" || row.level == "prefecture" {
            provinceOf[i] = provinceByName[row.province]
            guard row.level != "prefecture", !aggregate[i] else { continue }
            if row.code.utf8.count == 6, let p = prefectureByCode[String(row.code.prefix(4)) + "00"],
               rows[p].province == row.province {
                prefectureOf[i] = p
            } else if let p = prefectureByName["\(row.province)/\(row.prefecture)"] {
                prefectureOf[i] = p
            } else if row.level == "zone" {
                orphanZones[row.province, default: []].append(i)
            }
        }
        var hasChild = [Bool](repeating: false, count: n)
        for i in 0..<n { if let p = prefectureOf[i] { hasChild[p] = true } }
        for (province, zones) in orphanZones {
            let sum = zones.reduce(0) { $0 + rows[$1].total }
            let parent = rows.indices.first {
                rows[$0].level == "prefecture" && rows[$0].province == province && !hasChild[$0] && rows[$0].total == sum
            }
            if let parent {
                for z in zones { prefectureOf[z] = parent }
                hasChild[parent] = true
            }
        }
        self.prefectureOf = prefectureOf
        self.provinceOf = provinceOf
        self.isAggregate = aggregate
        self.isLeaf = rows.indices.map { i in
            switch rows[i].level {
            case "county": return true
            case "zone": return !aggregate[i]
            case "prefecture": return !hasChild[i]
            default: return false
            }
        }
    }

    /// Whether leaf `leaf` lies within row `region` (a province, prefecture or the nation; a leaf lies
    /// within itself).
    package func contains(region: Int, leaf: Int, rows: [CensusRow]) -> Bool {
        if region == leaf { return true }
        switch rows[region].level {
        case "nation": return true
        case "province": return provinceOf[leaf] == region
        case "prefecture": return prefectureOf[leaf] == region
        default: return false
        }
    }
}
