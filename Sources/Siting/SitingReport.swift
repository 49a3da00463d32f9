import Foundation

/// The report section of `carecap optimize` (`report.md` with `schematic.svg` beside it): the plan table,
/// capacity against demand by year, and a schematic plot of sites and zones by their coordinates, labelled
/// as a schematic: longitude and latitude drawn as plain axes, with no projection, basemap or boundaries.
package struct SitingReport {
    package let outputs: SitingOutputs
    var result: SitingResult { outputs.result }

    package init(outputs: SitingOutputs) {
        self.outputs = outputs
    }

    /// Table cells: one line, with the characters Markdown would read as structure escaped.
    static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|", "\\", "*", "_", "`", "<", ">", "[", "]": out += "\\\(character)"
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    package var markdown: String {
        let s = result.solution
        var text = "# Siting plan: \(Self.cell(outputs.scenario))\n\n"
        text += "Solved by \(s.solver): \(s.status.rawValue), objective \(SitingOutputs.fixed(s.objective, 2)), bound \(SitingOutputs.fixed(s.bound, 2)), "
        text += "gap \(String(format: "%.4f", s.gap * 100)) %, \(String(format: "%.2f", s.seconds)) s. "
        text += "Unmet demand is penalised at \(SitingOutputs.grouped(result.penalty)) yuan per unit\(result.penaltyIsDefault ? " (the default: 10 × the dearest way to serve one unit)" : "").\n\n"
        text += "## Capacity against demand by year\n\n"
        text += "| year | demand | capacity | unmet | opened | spent (yuan) | budget (yuan) | cost (yuan) |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for y in result.years {
            text += "| \(y.year) | \(SitingOutputs.grouped(y.demand)) | \(SitingOutputs.grouped(y.capacity)) | \(SitingOutputs.grouped(y.unmet)) | "
            text += "\(y.sitesOpened.count) | \(SitingOutputs.grouped(y.capitalCost)) | \(y.budget.map(SitingOutputs.grouped) ?? "–") | \(SitingOutputs.grouped(y.totalCost)) |\n"
        }
        text += "\nCapacity counts every open site's units of every service; demand and unmet likewise.\n\n"
        text += "## Plan\n\n"
        if result.plan.isEmpty {
            text += "Nothing is opened or expanded.\n\n"
        } else {
            text += "| year | site | service | action | modules added | capacity after | cost (yuan) |\n|---:|---|---|---|---:|---:|---:|\n"
            for row in result.plan {
                text += "| \(row.year) | \(Self.cell(row.site)) | \(Self.cell(row.service)) | \(row.action) | \(row.modules) | \(SitingOutputs.grouped(row.capacity)) | \(SitingOutputs.grouped(row.cost)) |\n"
            }
            text += "\n"
        }
        text += "## Sites and zones (schematic, not a map)\n\n"
        if schematic == nil {
            text += "No schematic: the sites or zones have no coordinates.\n"
        } else {
            text += "![Schematic of sites and zones by coordinates, not a map](schematic.svg)\n\n"
            text += "Sites and zones drawn at their longitude and latitude (east–west stretched by cos latitude), with the "
            text += "assignments of \(result.years.last.map { String($0.year) } ?? "the last year"). A schematic, not a map: no "
            text += "projection, basemap or boundaries; use siting.gpkg in QGIS for a map.\n"
        }
        return text
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The SVG, or nil when no site and zone has coordinates.
    package var schematic: String? {
        let placedSites = result.sites.filter { $0.longitude != nil && $0.latitude != nil }
        let placedZones = result.zones.filter { $0.longitude != nil && $0.latitude != nil }
        guard !placedSites.isEmpty, !placedZones.isEmpty else { return nil }
        let longitudes = (placedSites.map { $0.longitude! } + placedZones.map { $0.longitude! })
        let latitudes = (placedSites.map { $0.latitude! } + placedZones.map { $0.latitude! })
        let minLon = longitudes.min()!, maxLon = longitudes.max()!, minLat = latitudes.min()!, maxLat = latitudes.max()!
        let stretch = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max((maxLon - minLon) * stretch, 1e-6), spanY = max(maxLat - minLat, 1e-6)
        let plot = 560.0, margin = 60.0
        let scale = plot / max(spanX, spanY)
        let width = spanX * scale + 2 * margin, height = spanY * scale + 2 * margin + 40
        func x(_ lon: Double) -> Double { margin + (lon - minLon) * stretch * scale }
        func y(_ lat: Double) -> Double { 40 + margin + (maxLat - lat) * scale }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"10\" y=\"18\" font-size=\"14\">Schematic of sites and zones by coordinates — not a map</text>\n"
        svg += "<text x=\"10\" y=\"34\" fill=\"#555\">longitude \(String(format: "%.3f", minLon))–\(String(format: "%.3f", maxLon)), latitude \(String(format: "%.3f", minLat))–\(String(format: "%.3f", maxLat)); ○ zone (red: unmet), ■ existing, ■ opened, □ not opened</text>\n"
        // Assignments of the last year, drawn first so the points sit on top.
        let lastYear = result.years.last?.year
        let zoneIndex = Dictionary(result.zones.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let siteIndex = Dictionary(result.sites.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for assignment in result.assignments where assignment.year == lastYear {
            guard let zone = zoneIndex[assignment.zone], let site = siteIndex[assignment.site],
                  let zx = zone.longitude, let zy = zone.latitude, let sx = site.longitude, let sy = site.latitude else { continue }
            svg += "<line x1=\"\(f(x(zx)))\" y1=\"\(f(y(zy)))\" x2=\"\(f(x(sx)))\" y2=\"\(f(y(sy)))\" stroke=\"#9ab\" stroke-width=\"0.8\"/>\n"
        }
        let largest = max(placedZones.map(\.demand).max() ?? 1, 1e-9)
        for zone in placedZones {
            let radius = 2 + 8 * sqrt(zone.demand / largest)
            let colour = zone.unmet > 0 ? "#d33" : "#3a3"
            svg += "<circle cx=\"\(f(x(zone.longitude!)))\" cy=\"\(f(y(zone.latitude!)))\" r=\"\(f(radius))\" fill=\"\(colour)\" fill-opacity=\"0.35\" stroke=\"\(colour)\"><title>\(Self.xml(zone.id)): demand \(SitingOutputs.grouped(zone.demand)), unmet \(SitingOutputs.grouped(zone.unmet))</title></circle>\n"
        }
        let labelSites = placedSites.count <= 40
        for site in placedSites {
            let fill = site.existing ? "#666" : (site.openedYear != nil ? "#26c" : "none")
            let sx = x(site.longitude!), sy = y(site.latitude!)
            svg += "<rect x=\"\(f(sx - 4))\" y=\"\(f(sy - 4))\" width=\"8\" height=\"8\" fill=\"\(fill)\" stroke=\"#26c\"><title>\(Self.xml(site.id)): capacity \(SitingOutputs.grouped(site.capacity))\(site.openedYear.map { ", opened \($0)" } ?? "")</title></rect>\n"
            if labelSites && (site.existing || site.openedYear != nil) {
                svg += "<text x=\"\(f(sx + 6))\" y=\"\(f(sy - 5))\" fill=\"#234\">\(Self.xml(site.id))\(site.openedYear.map { " (\($0))" } ?? "")</text>\n"
            }
        }
        svg += "</svg>\n"
        return svg
    }
}
