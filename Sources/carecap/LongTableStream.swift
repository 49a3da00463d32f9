import Foundation
import Reporting

/// One long table of `carecap project` written as CSV and its JSON twin a block of areas at a time, so
/// neither file is ever held whole in memory. The bytes equal those of writing the whole CSV and
/// `LongTableJSON.render` of it: each block's JSON rows are rendered with the header line and spliced
/// between one opening and one closing.
struct LongTableStream {
    let directory: OutputDirectory
    let name: String
    let numeric: Set<String>
    /// Whether the JSON twin is written (`carecap project` leaves it out above `RunViews.largeRunAreas`).
    let withJSON: Bool
    private var header = Data()
    private var rowsWritten = false
    private let opening: Data

    init(directory: OutputDirectory, name: String, numeric: Set<String>, withJSON: Bool = true) {
        self.directory = directory
        self.name = name
        self.numeric = numeric
        self.withJSON = withJSON
        // An empty table renders as opening + "]}\n".
        let empty = LongTableJSON.render(csv: Data(), name: name, numeric: numeric)
        opening = empty.prefix(empty.count - 3)
    }

    /// Appends a block's CSV lines; the first block carries the header line.
    mutating func write(_ csv: Data) throws {
        if header.isEmpty {
            let end = csv.firstIndex(of: 10).map { $0 + 1 } ?? csv.endIndex
            header = csv.prefix(upTo: end)
            if withJSON { try directory.append(opening, to: "\(name).json") }
            try directory.append(csv, to: "\(name).csv")
            try appendRows(csv)
        } else {
            try directory.append(csv, to: "\(name).csv")
            try appendRows(header + csv)
        }
    }

    private mutating func appendRows(_ csv: Data) throws {
        guard withJSON else { return }
        let json = LongTableJSON.render(csv: csv, name: name, numeric: numeric)
        let closing = 4   // "\n]}\n" after rows
        guard json.count > opening.count + 3 else { return }   // no rows in this block
        var rows = json.dropFirst(opening.count).dropLast(closing)
        if rowsWritten { rows = Data(",".utf8) + rows }
        try directory.append(Data(rows), to: "\(name).json")
        rowsWritten = true
    }

    /// Closes the JSON array; the files are complete.
    mutating func finish() throws {
        guard withJSON else { return }
        if header.isEmpty { try directory.append(opening, to: "\(name).json") }
        try directory.append(Data((rowsWritten ? "\n]}\n" : "]}\n").utf8), to: "\(name).json")
    }
}
