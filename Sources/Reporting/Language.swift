/// The report language; every label comes from `Labels`.
public enum Language: String, Sendable, CaseIterable {
    case zh, en
}

/// The one table of translations: every label CareCap prints, in both languages.
public enum Labels {
    public static let table: [String: (zh: String, en: String)] = [
        "subject": ("对象", "subject"),
        "kind": ("类型", "kind"),
        "rule": ("规则", "rule"),
        "metric": ("指标", "metric"),
        "required": ("应达", "required"),
        "provided": ("实有", "provided"),
        "shortfall": ("缺口", "shortfall"),
        "unit": ("单位", "unit"),
        "status": ("结论", "status"),
        "source": ("依据", "source"),
        "pass": ("达标", "pass"),
        "fail": ("未达标", "FAIL"),
        "kind.district": ("小区", "district"),
        "kind.institution": ("机构", "institution"),
        "kind.area": ("区域", "area"),
        "kind.program": ("年度", "year"),
        "summary": ("共 %d 项检查：%d 项达标，%d 项未达标（%d 个对象有缺口）", "%d findings: %d pass, %d fail (%d subjects with a shortfall)"),
        "responsible": ("责任单位", "responsible units"),
        "unit.m²": ("平方米", "m²"),
        "unit.classes": ("个班", "classes"),
        "unit.carers": ("人", "carers"),
        "unit.slots": ("个托位", "slots"),
        "unit.children": ("名幼儿", "children"),
        "unit.share": ("比例", "share"),
        "unit.beds": ("张床位", "beds"),
        "unit.institutions": ("所", "institutions"),
        "unit.social workers": ("名社工", "social workers"),
        "unit.yuan/month": ("元/月", "yuan/month"),
        "metric.total_m2": ("养老服务用房总面积", "total elder-care room area"),
        "metric.smallest_facility_m2": ("最小单处用房面积", "smallest single facility"),
        "metric.infant_classes": ("乳儿班数", "infant classes (6-12 months)"),
        "metric.toddler_classes": ("托小班数", "toddler classes (12-24 months)"),
        "metric.older_classes": ("托大班数", "older classes (24-36 months)"),
        "metric.mixed_classes": ("混合班数", "mixed classes (18-36 months)"),
        "metric.carers": ("保育人员数", "carers"),
        "metric.slots": ("托位数", "childcare slots"),
        "metric.compliant_share": ("配建达标小区占比", "share of compliant districts"),
        "metric.home_point_children": ("家庭托育点收托人数", "home point children"),
        "metric.home_point_carers": ("家庭托育点照护人员", "home point carers"),
        "metric.nursing_beds": ("护理型床位数", "nursing-type beds"),
        "metric.beds": ("养老床位数", "institutional beds"),
        "metric.public_nurseries": ("公办托育机构数", "public nurseries"),
        "metric.social_workers": ("社会工作者数", "social workers"),
        "metric.inclusive_beds": ("普惠床位数", "inclusive beds"),
        "metric.monthly_price": ("月收费", "monthly price"),
    ]

    public static func text(_ key: String, _ language: Language) -> String {
        guard let entry = table[key] else { return key }
        return language == .zh ? entry.zh : entry.en
    }

    /// A label when one exists, else the key's own text (used for units and metrics not in the table).
    public static func text(_ key: String, prefix: String, _ language: Language) -> String {
        guard let entry = table["\(prefix).\(key)"] else { return key }
        return language == .zh ? entry.zh : entry.en
    }
}
