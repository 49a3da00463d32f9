import Foundation
import GRDB
import Testing
@testable import Results

/// A store damaged or edited by hand is refused on read with the file, the table, the row and column
/// and what was expected, never a trap in a report: the sample run is 2020-2021, areas 533102 and
/// 533103, so every bound below is by hand from those.
@Suite struct DamagedRunFolderTests {
    func storeDamaged(by sql: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let path = url.appendingPathComponent("results.gpkg").path
        try ResultStore.write(ResultStoreTests.sample(), to: path)
        if !sql.isEmpty { try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: sql) } }
        return path
    }

    /// The same table without its NOT NULL constraints, so a NULL can be put where the writer never does.
    static func unconstrained(_ table: String) -> String {
        "CREATE TABLE copy AS SELECT * FROM \(table); DROP TABLE \(table); ALTER TABLE copy RENAME TO \(table);"
    }

    @Test(arguments: [
        ("horizon 1900", "UPDATE manifest SET value = '1900' WHERE key = 'horizon'",
         "table manifest: key horizon: expected a year after the base year 2020, at most 2100, found 1900"),
        ("horizon 2^63-1", "UPDATE manifest SET value = '9223372036854775807' WHERE key = 'horizon'",
         "table manifest: key horizon: expected a year after the base year 2020, at most 2100, found 9223372036854775807"),
        ("base year after the horizon", "UPDATE manifest SET value = '2030' WHERE key = 'base_year'",
         "table manifest: key horizon: expected a year after the base year 2030, at most 2100, found 2021"),
        ("base year 1900", "UPDATE manifest SET value = '1900' WHERE key = 'base_year'",
         "table manifest: key base_year: expected a year from 1949 to 2100, found 1900"),
        ("draws 0", "UPDATE manifest SET value = '0' WHERE key = 'draws'",
         "table manifest: key draws: expected a number of draws from 1 to 10000000, found 0"),
        ("draws negative", "UPDATE manifest SET value = '-5' WHERE key = 'draws'",
         "table manifest: key draws: expected a number of draws from 1 to 10000000, found -5"),
        ("no areas", "UPDATE manifest SET value = '[]' WHERE key = 'areas'",
         "table manifest: key areas: expected at least one area code, found an empty list"),
        ("draws as text", "UPDATE manifest SET value = '\"many\"' WHERE key = 'draws'",
         "table manifest: key draws: expected Int"),
        ("missing table", "DROP TABLE demand", "table demand: the table is missing"),
        ("NULL year", unconstrained("findings") + "UPDATE findings SET year = NULL WHERE fid = 1",
         "table findings: row fid 1, column year: expected a year, a whole number from 1949 to 2100, found NULL"),
        ("NULL area", unconstrained("demand") + "UPDATE demand SET area = NULL WHERE fid = 1",
         "table demand: row fid 1, column area: expected text, found NULL"),
        ("value past any run", "UPDATE shortfall SET p90 = 1e300 WHERE fid = 1",
         "table shortfall: row fid 1, column p90: expected a number from 0 to 1e12 or NULL, found 1e+300"),
        ("negative population", "UPDATE population SET p10 = -1 WHERE fid = 1",
         "table population: row fid 1, column p10: expected a number from 0 to 1e12 or NULL, found -1"),
        ("text as a number", "UPDATE population SET p90 = 'abc' WHERE fid = 1",
         "table population: row fid 1, column p90: expected a number from 0 to 1e12 or NULL, found \"abc\""),
        ("year outside the run", "UPDATE demand SET year = 2031 WHERE fid = 1",
         "table demand: row fid 1, column year: expected a year of the run (base_year to horizon), a whole number from 2020 to 2021, found 2031"),
        ("quantiles out of order", "UPDATE demand SET p10 = 1e6 WHERE fid = 1",
         "table demand: row fid 1: expected p10 ≤ p50 ≤ p90, found 1000000.0, 10.125, 10.25"),
        // Past the first area, rows are compared with the grid the first area sets out (`LongTableReader`): a row
        // that breaks it makes the store read again row by row, which names the problem.
        ("a later row out of place", "UPDATE population SET measure = (SELECT measure FROM population WHERE fid = 1) WHERE fid = (SELECT max(fid) FROM population)",
         "table population: rows are not in area, year, measure order"),
        ("a later row missing", "DELETE FROM demand WHERE fid = (SELECT max(fid) FROM demand)",
         "table demand: not a full grid of areas × years × measures"),
        ("a later quantile negative", "UPDATE demand SET p50 = -3 WHERE fid = (SELECT max(fid) FROM demand)",
         "table demand: row fid"),
        ("area not in the run", "UPDATE supply SET area = '110101' WHERE fid = 1",
         "table supply: row fid 1, column area: expected one of the manifest's areas or regions, or total, found \"110101\""),
        ("unknown status", "UPDATE findings SET status = 'meh' WHERE fid = 1",
         "table findings: row fid 1, column status: expected pass, fail or not_assessed, found \"meh\""),
        ("unknown supply basis", "UPDATE supply_sources SET basis = 'guess' WHERE fid = 1",
         "table supply_sources: row fid 1, column basis: expected declared, assumption or not_provided, found \"guess\""),
        ("age past 100+", "UPDATE pyramid SET age = 101 WHERE fid = 1",
         "table pyramid: row fid 1, column age: expected an age (100 is 100+), a whole number from 0 to 100, found 101"),
        ("probability above 1", "UPDATE findings SET probability_met = 1.5 WHERE fid = 1",
         "table findings: row fid 1, column probability_met: expected a number from 0 to 1 or NULL, found 1.5"),
    ])
    func damagedStoreIsRefusedNamingTableRowAndColumn(name: String, sql: String, message: String) throws {
        let path = try storeDamaged(by: sql)
        #expect {
            try ResultStore.read(path: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path): \(message)")
        }
    }

    /// The sample itself reads back: the checks refuse damage, not a store as the writer makes it.
    @Test func undamagedStoreStillReads() throws {
        #expect(try ResultStore.read(path: try storeDamaged(by: "")) == ResultStoreTests.sample())
    }

    /// Cut after its first page, the file is still an SQLite header and nothing more.
    @Test func truncatedStoreIsRefusedAsDamaged() throws {
        let path = try storeDamaged(by: "")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(4096).write(to: URL(fileURLWithPath: path))
        #expect {
            try ResultStore.read(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("\(path): ") && text.contains("damaged")
        }
    }

    @Test func runFolderThatIsAFileOrMissingSaysSo() throws {
        let file = try storeDamaged(by: "")
        #expect(throws: ResultStore.Failure.unreadable(file, "the run folder is a file, not a folder")) {
            try ResultStore.read(path: file + "/results.gpkg")
        }
        let missing = file + ".none"
        #expect(throws: ResultStore.Failure.unreadable(missing, "the run folder does not exist")) {
            try ResultStore.read(path: missing + "/results.gpkg")
        }
    }
}
