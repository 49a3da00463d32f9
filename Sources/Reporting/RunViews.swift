import Foundation
import Demography
import Results

/// The file formats a run can be viewed in, besides its store (`results.gpkg`, always written).
package enum ViewFormat: String, Sendable, CaseIterable {
    case csv, json, xlsx, html, md

    package var isReport: Bool { self == .xlsx || self == .html || self == .md }
}

/// Every file of a run folder drawn from its `RunResult`: the long tables as CSV and JSON, the pyramid,
/// the findings, the manifest, and the reports. `carecap run` and `carecap report` both call this, so
/// a report rebuilt from the store has the same bytes as the run's.
package struct RunViews: Sendable {
    /// Runs with more areas than this write the JSON twins of the long tables only when asked.
    package static let largeRunAreas = 200

    package let result: RunResult
    package let formats: Set<ViewFormat>
    package let language: Language
    /// Whether `json` was asked for by name (in the scenario's `outputs:` or `--format`).
    package let jsonAsked: Bool
    package let byteOrderMark: Bool
    /// Told the name of each report file (report.html, .xlsx, .md) before it is built, the number of
    /// reports before it and their count: the progress line `carecap` draws on a terminal.
    package var onReport: (@Sendable (_ name: String, _ done: Int, _ total: Int) -> Void)?

    package init(result: RunResult, formats: Set<ViewFormat>, language: Language, jsonAsked: Bool = false, byteOrderMark: Bool = false) {
        self.result = result
        self.formats = formats
        self.language = language
        self.jsonAsked = jsonAsked
        self.byteOrderMark = byteOrderMark
    }

    /// The files in the order they are written, each with its name, made one after the other.
    package func files() throws -> [(name: String, data: Data)] {
        try plannedFiles().map { ($0.name, try $0.data()) }
    }

    /// One file of the run folder: its name and how to make its bytes. Each is made from the result
    /// alone, independently of the others, so they can be made at the same time (RunFolderWriter).
    package struct PlannedFile: Sendable {
        package let name: String
        /// Makes the file and hands its bytes to the sink in order: the CSV tables a block at a time as
        /// their rows are made (a national run's are 60-75 MB each and never held whole, issue 13), the
        /// other files at once.
        package let write: @Sendable (_ sink: @escaping ByteSink) throws -> Void

        /// The whole file in memory.
        package func data() throws -> Data {
            var data = Data()
            try write { data.append(contentsOf: $0) }
            return data
        }
    }

    /// The files in the order `files()` gives them, not yet made. Every file's name and
    /// content is the same whatever order they are made in; only `onReport`'s calls follow it.
    package func plannedFiles() -> [PlannedFile] {
        let result = result
        var out: [PlannedFile] = []
        func add(_ name: String, _ make: @escaping @Sendable () throws -> Data) {
            out.append(PlannedFile(name: name) { sink in try PhaseTiming.measure(name, make).withUnsafeBytes(sink) })
        }
        /// A CSV file streamed to the sink as `make` writes its rows, the rest sent when it returns.
        func addCSV(_ name: String, _ make: @escaping @Sendable (_ sink: @escaping ByteSink) -> CSVWriter) {
            out.append(PlannedFile(name: name) { sink in
                try PhaseTiming.measure(name) {
                    var writer = make(sink)
                    try writer.finish()
                }
            })
        }
        add("manifest.json") { try JSONText.encode(result.manifest) }
        let longJSON = formats.contains(.json) && (jsonAsked || result.areas.count <= Self.largeRunAreas)
        let long: [(String, QuantileTable)] = [("population", result.population), ("demand", result.demand),
                                               ("supply", result.supply), ("shortfall", result.shortfall)]
        let byteOrderMark = byteOrderMark
        for (name, table) in long {
            // Supply and shortfall say per row whether the supply is given and what it rests on; a measure
            // the scenario does not give has empty cells, never 0 (issue 12).
            let basis: (@Sendable (String, ResultMeasure) -> SupplyBasis?)?
            if name == "supply" || name == "shortfall" { basis = { area, measure in result.supplyBasis(area, measure) } } else { basis = nil }
            if formats.contains(.csv) {
                addCSV("\(name).csv") { Self.longCSV(table, supplyBasis: basis, byteOrderMark: byteOrderMark, sink: $0) }
            }
            if longJSON { add("\(name).json") { Self.longJSON(table, name: name, supplyBasis: basis) } }
        }
        let detailTables: [(String, [PopulationDetailRow])] = [
            ("pyramid", result.pyramid.map { PopulationDetailRow(area: $0.area, year: $0.year, sex: $0.sex, age: $0.age, population: $0.population) }),
            ("population_detail", result.populationDetail),
        ]
        for (name, rows) in detailTables where !rows.isEmpty || name == "pyramid" {
            if formats.contains(.csv) {
                addCSV("\(name).csv") { Self.detailCSV(rows, byteOrderMark: byteOrderMark, sink: $0) }
            }
            if longJSON { add("\(name).json") { Self.detailJSON(rows, name: name) } }
        }
        if formats.contains(.csv) {
            addCSV("findings.csv") { Self.findingsCSV(result.findings, byteOrderMark: byteOrderMark, sink: $0) }
        }
        if formats.contains(.json) { add("findings.json") { try JSONText.encode(FindingsDocument(findings: result.findings)) } }
        let reports = [ViewFormat.html, .xlsx, .md].filter { formats.contains($0) }
        let progress = ReportCount(total: reports.count, onReport: onReport)
        let language = language
        for format in reports {
            let name = "report.\(format.rawValue)"
            add(name) {
                progress.begin(name)
                defer { progress.end() }
                switch format {
                case .html: return Data(HTMLReport(run: result, language: language).render().utf8)
                case .xlsx: return try XLSXWriter.workbook(ReportTables(run: result, language: language).all())
                default: return Data(MarkdownReport(run: result, language: language).render().utf8)
                }
            }
        }
        return out
    }

    /// Tells `onReport` of each report begun (with the number already finished) and, once all are
    /// finished, of the end (name ""). Made one after the other, the calls are those of a loop over the
    /// reports; made at the same time, the count is of those finished.
    final class ReportCount: @unchecked Sendable {
        private let lock = NSLock()
        private var finished = 0
        private let total: Int
        private let onReport: (@Sendable (String, Int, Int) -> Void)?

        init(total: Int, onReport: (@Sendable (String, Int, Int) -> Void)?) {
            self.total = total
            self.onReport = onReport
        }

        func begin(_ name: String) {
            lock.lock()
            let done = finished
            lock.unlock()
            onReport?(name, done, total)
        }

        func end() {
            lock.lock()
            finished += 1
            let all = finished == total
            lock.unlock()
            if all { onReport?("", total, total) }
        }
    }

    struct FindingsDocument: Encodable {
        let findings: [RunFinding]
    }

    package static let longHeader = ["area", "year", "measure", "basis", "p10", "p50", "p90"]
    /// supply.csv and shortfall.csv add whether the supply is given and what it rests on.
    package static let supplyHeader = longHeader + ["provided", "supply_basis"]

    /// `area, year, measure, basis, p10, p50, p90` with two decimals (with `supplyBasis`: then `provided,
    /// supply_basis`, and empty values where the supply is not provided). Millions of rows for every
    /// county: each area's and column's text is turned into bytes once, not per row. With a `sink` the rows
    /// stream to it and the caller calls `finish()` on the writer returned.
    package static func longCSV(_ table: QuantileTable, supplyBasis: ((String, ResultMeasure) -> SupplyBasis?)? = nil,
                                byteOrderMark: Bool = false, sink: ByteSink? = nil) -> CSVWriter {
        var w = CSVWriter(header: supplyBasis == nil ? longHeader : supplyHeader, reserving: table.rowCount * 64,
                          byteOrderMark: byteOrderMark, sink: sink)
        // Every text of a row made once as bytes, read through pointers: "area," per area, the year, ",measure,basis,"
        // per column and ",provided,basis" per supply basis. Each row is then a few copies and three numbers into
        // a byte buffer, handed to the writer a block at a time. Why: through the writer's cell methods each field
        // was an array passed and appended (a retain, a release and a generic append per field), about half of
        // the long CSVs' time (0.55 s of CPU for a national run's four files).
        let areaFields = FlatFields(table.areas.map { Array((CSVWriter.field($0) + ",").utf8) })
        let yearFields = FlatFields(table.years.map { Array(String($0).utf8) })
        let columnFields = FlatFields(table.columns.map { Array(",\($0.measure.rawValue),\($0.basis.rawValue),".utf8) })
        let bases = SupplyBasis.allCases
        let supplyFields = FlatFields(bases.map { Array(",\($0 == .notProvided ? "false" : "true"),\($0.rawValue)".utf8) })
        let notProvided = bases.firstIndex(of: .notProvided)!
        let columnCount = table.columns.count
        // Per area and column: the index of its supply basis in `bases` (no supply basis: declared).
        var basisOfColumn = [Int](repeating: 0, count: columnCount)
        let longestRow = areaFields.maxCount + yearFields.maxCount + columnFields.maxCount + supplyFields.maxCount + 3 * 32 + 8
        var block = ByteBuffer(capacity: CSVWriter.blockBytes + longestRow)
        table.values.withUnsafeBufferPointer { values in
        areaFields.withPointers { areaBytes, areaOffsets in
        yearFields.withPointers { yearBytes, yearOffsets in
        columnFields.withPointers { columnBytes, columnOffsets in
        supplyFields.withPointers { supplyBytes, supplyOffsets in
            var i = 0
            for (a, area) in table.areas.enumerated() {
                for c in 0..<columnCount {
                    basisOfColumn[c] = bases.firstIndex(of: supplyBasis?(area, table.columns[c].measure) ?? .declared)!
                }
                let areaField = areaBytes + areaOffsets[a], areaCount = areaOffsets[a + 1] - areaOffsets[a]
                for y in 0..<table.years.count {
                    for c in 0..<columnCount {
                        block.reserve(longestRow)
                        block.appendUnchecked(areaField, count: areaCount)
                        block.appendUnchecked(yearBytes + yearOffsets[y], count: yearOffsets[y + 1] - yearOffsets[y])
                        block.appendUnchecked(columnBytes + columnOffsets[c], count: columnOffsets[c + 1] - columnOffsets[c])
                        let basis = basisOfColumn[c]
                        if basis == notProvided {
                            block.appendUnchecked(44)
                            block.appendUnchecked(44)
                        } else {
                            Self.appendNumber(values[i], to: &block)
                            block.appendUnchecked(44)
                            Self.appendNumber(values[i + 1], to: &block)
                            block.appendUnchecked(44)
                            Self.appendNumber(values[i + 2], to: &block)
                        }
                        if supplyBasis != nil {
                            block.appendUnchecked(supplyBytes + supplyOffsets[basis], count: supplyOffsets[basis + 1] - supplyOffsets[basis])
                        }
                        block.appendUnchecked(10)
                        i += 3
                        if block.count >= CSVWriter.blockBytes {
                            w.appendRows(UnsafeRawBufferPointer(start: block.base, count: block.count))
                            block.removeAll()
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        w.appendRows(UnsafeRawBufferPointer(start: block.base, count: block.count))
        return w
    }

    /// A long table's number as `CSVWriter.number(_:decimals: 2)` writes it: two places, an empty cell when
    /// not finite.
    @inline(__always)
    private static func appendNumber(_ value: Double, to block: inout ByteBuffer) {
        guard value.isFinite else { return }
        block.appendFixed2(value)
    }

    package static func longJSON(_ table: QuantileTable, name: String, supplyBasis: ((String, ResultMeasure) -> SupplyBasis?)? = nil) -> Data {
        var w = JSONText.RowWriter(name: name, reserving: table.rowCount * 110)
        let values = table.values
        var i = 0
        for area in table.areas {
            for year in table.years {
                for column in table.columns {
                    let b = supplyBasis?(area, column.measure)
                    w.beginRow()
                    w.text("area", area)
                    w.integer("year", year)
                    w.text("measure", column.measure.rawValue)
                    w.text("basis", column.basis.rawValue)
                    w.number("p10", b == .notProvided ? .nan : values[i], decimals: 2)
                    w.number("p50", b == .notProvided ? .nan : values[i + 1], decimals: 2)
                    w.number("p90", b == .notProvided ? .nan : values[i + 2], decimals: 2)
                    if supplyBasis != nil {
                        w.raw("provided", b != .notProvided ? "true" : "false")
                        w.text("supply_basis", (b ?? .declared).rawValue)
                    }
                    w.endRow()
                    i += 3
                }
            }
        }
        return w.finish()
    }

    package static func detailCSV(_ rows: [PopulationDetailRow], byteOrderMark: Bool = false, sink: ByteSink? = nil) -> CSVWriter {
        var w = CSVWriter(header: ["area", "year", "sex", "age", "population"], reserving: rows.count * 32,
                          byteOrderMark: byteOrderMark, sink: sink)
        for r in rows {
            w.text(r.area)
            w.integer(r.year)
            w.plain(Array(r.sex.rawValue.utf8))
            w.integer(r.age)
            w.number(r.population, decimals: 2)
            w.endRow()
        }
        return w
    }

    package static func detailJSON(_ rows: [PopulationDetailRow], name: String) -> Data {
        var w = JSONText.RowWriter(name: name, reserving: rows.count * 70)
        for r in rows {
            w.beginRow()
            w.text("area", r.area)
            w.integer("year", r.year)
            w.text("sex", r.sex.rawValue)
            w.integer("age", r.age)
            w.number("population", r.population, decimals: 2)
            w.endRow()
        }
        return w.finish()
    }

    package static let findingsHeader = ["subject", "kind", "rule", "metric", "year", "required", "provided", "shortfall", "unit",
                                        "status", "probability_met", "nature", "source", "supply_basis", "outcome", "needs"]

    package static func findingsCSV(_ findings: [RunFinding], byteOrderMark: Bool = false, sink: ByteSink? = nil) -> CSVWriter {
        var w = CSVWriter(header: findingsHeader, byteOrderMark: byteOrderMark, sink: sink)
        for f in findings {
            w.text(f.subject)
            w.text(f.kind.rawValue)
            w.text(f.rule)
            w.text(f.metric)
            w.integer(f.year)
            w.number(f.required, decimals: 4)
            w.number(f.provided, decimals: 4)
            w.number(f.shortfall, decimals: 4)
            w.text(f.unit.en)
            w.text(f.status.rawValue)
            // A probability only where supply or demand varies across draws; otherwise the inputs fix the
            // outcome and `outcome` says so.
            w.number(f.uncertain ? f.probabilityMet : .nan, decimals: 3)
            w.text(f.nature.rawValue)
            w.text(f.source)
            w.text(f.supplyBasis.rawValue)
            w.text(f.status == .notAssessed ? "not assessed" : f.uncertain ? "uncertain" : "fixed by inputs")
            w.text(f.needs ?? "")
            w.endRow()
        }
        return w
    }
}
