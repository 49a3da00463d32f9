import Foundation
import GRDB
import Testing
@testable import Results

/// Region rows in the store: written and read back as they were, refused when a row names a region the
/// manifest does not list or the manifest lists a region a reader could not tell from an area.
@Suite struct RegionStoreTests {
    /// The sample run with a third area, 保山's 隆阳区, and 德宏 as a region of its two counties: rows
    /// 533102, 533103, 530502, then 533100, then total.
    static func sample() -> RunResult {
        var result = ResultStoreTests.sample()
        result.areas.append(ResultArea(code: "530502", name: "隆阳区", level: "county", prefecture: "保山市", province: "云南省"))
        result.manifest.areas.append("530502")
        result.manifest.regions = [RunManifest.Region(key: "533100", name: "德宏傣族景颇族自治州", level: .prefecture,
                                                      members: ["533102", "533103"])]
        let codes = ["533102", "533103", "530502", "533100", RunResult.totalArea]
        func widened(_ table: QuantileTable) -> QuantileTable {
            let count = codes.count * table.years.count * table.columns.count * 3
            return QuantileTable(areas: codes, years: table.years, columns: table.columns,
                                 values: (0..<count).map { 7 + Double($0) * 0.25 })
        }
        result.population = widened(result.population)
        result.demand = widened(result.demand)
        result.supply = widened(result.supply)
        result.shortfall = widened(result.shortfall)
        return result
    }

    func store(_ result: RunResult, damagedBy sql: String = "") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-regions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let path = url.appendingPathComponent("results.gpkg").path
        try ResultStore.write(result, to: path)
        if !sql.isEmpty { try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: sql) } }
        return path
    }

    @Test func regionRowsComeBackExactly() throws {
        let original = Self.sample()
        let read = try ResultStore.read(path: try store(original))
        #expect(read == original)
        #expect(read.regions == original.manifest.regions)
        #expect(read.demand.areas == ["533102", "533103", "530502", "533100", RunResult.totalArea])
        #expect(read.region("533100")?.members == ["533102", "533103"])
        // A region is not a leaf area: views per county keep to the three counties.
        #expect(read.areaCodes == ["533102", "533103", "530502"] && read.area("533100") == nil)
    }

    /// A region key holding a NUL: SQLite keeps the whole text, GRDB's row-by-row reading ends it at the NUL and
    /// refuses the row as naming no region; the fast reading (`LongTableReader`) leaves such a store to it
    /// rather than accepting the whole key.
    @Test func aRegionKeyWithANulIsRefusedAsTheRowByRowReaderRefusesIt() throws {
        var result = Self.sample()
        result.manifest.regions[0].key = "5331\u{0}00"
        let codes = ["533102", "533103", "530502", "5331\u{0}00", RunResult.totalArea]
        for keyPath in [\RunResult.population, \.demand, \.supply, \.shortfall] {
            let t = result[keyPath: keyPath]
            result[keyPath: keyPath] = QuantileTable(areas: codes, years: t.years, columns: t.columns, values: t.values)
        }
        let path = try store(result)
        #expect {
            try ResultStore.read(path: path)
        } throws: { error in
            "\(error)".contains("column area: expected one of the manifest's areas or regions, or total, found \"5331\"")
        }
    }

    /// A store written before region rows has no `regions` key: it reads with none.
    @Test func storeWithoutRegionsKeyReads() throws {
        let read = try ResultStore.read(path: try store(ResultStoreTests.sample(), damagedBy: "DELETE FROM manifest WHERE key = 'regions'"))
        #expect(read.regions.isEmpty && read == ResultStoreTests.sample())
    }

    @Test(arguments: [
        // demand has 2 years × 2 columns per area: the region's first row follows 3 areas' 12.
        ("a row of a region not listed", "UPDATE demand SET area = '530500' WHERE area = '533100'",
         "table demand: row fid 13, column area: expected one of the manifest's areas or regions, or total, found \"530500\""),
        ("a region row in the pyramid", "UPDATE pyramid SET area = '533100'",
         "table pyramid: row fid 1, column area: expected one of the manifest's areas or total, found \"533100\""),
        ("a member not in the run", #"UPDATE manifest SET value = '[{"key":"533100","level":"prefecture","members":["533102","533199"],"name":"德宏"}]' WHERE key = 'regions'"#,
         "table manifest: key regions: expected members among the run's areas, found 533199 in 533100"),
        ("a region keyed as an area", #"UPDATE manifest SET value = '[{"key":"533102","level":"prefecture","members":["533102","533103"],"name":"德宏"}]' WHERE key = 'regions'"#,
         "table manifest: key regions: expected region keys that are unique and neither an area nor total, found 533102"),
        ("a region of one area", #"UPDATE manifest SET value = '[{"key":"533100","level":"prefecture","members":["533102"],"name":"德宏"}]' WHERE key = 'regions'"#,
         "table manifest: key regions: expected at least two distinct member areas per region, found 533100: 1 members"),
        ("an unknown level", #"UPDATE manifest SET value = '[{"key":"533100","level":"county","members":["533102","533103"],"name":"德宏"}]' WHERE key = 'regions'"#,
         "table manifest: key regions.Index 0.level"),
    ])
    func damagedRegionsAreRefused(name: String, sql: String, message: String) throws {
        let path = try store(Self.sample(), damagedBy: sql)
        #expect {
            try ResultStore.read(path: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path): \(message)")
        }
    }
}
