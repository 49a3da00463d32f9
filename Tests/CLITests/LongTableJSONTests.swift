import Foundation
import Reporting
import Testing

/// The one-pass JSON twin writer against the previous line-splitting one, byte for byte.
@Suite struct LongTableJSONTests {
    /// The previous implementation, verbatim.
    static func previous(csv: String, name: String, numeric: Set<String>) -> String {
        var out = [UInt8]()
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

    @Test func sameBytesAsThePreviousWriter() {
        let tables = [
            "area,year,group,population\n533103,2020,6-12m,2608.50\n533103,2020,total,439931.00\n",
            "area,name,tfr\n533103,芒市,1.7\n460202,\"quoted\\\",\n\n460203,tab\there,\n460204,,2.1,extra\n460205\n",
            "area,year\n",
            "",
            "a,b\r\n1,x\r\n",
            "area,year,sex,age,population\n110101,2020,M,0,1234.56\n110101,2020,F,100,0.00",
        ]
        for csv in tables {
            for numeric: Set<String> in [["year", "population", "tfr"], [], ["b"]] {
                #expect(LongTableJSON.render(csv: csv, name: "t", numeric: numeric) == Self.previous(csv: csv, name: "t", numeric: numeric),
                        "\(csv.debugDescription)")
                #expect(LongTableJSON.render(csv: Data(csv.utf8), name: "t", numeric: numeric)
                        == Data(Self.previous(csv: csv, name: "t", numeric: numeric).utf8))
            }
        }
    }
}
