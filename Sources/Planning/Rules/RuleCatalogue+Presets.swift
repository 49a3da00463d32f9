extension RuleCatalogue {
    /// Jurisdiction presets: each sets what its plan sets on top of the national values.
    public static let presets: [RulePreset] = [
        RulePreset(
            id: "sanya-2023", nameZH: "三亚市 2023-2025", nameEN: "Sanya 2023-2025",
            document: "三府办〔2023〕161号 (seed 001)",
            changes: [
                .init(rule: "nursing-bed-share", parameters: ["share": .scalar(0.60)],
                      source: "seed 001 indicator 5 (60% by 2025, binding)"),
            ]),
        RulePreset(
            id: "heilongjiang-2022", nameZH: "黑龙江省 2022-2026", nameEN: "Heilongjiang 2022-2026",
            document: "黑龙江省养老托育服务业振兴行动方案 (seed 004)",
            changes: [
                .init(rule: "public-nursery-per-100k", checked: true),
            ]),
    ]
}
