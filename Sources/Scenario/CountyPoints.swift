import Demography
import Foundation

/// A point per county from the points file (`code, name, longitude, latitude, precision[, …]`), for the
/// result store's map layer. Coordinates are as the file gives them (GCJ-02 for the shipped file).
public struct CountyPoints: Sendable {
    public struct Point: Sendable, Equatable {
        public let longitude: Double
        public let latitude: Double
        /// How the file matched the point to the code (`county`, `predecessor`, `prefecture`, …).
        public let precision: String

        public init(longitude: Double, latitude: Double, precision: String) {
            self.longitude = longitude
            self.latitude = latitude
            self.precision = precision
        }
    }

    public let points: [String: Point]

    /// Reads and validates the file; a row with empty coordinates has no point.
    public static func load(_ file: PopulationSection.DataPath) throws(ScenarioError) -> CountyPoints {
        func fail(_ line: Int?, _ message: String) -> ScenarioError {
            ScenarioError(file: file.path, line: line, column: nil, keyPath: "", message: message)
        }
        func unreadable(_ why: String) -> ScenarioError {
            ScenarioError(file: file.written, line: file.line, column: file.column, keyPath: file.keyPath,
                          message: "the points file \(file.path) \(why); expected a readable file")
        }
        if let problem = FileProbe.problem(at: file.path, expecting: .file) { throw unreadable(problem.description) }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw unreadable("cannot be read") }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // "\r\n" is one Character in Swift: split on both line ends (the shipped file uses CRLF).
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
            throw fail(1, "empty file: expected a header with code, longitude, latitude")
        }
        guard let code = header.firstIndex(of: "code"), let lon = header.firstIndex(of: "longitude"),
              let lat = header.firstIndex(of: "latitude") else {
            throw fail(1, "expected the columns code, longitude and latitude in the header, found \(header.joined(separator: ","))")
        }
        let precision = header.firstIndex(of: "precision")
        var points: [String: Point] = [:]
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let number = index + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else {
                throw fail(number, "expected \(header.count) fields, found \(fields.count)")
            }
            let key = fields[code]
            guard !key.isEmpty else { throw fail(number, "code: expected an area code, found nothing") }
            guard points[key] == nil else { throw fail(number, "code \(key) appears twice") }
            if fields[lon].isEmpty && fields[lat].isEmpty { continue }
            guard let x = Double(fields[lon]), (-180...180).contains(x) else {
                throw fail(number, "longitude: expected degrees between -180 and 180, found \"\(fields[lon])\"")
            }
            guard let y = Double(fields[lat]), (-90...90).contains(y) else {
                throw fail(number, "latitude: expected degrees between -90 and 90, found \"\(fields[lat])\"")
            }
            points[key] = Point(longitude: x, latitude: y, precision: precision.map { fields[$0] } ?? "")
        }
        return CountyPoints(points: points)
    }
}
