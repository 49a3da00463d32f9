import Foundation
import Results

/// The county picker of report.html for runs of many areas: every county, prefecture and province of
/// the run (and the total), their population, demand, planned supply and gap in the base year and the
/// key years, embedded as JSON in the page, and plain JavaScript that draws the chosen one's tables and
/// chart. Nothing is fetched, so it works from `file://`; `#area=CODE` opens one area. Regions use their
/// own rows (per-draw sums), never sums of county quantiles.
package struct CountyPicker {
    let run: RunResult
    let language: Language
    let tables: ReportTables

    init(run: RunResult, language: Language, tables: ReportTables) {
        self.run = run
        self.language = language
        self.tables = tables
    }

    func t(_ key: String) -> String { Labels.text(key, language) }
    func tf(_ key: String, _ args: CustomStringConvertible...) -> String { Labels.fill(key, language, args.map(\.description)) }

    /// The years the picker shows: the base year and the key years.
    var years: [Int] { [run.baseYear] + run.keyYears.filter { $0 != run.baseYear } }

    struct Node {
        var key: String
        var level: String
        var parent: String?
        var children: [String] = []
        var members: Int
    }

    /// Total, then provinces, prefectures and counties, each with its parent and children.
    func nodes() -> [Node] {
        let provinces = run.regions.filter { $0.level == .province }
        let prefectures = run.regions.filter { $0.level == .prefecture }
        var provinceOfArea: [String: String] = [:]
        for p in provinces { for m in p.members { provinceOfArea[m] = p.key } }
        var prefectureOfArea: [String: String] = [:]
        for p in prefectures { for m in p.members { prefectureOfArea[m] = p.key } }
        var out: [Node] = [Node(key: RunResult.totalArea, level: "total", parent: nil, members: run.areas.count)]
        var index: [String: Int] = [RunResult.totalArea: 0]
        func add(_ node: Node) {
            index[node.key] = out.count
            out.append(node)
            if let parent = node.parent, let i = index[parent] { out[i].children.append(node.key) }
        }
        for p in provinces { add(Node(key: p.key, level: "province", parent: RunResult.totalArea, members: p.members.count)) }
        for p in prefectures {
            let province = p.members.first.flatMap { provinceOfArea[$0] } ?? RunResult.totalArea
            add(Node(key: p.key, level: "prefecture", parent: province, members: p.members.count))
        }
        for code in run.areaCodes {
            let parent = prefectureOfArea[code] ?? provinceOfArea[code] ?? RunResult.totalArea
            add(Node(key: code, level: "county", parent: parent, members: 1))
        }
        return out
    }

    /// A number for the page's data: whole above 100, else one decimal; `null` when unknown.
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "null" }
        if abs(v) >= 100 { return String(Int64(v.rounded())) }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }

    /// The embedded data as JSON, with `</` written `<\/` so it cannot end its script element.
    func json() -> String {
        let years = self.years
        // Measures the run requires nothing of are left out (the report's gap table says which).
        let measures = run.requiredMeasures
        var out = "{\"years\":[" + years.map(String.init).joined(separator: ",") + "]"
        out += ",\"measures\":[" + measures.map { m in
            "{\"k\":\(JSONText.string(m.rawValue)),\"n\":\(JSONText.string(tables.measureName(m))),\"u\":\(JSONText.string(tables.unitName(m)))}"
        }.joined(separator: ",") + "]"
        let popColumns: [(String, [ResultMeasure])] = [
            ("pop.total", [.residents]), ("pop.0-2", [.children6to12m, .children12to24m, .children24to36m]),
            ("pop.60+", [.elderly60plus]), ("pop.65+", [.elderly65plus]), ("pop.80+", [.elderly80plus]),
        ]
        out += ",\"pop\":[" + popColumns.map { JSONText.string(t($0.0)) }.joined(separator: ",") + "]"
        let text: [(String, String)] = [
            "province", "prefecture", "county", "all", "level_total", "level_province", "level_prefecture", "level_county",
            "population", "gap", "chart_note",
        ].map { ($0, t("picker.\($0)")) } + [
            ("members", t("picker.members")), ("children", tf("picker.children", years.last ?? run.horizon)),
            ("chart", tf("picker.chart", years.last ?? run.horizon)), ("unknown", t("picker.unknown")),
            ("year", t("col.year")), ("measure", t("col.measure")), ("unit", t("col.unit")),
            ("demand", t("col.demand_p50")), ("range", t("col.demand_range")), ("supply", t("col.planned_supply")),
            ("shortfall", t("col.gap")), ("rate", tables.withUnit("col.gap_rate", "unit.percent")),
            ("capacity", t("chart.capacity")), ("median", t("chart.demand_p50")), ("band", t("chart.demand_band")),
            ("name", t("col.area")), ("sep", language == .zh ? "，" : ", "),
            ("demand_of", t("picker.demand_of")), ("gap_of", t("picker.gap_of")),
        ]
        // `{0}` is filled by the script (written `@0@` so that no unfilled label shows in the page's source).
        out += ",\"text\":{" + text.map { "\(JSONText.string($0.0)):\(JSONText.string($0.1.replacingOccurrences(of: "{0}", with: "@0@")))" }.joined(separator: ",") + "}"
        out += ",\"nodes\":{"
        var first = true
        for node in nodes() {
            if !first { out += "," }
            first = false
            out += JSONText.string(node.key) + ":{\"n\":" + JSONText.string(run.areaName(node.key, language))
            out += ",\"lv\":\"\(node.level)\",\"up\":" + (node.parent.map(JSONText.string) ?? "null")
            out += ",\"k\":\(node.members),\"c\":[" + node.children.map(JSONText.string).joined(separator: ",") + "]"
            out += ",\"p\":["
            out += years.map { y in
                "[" + popColumns.map { _, ms -> String in
                    let values = ms.map { run.population.p50(node.key, y, $0, .projected) }
                    return Self.number(values.contains { $0 == nil } ? nil : values.reduce(0) { $0 + $1! })
                }.joined(separator: ",") + "]"
            }.joined(separator: ",")
            out += "],\"m\":["
            out += measures.map { m -> String in
                let known = tables.declared(node.key, m)
                return "[" + years.map { y -> String in
                    guard let d = run.demand.value(node.key, y, m, .standard) else { return "null" }
                    let s = known ? run.supply.p50(node.key, y, m, .planned) : nil
                    let g = known ? run.shortfall.p50(node.key, y, m, .standard) : nil
                    return "[\(Self.number(d.p10)),\(Self.number(d.p50)),\(Self.number(d.p90)),\(Self.number(s)),\(Self.number(g))]"
                }.joined(separator: ",") + "]"
            }.joined(separator: ",")
            out += "]}"
        }
        out += "}}"
        return Self.escapingScriptEnd(out)
    }

    /// `text` with every "</" written "<\/", so that the data cannot end its script element: one pass over the
    /// UTF-8 bytes ("<" is one byte that is never part of another character's). Foundation's
    /// `replacingOccurrences` went through NSString: 0.1 s of a national run's HTML, most of the picker's time.
    static func escapingScriptEnd(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 64)
        var afterLess = false
        for byte in text.utf8 {
            if afterLess && byte == UInt8(ascii: "/") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
            afterLess = byte == UInt8(ascii: "<")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The section: heading, how to use it, the controls (shown by the script), the view it fills, the
    /// data and the script.
    func render() -> String {
        var out = "<section id=\"picker\">\n<h2>\(SVGChart.escape(t("picker.title")))</h2>\n"
        out += "<p class=\"sub\">\(SVGChart.escape(t("picker.intro")))</p>\n"
        out += "<noscript><p class=\"note\">\(SVGChart.escape(t("picker.noscript")))</p></noscript>\n"
        out += "<div class=\"picker-controls\" id=\"picker-controls\" hidden>"
        for i in 0..<3 { out += "<label><span id=\"pick-label-\(i)\"></span> <select id=\"pick-\(i)\"></select></label> " }
        out += "</div>\n<div id=\"picker-view\"></div>\n"
        out += "<script type=\"application/json\" id=\"picker-data\">\(json())</script>\n"
        out += "<script>\n\(Self.script)\n</script>\n</section>\n"
        return out
    }

    /// Plain JavaScript, no library: reads the data, fills the three selects along the chosen area's
    /// ancestry, and draws its tables and chart; the address's `#area=CODE` chooses the area.
    static let script = #"""
    (function () {
      "use strict";
      var data = JSON.parse(document.getElementById("picker-data").textContent);
      var nodes = data.nodes, T = data.text, last = data.years.length - 1;
      var probe = document.createElement("div");
      probe.innerHTML = "<svg></svg>";
      var SVG = probe.firstChild.namespaceURI;
      function el(tag, attrs, text) {
        var e = document.createElement(tag);
        for (var k in attrs) { if (attrs.hasOwnProperty(k)) { e.setAttribute(k, attrs[k]); } }
        if (text !== undefined) { e.textContent = text; }
        return e;
      }
      function sv(tag, attrs, text) {
        var e = document.createElementNS(SVG, tag);
        for (var k in attrs) { if (attrs.hasOwnProperty(k)) { e.setAttribute(k, attrs[k]); } }
        if (text !== undefined) { e.textContent = text; }
        return e;
      }
      function fmt(v) {
        if (v === null || v === undefined) { return "\u2014"; }
        var n = Math.round(Math.abs(v)), s = String(n), out = "";
        for (var i = 0; i < s.length; i++) {
          if (i > 0 && (s.length - i) % 3 === 0) { out += ","; }
          out += s.charAt(i);
        }
        return (v < 0 && n !== 0 ? "-" : "") + out;
      }
      function pct(g, d) { return (g === null || d === null || !(d > 0)) ? "\u2014" : (100 * g / d).toFixed(1); }
      function table(id, caption, headers, rows, numeric) {
        var t = el("table", { id: id });
        t.appendChild(el("caption", {}, caption));
        var head = el("thead"), tr = el("tr");
        headers.forEach(function (h) { tr.appendChild(el("th", {}, h)); });
        head.appendChild(tr); t.appendChild(head);
        var body = el("tbody");
        rows.forEach(function (r) {
          var row = el("tr");
          r.forEach(function (c, j) { row.appendChild(el("td", numeric[j] ? { "class": "num" } : {}, c)); });
          body.appendChild(row);
        });
        t.appendChild(body);
        return t;
      }
      function chart(node) {
        var w = 720, rowH = 34, left = 170, right = w - 130, top = 44, h = top + rowH * data.measures.length + 30;
        var s = sv("svg", { "class": "chart", viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-label": T.chart });
        s.appendChild(sv("rect", { x: 0, y: 0, width: w, height: h, fill: "#ffffff" }));
        s.appendChild(sv("text", { x: w / 2, y: 16, "font-size": 13, "font-weight": "bold", "text-anchor": "middle" }, node.n + " \u2014 " + T.chart));
        var lx = left;
        [[T.median, "#6e6e6e"], [T.band, null], [T.capacity, "#000000"]].forEach(function (e, i) {
          if (i === 0) { s.appendChild(sv("rect", { x: lx, y: 26, width: 16, height: 9, fill: e[1], stroke: "#000000" })); }
          else if (i === 1) { s.appendChild(sv("line", { x1: lx, y1: 30, x2: lx + 16, y2: 30, stroke: "#000000", "stroke-width": 1.2 })); }
          else { s.appendChild(sv("line", { x1: lx + 8, y1: 24, x2: lx + 8, y2: 37, stroke: "#000000", "stroke-width": 2.5 })); }
          s.appendChild(sv("text", { x: lx + 21, y: 35, "font-size": 10 }, e[0]));
          lx += 21 + 11 * e[0].length + 14;
        });
        data.measures.forEach(function (m, i) {
          var v = node.m[i][last], y = top + i * rowH;
          s.appendChild(sv("text", { x: left - 6, y: y + rowH / 2 + 4, "font-size": 10, "text-anchor": "end" }, m.n));
          if (!v) { return; }
          var max = Math.max(v[2] || 0, v[3] || 0, 1), x = function (a) { return left + Math.max(0, a) / max * (right - left); };
          s.appendChild(sv("rect", { x: left, y: y + 9, width: x(v[1]) - left, height: rowH - 18, fill: "#6e6e6e", stroke: "#000000", "stroke-width": 0.8 }));
          s.appendChild(sv("line", { x1: x(v[0]), y1: y + rowH / 2, x2: x(v[2]), y2: y + rowH / 2, stroke: "#000000", "stroke-width": 1.2 }));
          var label = fmt(v[1]) + " " + m.u;
          if (v[3] !== null) {
            s.appendChild(sv("line", { x1: x(v[3]), y1: y + 4, x2: x(v[3]), y2: y + rowH - 4, stroke: "#000000", "stroke-width": 2.5 }));
            label += " / " + fmt(v[3]);
          }
          s.appendChild(sv("text", { x: right + 6, y: y + rowH / 2 + 4, "font-size": 10 }, label));
        });
        s.appendChild(sv("line", { x1: left, y1: top, x2: left, y2: top + rowH * data.measures.length, stroke: "#000000" }));
        s.appendChild(sv("text", { x: left, y: h - 8, "font-size": 9.5 }, T.chart_note));
        var fig = el("figure");
        fig.appendChild(s);
        return fig;
      }
      function chain(key) {
        var out = [];
        for (var k = key; k && nodes[k]; k = nodes[k].up) { out.unshift(k); }
        return out;
      }
      var selects = [0, 1, 2].map(function (i) { return document.getElementById("pick-" + i); });
      var labels = [0, 1, 2].map(function (i) { return document.getElementById("pick-label-" + i); });
      function fill(i, parent, chosen) {
        var sel = selects[i];
        while (sel.firstChild) { sel.removeChild(sel.firstChild); }
        var kids = parent && nodes[parent] ? nodes[parent].c : [];
        sel.parentNode.hidden = kids.length === 0;
        if (kids.length === 0) { return; }
        labels[i].textContent = T["level_" + nodes[kids[0]].lv];
        sel.appendChild(el("option", { value: parent }, T.all));
        kids.forEach(function (k) {
          var o = el("option", { value: k }, nodes[k].n);
          if (k === chosen) { o.selected = true; }
          sel.appendChild(o);
        });
      }
      function draw(key) {
        var view = document.getElementById("picker-view");
        while (view.firstChild) { view.removeChild(view.firstChild); }
        var wanted = key;
        if (!nodes[key]) { key = "total"; }
        var node = nodes[key], path = chain(key);
        for (var i = 0; i < 3; i++) { fill(i, path[i], path[i + 1]); }
        var names = path.slice(1, -1).map(function (k) { return nodes[k].n; });
        view.appendChild(el("h3", { id: "picker-title", "data-area": key }, node.n + (key === "total" ? "" : "\uFF08" + key + "\uFF09")));
        var sub = T["level_" + node.lv] + (names.length ? T.sep + names.join(" / ") : "") + T.sep + T.members.replace("@0@", fmt(node.k));
        view.appendChild(el("p", { "class": "sub", id: "picker-path" }, sub));
        if (wanted !== key) { view.appendChild(el("p", { "class": "note" }, T.unknown.replace("@0@", wanted))); }
        view.appendChild(table("picker-population", node.n + " \u2014 " + T.population, [T.year].concat(data.pop),
          data.years.map(function (y, j) { return [String(y)].concat(node.p[j].map(fmt)); }), [false, true, true, true, true, true]));
        var rows = [];
        data.measures.forEach(function (m, i) {
          data.years.forEach(function (y, j) {
            var v = node.m[i][j];
            if (!v || j === 0) { return; }
            rows.push([m.n, m.u, String(y), fmt(v[1]), fmt(v[0]) + "\u2013" + fmt(v[2]), fmt(v[3]), fmt(v[4]), pct(v[4], v[1])]);
          });
        });
        view.appendChild(table("picker-gap", node.n + " \u2014 " + T.gap,
          [T.measure, T.unit, T.year, T.demand, T.range, T.supply, T.shortfall, T.rate], rows,
          [false, false, false, true, false, true, true, true]));
        view.appendChild(chart(node));
        if (node.c.length) {
          var kids = node.c, cols = [];
          data.measures.forEach(function (m, i) { cols.push([T.demand_of.replace("@0@", m.n) + "\uFF08" + m.u + "\uFF09", i, 1]); });
          // Shortfall columns only for measures whose supply some unit within declares.
          data.measures.forEach(function (m, i) {
            var known = kids.some(function (k) { var v = nodes[k].m[i][last]; return v && v[4] !== null; });
            if (known) { cols.push([T.gap_of.replace("@0@", m.n) + "\uFF08" + m.u + "\uFF09", i, 4]); }
          });
          view.appendChild(table("picker-children", node.n + " \u2014 " + T.children,
            [T.name].concat(cols.map(function (c) { return c[0]; })),
            kids.map(function (k) {
              return [nodes[k].n].concat(cols.map(function (c) { var v = nodes[k].m[c[1]][last]; return v ? fmt(v[c[2]]) : "\u2014"; }));
            }), [false].concat(cols.map(function () { return true; }))));
        }
      }
      function fromHash() {
        var m = /(?:^|[#&])area=([^&]*)/.exec(location.hash);
        return m ? decodeURIComponent(m[1]) : "total";
      }
      selects.forEach(function (sel) {
        sel.addEventListener("change", function () { location.hash = "area=" + encodeURIComponent(sel.value); });
      });
      window.addEventListener("hashchange", function () { draw(fromHash()); });
      document.getElementById("picker-controls").hidden = false;
      draw(fromHash());
      // A link to one area (#area=CODE) opens at the picker, not at the top of a long page.
      if (/(?:^|[#&])area=/.test(location.hash)) { document.getElementById("picker").scrollIntoView(); }
    })();
    """#
}
