/// What a check rule is evaluated on: one district, all districts (program rules by approval year),
/// one area, one institution within its area.
public enum CheckSubject: String, Sendable, CaseIterable {
    case district, districts, area, institution
}

/// A rule `carecap check` evaluates: one per rule file marked `evaluated_by: check`, in `CheckRules.all`.
/// The checker calls only the evaluations for the subjects a rule names, and only while the rule is
/// checked under the rule book; every number comes from the rule book through the checker.
public protocol CheckRule: Sendable {
    /// The rule file's id.
    var id: String { get }
    /// The subjects the rule is evaluated on.
    var subjects: Set<CheckSubject> { get }
    func evaluate(district: District, with checker: ComplianceChecker) -> [Finding]
    func evaluate(districts: [District], with checker: ComplianceChecker) -> [Finding]
    func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding]
    func evaluate(institution: AreaSupply.Institution, in area: AreaSupply, with checker: ComplianceChecker) -> [Finding]
}

extension CheckRule {
    public func evaluate(district: District, with checker: ComplianceChecker) -> [Finding] { [] }
    public func evaluate(districts: [District], with checker: ComplianceChecker) -> [Finding] { [] }
    public func evaluate(area: AreaSupply, with checker: ComplianceChecker) -> [Finding] { [] }
    public func evaluate(institution: AreaSupply.Institution, in area: AreaSupply, with checker: ComplianceChecker) -> [Finding] { [] }
}

/// The registry of check rules. Order is the order findings print in for each subject (district:
/// rooms, classes, carers, slots, home point; area: slots, nursing beds, beds, public nurseries;
/// institution: social workers, inclusive beds, price), kept from before the registry existed.
public enum CheckRules {
    public static let all: [any CheckRule] = [
        ElderCareRoomAreaRule(),
        DistrictComplianceRateRule(),
        NurseryClassSizeRule(),
        NurseryCarerRatioRule(),
        NurserySlotsPer1000Rule(),
        HomeNurseryPointRule(),
        NursingBedShareRule(),
        InstitutionalBedsPer1000ElderlyRule(),
        PublicNurseryPer100kRule(),
        SocialWorkersPer100BedsRule(),
        InclusiveBedShareRule(),
        InclusivePriceRule(),
        // Issue 11: the plans' facility measures; each is "not assessed: needs key" when the scenario
        // lacks the count, never zero.
        CommunityServiceAreaRule(),
        ElderCareLandPerCapitaRule(),
        FourSynchronousDeliveryRule(),
        NurseryHealthStaffRule(),
        AreaFacilityCountRule(id: "county-disability-care-home", level: .county, parameter: "per_county",
                              key: "disability_care_homes", unit: .institutions),
        AreaFacilityCountRule(id: "nursery-guidance-centre", level: .prefecture, parameter: "per_prefecture",
                              key: "guidance_centres", unit: .institutions),
        AreaCoverageRule(id: "street-elder-care-centre", covered: "streets_with_elder_care_centre", total: "streets"),
        AreaCoverageRule(id: "community-elder-service-coverage", covered: "communities_covered", total: "communities"),
        AreaCoverageRule(id: "township-elder-care-coverage", covered: "townships_with_elder_care", total: "townships"),
    ]
}
