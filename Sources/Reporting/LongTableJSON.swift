/// The JSON twin of a long-format CSV table: `{"<name>": [{"col": value, ...}, ...]}`, with the
/// columns named in `numeric` written as numbers and the rest as strings. The CSV must be the simple
/// kind CareCap writes for long tables (no quoted fields).
public enum LongTableJSON {
    public static func render(csv: String, name: String, numeric: Set<String>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(csv.utf8.count * 2 + 64)
        out.append(contentsOf: "{\"\(name)\": [".utf8)
        var header: [String] = []
        var isNumeric: [Bool] = []
        var first = true
        for line in csv.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            if header.isEmpty {
                header = fields.map { String(decoding: $0, as: UTF8.self) }
                isNumeric = header.map { numeric.contains($0) }
                continue
            }
            out.append(contentsOf: first ? "\n  {".utf8 : ",\n  {".utf8)
            first = false
            for (i, field) in fields.enumerated() where i < header.count {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: header[i].utf8)
                out.append(contentsOf: "\": ".utf8)
                if isNumeric[i] && !field.isEmpty {
                    out.append(contentsOf: field)
                } else {
                    out.append(contentsOf: FindingsWriter.jsonString(String(decoding: field, as: UTF8.self)).utf8)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: first ? "]}\n".utf8 : "\n]}\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
