import CSurvival
import Foundation
import Numerics
import Testing
@testable import Scenario
@testable import Simulation

/// `carecap_draw_deviations` (every draw of a chunk at once, in C) against `DrawDeviations.next` (one draw at
/// a time, in Swift) followed by the arithmetic CapacitySimulation did with its result until 2026-11-30: the
/// kernel's rows must have the same bits, for every column of blocks of 32 and of a short last block, with and
/// without the province's shared normals, and whether the behaviour rows stop at the steps or one past them.
@Suite struct DrawDeviationRowsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let draws: Int, chunk: Int, years: Int, province: Bool, behaviourCorrelation: Double, additive: Bool
        var testDescription: String {
            "\(draws) draws in chunks of \(chunk), \(years) behaviour rows, province \(province), ρ \(behaviourCorrelation), additive \(additive)"
        }
    }

    static let steps = 9

    @Test(arguments: [
        Case(draws: 70, chunk: 32, years: steps + 1, province: true, behaviourCorrelation: 0, additive: true),
        Case(draws: 45, chunk: 45, years: steps, province: false, behaviourCorrelation: 0.6, additive: true),
        Case(draws: 9, chunk: 4, years: steps + 1, province: true, behaviourCorrelation: -0.3, additive: false),
    ])
    func rowsEqualThoseOfNextDrawByDraw(_ c: Case) throws {
        let steps = Self.steps, code = "533103", mobility = 0.21
        var spec = UncertaintySpec.defaults
        spec.draws = c.draws
        spec.seed = 29
        spec.behaviourCorrelation = c.behaviourCorrelation
        if !c.additive { spec.additiveMigration.perThousand = 0; spec.additiveMigration.perThousandPerMobility = 0 }
        let deviations = DrawDeviations(spec: spec, steps: steps, areaCodes: [code])
        let province = c.province ? deviations.provinceNormals(code: code) : nil
        #expect((province != nil) == c.province)
        // The area's central paths: any finite values (a TFR and net migration per step, a response per step and sex).
        let tfrOfArea = (0..<steps).map { 1.1 + 0.01 * Double($0) }
        let netOfArea = (0..<steps).map { -3.5 + 0.7 * Double($0) }
        let response = (0..<(2 * steps)).map { 11.0 + 0.3 * Double($0) }

        // The reference: `next` per draw, then the rows as CapacitySimulation computed them.
        var expected: [[Double]] = []  // per draw: tfr, net, extra, mortality (step × 2 + sex), enrolment, care, under-count
        var expectedAdditive: [Bool] = []
        for draw in 0..<c.draws {
            var d = AreaDeviation.central(steps: steps)
            deviations.next(draw: draw, province: province, mobility: mobility, stream: deviations.stream(forArea: code, draw: draw), into: &d)
            var mortality = (0..<(2 * steps)).map { -d.e0Shift[$0 / 2] / response[$0] }
            carecap_exp(&mortality, mortality, mortality.count)
            var row: [Double] = (0..<steps).map { tfrOfArea[$0] * d.tfrFactor[$0] }
            row += (0..<steps).map { netOfArea[$0] * d.migrationScale }
            row += d.migrationPerThousand
            row += mortality
            row += d.enrolmentFactor.prefix(c.years)
            row += d.institutionalCareFactor.prefix(c.years)
            row.append(d.undercountFactor)
            expected.append(row)
            expectedAdditive.append(d.hasAdditiveMigration)
        }

        // The chunks through C, their normals from the draws' streams side by side (`carecap_stream_normals`).
        let areaSeed = deviations.areaSeed(forArea: code)
        let perDraw = DrawDeviations.normalsPerDraw(steps: steps)
        var got: [[Double]] = []
        var gotAdditive: [Bool] = []
        deviations.withKernelSpec(province: province, mobility: mobility) { kernel in
            for first in stride(from: 0, to: c.draws, by: c.chunk) {
                let width = min(c.chunk, c.draws - first)
                var own = [Double](repeating: .nan, count: perDraw * width)
                own.withUnsafeMutableBufferPointer { own in
                    carecap_stream_normals(areaSeed, UInt64(first), width, own.baseAddress!, perDraw, width)
                }
                // The C structs hold pointers past this statement: buffers of their own (an array passed with `&`
                // is a pointer valid only during the call it is passed to).
                func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
                    let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
                    p.initialize(repeating: .nan, count: count)
                    return p
                }
                func copy(_ values: [Double]) -> UnsafeMutablePointer<Double> {
                    let p = UnsafeMutablePointer<Double>.allocate(capacity: values.count)
                    p.initialize(from: values, count: values.count)
                    return p
                }
                let tfr = buffer(steps * width), net = buffer(steps * width), extra = buffer(steps * width)
                let mortality = buffer(2 * steps * width)
                let enrolment = buffer(c.years * width), care = buffer(c.years * width), undercount = buffer(width)
                let pathTFR = copy(tfrOfArea), pathNet = copy(netOfArea), pathResponse = copy(response)
                defer {
                    for p in [tfr, net, extra, mortality, enrolment, care, undercount, pathTFR, pathNet, pathResponse] { p.deallocate() }
                }
                var paths = carecap_area_paths(tfr: pathTFR, netMigration: pathNet, e0Response: pathResponse)
                var rows = carecap_draw_rows(tfr: tfr, netMigration: net, extraMigration: extra, mortality: mortality,
                                             enrolment: enrolment, institutionalCare: care, undercount: undercount)
                let additive = carecap_draw_deviations(kernel, &paths, own, first, width, c.years, &rows) != 0
                for k in 0..<width {
                    func column(of rows: UnsafeMutablePointer<Double>, _ count: Int) -> [Double] { (0..<count).map { rows[$0 * width + k] } }
                    var values: [Double] = column(of: tfr, steps)
                    values += column(of: net, steps)
                    values += column(of: extra, steps)
                    values += column(of: mortality, 2 * steps)
                    values += column(of: enrolment, c.years)
                    values += column(of: care, c.years)
                    values.append(undercount[k])
                    got.append(values)
                }
                gotAdditive.append(additive)
                #expect(additive == expectedAdditive[first..<(first + width)].contains(true), "chunk at \(first)")
            }
        }
        #expect(got.count == c.draws)
        for draw in 0..<c.draws {
            // Bits, not closeness: the same operations in the same order.
            #expect(got[draw].map(\.bitPattern) == expected[draw].map(\.bitPattern), "draw \(draw)")
        }
        #expect(gotAdditive.contains(true) == c.additive)
    }

    /// A draw's normals written `stride` apart are the numbers written one after another.
    @Test func stridedNormalsAreTheSameNumbers() {
        let a = RandomStream(seed: 7), b = RandomStream(seed: 7)
        var contiguous = [Double](repeating: 0, count: 300)
        contiguous.withUnsafeMutableBufferPointer { a.standardNormals(into: $0) }
        var strided = [Double](repeating: .nan, count: 900)
        strided.withUnsafeMutableBufferPointer { b.standardNormals(into: $0.baseAddress! + 2, count: 300, stride: 3) }
        #expect((0..<300).map { strided[2 + 3 * $0].bitPattern } == contiguous.map(\.bitPattern))
        #expect((0..<300).allSatisfy { strided[3 * $0].isNaN && strided[3 * $0 + 1].isNaN })
    }
}
