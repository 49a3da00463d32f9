import Foundation
import Testing
@testable import Reporting
import Results

/// Every population table says which date its figures refer to, as the manifest states it.
@Suite struct ReferenceDateNoteTests {
    @Test(arguments: [
        ("11-01", Language.zh, "人口为各年普查时点（11月1日）数。"),
        ("11-01", Language.en, "Population at the census date (1 November) of each year."),
        ("12-31", Language.zh, "人口为各年年末（12月31日）数。"),
        ("12-31", Language.en, "Population at year-end (31 December) of each year."),
    ])
    func populationTablesStateTheirReferenceDate(date: String, language: Language, note: String) throws {
        var run = try ResultStore.read(path: "\(runPath)/results.gpkg")
        run.manifest.referenceDate = date
        let tables = ReportTables(run: run, language: language).all()
        let population = tables.filter { $0.key == "a-population" || $0.key.hasPrefix("f-population") }
        #expect(!population.isEmpty)
        for table in population { #expect(table.notes.first == note, "\(table.key)") }
    }
}
