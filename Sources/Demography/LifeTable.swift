/// How many person-years the infants who die before age 1 live on average (a0).
public enum InfantSeparation: Sendable, Equatable {
    /// Coale–Demeny, West model, from 1m0 (Preston, Heuveline & Guillot 2001, table 3.3):
    /// males 0.045 + 2.684 m0 (0.330 when m0 ≥ 0.107), females 0.053 + 2.800 m0 (0.350).
    case coaleDemeny
    case fixed(Double)

    public func a0(m0: Double, sex: Sex) -> Double {
        switch self {
        case let .fixed(value):
            return value
        case .coaleDemeny:
            switch sex {
            case .male: return m0 >= 0.107 ? 0.330 : 0.045 + 2.684 * m0
            case .female: return m0 >= 0.107 ? 0.350 : 0.053 + 2.800 * m0
            }
        }
    }
}

/// A single-year period life table, ages 0...99 and the open group 100+ (radix l0 = 1), in the
/// convention of the ccmpp reference (Tests/Fixtures/ccmpp_reference/README.md):
/// qx = mx / (1 + (1 − ax) mx), q100 = 1; Lx = l(x+1) + ax dx; L100 = l100 / m100; ax = 0.5 for
/// x ≥ 1 and a0 by `InfantSeparation`.
///
/// `survivalRatios` are the projection factors labelled by the age reached at the end of a step:
/// S[0] = L0/l0 (births to age 0), S[x] = Lx / L(x−1), S[100] = T100 / T99.
public struct LifeTable: Sendable {
    public let sex: Sex
    public let mx: [Double]
    public let ax: [Double]
    public let qx: [Double]
    public let lx: [Double]
    public let Lx: [Double]
    public let Tx: [Double]

    public var e0: Double { Tx[0] }
    public func expectation(at age: Int) -> Double { Tx[age] / lx[age] }

    /// `mx` has 101 central death rates (ages 0...99 and 100+); all must be finite and ≥ 0 and
    /// m100 > 0 (the open group needs a finite life expectancy).
    public init(mx: [Double], sex: Sex, infantSeparation: InfantSeparation = .coaleDemeny) {
        precondition(mx.count == PopulationLayout.ageCount, "LifeTable needs 101 death rates")
        let n = PopulationLayout.ageCount
        var ax = [Double](repeating: 0.5, count: n)
        ax[0] = infantSeparation.a0(m0: mx[0], sex: sex)
        var qx = [Double](repeating: 1, count: n)
        var lx = [Double](repeating: 0, count: n)
        var Lx = [Double](repeating: 0, count: n)
        var Tx = [Double](repeating: 0, count: n)
        lx[0] = 1
        for x in 0..<(n - 1) {
            qx[x] = min(1, mx[x] / (1 + (1 - ax[x]) * mx[x]))
            let dx = lx[x] * qx[x]
            lx[x + 1] = lx[x] - dx
            Lx[x] = lx[x + 1] + ax[x] * dx
        }
        ax[n - 1] = 1 / mx[n - 1]
        Lx[n - 1] = lx[n - 1] / mx[n - 1]
        var sum = 0.0
        for x in stride(from: n - 1, through: 0, by: -1) {
            sum += Lx[x]
            Tx[x] = sum
        }
        self.sex = sex
        self.mx = mx
        self.ax = ax
        self.qx = qx
        self.lx = lx
        self.Lx = Lx
        self.Tx = Tx
    }

    /// S[0] = L0/l0, S[x] = Lx/L(x−1) for x = 1...99, S[100] = T100/T99.
    public var survivalRatios: [Double] {
        let n = PopulationLayout.ageCount
        var s = [Double](repeating: 0, count: n)
        s[0] = Lx[0] / lx[0]
        for x in 1..<(n - 1) { s[x] = Lx[x - 1] > 0 ? Lx[x] / Lx[x - 1] : 0 }
        s[n - 1] = Tx[n - 2] > 0 ? Tx[n - 1] / Tx[n - 2] : 0
        return s
    }

    /// e0 of the table with every rate multiplied by `factor`, without building the arrays (the
    /// objective of the e0-offset root search).
    public static func lifeExpectancy(mx: [Double], factor: Double, sex: Sex,
                                      infantSeparation: InfantSeparation = .coaleDemeny) -> Double {
        let n = mx.count
        var l = 1.0
        var total = 0.0
        for x in 0..<(n - 1) {
            let m = mx[x] * factor
            let a = x == 0 ? infantSeparation.a0(m0: m, sex: sex) : 0.5
            let q = min(1, m / (1 + (1 - a) * m))
            let d = l * q
            total += (l - d) + a * d
            l -= d
        }
        return total + l / (mx[n - 1] * factor)
    }
}
