import Foundation

/// Charts as inline SVG: black, white and greys only (they print in black and white), axes with
/// units, legends, thousands separators on ticks, a viewBox so they scale to the page. No xmlns: an
/// SVG inside HTML needs none, and the report must hold no address of any kind.
package enum SVGChart {
    package static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func f(_ v: Double) -> String {
        let text = String(format: "%.1f", v)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Round tick values covering `lo...hi`: steps of 1, 2 or 5 times a power of ten.
    package static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, hi.isFinite, lo.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(max(1, count))
        let power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        var out: [Double] = []
        var v = (lo / step).rounded(.down) * step
        while v <= hi + step * 1e-9 {
            if v >= lo - step * 1e-9 { out.append(abs(v) < step * 1e-9 ? 0 : v) }
            v += step
        }
        return out
    }

    /// A tick label: thousands separators, decimals only where the step needs them.
    package static func tick(_ v: Double, step: Double) -> String {
        let decimals = step >= 1 || step <= 0 ? 0 : Int(ceil(-log10(step) - 1e-9))
        return ReportNumber.format(v, decimals == 0 ? .integer : .decimal(decimals))
    }

    /// The upper end of an axis from 0: the first tick at or above `max`.
    static func axisMax(_ max: Double) -> Double {
        guard max > 0 else { return 1 }
        let t = ticks(0, max, count: 4)
        guard t.count > 1 else { return max }
        let step = t[1] - t[0]
        return (max / step).rounded(.up) * step
    }

    static func open(_ width: Int, _ height: Int, label: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(label))\">\n"
            + "<title>\(escape(label))</title>\n"
            + "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
    }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Double = 11, weight: String? = nil,
                     rotate: Bool = false) -> String {
        let transform = rotate ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
        let bold = weight.map { " font-weight=\"\($0)\"" } ?? ""
        return "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" text-anchor=\"\(anchor)\"\(bold)\(transform)>\(escape(s))</text>\n"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000000", width: Double = 1,
                     dash: String? = nil) -> String {
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        return "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(f(width))\"\(d)/>\n"
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, width: Double = 1) -> String {
        let s = stroke.map { " stroke=\"\($0)\" stroke-width=\"\(f(width))\"" } ?? ""
        return "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(0, w)))\" height=\"\(f(max(0, h)))\" fill=\"\(fill)\"\(s)/>\n"
    }

    package enum LegendMark: Sendable {
        case line(dash: String?, width: Double)
        case box(fill: String, stroke: String?)
    }

    /// Legend entries in one row from `x`; returns the SVG.
    static func legend(_ x: Double, _ y: Double, _ entries: [(String, LegendMark)], size: Double = 11) -> String {
        var out = ""
        var cx = x
        for (label, mark) in entries {
            switch mark {
            case let .line(dash, width): out += line(cx, y - 4, cx + 22, y - 4, width: width, dash: dash)
            case let .box(fill, stroke): out += rect(cx + 3, y - 10, 16, 10, fill: fill, stroke: stroke ?? "#000000", width: stroke == nil ? 0.8 : 1)
            }
            out += text(cx + 27, y, label, size: size)
            cx += 27 + TextWidth.of(label, size: size) + 14
        }
        return out
    }

    // MARK: Demand against capacity

    package struct Series: Sendable {
        package let years: [Int]
        package let p10: [Double]
        package let p50: [Double]
        package let p90: [Double]
        /// Planned capacity per year (nil: the area declares none).
        package let capacity: [Double]?
        package init(years: [Int], p10: [Double], p50: [Double], p90: [Double], capacity: [Double]?) {
            self.years = years
            self.p10 = p10
            self.p50 = p50
            self.p90 = p90
            self.capacity = capacity
        }
    }

    package struct DemandLabels: Sendable {
        package let title: String
        package let yAxis: String
        package let xAxis: String
        package let median: String
        package let band: String
        package let capacity: String
        package init(title: String, yAxis: String, xAxis: String, median: String, band: String, capacity: String) {
            self.title = title
            self.yAxis = yAxis
            self.xAxis = xAxis
            self.median = median
            self.band = band
            self.capacity = capacity
        }
    }

    /// Demand's P10-P90 band (grey) and P50 line (solid) against planned capacity (dashed step line).
    package static func demandCapacity(_ s: Series, _ labels: DemandLabels, width: Int = 380, height: Int = 250) -> String {
        let left = 62.0, right = Double(width) - 14, top = 54.0, bottom = Double(height) - 40
        let top0 = max(s.p90.max() ?? 0, s.capacity?.max() ?? 0)
        let yMax = axisMax(top0 * 1.02)
        let yTicks = ticks(0, yMax, count: 4)
        let step = yTicks.count > 1 ? yTicks[1] - yTicks[0] : yMax
        let first = Double(s.years.first ?? 0), last = Double(s.years.last ?? 1)
        func x(_ year: Double) -> Double { left + (year - first) / max(1, last - first) * (right - left) }
        func y(_ v: Double) -> Double { bottom - v / yMax * (bottom - top) }
        var out = open(width, height, label: labels.title)
        out += text(Double(width) / 2, 16, labels.title, anchor: "middle", size: 13, weight: "bold")
        let entries: [(String, LegendMark)] = [(labels.median, .line(dash: nil, width: 2)), (labels.band, .box(fill: "#d4d4d4", stroke: nil)),
                                               (labels.capacity, .line(dash: "6 3", width: 1.6))]
        let legendWidth = entries.reduce(0.0) { $0 + 41 + TextWidth.of($1.0, size: 10) }
        out += legend(max(4, (Double(width) - legendWidth) / 2), 36, entries, size: 10)
        for t in yTicks {
            out += line(left, y(t), right, y(t), stroke: "#e0e0e0", width: 0.7)
            out += text(left - 5, y(t) + 3.5, tick(t, step: step), anchor: "end", size: 10)
        }
        // The band, the median, the capacity.
        if s.years.count > 1 {
            var band = "M"
            for (i, yr) in s.years.enumerated() { band += "\(i == 0 ? "" : " L")\(f(x(Double(yr)))),\(f(y(s.p90[i])))" }
            for (i, yr) in s.years.enumerated().reversed() { band += " L\(f(x(Double(yr)))),\(f(y(s.p10[i])))" }
            out += "<path d=\"\(band) Z\" fill=\"#d4d4d4\" stroke=\"none\"/>\n"
            let median = s.years.enumerated().map { "\(f(x(Double($0.element)))),\(f(y(s.p50[$0.offset])))" }.joined(separator: " ")
            out += "<polyline points=\"\(median)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>\n"
            if let cap = s.capacity {
                var points: [String] = []
                for (i, yr) in s.years.enumerated() {
                    if i > 0 { points.append("\(f(x(Double(yr)))),\(f(y(cap[i - 1])))") }
                    points.append("\(f(x(Double(yr)))),\(f(y(cap[i])))")
                }
                out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.6\" stroke-dasharray=\"6 3\"/>\n"
            }
        }
        out += line(left, bottom, right, bottom)
        out += line(left, top - 4, left, bottom)
        for yr in yearTicks(s.years) {
            out += line(x(Double(yr)), bottom, x(Double(yr)), bottom + 4)
            out += text(x(Double(yr)), bottom + 15, String(yr), anchor: "middle", size: 10)
        }
        out += text(Double(width) / 2 + 20, Double(height) - 8, labels.xAxis, anchor: "middle", size: 10)
        out += text(14, (top + bottom) / 2, labels.yAxis, anchor: "middle", size: 10, rotate: true)
        out += "</svg>\n"
        return out
    }

    /// Year ticks: every year for short runs, else every 2 or 5 years from the first, and the last year
    /// when it is not crowded by the one before.
    static func yearTicks(_ years: [Int]) -> [Int] {
        guard let first = years.first, let last = years.last else { return [] }
        let span = last - first
        let every = span > 12 ? 5 : (span > 6 ? 2 : 1)
        var out = years.filter { ($0 - first) % every == 0 }
        if let end = out.last, end != last {
            if last - end >= max(2, every / 2 + 1) { out.append(last) } else { out[out.count - 1] = last }
        }
        return out
    }

    // MARK: Population pyramid

    package struct PyramidLabels: Sendable {
        package let title: String
        package let male: String
        package let female: String
        package let age: String
        package let axis: String
        package let baseYear: String
        package let horizon: String
        package init(title: String, male: String, female: String, age: String, axis: String, baseYear: String, horizon: String) {
            self.title = title
            self.male = male
            self.female = female
            self.age = age
            self.axis = axis
            self.baseYear = baseYear
            self.horizon = horizon
        }
    }

    /// Five-year groups (first age 0, 5, …, 100 = 100+): base year as grey bars, horizon as black
    /// outlines over them; men left, women right, ages in the middle.
    package static func pyramid(base: [String: [Int: Double]], horizon: [String: [Int: Double]], _ labels: PyramidLabels,
                               width: Int = 560, height: Int = 380) -> String {
        let ages = Array(stride(from: 0, through: 100, by: 5))
        let maxValue = ([base, horizon].flatMap { $0.values.flatMap { $0.values } }.max() ?? 1)
        let xMax = axisMax(maxValue * 1.02)
        let xTicks = ticks(0, xMax, count: 3)
        let step = xTicks.count > 1 ? xTicks[1] - xTicks[0] : xMax
        let centre = Double(width) / 2, gap = 24.0
        let top = 56.0, bottom = Double(height) - 42
        let half = centre - gap - 16
        let rowH = (bottom - top) / Double(ages.count)
        func w(_ v: Double) -> Double { v / xMax * half }
        var out = open(width, height, label: labels.title)
        out += text(centre, 16, labels.title, anchor: "middle", size: 13, weight: "bold")
        out += legend(centre - 120, 36, [(labels.baseYear, .box(fill: "#bdbdbd", stroke: nil)),
                                         (labels.horizon, .box(fill: "none", stroke: "#000000"))], size: 10)
        out += text(centre - gap - 4, top - 4, labels.male, anchor: "end", size: 11, weight: "bold")
        out += text(centre + gap + 4, top - 4, labels.female, anchor: "start", size: 11, weight: "bold")
        for t in xTicks where t > 0 {
            out += line(centre - gap - w(t), top, centre - gap - w(t), bottom, stroke: "#e0e0e0", width: 0.7)
            out += line(centre + gap + w(t), top, centre + gap + w(t), bottom, stroke: "#e0e0e0", width: 0.7)
        }
        for (i, age) in ages.enumerated() {
            let yy = bottom - Double(i + 1) * rowH
            let h = rowH * 0.82
            let pad = (rowH - h) / 2
            let bm = base["M"]?[age] ?? 0, bf = base["F"]?[age] ?? 0
            let hm = horizon["M"]?[age] ?? 0, hf = horizon["F"]?[age] ?? 0
            out += rect(centre - gap - w(bm), yy + pad, w(bm), h, fill: "#bdbdbd")
            out += rect(centre + gap, yy + pad, w(bf), h, fill: "#bdbdbd")
            out += rect(centre - gap - w(hm), yy + pad, w(hm), h, fill: "none", stroke: "#000000", width: 1.1)
            out += rect(centre + gap, yy + pad, w(hf), h, fill: "none", stroke: "#000000", width: 1.1)
            if i % 2 == 0 {
                out += text(centre, yy + rowH / 2 + 3.5, age == 100 ? "100+" : "\(age)-\(age + 4)", anchor: "middle", size: 9)
            }
        }
        out += line(centre - gap, bottom, centre - gap - half, bottom)
        out += line(centre + gap, bottom, centre + gap + half, bottom)
        out += line(centre - gap, top, centre - gap, bottom)
        out += line(centre + gap, top, centre + gap, bottom)
        for t in xTicks {
            for sign in [-1.0, 1.0] {
                let xx = sign < 0 ? centre - gap - w(t) : centre + gap + w(t)
                out += line(xx, bottom, xx, bottom + 4)
                out += text(xx, bottom + 15, tick(t, step: step), anchor: "middle", size: 10)
            }
        }
        out += text(centre, top - 4, labels.age, anchor: "middle", size: 9)
        out += text(centre, Double(height) - 8, labels.axis, anchor: "middle", size: 10)
        out += "</svg>\n"
        return out
    }

    // MARK: Grouped bars

    /// Fills for up to six groups that stay apart in black-and-white print.
    static let groupFills = ["#ffffff", "#bdbdbd", "#6e6e6e", "#000000", "#e6e6e6", "#969696"]

    /// Vertical bars per category (areas) and group (years), with the value over each bar when it fits.
    package static func groupedBars(title: String, categories: [String], groups: [String], values: [[Double]], yAxis: String,
                                   width: Int = 720, height: Int = 300, emptyNote: String = "") -> String {
        let left = 70.0, right = Double(width) - 12, top = 56.0, bottom = Double(height) - 52
        let maxValue = values.flatMap { $0 }.max() ?? 0
        let yMax = axisMax(maxValue * 1.08)
        let yTicks = ticks(0, yMax, count: 4)
        let step = yTicks.count > 1 ? yTicks[1] - yTicks[0] : yMax
        func y(_ v: Double) -> Double { bottom - v / yMax * (bottom - top) }
        var out = open(width, height, label: title)
        out += text(Double(width) / 2, 16, title, anchor: "middle", size: 13, weight: "bold")
        out += legend(left, 36, groups.enumerated().map { ($0.element, .box(fill: groupFills[$0.offset % groupFills.count], stroke: "#000000")) }, size: 10)
        for t in yTicks {
            out += line(left, y(t), right, y(t), stroke: "#e0e0e0", width: 0.7)
            out += text(left - 5, y(t) + 3.5, tick(t, step: step), anchor: "end", size: 10)
        }
        let slot = (right - left) / Double(max(1, categories.count))
        let barW = min(34, slot * 0.8 / Double(max(1, groups.count)))
        let showValues = barW >= 22
        for (c, name) in categories.enumerated() {
            let start = left + Double(c) * slot + (slot - barW * Double(groups.count)) / 2
            for g in groups.indices {
                let v = values[c][g]
                let xx = start + Double(g) * barW
                out += rect(xx, y(v), barW, bottom - y(v), fill: groupFills[g % groupFills.count], stroke: "#000000", width: 0.8)
                if showValues && v > 0 {
                    out += text(xx + barW / 2, y(v) - 3, ReportNumber.format(v, .integer), anchor: "middle", size: 8)
                }
            }
            let label = name
            let rotate = slot < TextWidth.of(label, size: 10) + 4
            if rotate {
                out += "<text x=\"\(f(left + (Double(c) + 0.5) * slot))\" y=\"\(f(bottom + 10))\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-35 \(f(left + (Double(c) + 0.5) * slot)) \(f(bottom + 10)))\">\(escape(label))</text>\n"
            } else {
                out += text(left + (Double(c) + 0.5) * slot, bottom + 15, label, anchor: "middle", size: 10)
            }
        }
        if maxValue <= 0 && !emptyNote.isEmpty {
            out += text((left + right) / 2, (top + bottom) / 2, emptyNote, anchor: "middle", size: 12)
        }
        out += line(left, bottom, right, bottom)
        out += line(left, top - 4, left, bottom)
        out += text(14, (top + bottom) / 2, yAxis, anchor: "middle", size: 10, rotate: true)
        out += "</svg>\n"
        return out
    }

    // MARK: Sorted horizontal bars

    /// One horizontal bar per category, in the order given (callers sort them, largest first), the
    /// value with thousands separators beside each bar; `note` under the axis (e.g. where the rest is).
    /// Labels sit in their own column, so many areas never overlap as rotated labels under columns do.
    package static func horizontalBars(title: String, labels: [String], values: [Double], axis: String, note: String = "",
                                       emptyNote: String = "", width: Int = 720) -> String {
        let labelWidth = min(Double(width) * 0.4, (labels.map { TextWidth.of($0, size: 10) }.max() ?? 60) + 12)
        let maxValue = values.max() ?? 0
        let valueWidth = TextWidth.of(ReportNumber.format(maxValue, .integer), size: 10) + 10
        let left = labelWidth + 8, right = Double(width) - max(40, valueWidth), top = 30.0
        let rowH = 18.0
        let bottom = top + rowH * Double(max(1, labels.count))
        let height = Int(bottom + (note.isEmpty ? 40 : 56))
        let xMax = axisMax(maxValue)
        let xTicks = ticks(0, xMax, count: 4)
        let step = xTicks.count > 1 ? xTicks[1] - xTicks[0] : xMax
        func x(_ v: Double) -> Double { left + max(0, v) / xMax * (right - left) }
        var out = open(width, height, label: title)
        out += text(Double(width) / 2, 16, title, anchor: "middle", size: 13, weight: "bold")
        for t in xTicks {
            out += line(x(t), top, x(t), bottom, stroke: "#e0e0e0", width: 0.7)
            out += line(x(t), bottom, x(t), bottom + 4)
            out += text(x(t), bottom + 15, tick(t, step: step), anchor: "middle", size: 10)
        }
        for (i, label) in labels.enumerated() {
            let yy = top + Double(i) * rowH
            let v = values[i]
            out += text(left - 6, yy + rowH / 2 + 3.5, label, anchor: "end", size: 10)
            out += rect(x(0), yy + 3, x(v) - x(0), rowH - 6, fill: "#6e6e6e", stroke: "#000000", width: 0.8)
            out += text(x(v) + 4, yy + rowH / 2 + 3.5, ReportNumber.format(v, .integer), size: 10)
        }
        if maxValue <= 0 && !emptyNote.isEmpty {
            out += text((left + right) / 2, (top + bottom) / 2 + 4, emptyNote, anchor: "middle", size: 12)
        }
        out += line(left, bottom, right, bottom)
        out += line(left, top, left, bottom)
        out += text((left + right) / 2, bottom + 31, axis, anchor: "middle", size: 10)
        if !note.isEmpty { out += text(left, bottom + 48, note, size: 9.5) }
        out += "</svg>\n"
        return out
    }

    // MARK: Probability bars

    /// Horizontal bars from 0 to 100% per target, the value printed beside each; a mark at 50%.
    package static func probabilityBars(title: String, labels: [String], values: [Double], axis: String, width: Int = 720) -> String {
        let labelWidth = min(Double(width) * 0.5, (labels.map { TextWidth.of($0, size: 10) }.max() ?? 60) + 12)
        let left = labelWidth + 8, right = Double(width) - 48, top = 34.0
        let rowH = 22.0
        let height = Int(top + rowH * Double(labels.count) + 44)
        let bottom = top + rowH * Double(labels.count)
        func x(_ p: Double) -> Double { left + p * (right - left) }
        var out = open(width, height, label: title)
        out += text(Double(width) / 2, 16, title, anchor: "middle", size: 13, weight: "bold")
        for p in stride(from: 0.0, through: 1.0, by: 0.25) {
            out += line(x(p), top, x(p), bottom, stroke: p == 0.5 ? "#9e9e9e" : "#e0e0e0", width: 0.7, dash: p == 0.5 ? "3 3" : nil)
            out += line(x(p), bottom, x(p), bottom + 4)
            out += text(x(p), bottom + 15, "\(Int(p * 100))", anchor: "middle", size: 10)
        }
        for (i, label) in labels.enumerated() {
            let yy = top + Double(i) * rowH
            let v = max(0, min(1, values[i]))
            out += text(left - 6, yy + rowH / 2 + 3.5, label, anchor: "end", size: 10)
            out += rect(x(0), yy + 4, x(v) - x(0), rowH - 8, fill: "#6e6e6e", stroke: "#000000", width: 0.8)
            out += text(x(v) + 4, yy + rowH / 2 + 3.5, String(format: "%.0f%%", 100 * values[i]), size: 10)
        }
        out += line(left, bottom, right, bottom)
        out += line(left, top, left, bottom)
        out += text((left + right) / 2, bottom + 32, axis, anchor: "middle", size: 10)
        out += "</svg>\n"
        return out
    }
}

/// Rough text width for layout: CJK characters are about one em, others about 0.55 em.
enum TextWidth {
    static func of(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + (DisplayWidth.width($1) == 2 ? size : size * 0.56) }
    }
}
