import Foundation
import Testing
@testable import Simulation

/// Per-draw totals are integers of 1/1024 added under a lock, so the order areas finish in cannot
/// change a bit; they become doubles in place. They are stored by column and read by draw.
@Suite struct DrawTotalsTests {
    @Test func totalsDoNotDependOnTheOrderAreasFinish() {
        // Three areas' sums of one draw, 2 values each, in fixed point (× 1024): in doubles,
        // (0.1 + 1e16) − 1e16 and 0.1 + (1e16 − 1e16) differ; in integers every order gives the same.
        let large: Int64 = 10_000_000_000_000_000
        let areas: [[Int64]] = [[102, large], [5, -large], [1024, 7]]
        func sum(_ order: [Int]) -> [Double] {
            let totals = DrawTotals(draws: 1, years: 1, columns: 2)
            for a in order { areas[a].withUnsafeBytes { totals.add(byDraw: $0) } }
            totals.finish(scale: 1024)
            return [totals[0], totals[1]]
        }
        // 102 + 5 + 1024 = 1131 → 1131 / 1024 = 1.1044921875; the large terms cancel to 7 / 1024.
        let expected = [1131.0 / 1024, 7.0 / 1024]
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]] {
            #expect(sum(order) == expected)
        }
    }

    /// An area's integers arrive by held column (24 drawn, then 10 shortfall) and draw; supply once per
    /// year and measure. Read back in reading order ((draw × years + year) × 39 + column), every value is
    /// where the layouts say, worked out here from the column numbers: drawn column c of draw d holds
    /// 10c + d (+ 1,000 in year 1), supply measure i holds 100 + i, shortfall column 29 + j holds the
    /// held column 24 + j's value.
    @Test func areaIntegersLandInReadingOrder() {
        let draws = 3, years = 2, held = RegionTotals.heldColumns, columns = OutputColumns.count
        #expect(held == 34 && columns == 39 && CapacitySimulation.drawnColumns == 24)
        var integers = [Int64](repeating: 0, count: years * held * draws)
        for y in 0..<years { for h in 0..<held { for d in 0..<draws { integers[(y * held + h) * draws + d] = Int64(1000 * y + 10 * h + d) } } }
        let supply = (0..<(years * 5)).map { Int64(100 + $0 % 5) }
        let totals = DrawTotals(draws: draws, years: years)
        integers.withUnsafeBufferPointer { i in
            supply.withUnsafeBufferPointer { s in
                for y in 0..<years { totals.add(heldIntegers: i.baseAddress! + y * held * draws, year: y) }
                totals.add(supplyOfYears: s.baseAddress!)
            }
        }
        func expected(_ d: Int, _ y: Int, _ c: Int) -> Int64 {
            if c < 24 { return Int64(1000 * y + 10 * c + d) }
            if c < 29 { return Int64(100 + c - 24) }
            return Int64(1000 * y + 10 * (24 + c - 29) + d)
        }
        // The shard's bytes: little-endian Int64 in reading order.
        let bytes = totals.integerBytes()
        for d in 0..<draws { for y in 0..<years { for c in 0..<columns {
            let i = (d * years + y) * columns + c
            let value = bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
            #expect(value == expected(d, y, c), "draw \(d) year \(y) column \(c)")
        } } }
        // A merge adds the same bytes back: twice the values.
        let twice = DrawTotals(draws: draws, years: years)
        bytes.withUnsafeBytes { twice.add(byDraw: $0) }
        bytes.withUnsafeBytes { twice.add(byDraw: $0) }
        twice.finish(scale: 1)
        totals.finish(scale: 1)
        for d in 0..<draws { for y in 0..<years { for c in 0..<columns {
            let i = (d * years + y) * columns + c
            #expect(totals[i] == Double(expected(d, y, c)))
            #expect(twice[i] == 2 * Double(expected(d, y, c)))
        } } }
    }
}
