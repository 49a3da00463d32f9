/// The scenario `carecap init` writes: every key of the district check, commented.
enum StarterScenario {
    static let text = """
        # CareCap scenario. Check it with: carecap check scenario.yaml
        carecap: 1                      # schema version
        name: 某县新建住宅小区配建核查
        rules: national                 # preset: national, dehong-2022, sanya-2023, heilongjiang-2022,
                                        #         gansu-2022, guizhou-2022 (carecap rules presets)
        # overrides:                    # rule parameters by rule id (carecap rules show ID)
        #   elder-care-room-area: { m2_per_100_households: 30, min_facility_m2: 350 }
        # as_of: 2025                   # year whose planned supply levels are checked

        districts:                      # new residential districts (新建住宅小区)
          - id: district-a
            name: 某小区一期
            area: "533103"              # 区划代码 of the county it lies in
            households: 1000
            approval_year: 2023
            # persons_per_household: 2.62   # default: the national 2.62
            elder_care_rooms_m2: [320]      # building area of each facility, m²
            nursery:
              children: { infant: 8, toddler: 25, older: 55 }   # 6-12, 12-24, 24-36 months
              classes:  { infant: 1, toddler: 2, older: 3 }
              carers: 20
              # slots: 90                  # default: classes × class caps
            # home_nursery_point: { children: 4, carers: 2 }

        supply:                         # what exists, per area code
          "533103":
            name: 芒市
            population: 439931
            elderly_60plus: 75000
            nursery_slots: { 2022: 800, 2025: 1800 }   # a count, or levels from given years
            beds: 2000
            nursing_beds: 900
            disposable_income_per_capita: 26000       # yuan per person per year
            institutions:
              - { id: home-1, beds: 120, nursing_beds: 70, social_workers: 1, operation: public-private,
                  inclusive_beds: 40, monthly_price: 2800, market_monthly_price: 3600 }

        """
}
