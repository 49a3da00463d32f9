/// A new residential district (新建住宅小区) as its plan declares it.
public struct District: Sendable {
    public struct Nursery: Sendable {
        public var children: BandCounts
        public var classes: BandCounts
        public var carers: Int
        /// Declared slots; when nil, classes × class caps.
        public var slots: Int?
        /// Full-time health staff (卫生保健人员); nil: not given.
        public var healthStaff: Int?

        public init(children: BandCounts, classes: BandCounts, carers: Int, slots: Int? = nil) {
            self.children = children
            self.classes = classes
            self.carers = carers
            self.slots = slots
        }
    }

    /// A home-based childcare point (家庭托育点).
    public struct HomeNurseryPoint: Sendable {
        public var children: Int
        public var carers: Int

        public init(children: Int, carers: Int) {
            self.children = children
            self.carers = carers
        }
    }

    public var id: String
    public var name: String?
    /// Area code (区划代码) of the county or district it lies in.
    public var area: String?
    public var households: Int
    public var approvalYear: Int?
    public var deliveryYear: Int?
    /// When nil, the area's census household size, else the national 2.62.
    public var personsPerHousehold: Double?
    /// One entry per facility, building area in m².
    public var elderCareRoomsM2: [Double]
    public var nursery: Nursery?
    public var homeNurseryPoint: HomeNurseryPoint?
    /// Land set aside for elder-care facilities, m² (`land_m2`); nil: not given.
    public var landM2: Double?
    /// Building area of community comprehensive service facilities, m² (`community_service_m2`).
    public var communityServiceM2: Double?
    /// The year the district's elder-care and childcare facilities are delivered (`facility_delivery_year`),
    /// against `deliveryYear`, the housing's.
    public var facilityDeliveryYear: Int?
    /// In a phased project, the share of the housing floor area finished before the facility is
    /// (`housing_share_before_facility`); nil: not phased, or not given.
    public var housingShareBeforeFacility: Double?

    public init(
        id: String, name: String? = nil, area: String? = nil, households: Int, approvalYear: Int? = nil,
        deliveryYear: Int? = nil, personsPerHousehold: Double? = nil, elderCareRoomsM2: [Double] = [],
        nursery: Nursery? = nil, homeNurseryPoint: HomeNurseryPoint? = nil
    ) {
        self.id = id
        self.name = name
        self.area = area
        self.households = households
        self.approvalYear = approvalYear
        self.deliveryYear = deliveryYear
        self.personsPerHousehold = personsPerHousehold
        self.elderCareRoomsM2 = elderCareRoomsM2
        self.nursery = nursery
        self.homeNurseryPoint = homeNurseryPoint
    }
}
