import Demography
import Foundation
import GRDB

/// The parts of OGC GeoPackage 1.3 that a result store uses: the required metadata tables, one point
/// feature table, attribute tables registered in `gpkg_contents`, and the GeoPackage binary form of a
/// point. QGIS and `ogrinfo` open the file as a GeoPackage; pandas, R and DuckDB read it as SQLite.
enum GeoPackage {
    /// `PRAGMA application_id`: the ASCII bytes "GPKG".
    static let applicationID: Int32 = 0x4750_4B47
    /// `PRAGMA user_version` for GeoPackage 1.3.0.
    static let userVersion = 10300
    /// WGS 84 longitude/latitude.
    static let wgs84 = 4326
    /// GCJ-02, the obfuscated datum Amap (and the shipped county points) use: geographic like WGS 84 but
    /// offset by up to about 700 m. It has no EPSG code; the store names it so, instead of calling it WGS 84.
    static let gcj02 = 100002

    static func createMetadata(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(userVersion)")
        try db.execute(sql: """
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            """)
        let insert = try db.makeStatement(sql: """
            INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: ["WGS 84 geodetic", wgs84, "EPSG", 4326, wgs84Definition, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"])
        try insert.execute(arguments: ["GCJ-02 (Amap)", gcj02, "CareCap", gcj02, wgs84Definition.replacingOccurrences(of: "GEOGCS[\"WGS 84\"", with: "GEOGCS[\"GCJ-02 (Amap), WGS 84 axes\""),
                                       "China's GCJ-02 coordinates as Amap publishes them: WGS 84 axes, offset by up to about 700 m; for schematic county maps only"])
        try insert.execute(arguments: ["Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"])
        try insert.execute(arguments: ["Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"])
    }

    static let wgs84Definition = """
        GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],\
        AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,\
        AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]
        """

    /// `gpkg_contents.last_change` of every table: `SOURCE_DATE_EPOCH` (seconds since 1970, the
    /// reproducible-builds convention) when set, else 1970-01-01T00:00:00.000Z.
    ///
    /// Why not the time of writing (the column's default): the store then differed in those bytes
    /// between two runs of the same scenario, and a merged sharded run (`carecap merge`) could not be
    /// the same file as a single run. When a run was made is the file's own modification time.
    static let lastChange: String = {
        let seconds = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) }.map { max(0, min($0, 253_402_300_799)) } ?? 0
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }()

    /// Registers an attribute table (no geometry) so GeoPackage readers list it.
    static func registerAttributes(_ db: Database, table: String, description: String) throws {
        try db.execute(sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES (?, 'attributes', ?, ?, ?)",
                       arguments: [table, table, description, lastChange])
    }

    /// Registers a point feature table with its extent.
    static func registerPoints(_ db: Database, table: String, column: String, description: String,
                               extent: (minX: Double, minY: Double, maxX: Double, maxY: Double)?) throws
    {
        try db.execute(sql: """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id, last_change)
            VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [table, table, description, extent?.minX, extent?.minY, extent?.maxX, extent?.maxY, gcj02, lastChange])
        try db.execute(sql: "INSERT INTO gpkg_geometry_columns VALUES (?, ?, 'POINT', ?, 0, 0)", arguments: [table, column, gcj02])
    }

    /// A point as a GeoPackage geometry blob: "GP", version 0, flags (little-endian, no envelope),
    /// the SRS id, then the point as little-endian WKB (GeoPackage 1.3 §2.1.3).
    static func pointBlob(longitude: Double, latitude: Double, srsID: Int32 = Int32(gcj02)) -> Data {
        var bytes: [UInt8] = [0x47, 0x50, 0x00, 0x01]
        bytes.appendLittleEndian(srsID)
        bytes.append(0x01)
        bytes.appendLittleEndian(UInt32(1))
        bytes.appendLittleEndian(longitude.bitPattern)
        bytes.appendLittleEndian(latitude.bitPattern)
        return Data(bytes)
    }

    /// The point of a blob written by `pointBlob`, or nil for anything else.
    static func point(of blob: Data) -> (longitude: Double, latitude: Double)? {
        let b = [UInt8](blob)
        guard b.count == 29, b[0] == 0x47, b[1] == 0x50, b[3] == 0x01, b[8] == 0x01 else { return nil }
        func double(at i: Int) -> Double {
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(b[i + k]) << (8 * UInt64(k)) }
            return Double(bitPattern: bits)
        }
        return (double(at: 13), double(at: 21))
    }
}
