// Jurisdiction presets. Each takes the national values and changes exactly what its plan sets,
// with the plan's clause (quoted short) as the source and the plan's responsible units.
// Where a plan is silent the national value stays. A change that repeats the national value only
// re-sources the rule to the plan (and names its units); the tests list the value changes.

extension RuleCatalogue {
    /// Jurisdiction presets: each sets what its plan sets on top of the national values.
    public static let presets: [RulePreset] = [dehong, sanya, heilongjiang, gansu, guizhou]

    // MARK: seed 000, Dehong

    static let dehong = RulePreset(
        id: "dehong-2022", nameZH: "德宏州 2022-2025", nameEN: "Dehong 2022-2025",
        document: "德宏州养老托育服务健康发展工作计划及责任分工 (附件2) (seed 000)",
        changes: [
            .init(rule: "elder-care-room-area",
                  source: "seed 000 task 8 (每百户不少于20平方米, 单处用房不得少于300平方米)",
                  responsibleUnits: dehongTask8Units),
            .init(rule: "district-compliance-rate",
                  parameters: ["target": .schedule([.init(2022, 0.5), .init(2023, 0.7), .init(2024, 0.9), .init(2025, 1.0)])],
                  source: "seed 000 task 8 (配建率 2022年50%, 2023年70%, 2024年90%, 2025年100%)",
                  responsibleUnits: dehongTask8Units),
            .init(rule: "four-synchronous-delivery",
                  source: "seed 000 task 2 (同步规划、同步建设、同步验收、同步交付使用); 50%: \(checkNote)",
                  responsibleUnits: dehongTask2Units),
            .init(rule: "nursery-worker-training",
                  parameters: ["trained_per_year": .scalar(200), "cumulative_trained": .scalar(1000),
                               "cumulative_certifications": .scalar(2000), "by_year": .scalar(2025)],
                  source: "seed 000 task 5 (年培训保育员200人; 到2025年累计1000人次以上, 技能等级认定2000人次以上)",
                  responsibleUnits: dehongTask5Units),
            .init(rule: "nursing-bed-share",
                  parameters: ["share": .scalar(0.55), "by_year": .scalar(2024)],
                  source: "seed 000 task 13 (护理型床位占比≧55%, yearly plan 2024 and 2025)",
                  responsibleUnits: dehongTask13Units),
            .init(rule: "county-disability-care-home",
                  source: "seed 000 task 13 (每个县市建成1所失能照护服务机构; 2022年 5个县市均建成)",
                  responsibleUnits: dehongTask13Units),
            .init(rule: "township-elder-care-coverage",
                  source: "seed 000 task 13 (50%以上的乡镇建有1所具有综合服务功能的养老机构, 到2025年)",
                  responsibleUnits: dehongTask13Units),
            .init(rule: "special-poverty-centralised-care",
                  source: "seed 000 task 13 (生活不能自理特困人员集中供养率≧60%, 有意愿的100%; 2024年起)",
                  responsibleUnits: dehongTask13Units),
            .init(rule: "home-adaptation",
                  parameters: ["households_per_year": .scalar(200), "cumulative_households": .scalar(1000), "by_year": .scalar(2025)],
                  source: "seed 000 task 9 (每年支持200户, 到2025年共支持1000户)",
                  responsibleUnits: dehongTask9Units),
            .init(rule: "lottery-fund-share",
                  source: "seed 000 task 12 (55%以上的社会福利事业彩票公益金用于养老服务体系建设)",
                  responsibleUnits: dehongTask12Units),
        ])

    // MARK: seed 001, Sanya

    static let sanyaDistrictUnits = ["市民政局", "市自然资源和规划局", "市住房城乡建设局", "各区政府", "育才生态区管委会"]

    static let sanya = RulePreset(
        id: "sanya-2023", nameZH: "三亚市 2023-2025", nameEN: "Sanya 2023-2025",
        document: "三亚市老龄事业发展和养老服务体系三年行动实施方案(2023-2025), 三府办〔2023〕161号 (seed 001)",
        changes: [
            .init(rule: "district-compliance-rate",
                  parameters: ["target": .schedule([.init(2025, 1.0)])],
                  source: "seed 001 indicator 17 (新建城区、新建居住区配套建设养老服务设施达标率 100%, 2025, 约束性); (六)",
                  responsibleUnits: ["市自然资源和规划局", "市住房和城乡建设局", "市民政局"]),
            .init(rule: "four-synchronous-delivery",
                  source: "seed 001 (六) (同步规划、同步建设、同步验收、同步交付); 50%: \(checkNote)",
                  responsibleUnits: sanyaDistrictUnits),
            .init(rule: "nursing-bed-share",
                  parameters: ["share": .scalar(0.60), "by_year": .scalar(2025)],
                  source: "seed 001 indicator 5 (养老机构护理型床位占比 60%, 2025, 约束性); (六)",
                  responsibleUnits: ["市民政局"]),
            .init(rule: "social-workers-per-100-beds",
                  source: "seed 001 (十) (按每百张养老床位配备1名社会工作者, 不足100张的按100张配备)",
                  responsibleUnits: ["市教育局", "市人力资源社会保障局", "市民政局", "市卫生健康委", "市医疗保障局", "各区政府", "育才生态区管委会"]),
            .init(rule: "inclusive-bed-share",
                  source: "seed 001 (七) (普惠型养老床位不低于总床位的30%)",
                  responsibleUnits: ["市民政局", "市投资促进局", "市发展改革委", "各区政府", "育才生态区管委会"]),
            .init(rule: "inclusive-price",
                  source: "seed 001 (七) (不高于当地居民人均可支配收入的1.5倍或不超过同等市场化价格的70%)",
                  responsibleUnits: ["市民政局", "市投资促进局", "市发展改革委", "各区政府", "育才生态区管委会"]),
            .init(rule: "community-elder-service-coverage",
                  parameters: ["share": .scalar(0.60), "by_year": .scalar(2025)],
                  source: "seed 001 indicator 6 (大社区范围具备综合功能的养老服务机构覆盖率 60%, 2025); (八) 不低于60%",
                  responsibleUnits: ["市民政局"]),
            .init(rule: "home-adaptation",
                  parameters: ["cumulative_households": .scalar(200), "by_year": .scalar(2025)],
                  source: "seed 001 indicator 16 (特殊困难老年人家庭适老化改造 200户, 2025, 约束性); (二十一); no yearly figure: national households_per_year kept",
                  responsibleUnits: ["市民政局"]),
            .init(rule: "lottery-fund-share",
                  source: "seed 001 九(三) (不少于55%的福利彩票公益金投入到老龄事业)",
                  responsibleUnits: ["市政府", "各区政府"]),
        ])

    // MARK: seed 004, Heilongjiang

    static let heilongjiang = RulePreset(
        id: "heilongjiang-2022", nameZH: "黑龙江省 2022-2026", nameEN: "Heilongjiang 2022-2026",
        document: "黑龙江省养老托育服务业振兴行动方案 (seed 004)",
        changes: [
            .init(rule: "four-synchronous-delivery",
                  source: "seed 004 (一)1 (新建住宅小区与配套养老托育服务设施“四同步”); 50%: \(checkNote)",
                  responsibleUnits: ["省民政厅", "省卫生健康委", "省住建厅", "省自然资源厅", "省文化和旅游厅", "省体育局", "各市(地)、县(市)政府(行署)"]),
            .init(rule: "nursery-slots-per-1000",
                  parameters: ["slots_per_1000": .scalar(4.5), "by_year": .scalar(2026)],
                  source: "seed 004 目标 托育服务业 (到2026年 每千人口托位数达到4.5个以上)",
                  responsibleUnits: heilongjiangChildUnits),
            .init(rule: "nursery-carer-ratio",
                  source: "seed 004 (六) (乳儿班1∶3、托小班1∶5、托大班1∶7); mixed class 1:5: \(checkNote)",
                  responsibleUnits: ["省卫生健康委", "省财政厅"]),
            .init(rule: "public-nursery-per-100k",
                  parameters: ["per_100k_residents": .scalar(1), "by_year": .scalar(2023)],
                  source: "seed 004 (二)1 (到2023年, 各县(市、区)每十万人至少建设1个公办托育服务机构)",
                  responsibleUnits: heilongjiangII1Units, checked: true),
            .init(rule: "nursery-guidance-centre",
                  source: "seed 004 (二)1 (到2025年, 每个市(地)建设至少1个托育服务综合指导中心)",
                  responsibleUnits: heilongjiangII1Units),
            .init(rule: "nursery-totals-heilongjiang",
                  parameters: ["slots": .scalar(134_400), "carers": .scalar(21_730), "by_year": .scalar(2026)],
                  source: "seed 004 目标 托育服务业 (到2026年 托位13.44万个以上, 保育人员21730人以上)",
                  responsibleUnits: heilongjiangChildUnits),
            .init(rule: "nursing-bed-share",
                  parameters: ["share": .scalar(0.55), "by_year": .scalar(2026)],
                  source: "seed 004 目标 养老服务业 (到2026年 各类养老机构护理型床位占比55%以上)",
                  responsibleUnits: heilongjiangElderUnits),
            .init(rule: "rural-elder-facility-coverage",
                  parameters: ["share": .scalar(0.8), "by_year": .scalar(2026)],
                  source: "seed 004 目标 养老服务业 (到2026年 农村养老服务设施覆盖率达到80%以上)",
                  responsibleUnits: heilongjiangElderUnits),
            .init(rule: "public-home-occupancy",
                  parameters: ["share": .scalar(0.65), "by_year": .scalar(2026)],
                  source: "seed 004 目标 养老服务业 (到2026年 公办养老机构入住率达到65%以上)",
                  responsibleUnits: heilongjiangElderUnits),
            .init(rule: "beds-total-heilongjiang",
                  parameters: ["beds": .scalar(250_000), "by_year": .scalar(2026)],
                  source: "seed 004 目标 养老服务业 (到2026年 养老床位供给总量达到25万张以上)",
                  responsibleUnits: heilongjiangElderUnits),
        ])

    // MARK: seed 002, Gansu

    /// Seed 002 names no units per task; 四(一) and 四(四) make 民政 and 发展改革 departments lead the plan.
    static let gansuUnits = ["省民政厅", "省发展改革委"]

    static let gansu = RulePreset(
        id: "gansu-2022", nameZH: "甘肃省 2021-2025", nameEN: "Gansu 2021-2025",
        document: "甘肃省“十四五”城乡社区服务体系建设规划, 甘政办发〔2022〕62号 (seed 002)",
        changes: [
            .init(rule: "community-service-area",
                  source: "seed 002 一(一) (每百户居民拥有社区综合服务设施面积达到26平方米, 2020 level); the plan's target table is not in the seed text: national 30 m² kept",
                  responsibleUnits: gansuUnits),
            .init(rule: "elder-care-land-per-capita",
                  parameters: ["m2_per_resident": .scalar(0.1)],
                  source: "seed 002 三(三)1 (按照人均用地不少于0.1平方米的标准, 分区分级规划设置养老服务设施)",
                  responsibleUnits: gansuUnits),
            .init(rule: "community-elder-service-coverage",
                  parameters: ["share": .scalar(0.8), "by_year": .scalar(2025)],
                  source: "seed 002 三(二)2 (老年助餐、居家照护服务, 力争“十四五”时期逐步覆盖80%以上社区)",
                  responsibleUnits: gansuUnits),
        ])

    // MARK: seed 003, Guizhou

    /// Guizhou's task table (seed 003) sets no numbers: national values kept, tasks give the units.
    static func guizhouTask(_ task: Int, _ title: String) -> String {
        "seed 003 task \(task) (\(title)); no number in the plan: national value kept"
    }

    static let guizhou = RulePreset(
        id: "guizhou-2022", nameZH: "贵州省 2022", nameEN: "Guizhou 2022",
        document: "贵州省促进养老托育服务高质量发展重点任务分工表 (seed 003)",
        changes: [
            .init(rule: "elder-care-room-area", source: guizhouTask(15, "加强养老托育规划布局"),
                  responsibleUnits: ["省民政厅", "省卫生健康委", "省自然资源厅", "省住房城乡建设厅", "省发展改革委", "地方各级人民政府"]),
            .init(rule: "community-service-area",
                  source: guizhouTask(17, "在城市居住社区建设补短板和城市更新行动中统筹推进养老托育服务设施建设"),
                  responsibleUnits: ["省住房城乡建设厅", "省机关事务局", "省发展改革委", "省民政厅", "省自然资源厅", "省卫生健康委", "省国资委"]),
            .init(rule: "elder-care-land-per-capita", source: guizhouTask(16, "在年度建设用地供应计划中保障养老托育用地需求"),
                  responsibleUnits: ["省自然资源厅", "省民政厅", "省卫生健康委", "省住房城乡建设厅", "地方各级人民政府"]),
            .init(rule: "nursery-slots-per-1000", source: guizhouTask(12, "增加托育服务市场供给"),
                  responsibleUnits: ["省卫生健康委", "省教育厅", "省自然资源厅", "省住房城乡建设厅", "省发展改革委", "地方各级人民政府"]),
            .init(rule: "home-nursery-point", source: guizhouTask(7, "制定家庭托育点管理措施"),
                  responsibleUnits: ["省卫生健康委", "省发展改革委", "省民政厅", "省住房城乡建设厅", "省应急厅", "省市场监管局"]),
            .init(rule: "nursery-worker-training", source: guizhouTask(23, "提高人才要素供给能力"),
                  responsibleUnits: ["省教育厅", "省人力资源社会保障厅", "省发展改革委", "省民政厅", "省商务厅", "省卫生健康委"]),
            .init(rule: "nursing-bed-share", source: guizhouTask(11, "推进护理型养老机构建设"),
                  responsibleUnits: ["省民政厅", "省卫生健康委", "省住房城乡建设厅", "省发展改革委", "省应急厅", "省国资委", "地方各级人民政府"]),
            .init(rule: "social-workers-per-100-beds", source: guizhouTask(23, "提高人才要素供给能力"),
                  responsibleUnits: ["省教育厅", "省人力资源社会保障厅", "省发展改革委", "省民政厅", "省商务厅", "省卫生健康委"]),
            .init(rule: "inclusive-bed-share", source: guizhouTask(5, "加强公办和公建民营养老机构建设"),
                  responsibleUnits: ["省民政厅", "省发展改革委", "省财政厅", "省卫生健康委"]),
            .init(rule: "inclusive-price", source: guizhouTask(2, "积极发展普惠性养老托育服务"),
                  responsibleUnits: ["省发展改革委", "省民政厅", "省卫生健康委", "省市场监管局", "地方各级人民政府"]),
            .init(rule: "township-elder-care-coverage", source: guizhouTask(10, "提升农村养老托育服务供给能力"),
                  responsibleUnits: ["省民政厅", "省卫生健康委", "省住房城乡建设厅", "省发展改革委", "省教育厅", "地方各级人民政府"]),
            .init(rule: "rural-elder-facility-coverage", source: guizhouTask(10, "提升农村养老托育服务供给能力"),
                  responsibleUnits: ["省民政厅", "省卫生健康委", "省住房城乡建设厅", "省发展改革委", "省教育厅", "地方各级人民政府"]),
            .init(rule: "public-home-occupancy", source: guizhouTask(4, "提升公办机构服务水平"),
                  responsibleUnits: ["省民政厅", "省卫生健康委", "省财政厅", "省人力资源社会保障厅", "地方各级人民政府"]),
        ])
}
