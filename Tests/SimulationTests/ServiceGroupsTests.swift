import Testing
@testable import Simulation

/// The block version of the service groups (C, vectorised over columns) must give each column the bits
/// of the one-area version (`fill(male:female:...)`, plain Swift): the same additions in the same order.
@Suite struct ServiceGroupsTests {
    @Test(arguments: [1, 3, 8, 33])
    func blockEqualsOneAreaAtATime(width: Int) {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        // 202 rows [sex × 101 + age] of `width` columns: random sizes spanning 1e-3 to 1e5 so that the
        // order of additions shows in the last bits.
        var cells = [Double](repeating: 0, count: 202 * width)
        for i in cells.indices { cells[i] = next() * pow10(Int(next() * 8) - 3) }
        let households = (0..<width).map { _ in 2 + next() }
        let group = (0..<width).map { c in c % 2 == 0 ? 0 : next() * 500 }
        var out = [Double](repeating: .nan, count: ServiceGroups.groupCount * width)
        cells.withUnsafeBufferPointer { cells in
            households.withUnsafeBufferPointer { h in
                group.withUnsafeBufferPointer { g in
                    out.withUnsafeMutableBufferPointer { o in
                        ServiceGroups.fill(cells: cells.baseAddress!, width: width, personsPerHousehold: h.baseAddress!,
                                           groupQuarters: g.baseAddress!, into: o.baseAddress!)
                    }
                }
            }
        }
        for c in 0..<width {
            let male = (0..<101).map { cells[$0 * width + c] }, female = (0..<101).map { cells[(101 + $0) * width + c] }
            var expected = [Double](repeating: 0, count: ServiceGroups.groupCount)
            male.withUnsafeBufferPointer { m in
                female.withUnsafeBufferPointer { f in
                    expected.withUnsafeMutableBufferPointer { e in
                        _ = ServiceGroups.fill(male: m, female: f, personsPerHousehold: households[c], groupQuarters: group[c], into: e)
                    }
                }
            }
            for g in 0..<ServiceGroups.groupCount {
                #expect(out[g * width + c].bitPattern == expected[g].bitPattern, "column \(c) group \(OutputColumns.populationGroups[g])")
            }
        }
    }

    func pow10(_ e: Int) -> Double { e >= 0 ? (0..<e).reduce(1.0) { a, _ in a * 10 } : 1 / pow10(-e) }
}
