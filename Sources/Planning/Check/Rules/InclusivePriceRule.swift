/// The monthly price of an inclusive institution against its cap: the larger of the income-based and
/// the market-based cap, whichever the inputs allow ("不高于…或不超过…" lets either cap serve).
struct InclusivePriceRule: CheckRule {
    let id = "inclusive-price"
    let subjects: Set<CheckSubject> = [.institution]

    func evaluate(institution: AreaSupply.Institution, in area: AreaSupply, with checker: ComplianceChecker) -> [Finding] {
        let isInclusive = institution.operation == .publicPrivate || (institution.inclusiveBeds ?? 0) > 0
        guard isInclusive, let price = institution.monthlyPrice else { return [] }
        let rule = checker.rules[id]
        let byIncome = area.disposableIncomePerCapita.map { rule.value("income_multiple") * $0 / 12 }
        let byMarket = institution.marketMonthlyPrice.map { rule.value("market_price_share") * $0 }
        guard let cap = [byIncome, byMarket].compactMap({ $0 }).max() else { return [] }
        return [checker.finding(institution.id, .institution, rule, "monthly_price", cap, price, .yuanPerMonth, bound: .maximum)]
    }
}
