import Foundation

/// The JSON twin of a CSV table that `carecap project` writes: `{"<name>": [{"col": value, ...}, ...]}`,
/// the columns named in `numeric` as numbers (null when a cell is not a number) and the rest as
/// escaped strings. The CSV is read with RFC 4180 quoting, so a field holding a comma stays one field.
package enum LongTableJSON {
    package static func render(csv: String, name: String, numeric: Set<String>) -> String {
        String(decoding: render(csv: Data(csv.utf8), name: name, numeric: numeric), as: UTF8.self)
    }

    package static func render(csv: Data, name: String, numeric: Set<String>) -> Data {
        let rows = CSVReader.rows(String(decoding: csv, as: UTF8.self))
        var w = JSONText.RowWriter(name: name, reserving: csv.count * 2)
        guard let header = rows.first else { return w.finish() }
        let isNumeric = header.map { numeric.contains($0) }
        for row in rows.dropFirst() where !(row.count == 1 && row[0].isEmpty) {
            w.beginRow()
            for (i, key) in header.enumerated() {
                let value = i < row.count ? row[i] : ""
                if isNumeric[i] { w.raw(key, Double(value) != nil && !value.isEmpty && value.allSatisfy { "0123456789.-+eE".contains($0) } ? value : "null") }
                else { w.text(key, value) }
            }
            w.endRow()
        }
        return w.finish()
    }
}
