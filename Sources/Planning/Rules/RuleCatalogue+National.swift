// The national catalogue: every rule of RULES.md, in its order, as data.
//
// Conventions: rates are fractions (0.55, not 55) with unit "share"; counts are `integral: true`;
// a target with a year carries it as a `by_year` parameter (unit "year") or as a schedule.
// Rules whose only source is a seed plan take that plan's numbers as their default, and name the
// departments (责任单位) that the plan makes responsible for the task.
//
// Status `check` values are secondary-source defaults: their source line says so.

extension RuleCatalogue {
    static let checkNote = "check: secondary source, overridable default"

    // Responsible units that more than one rule shares, as the seed plans write them.

    /// Seed 000 task 2 (四同步).
    static let dehongTask2Units = [
        "州住房和城乡建设局", "州自然资源和规划局", "州民政局", "州卫生健康委", "州残联", "各县市人民政府",
    ]
    /// Seed 000 task 5 (training).
    static let dehongTask5Units = [
        "州教育体育局", "州人力资源社会保障局", "州发展改革委", "州民政局", "州商务局", "州卫生健康委", "各县市人民政府",
    ]
    /// Seed 000 task 8 (配建 in new residential districts): two leads, four supporting, counties.
    static let dehongTask8Units = [
        "州住房和城乡建设局", "州自然资源和规划局", "州民政局", "州卫生健康委", "州发展改革委", "州财政局", "各县市人民政府",
    ]
    /// Seed 000 task 9 (居家适老化改造).
    static let dehongTask9Units = ["州民政局", "州卫生健康委", "州财政局", "州残联", "各县市人民政府"]
    /// Seed 000 task 12 (welfare lottery funds).
    static let dehongTask12Units = ["州财政局", "州民政局", "各县市人民政府"]
    /// Seed 000 task 13 (three-tier elder-care network, nursing beds, destitute elderly).
    static let dehongTask13Units = ["州民政局", "州卫生健康委", "州发展改革委", "州财政局", "各县市人民政府"]
    /// Seed 004 (二)1 (public nurseries, guidance centres).
    static let heilongjiangII1Units = ["省民政厅", "省卫生健康委", "省发改委", "省委编办", "省教育厅"]
    /// Seed 004 保障措施(三): 省民政厅 leads elder care, 省卫生健康委 childcare, 省发改委 coordinates.
    static let heilongjiangElderUnits = ["省民政厅", "省发改委"]
    static let heilongjiangChildUnits = ["省卫生健康委", "省发改委"]

    /// The national values of every rule in RULES.md, in its order.
    public static let nationalRules: [RuleDefinition] = [
        // MARK: Community and residential districts (新建住宅小区 配建)

        RuleDefinition(
            id: "elder-care-room-area", nameZH: "新建住宅小区社区居家养老服务设施用房面积",
            nameEN: "Community elder-care rooms in new residential districts", scope: .district,
            parameters: [
                RuleParameter("m2_per_100_households", 20, unit: "m²/100 households",
                              meaning: "building area per 100 households"),
                RuleParameter("min_facility_m2", 300, unit: "m²", meaning: "smallest allowed single facility"),
            ],
            formula: "required total = max(households × m2_per_100_households / 100, min_facility_m2); every facility ≥ min_facility_m2",
            status: .seed,
            source: "seed 000 task 8 (每百户不少于20平方米, 单处不得少于300平方米); stricter local variants 30 m²/100 households and ≥ 350 m² per site (Anhui, Yinchuan): \(checkNote), set them as overrides",
            responsibleUnits: dehongTask8Units, checked: true),
        RuleDefinition(
            id: "district-compliance-rate", nameZH: "新建住宅小区配建养老服务设施达标率",
            nameEN: "Share of new districts whose elder-care rooms comply", scope: .program,
            parameters: [
                RuleParameter("target", schedule: [.init(2022, 0.5), .init(2023, 0.7), .init(2024, 0.9), .init(2025, 1.0)],
                              unit: "share", meaning: "target share of the year's approved districts"),
            ],
            formula: "share of the year's districts passing elder-care-room-area ≥ target(year)",
            status: .seed,
            source: "seed 000 task 8 (2022 50%, 2023 70%, 2024 90%, 2025 100%); seed 001 indicator 17: 100% by 2025",
            responsibleUnits: dehongTask8Units, checked: true),
        RuleDefinition(
            id: "community-service-area", nameZH: "每百户居民拥有社区综合服务设施面积",
            nameEN: "Community comprehensive service facilities per 100 households", scope: .district,
            parameters: [
                RuleParameter("m2_per_100_households", 30, unit: "m²/100 households",
                              meaning: "building area of all community comprehensive service facilities per 100 households"),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the norm is to be met", integral: true),
            ],
            formula: "required area = households × m2_per_100_households / 100",
            status: .standard,
            source: "城市社区嵌入式服务设施建设导则 (2024); seed 002 一(一): 26 m² per 100 households was Gansu's 2020 level"),
        RuleDefinition(
            id: "elder-care-land-per-capita", nameZH: "养老服务设施人均用地",
            nameEN: "Land for elder-care facilities per resident", scope: .area,
            parameters: [
                RuleParameter("m2_per_resident", 0.1, unit: "m²/resident",
                              meaning: "land for elder-care facilities per resident, new urban areas and districts"),
            ],
            formula: "required land = m2_per_resident × residents",
            status: .seed,
            source: "seed 002 三(三)1 (按照人均用地不少于0.1平方米的标准); 国发〔2013〕35号"),
        RuleDefinition(
            id: "four-synchronous-delivery", nameZH: "配套养老托育服务设施“四同步”",
            nameEN: "Facilities planned, built, accepted and delivered with the housing", scope: .district,
            parameters: [
                RuleParameter("required", 1, unit: "flag", meaning: "1 = 同步规划、同步建设、同步验收、同步交付 required", integral: true),
                RuleParameter("max_housing_share_before_facility", 0.5, unit: "share",
                              meaning: "in phased projects, housing area that may be finished before the facility is"),
            ],
            formula: "facility delivered with the housing; phased: facility finished before housing area share > max_housing_share_before_facility",
            status: .seed,
            source: "seed 000 task 2; seed 001 (六); 50%: \(checkNote)",
            responsibleUnits: dehongTask2Units),

        // MARK: Childcare (托育)

        RuleDefinition(
            id: "nursery-slots-per-1000", nameZH: "每千人口拥有3岁以下婴幼儿托位数",
            nameEN: "Childcare slots per 1,000 residents", scope: .area,
            parameters: [
                RuleParameter("slots_per_1000", 4.5, unit: "slots/1,000 residents", meaning: "slots per 1,000 residents"),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the norm is to be met", integral: true),
            ],
            formula: "required slots = ceil(slots_per_1000 × residents / 1000)",
            status: .standard,
            source: "国家“十四五”规划纲要 (4.5 by 2025); local variants ≥ 6 per 1,000 in new areas, ≥ 5 in old areas (Yuncheng): \(checkNote)",
            checked: true),
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
            status: .standard,
            source: "托育机构设置标准（试行）第20条; seed 004 (六) (1∶3, 1∶5, 1∶7); mixed class 1:5: \(checkNote)",
            checked: true),
        RuleDefinition(
            id: "nursery-health-staff", nameZH: "托育机构卫生保健人员配备", nameEN: "Health staff per childcare institution",
            scope: .institution,
            parameters: [
                RuleParameter("full_time_from_children", 150, unit: "children",
                              meaning: "enrolment from which a full-time health worker is required", integral: true),
                RuleParameter("full_time_staff", 1, unit: "staff", meaning: "full-time health staff required at that size", integral: true),
            ],
            formula: "children ≥ full_time_from_children ⇒ full-time health staff ≥ full_time_staff; below: part-time allowed",
            status: .standard, source: "托育机构设置标准（试行）, 国卫人口发〔2019〕58号"),
        RuleDefinition(
            id: "home-nursery-point", nameZH: "家庭托育点", nameEN: "Home-based childcare point", scope: .district,
            parameters: [
                RuleParameter("max_children", 5, unit: "children", meaning: "children in total", integral: true),
                RuleParameter("children_per_carer", 3, unit: "children/carer", meaning: "1 carer per this many children", integral: true),
            ],
            formula: "children ≤ max_children; carers ≥ ceil(children / children_per_carer)",
            status: .standard, source: "家庭托育点管理办法（试行）, 2023", checked: true),
        RuleDefinition(
            id: "public-nursery-per-100k", nameZH: "每10万人口公办托育机构数",
            nameEN: "Public childcare institutions per 100,000 residents", scope: .area,
            parameters: [
                RuleParameter("per_100k_residents", 1, unit: "institutions/100,000 residents", meaning: "public nurseries per 100,000"),
                RuleParameter("by_year", 2023, unit: "year", meaning: "year the norm is to be met", integral: true),
            ],
            formula: "required = floor(per_100k_residents × population / 100000); counties under 100,000 may use other forms",
            status: .seed,
            source: "seed 004 (二)1 (到2023年, 各县(市、区)每十万人至少建设1个公办托育服务机构)",
            responsibleUnits: heilongjiangII1Units, checked: false),
        RuleDefinition(
            id: "nursery-guidance-centre", nameZH: "托育服务综合指导中心", nameEN: "Comprehensive childcare guidance centre",
            scope: .area,
            parameters: [
                RuleParameter("per_prefecture", 1, unit: "centres/prefecture", meaning: "centres per prefecture (市(地))", integral: true),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the norm is to be met", integral: true),
            ],
            formula: "every prefecture has ≥ per_prefecture centres by by_year",
            status: .seed, source: "seed 004 (二)1 (到2025年, 每个市(地)建设至少1个托育服务综合指导中心)",
            responsibleUnits: heilongjiangII1Units),
        RuleDefinition(
            id: "nursery-totals-heilongjiang", nameZH: "黑龙江省托位和保育人员总量目标",
            nameEN: "Heilongjiang childcare slot and carer totals", scope: .program,
            parameters: [
                RuleParameter("slots", 134_400, unit: "slots", meaning: "childcare slots in the province", integral: true),
                RuleParameter("carers", 21_730, unit: "carers", meaning: "保育人员 in the province", integral: true),
                RuleParameter("by_year", 2026, unit: "year", meaning: "year the totals are to be reached", integral: true),
                RuleParameter("baseline_slots", 30_947, unit: "slots", meaning: "slots at the end of March 2022", integral: true),
                RuleParameter("baseline_slots_per_1000", 0.99, unit: "slots/1,000 residents", meaning: "slots per 1,000 residents, March 2022"),
            ],
            formula: "province slots ≥ slots and carers ≥ carers by by_year",
            status: .seed, source: "seed 004 目标 托育服务业 (到2026年 托位13.44万个以上, 保育人员21730人以上; 2022年3月 30947个, 0.99)",
            responsibleUnits: heilongjiangChildUnits),
        RuleDefinition(
            id: "nursery-worker-training", nameZH: "保育员培训和技能等级认定",
            nameEN: "Childcare worker training and skill certification", scope: .program,
            parameters: [
                RuleParameter("trained_per_year", 200, unit: "persons/year", meaning: "保育员 trained each year", integral: true),
                RuleParameter("cumulative_trained", 1000, unit: "person-times", meaning: "cumulative training by by_year", integral: true),
                RuleParameter("cumulative_certifications", 2000, unit: "person-times",
                              meaning: "cumulative skill-level certifications of elder-care and childcare workers by by_year", integral: true),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the cumulative targets are to be reached", integral: true),
            ],
            formula: "trained(year) ≥ trained_per_year; Σ trained ≥ cumulative_trained and Σ certifications ≥ cumulative_certifications by by_year",
            status: .seed, source: "seed 000 task 5 (每年培训保育员200人; 到2025年累计1000人次以上; 技能等级认定2000人次以上)",
            responsibleUnits: dehongTask5Units),

        // MARK: Elderly care (养老)

        RuleDefinition(
            id: "nursing-bed-share", nameZH: "护理型床位占比", nameEN: "Nursing-type share of institutional beds",
            scope: .area,
            parameters: [
                RuleParameter("share", 0.55, unit: "share", meaning: "nursing-type beds / all beds"),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the share is to be reached", integral: true),
            ],
            formula: "required nursing beds = ceil(share × beds)",
            status: .standard, source: "国发〔2021〕35号 (55% by 2025)", checked: true),
        RuleDefinition(
            id: "institutional-beds-per-1000-elderly", nameZH: "每千名老年人养老床位数",
            nameEN: "Institutional beds per 1,000 elderly", scope: .area,
            parameters: [RuleParameter("beds_per_1000_elderly", 40, unit: "beds/1,000 aged 60+", meaning: "beds per 1,000 elderly")],
            formula: "required beds = ceil(beds_per_1000_elderly × elderly_60plus / 1000)",
            status: .standard, source: "GB 50437-2007 (2018), 3.2.1 (养老院 and 老年养护院)", checked: true),
        RuleDefinition(
            id: "bed-building-area", nameZH: "养老机构每床建筑面积", nameEN: "Building area per elder-care bed",
            scope: .institution,
            parameters: [RuleParameter("m2_per_bed", 35, unit: "m²/bed", meaning: "building area per bed")],
            formula: "required building area = m2_per_bed × beds",
            status: .standard, source: "GB 50437-2007 (2018), table 3.2.4"),
        RuleDefinition(
            id: "social-workers-per-100-beds", nameZH: "养老机构社会工作者配备", nameEN: "Social workers per 100 beds",
            scope: .institution,
            parameters: [
                RuleParameter("workers_per_100_beds", 1, unit: "social workers/100 beds", meaning: "social workers per 100 beds"),
                RuleParameter("min_counted_beds", 100, unit: "beds", meaning: "smaller institutions count as this many beds", integral: true),
            ],
            formula: "required = ceil(workers_per_100_beds × max(beds, min_counted_beds) / 100)",
            status: .seed,
            source: "seed 001 (十) (按每百张养老床位配备1名社会工作者, 床位不足100张的按100张配备)",
            responsibleUnits: ["市教育局", "市人力资源社会保障局", "市民政局", "市卫生健康委", "市医疗保障局", "各区政府", "育才生态区管委会"],
            checked: true),
        RuleDefinition(
            id: "inclusive-bed-share", nameZH: "公建民营养老机构普惠床位占比",
            nameEN: "Inclusive beds in publicly built, privately run homes", scope: .institution,
            parameters: [RuleParameter("share", 0.30, unit: "share", meaning: "inclusive beds / beds")],
            formula: "required inclusive beds = ceil(share × beds), public-private institutions only",
            status: .seed, source: "seed 001 (七) (普惠型养老床位不低于总床位的30%)",
            responsibleUnits: ["市民政局", "市投资促进局", "市发展改革委", "各区政府", "育才生态区管委会"],
            checked: true),
        RuleDefinition(
            id: "inclusive-price", nameZH: "普惠养老机构收费标准", nameEN: "Price cap for inclusive institutions",
            scope: .institution,
            parameters: [
                RuleParameter("income_multiple", 1.5, unit: "× monthly disposable income", meaning: "cap as a multiple of per-capita disposable income per month"),
                RuleParameter("market_price_share", 0.7, unit: "share of market price", meaning: "cap as a share of the market price"),
            ],
            formula: "cap = max(income_multiple × income / 12, market_price_share × market price); shortfall = max(0, price − cap)",
            status: .seed, source: "seed 001 (七) (不高于人均可支配收入的1.5倍或不超过同等市场化价格的70%)",
            responsibleUnits: ["市民政局", "市投资促进局", "市发展改革委", "各区政府", "育才生态区管委会"],
            checked: true),
        RuleDefinition(
            id: "county-disability-care-home", nameZH: "县级公共失能照护机构",
            nameEN: "Public care institution for disabled elderly per county", scope: .area,
            parameters: [
                RuleParameter("per_county", 1, unit: "institutions/county", meaning: "public 失能照护 institutions per county", integral: true),
                RuleParameter("by_year", 2022, unit: "year", meaning: "year every county has one (seed 000 yearly plan 2022)", integral: true),
            ],
            formula: "every county has ≥ per_county public disability-care institutions by by_year",
            status: .seed, source: "seed 000 task 13 (每个县市建成1所失能照护服务机构; 2022: 5个县市均建成1所公共失能照护机构)",
            responsibleUnits: dehongTask13Units),
        RuleDefinition(
            id: "township-elder-care-coverage", nameZH: "乡镇综合养老机构覆盖率",
            nameEN: "Townships with an integrated elder-care institution", scope: .area,
            parameters: [
                RuleParameter("share", 0.5, unit: "share", meaning: "townships with an institution with integrated services / townships"),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the share is to be reached", integral: true),
            ],
            formula: "townships with such an institution ≥ share × townships",
            status: .seed, source: "seed 000 task 13 (到2025年 50%以上的乡镇建有1所具有综合服务功能的养老机构)",
            responsibleUnits: dehongTask13Units),
        RuleDefinition(
            id: "community-elder-service-coverage", nameZH: "社区养老服务覆盖率",
            nameEN: "Communities covered by community elder-care service", scope: .area,
            parameters: [
                RuleParameter("share", 0.6, unit: "share", meaning: "communities covered / communities"),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the share is to be reached", integral: true),
            ],
            formula: "covered communities ≥ share × communities",
            status: .seed,
            source: "seed 001 indicator 6 (大社区范围具备综合功能的养老服务机构覆盖率 60%, 2025); seed 002 三(二)2: meal and home care ≥ 80% of communities"),
        RuleDefinition(
            id: "rural-elder-facility-coverage", nameZH: "农村养老服务设施覆盖率",
            nameEN: "Rural elder-care facility coverage", scope: .area,
            parameters: [
                RuleParameter("share", 0.8, unit: "share", meaning: "rural communities with an elder-care facility / all"),
                RuleParameter("by_year", 2026, unit: "year", meaning: "year the share is to be reached", integral: true),
            ],
            formula: "covered ≥ share × rural communities",
            status: .seed, source: "seed 004 目标 养老服务业 (到2026年 农村养老服务设施覆盖率达到80%以上)",
            responsibleUnits: heilongjiangElderUnits),
        RuleDefinition(
            id: "public-home-occupancy", nameZH: "公办养老机构入住率", nameEN: "Occupancy of public elder-care homes",
            scope: .institution,
            parameters: [
                RuleParameter("share", 0.65, unit: "share", meaning: "occupied beds / beds"),
                RuleParameter("by_year", 2026, unit: "year", meaning: "year the share is to be reached", integral: true),
            ],
            formula: "occupied beds ≥ share × beds, public homes",
            status: .seed, source: "seed 004 目标 养老服务业 (到2026年 公办养老机构入住率达到65%以上)",
            responsibleUnits: heilongjiangElderUnits),
        RuleDefinition(
            id: "beds-total-heilongjiang", nameZH: "黑龙江省养老床位总量目标", nameEN: "Heilongjiang elder-care bed total",
            scope: .program,
            parameters: [
                RuleParameter("beds", 250_000, unit: "beds", meaning: "elder-care beds in the province", integral: true),
                RuleParameter("by_year", 2026, unit: "year", meaning: "year the total is to be reached", integral: true),
                RuleParameter("baseline_beds", 199_800, unit: "beds", meaning: "beds at the end of 2021", integral: true),
                RuleParameter("baseline_nursing_share", 0.46, unit: "share", meaning: "nursing-type share at the end of 2021"),
            ],
            formula: "province beds ≥ beds by by_year",
            status: .seed, source: "seed 004 目标 养老服务业 (到2026年 养老床位25万张以上; 2021年底 19.98万张, 护理型46%)",
            responsibleUnits: heilongjiangElderUnits),
        RuleDefinition(
            id: "special-poverty-centralised-care", nameZH: "特困人员集中供养率",
            nameEN: "Centralised care of destitute elderly", scope: .program,
            parameters: [
                RuleParameter("share_unable_self_care", 0.6, unit: "share",
                              meaning: "destitute persons unable to look after themselves who are in centralised care"),
                RuleParameter("share_willing", 1.0, unit: "share", meaning: "destitute persons who wish centralised care and receive it"),
                RuleParameter("by_year", 2024, unit: "year", meaning: "year the shares are to be reached (seed 000 yearly plan 2024)", integral: true),
            ],
            formula: "centralised ≥ share_unable_self_care × unable; centralised willing ≥ share_willing × willing",
            status: .seed, source: "seed 000 task 13 (生活不能自理特困人员集中供养率≧60%, 有集中供养意愿的达100%; 2024 and 2025)",
            responsibleUnits: dehongTask13Units),
        RuleDefinition(
            id: "home-adaptation", nameZH: "特殊困难老年人家庭居家适老化改造",
            nameEN: "Homes of disabled, handicapped or very old elderly adapted", scope: .program,
            parameters: [
                RuleParameter("households_per_year", 200, unit: "households/year", meaning: "homes adapted each year", integral: true),
                RuleParameter("cumulative_households", 1000, unit: "households", meaning: "homes adapted in total by by_year", integral: true),
                RuleParameter("by_year", 2025, unit: "year", meaning: "year the total is to be reached", integral: true),
            ],
            formula: "adapted(year) ≥ households_per_year; Σ adapted ≥ cumulative_households by by_year",
            status: .seed, source: "seed 000 task 9 (每年支持200户, 到2025年共支持1000户); seed 001 indicator 16: 200 by 2025",
            responsibleUnits: dehongTask9Units),
        RuleDefinition(
            id: "lottery-fund-share", nameZH: "福利彩票公益金用于养老服务比例",
            nameEN: "Share of welfare lottery funds spent on elder care", scope: .program,
            parameters: [RuleParameter("share", 0.55, unit: "share", meaning: "welfare lottery funds for elder care / all")],
            formula: "elder-care lottery spending ≥ share × welfare lottery funds",
            status: .seed, source: "seed 000 task 12 (55%以上的社会福利事业彩票公益金用于养老服务体系建设); seed 001 九(三)",
            responsibleUnits: dehongTask12Units),

        // MARK: Conversion defaults (demand side)

        RuleDefinition(
            id: "persons-per-household", nameZH: "户均人口", nameEN: "Persons per household", scope: .reference,
            parameters: [
                RuleParameter("persons_per_household", 2.62, unit: "persons/household",
                              meaning: "national 2020 value; a census row gives family_household_population / family_households instead"),
            ],
            formula: "households = residents / persons_per_household (from the census row where present)",
            status: .standard, source: "2020 census (第七次全国人口普查)"),
        RuleDefinition(
            id: "disability-prevalence-60plus", nameZH: "60岁及以上老年人失能率", nameEN: "Disability prevalence, 60+",
            scope: .reference,
            parameters: [
                RuleParameter("share", 0.116, unit: "share", meaning: "disabled / persons aged 60+"),
                RuleParameter("national_count", 35_000_000, unit: "persons", meaning: "disabled elderly nationally", integral: true),
            ],
            formula: "disabled elderly = share × elderly_60plus",
            status: .standard, source: "fifth sample survey of the living conditions of older persons (第五次中国城乡老年人生活状况抽样调查)"),
        RuleDefinition(
            id: "institutional-care-share-60plus", nameZH: "机构养老比例", nameEN: "Institutional care share of 60+",
            scope: .reference,
            parameters: [
                RuleParameter("share", 0.03, unit: "share", meaning: "elderly in institutional care / elderly (the 3 of 9073)"),
                RuleParameter("home_share", 0.90, unit: "share", meaning: "elderly cared for at home (the 90 of 9073)"),
                RuleParameter("community_share", 0.07, unit: "share", meaning: "elderly cared for by community services (the 7 of 9073)"),
            ],
            formula: "institutional demand = share × elderly_60plus",
            status: .check, source: "“9073” pattern; Shanghai plans 2.5-3.5%; \(checkNote)"),
        RuleDefinition(
            id: "childcare-enrolment", nameZH: "婴幼儿入托意愿与入托率", nameEN: "Childcare enrolment, wish and actual",
            scope: .reference,
            parameters: [
                RuleParameter("wish", 0.30, unit: "share", meaning: "families of under-3s who want childcare"),
                RuleParameter("actual", 0.06, unit: "share", meaning: "under-3s actually enrolled (2021-22)"),
            ],
            formula: "slot demand = wish × children_0_2 (actual × children_0_2 for current use)",
            status: .check, source: "more than 30% want care, about 6% enrolled (2021-22); \(checkNote)"),
        RuleDefinition(
            id: "nursing-bed-share-2030", nameZH: "护理型床位占比远期目标", nameEN: "Nursing-type bed share, later target",
            scope: .reference,
            parameters: [
                RuleParameter("share", 0.73, unit: "share", meaning: "nursing-type beds / all beds"),
                RuleParameter("by_year", 2030, unit: "year", meaning: "year the share is to be reached", integral: true),
            ],
            formula: "required nursing beds in by_year = ceil(share × beds)",
            status: .standard, source: "nationally announced target, 73% by 2030"),
    ]
}
