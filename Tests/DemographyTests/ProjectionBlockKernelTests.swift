import CSurvival
import Foundation
import Testing
@testable import Demography

/// The block kernel called directly: a column's results do not depend on the block it is run in
/// (the column sums for migration per 1,000 are summed in an order of the column's own), and the
/// step-moment mode against the default emission.
@Suite struct ProjectionBlockKernelTests {
    static let areas = 13, steps = 6, rows = PopulationLayout.cellsPerArea

    /// Per-area inputs of the synthetic case: [area][row] base and group, [step][area] TFR, central
    /// and additive migration, [step][sex][area] mortality factors.
    struct Case {
        var rates: ProjectionRates
        var base: [[Double]]
        var group: [[Double]]
        var tfr: [[Double]], net: [[Double]], extra: [[Double]]?
        var mortality: [[[Double]]]?
    }

    /// 13 areas, 6 steps, two survival profiles interleaved, TFR, migration and mortality factors
    /// varying by area, step (and sex); migration a few per thousand.
    /// `factorScale` multiplies the mortality factors: at 40 some exceed 1/q at the oldest ages, so that the
    /// survival 1 − q·m is clamped at 0 there (the kernel skips the clamp only for tiles where it cannot bite).
    static func makeCase(central: ProjectionRates.MigrationVolumeKind, additive: Bool, mortality: Bool,
                         interpolationWeight: Double? = nil, factorScale: Double = 1) throws -> Case {
        let areas = Self.areas, steps = Self.steps
        var profileA = [Double](repeating: 0, count: steps * 202)
        for i in profileA.indices { profileA[i] = 1 - 0.0004 * Double(i % 101) - 0.00001 * Double(i / 202) }
        let profileB = profileA.map { 1 - (1 - $0) * 1.3 }
        var shares = [Double](repeating: 0, count: steps * 101)
        for step in 0..<steps { for age in 15...49 { shares[step * 101 + age] = Double(50 - abs(age - 29)) } }
        for step in 0..<steps {
            let sum = shares[(step * 101)..<(step * 101 + 101)].reduce(0, +)
            for age in 0...100 { shares[step * 101 + age] /= sum }
        }
        var tfr: [[Double]] = [], net: [[Double]] = [], extra: [[Double]] = [], factors: [[[Double]]] = []
        for s in 0..<steps {
            var t: [Double] = [], n: [Double] = [], e: [Double] = []
            for a in 0..<areas {
                t.append(0.9 + Double((a + s) % 5) / 10)
                let k = Double((a * 3 + s) % 9)
                n.append(central == .total ? k * 30 - 120 : k - 4)
                e.append(Double((a + 2 * s) % 7) - 3.5)
            }
            tfr.append(t); net.append(n); extra.append(e)
            var bySex: [[Double]] = []
            for sex in 0..<2 {
                var f: [Double] = []
                for a in 0..<areas { f.append((0.8 + Double((a * 5 + s + 3 * sex) % 10) / 20) * (a % 4 == 2 ? factorScale : 1)) }
                bySex.append(f)
            }
            factors.append(bySex)
        }
        var rates = try ProjectionRates(
            baseYear: 2020, stepCount: steps, areaCount: areas,
            survivalProfiles: [profileA, profileB], mortalityProfileOfArea: (0..<areas).map { $0 % 3 == 1 ? 1 : 0 },
            fertilityShares: shares, tfr: Array(tfr.joined()),
            sexRatioAtBirth: (0..<steps).map { 1.05 + Double($0) / 100 },
            migrationVolume: central,
            migrationShares: (0..<202).map { Double(($0 % 101) < 60 ? 1 : 0) / 120 },
            netMigration: Array(net.joined()))
        rates.interpolationWeight = interpolationWeight
        var base: [[Double]] = [], group: [[Double]] = []
        for a in 0..<areas {
            var b: [Double] = [], g: [Double] = []
            for r in 0..<Self.rows {
                let code: Int = (a * 7919 + r * 104_729) % 5000
                // A quarter of the cells small beside their migrants, so that the last bit of a
                // column's sum (the migration volume) shows in the cells.
                b.append((Double(code) + 500 + 1.0 / 3) / (r % 4 == 0 ? 10_000 : 1))
                let small: Int = (a * 31 + r * 17) % 40
                g.append(Double(small) + 0.25)
            }
            base.append(b); group.append(g)
        }
        return Case(rates: rates, base: base, group: group, tfr: tfr, net: net,
                    extra: additive ? extra : nil, mortality: mortality ? factors : nil)
    }

    /// One emission: the cells of each block column [column][row] and births [column] (nil at 0).
    struct Emitted: Equatable {
        var yearIndex: Int
        var cells: [[Double]]
        var births: [Double]?
    }

    /// Runs the kernel on the areas `columns` (in this order) as one block of `columns.count`
    /// columns, every input laid out for that block as `CapacitySimulation` does.
    /// `reference`: `ReferenceBlockKernel` (the kernel before its loops moved to C) instead.
    static func run(_ c: Case, columns: [Int], withGroup: Bool = true, emitStepMoments: Bool = false,
                    reference: Bool = false) -> [Emitted] {
        let W = columns.count
        let flatBase = (0..<rows).flatMap { r in columns.map { c.base[$0][r] } }
        let flatGroup = (0..<rows).flatMap { r in columns.map { c.group[$0][r] } }
        let tfr = (0..<steps).flatMap { s in columns.map { c.tfr[s][$0] } }
        let net = (0..<steps).flatMap { s in columns.map { c.net[s][$0] } }
        let extra = c.extra.map { e in (0..<steps).flatMap { s in columns.map { e[s][$0] } } }
        let mortality = c.mortality.map { m in (0..<steps).flatMap { s in (0..<2).flatMap { sex in columns.map { m[s][sex][$0] } } } }
        let profiles = columns.map { c.rates.mortalityProfileOfArea[$0] }
        var runs: [ProjectionBlockKernel.Run] = []
        profiles.withUnsafeBufferPointer { ProjectionBlockKernel.runs(profileOfColumn: $0, range: 0..<W, into: &runs) }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: W))
        defer { scratch.deallocate() }
        var out: [Emitted] = []
        flatBase.withUnsafeBufferPointer { b in flatGroup.withUnsafeBufferPointer { g in
        tfr.withUnsafeBufferPointer { t in net.withUnsafeBufferPointer { n in
        (extra ?? []).withUnsafeBufferPointer { e in (mortality ?? []).withUnsafeBufferPointer { m in
            let emit = { (yearIndex: Int, cells: UnsafePointer<Double>, births: UnsafePointer<Double>?) in
                out.append(Emitted(yearIndex: yearIndex,
                                   cells: (0..<W).map { col in (0..<rows).map { cells[$0 * W + col] } },
                                   births: births.map { p in (0..<W).map { p[$0] } }))
            }
            let kernel: any BlockKernelUnderTest = reference ? ReferenceBlockKernel(rates: c.rates) : ProjectionBlockKernel(rates: c.rates)
            kernel.run(
                width: W, runs: runs, base: b.baseAddress!, baseRowStride: W,
                tfr: t.baseAddress!, netMigration: n.baseAddress!, rateRowStride: W, scratch: scratch,
                mortalityFactor: mortality == nil ? nil : m.baseAddress!, mortalityStepStride: 2 * W, mortalitySexStride: W,
                migrationRatePerThousand: extra == nil ? nil : e.baseAddress!,
                constantGroup: withGroup ? g.baseAddress! : nil, groupRowStride: W,
                emitStepMoments: emitStepMoments, femaleBands: nil, emit: emit)
        } } } } } }
        return out
    }

    static func bits(_ e: Emitted, column: Int) -> [UInt64] {
        e.cells[column].map(\.bitPattern) + [e.births?[column].bitPattern ?? 0x7ff8_dead_beef_0000]
    }

    @Test(arguments: [
        (ProjectionRates.MigrationVolumeKind.ratePerThousand, false, false),
        (.ratePerThousand, true, true),
        (.total, true, false),
        (.none, true, true),
        (.none, false, true),
    ])
    func aColumnGivesTheSameBitsInAnyBlock(central: ProjectionRates.MigrationVolumeKind, additive: Bool, mortality: Bool) throws {
        for (weight, factorScale) in [(nil, 1), (1.0 / 6, 1), (nil, 40)] as [(Double?, Double)] {
            let c = try Self.makeCase(central: central, additive: additive, mortality: mortality, interpolationWeight: weight,
                                      factorScale: factorScale)
            for moments in [false, true] {
                let alone = (0..<Self.areas).map { Self.run(c, columns: [$0], emitStepMoments: moments) }
                // Blocks of widths 13, 5, 4 (at positions 0, 2, 4…), 8 and 16 (areas repeated, reversed,
                // shuffled), so each area is seen at several places among several neighbours.
                let blocks: [[Int]] = [
                    Array(0..<13), Array(2..<7), Array(8..<13), [4, 0, 12, 7], [9, 1, 3, 10], [11, 6, 5, 2],
                    Array((0..<8).reversed()), (0..<16).map { ($0 * 5 + 3) % 13 },
                ]
                var compared = 0
                for block in blocks {
                    let emitted = Self.run(c, columns: block, emitStepMoments: moments)
                    #expect(emitted.count == alone[0].count)
                    for (position, area) in block.enumerated() {
                        for (e, a) in zip(emitted, alone[area]) {
                            #expect(e.yearIndex == a.yearIndex)
                            let same = Self.bits(e, column: position) == Self.bits(a, column: 0)
                            #expect(same, "area \(area) at \(position) of \(block), year index \(e.yearIndex), w \(String(describing: weight)), moments \(moments)")
                            compared += 1
                        }
                    }
                }
                #expect(compared == blocks.map(\.count).reduce(0, +) * alone[0].count)
            }
        }
    }

    /// The kernel against `ReferenceBlockKernel`, its Swift before the per-column loops (survival with the
    /// open interval, migration halves, births, infants) moved to C: every emitted cell and birth has the
    /// same bits, in every path (central migration none, total or per 1,000; additive migration or not;
    /// mortality factors or not; year-ends with a group, step moments, plain years), in blocks of width 32
    /// (one profile, as the simulation runs an area's draws, and interleaved profiles), 13, 5 and 1; with each
    /// instruction set the CPU offers for the tiled C loops (AVX-512, AVX2, the baseline), whose tiles differ.
    @Test(arguments: [
        (ProjectionRates.MigrationVolumeKind.ratePerThousand, true, true),
        (.ratePerThousand, false, true),
        (.ratePerThousand, true, false),
        (.ratePerThousand, false, false),
        (.total, true, true),
        (.total, false, false),
        (.none, true, true),
        (.none, true, false),
        (.none, false, true),
        (.none, false, false),
    ])
    func sameBitsAsTheSwiftReference(central: ProjectionRates.MigrationVolumeKind, additive: Bool, mortality: Bool) throws {
        let oneProfile = (0..<32).map { [0, 2, 3, 5, 6, 8, 9, 11, 12][($0 * 5) % 9] }  // areas of profile 0
        let blocks: [[Int]] = [oneProfile, (0..<32).map { ($0 * 7 + 1) % 13 }, Array(0..<13), [4, 0, 12, 7, 1], [10]]
        // Every level (other tests running meanwhile may see a lower one: the bits are the same); back to the best.
        defer { _ = carecap_kernel_instruction_set(2) }
        for level in Set([2, 1, 0].map { carecap_kernel_instruction_set($0) }).sorted().reversed() {
        _ = carecap_kernel_instruction_set(Int32(level))
        for (weight, factorScale) in [(nil, 1), (1.0 / 6, 1), (nil, 40)] as [(Double?, Double)] {
            let c = try Self.makeCase(central: central, additive: additive, mortality: mortality, interpolationWeight: weight,
                                      factorScale: factorScale)
            for (moments, group) in [(true, false), (false, true), (false, false)] {
                for block in blocks {
                    let kernel = Self.run(c, columns: block, withGroup: group, emitStepMoments: moments)
                    let reference = Self.run(c, columns: block, withGroup: group, emitStepMoments: moments, reference: true)
                    #expect(kernel.count == reference.count && !kernel.isEmpty)
                    var differing = 0
                    for (k, r) in zip(kernel, reference) {
                        #expect(k.yearIndex == r.yearIndex)
                        for column in block.indices where Self.bits(k, column: column) != Self.bits(r, column: column) {
                            differing += 1
                        }
                    }
                    #expect(differing == 0, "\(differing) columns × years differ: block \(block), w \(String(describing: weight)), factors × \(factorScale), moments \(moments), group \(group), level \(level)")
                }
            }
        }
        }
    }

    /// The women's survival with the service groups' age bands (`femaleBands`, `carecap_survive_female_bands`):
    /// every emitted cell has the bits of the run without them (so the births the women's pass makes equal
    /// `carecap_births`': checked to fail with their last factor 0.5 changed in the seventh digit), and at every
    /// moment after the base the groups made
    /// from the bands (`carecap_service_groups_from_bands`) have the bits of the groups summed from the cells
    /// (`carecap_service_groups`), for every instruction set, blocks of 32, 13, 5 and 1 columns (whole tiles and
    /// rests), both survival profiles, with and without migration.
    @Test(arguments: [
        (ProjectionRates.MigrationVolumeKind.ratePerThousand, true),
        (.ratePerThousand, false),
        (.total, true),
        (.none, false),
    ])
    func femaleBandsGiveTheGroupsOfTheCells(central: ProjectionRates.MigrationVolumeKind, additive: Bool) throws {
        for factorScale in [1.0, 40] {
        let c = try Self.makeCase(central: central, additive: additive, mortality: true, factorScale: factorScale)
        let blocks: [[Int]] = [(0..<32).map { ($0 * 7 + 1) % 13 }, Array(0..<13), [4, 0, 12, 7, 1], [10]]
        defer { _ = carecap_kernel_instruction_set(2) }
        for level in Set([2, 1, 0].map { carecap_kernel_instruction_set($0) }).sorted().reversed() {
            _ = carecap_kernel_instruction_set(Int32(level))
            for block in blocks {
                let W = block.count
                let withoutBands = Self.run(c, columns: block, withGroup: false, emitStepMoments: true)
                let flatBase = (0..<Self.rows).flatMap { r in block.map { c.base[$0][r] } }
                let tfr = (0..<Self.steps).flatMap { s in block.map { c.tfr[s][$0] } }
                let net = (0..<Self.steps).flatMap { s in block.map { c.net[s][$0] } }
                let extra = c.extra.map { e in (0..<Self.steps).flatMap { s in block.map { e[s][$0] } } } ?? []
                let mortality = (0..<Self.steps).flatMap { s in (0..<2).flatMap { sex in block.map { c.mortality![s][sex][$0] } } }
                var runs: [ProjectionBlockKernel.Run] = []
                block.map { c.rates.mortalityProfileOfArea[$0] }.withUnsafeBufferPointer {
                    ProjectionBlockKernel.runs(profileOfColumn: $0, range: 0..<W, into: &runs)
                }
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: W))
                let bands = UnsafeMutablePointer<Double>.allocate(capacity: 6 * W)
                defer { scratch.deallocate(); bands.deallocate() }
                let ones = [Double](repeating: 1, count: W), zeros = [Double](repeating: 0, count: W)
                var cells: [[UInt64]] = [], groupsDiffering = 0, moments = 0
                ProjectionBlockKernel(rates: c.rates).run(
                    width: W, runs: runs, base: flatBase, baseRowStride: W, tfr: tfr, netMigration: net, rateRowStride: W,
                    scratch: scratch, mortalityFactor: mortality, mortalityStepStride: 2 * W, mortalitySexStride: W,
                    migrationRatePerThousand: additive ? extra : nil, emitStepMoments: true, femaleBands: bands
                ) { moment, state, _ in
                    cells.append((0..<(Self.rows * W)).map { state[$0].bitPattern })
                    guard moment > 0 else { return }
                    moments += 1
                    var summed = [Double](repeating: 0, count: 13 * W), fromBands = summed
                    carecap_service_groups(&summed, state, ones, zeros, W)
                    carecap_service_groups_from_bands(&fromBands, state, bands, ones, zeros, W)
                    // Rows 0-11; row 12, households, is not made from the bands (the year's groups make it).
                    groupsDiffering += zip(summed.prefix(12 * W), fromBands.prefix(12 * W)).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(fromBands[(12 * W)...].allSatisfy { $0 == 0 }, "households written")
                }
                let expected = withoutBands.map { e in (0..<(Self.rows * W)).map { e.cells[$0 % W][$0 / W].bitPattern } }
                #expect(cells == expected, "cells, block \(block), level \(level)")
                #expect(moments == Self.steps)
                #expect(groupsDiffering == 0, "block \(block), level \(level)")
            }
        }
        }
    }

    @Test(arguments: [ProjectionRates.MigrationVolumeKind.ratePerThousand, .total, .none])
    func stepMomentsInterpolateToTheYearEnds(central: ProjectionRates.MigrationVolumeKind) throws {
        // Default mode with weight w: year index t (t < steps) is the cell a + w·(b − a) + g, with
        // a = P(t), b = P(t + 1) the household moments and g the constant group, each operation rounded
        // (`carecap_interpolate_cells`). The moment mode hands out a and b alone; here the caller's
        // formula is (1 − w)·a + w·b + g. Algebraically the same; in floating point, a, b, g ≥ 0 and
        // each form is a few roundings of terms bounded by a + b + g, so both are within ~4ε·(a + b + g)
        // of the exact value, while the value itself is ≥ min(w, 1 − w)·(a + b) + g. The relative
        // difference is then ≤ ~8ε / min(w, 1 − w) ≈ 1e-14 for w = 1/6: 1e-12 has a wide margin.
        let w = 1.0 / 6
        let c = try Self.makeCase(central: central, additive: true, mortality: true, interpolationWeight: w)
        let columns = Array(0..<Self.areas)
        let yearEnds = Self.run(c, columns: columns)
        // Moments need no group: the mode ignores it (passing it or not changes nothing).
        let moments = Self.run(c, columns: columns, emitStepMoments: true)
        #expect(moments == Self.run(c, columns: columns, withGroup: false, emitStepMoments: true))
        #expect(yearEnds.map(\.yearIndex) == Array(0..<Self.steps))
        #expect(moments.map(\.yearIndex) == Array(0...Self.steps))
        var worst = 0.0
        for t in 0..<Self.steps {
            // Births: those of the step ending at t in both modes (none for the base).
            #expect(yearEnds[t].births == moments[t].births)
            for col in columns { for row in 0..<Self.rows {
                let a = moments[t].cells[col][row], b = moments[t + 1].cells[col][row], g = c.group[col][row]
                worst = max(worst, relativeDifference((1 - w) * a + w * b + g, yearEnds[t].cells[col][row]))
            } }
        }
        #expect(moments[0].births == nil && moments[1...].allSatisfy { $0.births != nil })
        #expect(worst <= 1e-12, "largest relative difference: \(worst)")

        // Without interpolation: moment t + group is the default emission of year t, bit for bit
        // (both add the same two numbers), births included.
        var plain = c
        plain.rates.interpolationWeight = nil
        let years = Self.run(plain, columns: columns)
        let stepMoments = Self.run(plain, columns: columns, emitStepMoments: true)
        #expect(years.count == Self.steps + 1 && stepMoments.count == Self.steps + 1)
        var same = true
        for (y, m) in zip(years, stepMoments) {
            same = same && y.yearIndex == m.yearIndex && y.births == m.births
            for col in columns { for row in 0..<Self.rows {
                same = same && y.cells[col][row].bitPattern == (m.cells[col][row] + c.group[col][row]).bitPattern
            } }
        }
        #expect(same, "moment + group differs from the default emission")
        // The step moments are the same numbers whatever the interpolation weight.
        #expect(stepMoments == moments)
    }
}

/// The kernel and its all-Swift reference (`ReferenceBlockKernel`), run through one call.
protocol BlockKernelUnderTest {
    func run(width: Int, runs: [ProjectionBlockKernel.Run],
             base: UnsafePointer<Double>, baseRowStride: Int,
             tfr: UnsafePointer<Double>, netMigration: UnsafePointer<Double>, rateRowStride: Int,
             scratch: UnsafeMutablePointer<Double>,
             mortalityFactor: UnsafePointer<Double>?, mortalityStepStride: Int, mortalitySexStride: Int,
             migrationRatePerThousand: UnsafePointer<Double>?,
             constantGroup: UnsafePointer<Double>?, groupRowStride: Int,
             emitStepMoments: Bool, femaleBands: UnsafeMutablePointer<Double>?,
             emit: (_ yearIndex: Int, _ cells: UnsafePointer<Double>, _ births: UnsafePointer<Double>?) -> Void)
}

extension ProjectionBlockKernel: BlockKernelUnderTest {}
extension ReferenceBlockKernel: BlockKernelUnderTest {}
