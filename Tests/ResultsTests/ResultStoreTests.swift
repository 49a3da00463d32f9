import Foundation
import GRDB
import Planning
import Testing
@testable import Results

/// The store gives back exactly the result it was given, is a GeoPackage by the spec's own bytes, and
/// refuses files that are not CareCap stores with a message naming them.
@Suite struct ResultStoreTests {
    func temporaryPath(_ name: String = "results.gpkg") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.appendingPathComponent(name).path
    }

    /// A small result with the awkward cases: a NaN cell, an area without a point, commas, quotes and
    /// Chinese text in sources, an empty responsible-units list, a null seed.
    static func sample() -> RunResult {
        let areas = [
            ResultArea(code: "533102", name: "瑞丽市", level: "county", prefecture: "德宏州", province: "云南省",
                       longitude: 97.85, latitude: 24.01, pointPrecision: "county"),
            ResultArea(code: "533103", name: "芒市", level: "county", prefecture: "德宏州", province: "云南省"),
        ]
        let codes = ["533102", "533103", RunResult.totalArea]
        func table(_ columns: [QuantileTable.Column], seed: Double) -> QuantileTable {
            let count = codes.count * 2 * columns.count * 3
            var values = (0..<count).map { seed + Double($0) * 0.125 }
            values[4] = .nan
            return QuantileTable(areas: codes, years: [2020, 2021], columns: columns, values: values)
        }
        let manifest = RunManifest(
            tool: "carecap test", command: "run", scenario: "Scenarios/x.yaml", scenarioName: "测试, \"quoted\"",
            scenarioHash: "fnv1a64:0123456789abcdef", variant: nil, rules: "dehong-2022", baseYear: 2020, horizon: 2021,
            referenceDate: "11-01", areas: ["533102", "533103"], populationDetail: "service", draws: 1, seed: nil,
            uncertainty: [.init(name: .e0Years, sd: 0.8, shared: 0.5, persistence: 1)], e0YearsPerLogMortality: 11.7,
            demandParameters: [.init(name: "nursery-slots-per-1000.slots_per_1000", value: 4.5, unit: .slotsPer1000Residents,
                                     basis: .standard, source: "国家“十四五”规划纲要, 主要指标")],
            workforce: .init(carersTrainedPerYear: 200, trainingFrom: 2022, trainingTo: nil, carerAttrition: 0.08,
                             socialWorkerAttrition: 0, trainingSharedBy: "base-year children aged 0-2"),
            programTargets: [.init(rule: "nursing-bed-share", metric: "nursing_share", required: 0.55, year: 2021, unit: .share,
                                   source: "附件2 任务13")],
            warnings: ["no beds supply given for 533103: counted as 0"])
        return RunResult(
            manifest: manifest, areas: areas,
            population: table([.init(.residents, .projected), .init(.elderly60plus, .projected)], seed: 1000),
            demand: table([.init(.nurserySlots, .standard), .init(.nurserySlots, .propensity)], seed: 10),
            supply: table([.init(.nurserySlots, .planned)], seed: 5),
            shortfall: table([.init(.nurserySlots, .standard)], seed: 0),
            pyramid: [PyramidRow(area: "533102", year: 2020, sex: .female, age: 100, population: 12.5)],
            findings: [RunFinding(subject: "533102", kind: .area, rule: "nursery-slots-per-1000", metric: "nursery_slots", year: 2021,
                                  required: 1979.69, provided: 800, shortfall: 1179.69, unit: .slots, status: .fail,
                                  probabilityMet: 0, nature: .expected, source: "a, \"b\"\nc", responsibleUnits: [])],
            supplyDeclarations: [SupplyDeclaration(area: "533102", measure: .nurserySlots, sources: [.level, .changes]),
                                 SupplyDeclaration(area: "533103", measure: .beds, sources: [])],
            facts: [AreaFacts(area: "533102", institutions: 3, inclusiveBeds: 40), AreaFacts(area: "533103")],
            variants: [VariantEdits(name: "low", edits: [.init(keyPath: "population.fertility.tfr", value: "1.0")])])
    }

    @Test func aResultComesBackExactly() throws {
        let path = try temporaryPath()
        let original = Self.sample()
        try ResultStore.write(original, to: path)
        let read = try ResultStore.read(path: path)
        #expect(read == original)
        // p50 of area 0, year 0, column 0 sits at index ((0 × 2 + 0) × 2 + 0) × 3 + 1 = 1: 10 + 1 × 0.125.
        #expect(read.demand.value("533102", 2020, .nurserySlots, .standard)?.p50 == 10.125)
        // Index 4 (area 0, year 0, column 1, p50) was NaN: stored as NULL, read back as unknown.
        #expect(read.demand.value("533102", 2020, .nurserySlots, .propensity) == nil)
        #expect(read.isDeclared("533102", .nurserySlots) && !read.isDeclared("533103", .beds))
        #expect(!read.isDeclared(RunResult.totalArea, .nurserySlots))   // 533103 does not declare it
    }

    @Test func theFileIsAGeoPackage() throws {
        let path = try temporaryPath()
        try ResultStore.write(Self.sample(), to: path)
        let queue = try DatabaseQueue(path: path)
        try queue.read { db in
            #expect(try Int.fetchOne(db, sql: "PRAGMA application_id") == 0x4750_4B47)
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 10300)
            // Pages of 64 KiB (ResultStore.pageSize), and the file passes SQLite's own check.
            #expect(try Int.fetchOne(db, sql: "PRAGMA page_size") == 65536)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            // The three SRS rows the spec requires, plus GCJ-02 for the points.
            #expect(try Int.fetchAll(db, sql: "SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id") == [-1, 0, 4326, 100002])
            #expect(try String.fetchOne(db, sql: "SELECT data_type FROM gpkg_contents WHERE table_name = 'areas'") == "features")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM gpkg_contents WHERE data_type = 'attributes'") == 15)
            #expect(try String.fetchOne(db, sql: "SELECT geometry_type_name FROM gpkg_geometry_columns") == "POINT")
            let blobs = try Data?.fetchAll(db, sql: "SELECT geom FROM areas ORDER BY fid")
            #expect(blobs.count == 2 && blobs[1] == nil)
            #expect(blobs[0].flatMap(GeoPackage.point).map { [$0.longitude, $0.latitude] } == [97.85, 24.01])
        }
    }

    /// GeoPackage 1.3 §2.1.3 by hand for POINT(1 2): "GP", version 0, flags 0b0000_0001 (little-endian,
    /// no envelope, not empty), srs_id 100002 = 0x000186A2 little-endian, then WKB: byte order 1, type 1
    /// (Point), x = 1.0 = 0x3FF0000000000000, y = 2.0 = 0x4000000000000000, each little-endian.
    @Test func pointBlobByHand() {
        let expected: [UInt8] = [0x47, 0x50, 0x00, 0x01, 0xA2, 0x86, 0x01, 0x00,
                                 0x01, 0x01, 0x00, 0x00, 0x00,
                                 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
                                 0, 0, 0, 0, 0, 0, 0x00, 0x40]
        #expect([UInt8](GeoPackage.pointBlob(longitude: 1, latitude: 2)) == expected)
    }

    @Test func notAStoreIsNamed() throws {
        let missing = try temporaryPath("none.gpkg")
        #expect(throws: ResultStore.Failure.missing(missing)) { try ResultStore.read(path: missing) }
        let text = try temporaryPath("text.gpkg")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        #expect { try ResultStore.read(path: text) } throws: { error in
            "\(error)".hasPrefix("\(text): not a CareCap result store")
        }
        // An SQLite file that is not a GeoPackage.
        let plain = try temporaryPath("plain.gpkg")
        try DatabaseQueue(path: plain).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: ResultStore.Failure.notAStore(plain, "not a GeoPackage")) { try ResultStore.read(path: plain) }
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let path = try temporaryPath()
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ResultStore.Failure.cannotWrite(path, "the file exists")) { try ResultStore.write(Self.sample(), to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
    }
}
