import Testing
@testable import Simulation

/// Per-draw totals are integers of 1/1024 added under a lock, so the order blocks finish in cannot
/// change a bit; they become doubles in place.
@Suite struct DrawTotalsTests {
    @Test func totalsDoNotDependOnTheOrderBlocksFinish() {
        // Three blocks' sums of one draw, 2 values each, in fixed point (× 1024): in doubles,
        // (0.1 + 1e16) − 1e16 and 0.1 + (1e16 − 1e16) differ; in integers every order gives the same.
        let large: Int64 = 10_000_000_000_000_000
        let blocks: [[Int64]] = [[102, large], [5, -large], [1024, 7]]
        func sum(_ order: [Int]) -> [Double] {
            let totals = DrawTotals(count: 2)
            for b in order { blocks[b].withUnsafeBufferPointer { totals.add($0.baseAddress!, length: 2, at: 0) } }
            totals.finish(scale: 1024)
            return [totals[0], totals[1]]
        }
        // 102 + 5 + 1024 = 1131 → 1131 / 1024 = 1.1044921875; the large terms cancel to 7 / 1024.
        let expected = [1131.0 / 1024, 7.0 / 1024]
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]] {
            #expect(sum(order) == expected)
        }
    }
}
