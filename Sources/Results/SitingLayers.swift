import Foundation
import GRDB

/// `siting.gpkg`, written by `carecap optimize`: a GeoPackage with a point layer of sites and one of zones,
/// each with its result in the last planning year, for QGIS. Points are as the scenario gave them, registered
/// as GCJ-02 like the run store's county points (the shipped points file is GCJ-02). Rows without a point
/// (a zone with no coordinates) are kept with an empty geometry, so the attribute table stays complete.
package enum SitingLayers {
    package struct SiteRow: Sendable {
        package var id: String
        package var longitude: Double?
        package var latitude: Double?
        package var existing: Bool
        /// Year it opened (nil: existing, or never opened).
        package var openedYear: Int?
        package var modules: Int
        package var capacity: Double
        package var served: Double

        package init(id: String, longitude: Double?, latitude: Double?, existing: Bool, openedYear: Int?, modules: Int,
                     capacity: Double, served: Double) {
            self.id = id
            self.longitude = longitude
            self.latitude = latitude
            self.existing = existing
            self.openedYear = openedYear
            self.modules = modules
            self.capacity = capacity
            self.served = served
        }
    }

    package struct ZoneRow: Sendable {
        package var id: String
        package var longitude: Double?
        package var latitude: Double?
        package var demand: Double
        package var unmet: Double
        package var unmetAllYears: Double

        package init(id: String, longitude: Double?, latitude: Double?, demand: Double, unmet: Double, unmetAllYears: Double) {
            self.id = id
            self.longitude = longitude
            self.latitude = latitude
            self.demand = demand
            self.unmet = unmet
            self.unmetAllYears = unmetAllYears
        }
    }

    /// Writes a new file at `path` (which must not exist); `year` is the year the figures describe.
    package static func write(sites: [SiteRow], zones: [ZoneRow], year: Int, to path: String) throws {
        if FileManager.default.fileExists(atPath: path) { throw ResultStore.Failure.cannotWrite(path, "the file exists") }
        do {
            var configuration = Configuration()
            configuration.journalMode = .default
            SQLiteSetup.prepare()
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF") }
            try queue.write { db in
                try GeoPackage.createMetadata(db)
                let id = "fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"
                try db.execute(sql: """
                    CREATE TABLE sites (\(id), geom POINT, site TEXT NOT NULL, existing INTEGER NOT NULL, opened_year INTEGER,
                      modules INTEGER NOT NULL, capacity REAL NOT NULL, served REAL NOT NULL)
                    """)
                try GeoPackage.registerPoints(db, table: "sites", column: "geom",
                                              description: "candidate and existing sites: year opened, modules, capacity and units served in \(year)",
                                              extent: extent(sites.compactMap { point($0.longitude, $0.latitude) }))
                let site = try db.makeStatement(sql: "INSERT INTO sites (geom, site, existing, opened_year, modules, capacity, served) VALUES (?, ?, ?, ?, ?, ?, ?)")
                for row in sites {
                    try site.execute(arguments: [blob(row.longitude, row.latitude), row.id, row.existing ? 1 : 0, row.openedYear,
                                                 row.modules, row.capacity, row.served])
                }
                try db.execute(sql: """
                    CREATE TABLE zones (\(id), geom POINT, zone TEXT NOT NULL, demand REAL NOT NULL, unmet REAL NOT NULL,
                      unmet_all_years REAL NOT NULL)
                    """)
                try GeoPackage.registerPoints(db, table: "zones", column: "geom",
                                              description: "zones: demand and unmet demand in \(year), unmet summed over every year",
                                              extent: extent(zones.compactMap { point($0.longitude, $0.latitude) }))
                let zone = try db.makeStatement(sql: "INSERT INTO zones (geom, zone, demand, unmet, unmet_all_years) VALUES (?, ?, ?, ?, ?)")
                for row in zones {
                    try zone.execute(arguments: [blob(row.longitude, row.latitude), row.id, row.demand, row.unmet, row.unmetAllYears])
                }
            }
            try queue.close()
        } catch let failure as ResultStore.Failure {
            throw failure
        } catch {
            throw ResultStore.Failure.cannotWrite(path, "\(error)")
        }
    }

    private static func point(_ longitude: Double?, _ latitude: Double?) -> (Double, Double)? {
        guard let longitude, let latitude else { return nil }
        return (longitude, latitude)
    }

    private static func blob(_ longitude: Double?, _ latitude: Double?) -> Data? {
        point(longitude, latitude).map { GeoPackage.pointBlob(longitude: $0.0, latitude: $0.1) }
    }

    private static func extent(_ points: [(Double, Double)]) -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        guard let first = points.first else { return nil }
        var box = (minX: first.0, minY: first.1, maxX: first.0, maxY: first.1)
        for (x, y) in points {
            box = (min(box.minX, x), min(box.minY, y), max(box.maxX, x), max(box.maxY, y))
        }
        return box
    }
}
