import Planning
import Yams

/// Reads `districts:`, the new residential districts.
struct DistrictReader {
    let reader: NodeReader
    let rules: RuleBook

    static let keys = ["id", "name", "area", "households", "approval_year", "delivery_year",
                       "persons_per_household", "elder_care_rooms_m2", "nursery", "home_nursery_point",
                       "land_m2", "community_service_m2", "facility_delivery_year", "housing_share_before_facility"]
    static let nurseryKeys = ["children", "classes", "carers", "slots", "health_staff"]
    static let bandKeys = ClassBand.allCases.map(\.rawValue)

    func districts(_ node: Node, _ path: String) throws(ScenarioError) -> [District] {
        var result: [District] = []
        var seen: [String: Int] = [:]
        for (index, item) in try reader.list(node, path, of: "districts").enumerated() {
            let itemPath = "\(path)[\(index)]"
            let district = try self.district(item, itemPath)
            if let first = seen[district.id] {
                let idNode = try reader.fields(item, itemPath, known: Self.keys)["id"]
                throw reader.error(idNode, "\(itemPath).id",
                                   "duplicate district id \"\(district.id)\" (also districts[\(first)]); expected unique ids")
            }
            seen[district.id] = index
            result.append(district)
        }
        return result
    }

    func district(_ node: Node, _ path: String) throws(ScenarioError) -> District {
        let f = try reader.fields(node, path, known: Self.keys, required: ["id", "households"])
        var district = District(id: try reader.text(f["id"]!, f.path("id"), what: "a district id"),
                                households: try reader.count(f["households"]!, f.path("households"), of: "households"))
        district.name = try f["name"].map { n throws(ScenarioError) in try reader.text(n, f.path("name")) }
        district.area = try f["area"].map { n throws(ScenarioError) in
            let code = try reader.text(n, f.path("area"), what: "a 6-digit area code (区划代码)")
            guard NodeReader.isAreaCode(code) else { throw reader.expected("a 6-digit area code (区划代码)", n, f.path("area")) }
            return code
        }
        district.approvalYear = try f["approval_year"].map { n throws(ScenarioError) in try reader.year(n, f.path("approval_year")) }
        district.deliveryYear = try f["delivery_year"].map { n throws(ScenarioError) in try reader.year(n, f.path("delivery_year")) }
        if let approval = district.approvalYear, let delivery = district.deliveryYear, delivery < approval {
            throw reader.expected("a delivery year not before approval_year \(approval)", f["delivery_year"]!, f.path("delivery_year"))
        }
        if let node = f["persons_per_household"] {
            let value = try reader.positive(node, f.path("persons_per_household"), unit: "persons")
            guard value <= 20 else {
                throw reader.expected("persons per household between 0 and 20", node, f.path("persons_per_household"))
            }
            district.personsPerHousehold = value
        }
        if let node = f["elder_care_rooms_m2"] {
            let roomsPath = f.path("elder_care_rooms_m2")
            if case .scalar = node {
                // A single facility given as a number rather than a one-element list.
                district.elderCareRoomsM2 = [try reader.nonNegative(node, roomsPath, unit: "m²")]
            } else {
                district.elderCareRoomsM2 = try reader.list(node, roomsPath, of: "building areas in m²").enumerated()
                    .map { (i, n) throws(ScenarioError) in try reader.nonNegative(n, "\(roomsPath)[\(i)]", unit: "m²") }
            }
        }
        if let node = f["nursery"] {
            district.nursery = try nursery(node, f.path("nursery"))
        }
        district.landM2 = try f["land_m2"].map { n throws(ScenarioError) in try reader.nonNegative(n, f.path("land_m2"), unit: "m²") }
        district.communityServiceM2 = try f["community_service_m2"].map { n throws(ScenarioError) in
            try reader.nonNegative(n, f.path("community_service_m2"), unit: "m²")
        }
        district.facilityDeliveryYear = try f["facility_delivery_year"].map { n throws(ScenarioError) in
            try reader.year(n, f.path("facility_delivery_year"))
        }
        district.housingShareBeforeFacility = try f["housing_share_before_facility"].map { n throws(ScenarioError) in
            try reader.fraction(n, f.path("housing_share_before_facility"))
        }
        if let node = f["home_nursery_point"] {
            let pointPath = f.path("home_nursery_point")
            let p = try reader.fields(node, pointPath, known: ["children", "carers"], required: ["children", "carers"])
            district.homeNurseryPoint = .init(children: try reader.count(p["children"]!, p.path("children"), of: "children"),
                                              carers: try reader.count(p["carers"]!, p.path("carers"), of: "carers"))
        }
        return district
    }

    func nursery(_ node: Node, _ path: String) throws(ScenarioError) -> District.Nursery {
        let f = try reader.fields(node, path, known: Self.nurseryKeys)
        let children = try f["children"].map { n throws(ScenarioError) in try bands(n, f.path("children"), of: "children") } ?? BandCounts()
        let classes = try f["classes"].map { n throws(ScenarioError) in try bands(n, f.path("classes"), of: "classes") } ?? BandCounts()
        let carers = try f["carers"].map { n throws(ScenarioError) in try reader.count(n, f.path("carers"), of: "carers") } ?? 0
        let slots = try f["slots"].map { n throws(ScenarioError) in try reader.count(n, f.path("slots"), of: "slots") }
        if children.total > 0 && f["carers"] == nil {
            throw reader.error(node, path, "missing required key \"carers\" (the nursery declares children)")
        }
        var nursery = District.Nursery(children: children, classes: classes, carers: carers, slots: slots)
        nursery.healthStaff = try f["health_staff"].map { n throws(ScenarioError) in try reader.count(n, f.path("health_staff"), of: "full-time health staff") }
        return nursery
    }

    func bands(_ node: Node, _ path: String, of what: String) throws(ScenarioError) -> BandCounts {
        let f = try reader.fields(node, path, known: Self.bandKeys)
        var counts = BandCounts()
        for band in ClassBand.allCases {
            if let n = f[band.rawValue] {
                counts[band] = try reader.count(n, f.path(band.rawValue), of: what)
            }
        }
        return counts
    }
}
