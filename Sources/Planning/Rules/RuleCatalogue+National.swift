extension RuleCatalogue {
    /// The national values of every rule in RULES.md, in its order.
    public static let nationalRules: [RuleDefinition] = [
        RuleDefinition(
            id: "elder-care-room-area", nameZH: "新建住宅小区社区居家养老服务用房面积",
            nameEN: "Community elder-care rooms in new residential districts", scope: .district,
            parameters: [
                RuleParameter("m2_per_100_households", 20, unit: "m²/100 households",
                              meaning: "building area per 100 households"),
                RuleParameter("min_facility_m2", 300, unit: "m²", meaning: "smallest allowed single facility"),
            ],
            formula: "required total = max(households × m2_per_100_households / 100, min_facility_m2); every facility ≥ min_facility_m2",
            status: .seed, source: "seed 000 task 8", checked: true),
        RuleDefinition(
            id: "district-compliance-rate", nameZH: "新建住宅小区配建养老服务设施达标率",
            nameEN: "Share of new districts whose elder-care rooms comply", scope: .program,
            parameters: [
                RuleParameter("target", schedule: [.init(2022, 0.5), .init(2023, 0.7), .init(2024, 0.9), .init(2025, 1.0)],
                              unit: "share", meaning: "target share of the year's approved districts"),
            ],
            formula: "share of the year's districts passing elder-care-room-area ≥ target(year)",
            status: .seed, source: "seed 000 task 8", checked: true),
        RuleDefinition(
            id: "nursery-class-size", nameZH: "托育机构班级规模", nameEN: "Children per nursery class", scope: .district,
            parameters: [
                RuleParameter("infant_cap", 10, unit: "children/class", meaning: "乳儿班 6-12 months", integral: true),
                RuleParameter("toddler_cap", 15, unit: "children/class", meaning: "托小班 12-24 months", integral: true),
                RuleParameter("older_cap", 20, unit: "children/class", meaning: "托大班 24-36 months", integral: true),
                RuleParameter("mixed_cap", 18, unit: "children/class", meaning: "mixed class, 18 months and over", integral: true),
            ],
            formula: "required classes = ceil(children / cap) per band",
            status: .standard, source: "托育机构设置标准（试行）第19条, 国卫人口发〔2019〕58号", checked: true),
        RuleDefinition(
            id: "nursery-carer-ratio", nameZH: "托育机构保育人员配比", nameEN: "Carers per child, by class", scope: .district,
            parameters: [
                RuleParameter("infant_children_per_carer", 3, unit: "children/carer", meaning: "乳儿班 1:3", integral: true),
                RuleParameter("toddler_children_per_carer", 5, unit: "children/carer", meaning: "托小班 1:5", integral: true),
                RuleParameter("older_children_per_carer", 7, unit: "children/carer", meaning: "托大班 1:7", integral: true),
                RuleParameter("mixed_children_per_carer", 5, unit: "children/carer", meaning: "mixed class (no national figure)", integral: true),
            ],
            formula: "per band: fewest carers keeping every class within cap and ratio; summed over bands",
            status: .standard, source: "托育机构设置标准（试行）第20条; seed 004 (六)", checked: true),
        RuleDefinition(
            id: "nursery-slots-per-1000", nameZH: "每千人口拥有3岁以下婴幼儿托位数",
            nameEN: "Childcare slots per 1,000 residents", scope: .area,
            parameters: [
                RuleParameter("slots_per_1000", 4.5, unit: "slots/1,000 residents", meaning: "slots per 1,000 residents"),
            ],
            formula: "required slots = ceil(slots_per_1000 × residents / 1000)",
            status: .standard, source: "国家“十四五”规划纲要 (4.5 by 2025)", checked: true),
        RuleDefinition(
            id: "home-nursery-point", nameZH: "家庭托育点", nameEN: "Home-based childcare point", scope: .district,
            parameters: [
                RuleParameter("max_children", 5, unit: "children", meaning: "children in total", integral: true),
                RuleParameter("children_per_carer", 3, unit: "children/carer", meaning: "1 carer per this many children", integral: true),
            ],
            formula: "children ≤ max_children; carers ≥ ceil(children / children_per_carer)",
            status: .standard, source: "家庭托育点管理办法（试行）, 2023", checked: true),
        RuleDefinition(
            id: "nursing-bed-share", nameZH: "护理型床位占比", nameEN: "Nursing-type share of institutional beds",
            scope: .area,
            parameters: [RuleParameter("share", 0.55, unit: "share", meaning: "nursing-type beds / all beds")],
            formula: "required nursing beds = ceil(share × beds)",
            status: .standard, source: "国发〔2021〕35号 (55% by 2025)", checked: true),
        RuleDefinition(
            id: "institutional-beds-per-1000-elderly", nameZH: "每千名老年人养老床位数",
            nameEN: "Institutional beds per 1,000 elderly", scope: .area,
            parameters: [RuleParameter("beds_per_1000_elderly", 40, unit: "beds/1,000 aged 60+", meaning: "beds per 1,000 elderly")],
            formula: "required beds = ceil(beds_per_1000_elderly × elderly_60plus / 1000)",
            status: .standard, source: "GB 50437-2007 (2018), 3.2.1", checked: true),
        RuleDefinition(
            id: "public-nursery-per-100k", nameZH: "每10万人口公办托育机构数",
            nameEN: "Public childcare institutions per 100,000 residents", scope: .area,
            parameters: [RuleParameter("per_100k_residents", 1, unit: "institutions/100,000 residents", meaning: "public nurseries per 100,000")],
            formula: "required = floor(per_100k_residents × population / 100000)",
            status: .seed, source: "seed 004 (二)1", checked: false),
        RuleDefinition(
            id: "social-workers-per-100-beds", nameZH: "养老机构社会工作者配备", nameEN: "Social workers per 100 beds",
            scope: .institution,
            parameters: [
                RuleParameter("workers_per_100_beds", 1, unit: "social workers/100 beds", meaning: "social workers per 100 beds"),
                RuleParameter("min_counted_beds", 100, unit: "beds", meaning: "smaller institutions count as this many beds", integral: true),
            ],
            formula: "required = ceil(workers_per_100_beds × max(beds, min_counted_beds) / 100)",
            status: .seed, source: "seed 001 (十)", checked: true),
        RuleDefinition(
            id: "inclusive-bed-share", nameZH: "公建民营养老机构普惠床位占比",
            nameEN: "Inclusive beds in publicly built, privately run homes", scope: .institution,
            parameters: [RuleParameter("share", 0.30, unit: "share", meaning: "inclusive beds / beds")],
            formula: "required inclusive beds = ceil(share × beds), public-private institutions only",
            status: .seed, source: "seed 001 (七)", checked: true),
        RuleDefinition(
            id: "inclusive-price", nameZH: "普惠养老机构收费标准", nameEN: "Price cap for inclusive institutions",
            scope: .institution,
            parameters: [
                RuleParameter("income_multiple", 1.5, unit: "× monthly disposable income", meaning: "cap as a multiple of per-capita disposable income per month"),
                RuleParameter("market_price_share", 0.7, unit: "share of market price", meaning: "cap as a share of the market price"),
            ],
            formula: "cap = max(income_multiple × income / 12, market_price_share × market price); shortfall = max(0, price − cap)",
            status: .seed, source: "seed 001 (七)", checked: true),
    ]
}
