import Foundation
import Testing
@testable import Scenario

/// One malformed scenario and where its error must point.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    let line: Int?
    let column: Int?
    let path: String
    let fragment: String

    var testDescription: String { name }
}

private func bad(_ name: String, line: Int?, column: Int? = nil, path: String, _ fragment: String,
                 _ yaml: String) -> MalformedCase
{
    MalformedCase(name: name, yaml: yaml, line: line, column: column, path: path, fragment: fragment)
}

/// Billion laughs: nine anchored lists, each referring ten times to the one before (10⁹ leaves).
/// The anchors sit in `container`, the list the scenario uses as `key`.
func billionLaughs(key: String) -> String {
    var items = ["  - &a [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]"]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for level in 1..<names.count {
        let refs = Array(repeating: "*\(names[level - 1])", count: 10).joined(separator: ", ")
        items.append("  - &\(names[level]) [\(refs)]")
    }
    return "carecap: 1\n\(key):\n" + items.joined(separator: "\n") + "\n"
}

let malformedCases: [MalformedCase] = [
    // MARK: YAML syntax
    bad("tab indentation", line: 3, column: 1, path: "", "YAML syntax error: found character that cannot start any token", """
        carecap: 1
        districts:
        \t- id: a
        """),
    bad("unclosed quote", line: 4, path: "", "started at line 2, column 7", """
        carecap: 1
        name: "德宏州
        districts: []

        """),
    bad("unclosed flow list", line: 5, path: "", "did not find expected ',' or ']'", """
        carecap: 1
        districts: [
          {id: a, households: 1},
          {id: b, households: 2}

        """),
    bad("mapping value inside a value", line: 5, column: 17, path: "", "mapping values are not allowed", """
        carecap: 1
        districts:
          - id: a
            households: 1
            area: 533103: x
        """),
    bad("bad indentation", line: 4, path: "", "YAML syntax error", """
        carecap: 1
        districts:
          - id: a
           households: 1
        """),
    bad("two documents", line: 3, column: 1, path: "", "expected a single document in the stream, but found another document", """
        carecap: 1
        districts: []
        ---
        carecap: 1
        """),
    bad("undefined alias", line: 2, column: 7, path: "", "found undefined alias", """
        carecap: 1
        name: *nope
        districts: []
        """),
    bad("control character", line: 2, column: 9, path: "", "control characters are not allowed",
        "carecap: 1\nname: \"a\u{07}\"\ndistricts: []\n"),
    bad("bad unicode escape", line: 2, path: "", "invalid Unicode character escape", #"""
        carecap: 1
        name: "\ud800"
        districts: []
        """#),

    // MARK: Document shape
    bad("empty text", line: nil, path: "", "is empty", ""),
    bad("comments only", line: nil, path: "", "is empty", """
        # 德宏州 scenario, to be written
        # carecap: 1
        """),
    bad("root is a list", line: 1, column: 1, path: "", "expected a mapping that starts with `carecap: 1`, found a list", """
        - carecap: 1
        """),
    bad("root is a scalar", line: 1, column: 1, path: "", "found carecap", """
        carecap
        """),
    bad("missing carecap", line: 1, column: 1, path: "", "missing required key \"carecap\"", """
        name: x
        districts: []
        """),
    bad("unsupported version", line: 1, column: 10, path: "carecap", "unsupported schema version 2; this carecap reads version 1", """
        carecap: 2
        districts: []
        """),
    bad("version quoted", line: 1, column: 10, path: "carecap", "write the number without quotes", """
        carecap: "1"
        districts: []
        """),
    bad("version fractional", line: 1, column: 10, path: "carecap", "unsupported schema version 1.5", """
        carecap: 1.5
        districts: []
        """),
    bad("nothing to do", line: 1, column: 1, path: "", "nothing to do", """
        carecap: 1
        name: x
        """),
    bad("unknown top-level key", line: 3, column: 1, path: "distrcts", "did you mean \"districts\"", """
        carecap: 1
        rules: national
        distrcts: []
        """),
    bad("population without its required keys", line: 3, column: 13, path: "population", "missing required key \"wpp\"", """
        carecap: 1
        districts: []
        population: {census: Scenarios/data/census2020/county_age5_sex.csv}
        """),
    bad("population data file that does not exist", line: 3, column: 22, path: "population.census", "\"data/x.csv\" does not exist", """
        carecap: 1
        districts: []
        population: {census: data/x.csv, wpp: Scenarios/data/wpp2024_china, horizon: 2030}
        """),
    bad("horizon before the base year", line: 5, column: 12, path: "population.horizon", "a horizon after the base year 2020", """
        carecap: 1
        population:
          census: Scenarios/data/census2020/county_age5_sex.csv
          wpp: Scenarios/data/wpp2024_china
          horizon: 2019
        """),
    bad("uncertainty draws out of range", line: 3, column: 22, path: "uncertainty.draws", "between 1 and 100000 draws", """
        carecap: 1
        districts: []
        uncertainty: {draws: 0, seed: 1}
        """),
    bad("unknown propensity", line: 4, column: 16, path: "demand.propensity.enrolment_0_3", "did you mean \"enrolment_0_2\"", """
        carecap: 1
        districts: []
        demand:
          propensity: {enrolment_0_3: 0.1}
        """),
    bad("class mix: unknown band", line: 5, column: 5, path: "demand.class_mix.olders", "did you mean \"older\"", """
        carecap: 1
        districts: []
        demand:
          class_mix:
            olders: 0.7
            toddler: 0.3
        """),
    bad("class mix: shares not adding up to 1", line: 5, column: 5, path: "demand.class_mix",
        "shares of slots by class band that add up to 1 (these add up to 0.9", """
        carecap: 1
        districts: []
        demand:
          class_mix:
            infant: 0.1
            older: 0.8
        """),
    bad("class mix: share above 1", line: 4, column: 36, path: "demand.class_mix.older", "a share between 0 and 1", """
        carecap: 1
        districts: []
        demand:
          class_mix: {toddler: 0.5, older: 1.5}
        """),
    bad("variant key path outside the scenario", line: 4, column: 9, path: "variants.low.fertility", "expected a dotted key path", """
        carecap: 1
        districts: []
        variants:
          low: {fertility: 1.0}
        """),
    bad("merge key", line: 6, column: 5, path: "districts[0].<<", "merge keys (<<) are not supported", """
        carecap: 1
        description: &base
          households: 100
        districts:
          - id: a
            <<: *base
        """),
    bad("list as a key", line: 5, column: 5, path: "districts[0]", "expected a plain key, found a list", """
        carecap: 1
        districts:
          - id: a
            households: 1
            [x, y]: 2
        """),
    bad("alias as a key", line: 5, column: 7, path: "districts[0]", "expected a plain key, found an alias (*k)", """
        carecap: 1
        description: &k households
        districts:
          - id: a
            ? *k
            : 2
        """),

    // MARK: Wrong types
    bad("districts is a mapping", line: 3, column: 3, path: "districts", "expected a list of districts, found a mapping", """
        carecap: 1
        districts:
          id: a
          households: 10
        """),
    bad("districts is null", line: 2, column: 11, path: "districts", "found nothing (null)", """
        carecap: 1
        districts:
        supply: {}
        """),
    bad("district is a scalar", line: 3, column: 5, path: "districts[0]", "expected a mapping with keys id", """
        carecap: 1
        districts:
          - mangshi-a
        """),
    bad("households quoted", line: 5, column: 17, path: "districts[0].households", "write the number without quotes", """
        carecap: 1
        districts:
          - id: a
            area: "533103"
            households: "1000"
        """),
    bad("households with a unit", line: 4, column: 17, path: "districts[0].households", "found 1000户", """
        carecap: 1
        districts:
          - id: a
            households: 1000户
        """),
    bad("households with thousands separator", line: 4, column: 17, path: "districts[0].households", "found 1,000", """
        carecap: 1
        districts:
          - id: a
            households: 1,000
        """),
    bad("households boolean", line: 4, column: 17, path: "districts[0].households", "expected a whole number of households ≥ 0, found true", """
        carecap: 1
        districts:
          - id: a
            households: true
        """),
    bad("rooms list of text", line: 5, column: 32, path: "districts[0].elder_care_rooms_m2[1]", "write the number without quotes", """
        carecap: 1
        districts:
          - id: a
            households: 1000
            elder_care_rooms_m2: [300, "250"]
        """),
    bad("nursery is a list", line: 6, column: 7, path: "districts[0].nursery", "expected a mapping with keys children", """
        carecap: 1
        districts:
          - id: a
            households: 1000
            nursery:
              - children: 3
        """),
    bad("id is a list", line: 3, column: 9, path: "districts[0].id", "expected a district id, found a list", """
        carecap: 1
        districts:
          - id: [a, b]
            households: 10
        """),
    bad("override parameters as a number", line: 3, column: 25, path: "overrides.elder-care-room-area", "expected a mapping of parameters to values, found 30", """
        carecap: 1
        overrides:
          elder-care-room-area: 30
        districts: []
        """),
    bad("schedule parameter as a number", line: 3, column: 38, path: "overrides.district-compliance-rate.target", "expected a mapping of years to values, found 0.6", """
        carecap: 1
        overrides:
          district-compliance-rate: {target: 0.6}
        districts: []
        """),
    bad("checked yes", line: 4, column: 14, path: "overrides.nursery-class-size.checked", "expected true or false, found yes", """
        carecap: 1
        overrides:
          nursery-class-size:
            checked: yes
        districts: []
        """),

    // MARK: Numbers
    bad("negative households", line: 4, column: 17, path: "districts[0].households", "expected a whole number of households ≥ 0, found -5", """
        carecap: 1
        districts:
          - id: a
            households: -5
        """),
    bad("infinite households", line: 4, column: 17, path: "districts[0].households", "(finite), found .inf", """
        carecap: 1
        districts:
          - id: a
            households: .inf
        """),
    bad("NaN room area", line: 5, column: 26, path: "districts[0].elder_care_rooms_m2", "(finite), found .NaN", """
        carecap: 1
        districts:
          - id: a
            households: 10
            elder_care_rooms_m2: .NaN
        """),
    bad("negative room area", line: 5, column: 32, path: "districts[0].elder_care_rooms_m2[1]", "expected a number ≥ 0 (m²), found -20", """
        carecap: 1
        districts:
          - id: a
            households: 10
            elder_care_rooms_m2: [300, -20]
        """),
    bad("huge households", line: 4, column: 17, path: "districts[0].households", "of at most 1e12, found 1e15", """
        carecap: 1
        districts:
          - id: a
            households: 1e15
        """),
    bad("more than a billion classes", line: 6, column: 24, path: "districts[0].nursery.classes.older", "expected at most 1000000000 classes, found 2000000000", """
        carecap: 1
        districts:
          - id: a
            households: 10
            nursery:
              classes: {older: 2000000000}
        """),
    bad("overflowing exponent", line: 4, column: 17, path: "districts[0].households", "found 1e400", """
        carecap: 1
        districts:
          - id: a
            households: 1e400
        """),
    bad("hexadecimal", line: 4, column: 17, path: "districts[0].households", "found 0x3E8", """
        carecap: 1
        districts:
          - id: a
            households: 0x3E8
        """),
    bad("absurd override value", line: 3, column: 49, path: "overrides.elder-care-room-area.m2_per_100_households", "of at most 1e12", """
        carecap: 1
        overrides:
          elder-care-room-area: {m2_per_100_households: 1e300}
        districts: []
        """),
    bad("share given as percent", line: 3, column: 30, path: "overrides.nursing-bed-share.share", "a share between 0 and 1 (0.55, not 55), found 60", """
        carecap: 1
        overrides:
          nursing-bed-share: {share: 60}
        districts: []
        """),
    bad("zero override", line: 3, column: 43, path: "overrides.elder-care-room-area.min_facility_m2", "expected a number > 0 (m²), found 0", """
        carecap: 1
        overrides:
          elder-care-room-area: {min_facility_m2: 0}
        districts: []
        """),
    bad("persons per household absurd", line: 5, column: 28, path: "districts[0].persons_per_household", "between 0 and 20", """
        carecap: 1
        districts:
          - id: a
            households: 100
            persons_per_household: 31
        """),
    bad("class cap so large that classes × cap overflows", line: 3, column: 36, path: "overrides.nursery-class-size.infant_cap", "expected a whole number > 0 (children/class)", """
        carecap: 1
        overrides:
          nursery-class-size: {infant_cap: 99999999999}
        districts: []
        """),

    // MARK: Fractional counts
    bad("fractional households", line: 5, column: 17, path: "districts[0].households", "expected a whole number of households ≥ 0, found 1200.5", """
        carecap: 1
        districts:
          - id: a
            area: "533103"
            households: 1200.5
        """),
    bad("fractional children", line: 6, column: 38, path: "districts[0].nursery.children.toddler", "expected a whole number of children ≥ 0, found 2.5", """
        carecap: 1
        districts:
          - id: a
            households: 1000
            nursery:
              children: {infant: 1, toddler: 2.5}
              carers: 2
        """),
    bad("fractional classes", line: 7, column: 16, path: "districts[0].nursery.classes.older", "expected a whole number of classes ≥ 0, found 1.5", """
        carecap: 1
        districts:
          - id: a
            households: 1000
            nursery:
              classes:
                older: 1.5
        """),
    bad("fractional carers", line: 6, column: 15, path: "districts[0].nursery.carers", "expected a whole number of carers ≥ 0, found 3.3", """
        carecap: 1
        districts:
          - id: a
            households: 1000
            nursery:
              carers: 3.3
        """),
    bad("fractional home point carers", line: 5, column: 47, path: "districts[0].home_nursery_point.carers", "expected a whole number of carers ≥ 0, found 0.5", """
        carecap: 1
        districts:
          - id: a
            households: 1000
            home_nursery_point: {children: 3, carers: 0.5}
        """),
    bad("fractional beds", line: 5, column: 26, path: "supply.460202.institutions[0].beds", "expected a whole number of beds ≥ 0, found 99.5", """
        carecap: 1
        supply:
          "460202":
            institutions:
              - {id: home, beds: 99.5}
        """),
    bad("fractional beds in a pipeline", line: 4, column: 29, path: "supply.533103.beds.2025", "expected a whole number of beds ≥ 0, found 120.5", """
        carecap: 1
        supply:
          "533103":
            beds: {2022: 100, 2025: 120.5}
        """),
    bad("fractional override count", line: 3, column: 36, path: "overrides.nursery-class-size.infant_cap", "expected a whole number > 0 (children/class), found 9.5", """
        carecap: 1
        overrides:
          nursery-class-size: {infant_cap: 9.5}
        districts: []
        """),

    // MARK: Unknown keys, presets, rules, parameters, enum values
    bad("misspelt district key", line: 4, column: 5, path: "districts[0].houshold", "unknown key \"houshold\" (did you mean \"households\"?)", """
        carecap: 1
        districts:
          - id: a
            houshold: 100
            households: 100
        """),
    bad("misspelt nursery key", line: 6, column: 7, path: "districts[0].nursery.carer", "did you mean \"carers\"", """
        carecap: 1
        districts:
          - id: a
            households: 100
            nursery:
              carer: 3
        """),
    bad("misspelt class band", line: 6, column: 18, path: "districts[0].nursery.children.infants", "did you mean \"infant\"", """
        carecap: 1
        districts:
          - id: a
            households: 100
            nursery:
              children: {infants: 3}
              carers: 1
        """),
    bad("misspelt institution key", line: 5, column: 31, path: "supply.460202.institutions[0].nursing_bed", "did you mean \"nursing_beds\"", """
        carecap: 1
        supply:
          "460202":
            institutions:
              - {id: home, beds: 100, nursing_bed: 60}
        """),
    bad("unknown preset", line: 2, column: 8, path: "rules", "unknown rule preset \"dehong-2023\" (did you mean \"dehong-2022\"?)", """
        carecap: 1
        rules: dehong-2023
        districts: []
        """),
    bad("unknown rule in overrides", line: 3, column: 3, path: "overrides.elder-care-rooms-area", "unknown rule \"elder-care-rooms-area\" (did you mean \"elder-care-room-area\"?)", """
        carecap: 1
        overrides:
          elder-care-rooms-area: {min_facility_m2: 350}
        districts: []
        """),
    bad("unknown parameter in overrides", line: 4, column: 5, path: "overrides.elder-care-room-area.min_facility_m3", "unknown parameter \"min_facility_m3\" of rule elder-care-room-area (did you mean \"min_facility_m2\"?)", """
        carecap: 1
        overrides:
          elder-care-room-area:
            min_facility_m3: 350
        districts: []
        """),
    bad("unknown enum value", line: 5, column: 42, path: "supply.460202.institutions[0].operation", "expected one of public, public-private, private, found public_private (did you mean \"public-private\"?)", """
        carecap: 1
        supply:
          "460202":
            institutions:
              - {id: home, beds: 100, operation: public_private}
        """),

    // MARK: Duplicates and missing keys
    bad("duplicate district id", line: 6, column: 9, path: "districts[1].id", "duplicate district id \"a\" (also districts[0])", """
        carecap: 1
        districts:
          - id: a
            households: 1
          - households: 2
            id: a
        """),
    bad("duplicate institution id across areas", line: 8, column: 14, path: "supply.460203.institutions[0].id", "duplicate institution id \"home\" (also supply.460202.institutions[0])", """
        carecap: 1
        supply:
          "460202":
            institutions:
              - {id: home, beds: 100}
          "460203":
            institutions:
              - {id: home, beds: 50}
        """),
    bad("duplicate key in a block mapping", line: 7, column: 7, path: "districts[0].nursery.carers", "duplicate key \"carers\" (first given at line 5)", """
        carecap: 1
        districts:
          - id: a
            nursery:
              carers: 1
              children: {infant: 1}
              carers: 2
            households: 1
        """),
    bad("duplicate key in a flow mapping", line: 3, column: 28, path: "districts[0].households", "duplicate key \"households\" (first given at line 3)", """
        carecap: 1
        districts:
          - {id: a, households: 1, households: 2}
        """),
    bad("duplicate area code quoted and unquoted", line: 5, column: 3, path: "supply.533103", "duplicate key \"533103\" (first given at line 3)", """
        carecap: 1
        supply:
          "533103":
            population: 1
          533103:
            population: 2
        """),
    bad("missing households", line: 3, column: 5, path: "districts[0]", "missing required key \"households\"", """
        carecap: 1
        districts:
          - id: a
            area: "533103"
        """),
    bad("missing id", line: 3, column: 5, path: "districts[0]", "missing required key \"id\"", """
        carecap: 1
        districts:
          - households: 100
        """),
    bad("missing institution beds", line: 5, column: 9, path: "supply.460202.institutions[0]", "missing required key \"beds\"", """
        carecap: 1
        supply:
          "460202":
            institutions:
              - {id: home, nursing_beds: 10}
        """),
    bad("nursery children without carers", line: 6, column: 7, path: "districts[0].nursery", "missing required key \"carers\"", """
        carecap: 1
        districts:
          - id: a
            households: 100
            nursery:
              children: {older: 20}
              classes: {older: 1}
        """),
    bad("empty district id", line: 3, column: 9, path: "districts[0].id", "expected a district id, found the text \"\"", """
        carecap: 1
        districts:
          - id: ""
            households: 1
        """),

    // MARK: Consistency
    bad("nursing beds above institution beds", line: 5, column: 45, path: "supply.460202.institutions[0].nursing_beds", "expected at most the institution's beds (100), found 120", """
        carecap: 1
        supply:
          "460202":
            institutions:
              - {id: home, beds: 100, nursing_beds: 120}
        """),
    // The nursing level given from 2025 stands for the years before it (the earliest level given), so the
    // first year it exceeds the beds is 2022 (800).
    bad("nursing beds above area beds in a year", line: 5, column: 19, path: "supply.533103.nursing_beds", "expected nursing beds at most the beds in 2022 (800), found 950", """
        carecap: 1
        supply:
          "533103":
            beds: {2022: 800, 2025: 900}
            nursing_beds: {2025: 950}
        """),
    bad("inclusive beds above beds", line: 7, column: 25, path: "supply.460202.institutions[0].inclusive_beds", "at most the institution's beds (100)", """
        carecap: 1
        supply:
          "460202":
            institutions:
              - id: home
                beds: 100
                inclusive_beds: 101
        """),
    bad("household population above population", line: 5, column: 27, path: "supply.533103.household_population", "at most the population (1000)", """
        carecap: 1
        supply:
          "533103":
            population: 1000
            household_population: 1200
        """),
    bad("zero households in an area", line: 4, column: 17, path: "supply.533103.households", "households > 0", """
        carecap: 1
        supply:
          "533103":
            households: 0
        """),
    bad("area code too short", line: 3, column: 3, path: "supply.53310", "expected a 6-digit area code (区划代码) as key", """
        carecap: 1
        supply:
          "53310": {population: 1}
        """),
    bad("area code in Chinese numerals", line: 3, column: 3, path: "supply.五三三一〇三", "6-digit area code", """
        carecap: 1
        supply:
          "五三三一〇三": {population: 1}
        """),
    bad("district area code malformed", line: 4, column: 11, path: "districts[0].area", "expected a 6-digit area code (区划代码), found 芒市", """
        carecap: 1
        districts:
          - id: a
            area: 芒市
            households: 10
        """),

    // MARK: Years
    bad("five-digit approval year", line: 4, column: 20, path: "districts[0].approval_year", "expected a year between 1949 and 2100, found 20222", """
        carecap: 1
        districts:
          - id: a
            approval_year: 20222
            households: 10
        """),
    bad("as_of in the past", line: 2, column: 8, path: "as_of", "expected a year between 1949 and 2100, found 1800", """
        carecap: 1
        as_of: 1800
        districts: []
        """),
    bad("fractional year", line: 5, column: 20, path: "districts[0].delivery_year", "found 2024.5", """
        carecap: 1
        districts:
          - id: a
            households: 10
            delivery_year: 2024.5
        """),
    bad("delivery before approval", line: 6, column: 20, path: "districts[0].delivery_year", "a delivery year not before approval_year 2024, found 2023", """
        carecap: 1
        districts:
          - id: a
            households: 10
            approval_year: 2024
            delivery_year: 2023
        """),
    bad("pipeline year absurd", line: 4, column: 31, path: "supply.533103.nursery_slots.3025", "expected a year between 1949 and 2100 as key, found 3025", """
        carecap: 1
        supply:
          "533103":
            nursery_slots: {2022: 10, 3025: 20}
        """),
    bad("schedule year absurd", line: 3, column: 39, path: "overrides.district-compliance-rate.target.22", "as key, found 22", """
        carecap: 1
        overrides:
          district-compliance-rate: {target: {22: 0.6}}
        districts: []
        """),
    bad("override by_year absurd", line: 3, column: 32, path: "overrides.nursing-bed-share.by_year", "expected a year between 1949 and 2100, found 3000", """
        carecap: 1
        overrides:
          nursing-bed-share: {by_year: 3000}
        districts: []
        """),

    // MARK: Bombs and depth
    bad("billion laughs where districts are expected", line: 8, column: 21, path: "districts[5][3]", "alias bomb", billionLaughs(key: "districts")),
    bad("billion laughs where a name is expected", line: 8, column: 21, path: "name[5][3]", "alias bomb", billionLaughs(key: "name")),
    bad("billion laughs as a key", line: 8, column: 21, path: "description[5][3]",
        "alias bomb", billionLaughs(key: "description") + "? *i\n: 1\n"),
    bad("600,000 values, no aliases", line: 2, column: 1_000_003, path: "districts[499995]", "more than 500000 YAML values",
        "carecap: 1\ndistricts: [" + String(repeating: "1,", count: 600_000) + "]\n"),
    bad("5,000 nested lists", line: 2, path: "", "nested too deeply",
        "carecap: 1\ndistricts: " + String(repeating: "[", count: 5000) + "\n"),
    bad("3,000 nested flow mappings", line: 2, path: "", "nested too deeply",
        "carecap: 1\nname: " + String(repeating: "{a: ", count: 3000) + "\n"),
    bad("2,000 nested block lists", line: 1002, path: "", "nested too deeply",
        "carecap: 1\ndistricts:\n" + (0..<2000).map { String(repeating: " ", count: $0 * 2) + "-" }.joined(separator: "\n") + "\n"),
]

@Suite("Malformed scenario files")
struct MalformedScenarioTests {
    @Test("each error names the line, key path and what was expected", arguments: malformedCases)
    func rejected(_ c: MalformedCase) {
        do {
            let scenario = try ScenarioLoader.load(text: c.yaml, file: "case.yaml")
            Issue.record("loaded \(scenario.districts.count) districts; expected an error containing \(c.fragment)")
        } catch {
            #expect(error.file == "case.yaml")
            #expect(error.line == c.line, "\(error)")
            if let column = c.column { #expect(error.column == column, "\(error)") }
            #expect(error.keyPath == c.path, "\(error)")
            #expect(error.message.contains(c.fragment), "\(error)")
            let shown = error.description
            #expect(shown.hasPrefix("case.yaml" + (c.line.map { ":\($0):" } ?? ": ")), "\(shown)")
            #expect(!shown.contains("\n"), "one line: \(shown)")
        }
    }

    @Test("there are at least 40 malformed cases")
    func enoughCases() {
        #expect(malformedCases.count >= 40)
        #expect(Set(malformedCases.map(\.name)).count == malformedCases.count, "case names are unique")
    }

    @Test("an alias bomb fails fast, well under a second")
    func aliasBombIsFast() {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: ScenarioError.self) { try ScenarioLoader.load(text: billionLaughs(key: "districts") + "x: {? *i : 1}\n", file: "bomb.yaml") }
        }
        #expect(elapsed < .seconds(2))
    }

    @Test("a long value is shortened in the message")
    func longValueShortened() throws {
        let long = String(repeating: "9", count: 5_000) + "x"
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.load(text: "carecap: 1\ndistricts:\n  - id: a\n    households: \(long)\n", file: "long.yaml")
        }
        #expect(error.line == 4)
        #expect(error.keyPath == "districts[0].households")
        #expect(error.description.count < 300, "\(error.description.count) characters")
    }
}

// MARK: Files

@Suite("Malformed scenario files on disk")
struct MalformedScenarioFileTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-malformed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func loadError(_ path: String) throws -> ScenarioError {
        try #require(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
    }

    @Test func missingFile() throws {
        let path = directory.appendingPathComponent("nope.yaml").path
        let error = try loadError(path)
        #expect(error.file == path)
        #expect(error.line == nil)
        #expect(error.message.contains("does not exist"))
        #expect(error.description.hasPrefix("\(path): error: does not exist"))
    }

    @Test func directoryGivenAsTheFile() throws {
        let error = try loadError(directory.path)
        #expect(error.line == nil)
        #expect(error.message.contains("is a folder, not a file"))
    }

    @Test func emptyFile() throws {
        let error = try loadError(try write("empty.yaml", []))
        #expect(error.message.contains("is empty"))
    }

    @Test func whitespaceOnlyFile() throws {
        let error = try loadError(try write("blank.yaml", "  \n\n   \n"))
        #expect(error.message.contains("is empty"))
    }

    @Test func invalidUTF8() throws {
        // Latin-1 é in the name on line 2.
        let bytes = Array("carecap: 1\nname: caf".utf8) + [0xE9] + Array("\ndistricts: []\n".utf8)
        let error = try loadError(try write("latin1.yaml", bytes))
        #expect(error.line == 2)
        #expect(error.column == 10)
        #expect(error.message.contains("expected UTF-8 text, found the byte 0xE9"))
    }

    @Test func truncatedUTF8Sequence() throws {
        // 德 is E5 BE B7; the file ends after two of its three bytes.
        let bytes = Array("carecap: 1\ndistricts: []\nname: ".utf8) + [0xE5, 0xBE]
        let error = try loadError(try write("truncated.yaml", bytes))
        #expect(error.line == 3)
        #expect(error.column == 7)
        #expect(error.message.contains("0xE5"))
    }

    @Test func utf16File() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("carecap: 1\n".utf8).flatMap { [$0, 0] }
        let error = try loadError(try write("utf16.yaml", bytes))
        #expect(error.line == 1)
        #expect(error.column == 1)
        #expect(error.message.contains("save the file as UTF-8"))
    }

    @Test func fileAbove16MiB() throws {
        let bytes = Array("carecap: 1\ndescription: |\n".utf8) + [UInt8](repeating: 0x20, count: 17 << 20)
        let error = try loadError(try write("huge.yaml", bytes))
        #expect(error.line == nil)
        #expect(error.message.contains("larger than 16 MiB"))
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("carecap: 1\ndistricts:\n  - id: a\n    households: 10\n".utf8)
        let scenario = try ScenarioLoader.load(path: try write("bom.yaml", bytes))
        #expect(scenario.districts.map(\.households) == [10])
    }

    @Test func byteOrderMarkDoesNotShiftColumns() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("carecap: 1\ndistricts:\n  - id: a\n    households: -1\n".utf8)
        let error = try loadError(try write("bom-bad.yaml", bytes))
        #expect(error.line == 4)
        #expect(error.column == 17)
        #expect(error.keyPath == "districts[0].households")
    }

    @Test func crlfLineEndingsKeepLineNumbers() throws {
        let text = "carecap: 1\r\ndistricts:\r\n  - id: a\r\n    households: 1.5\r\n"
        let error = try loadError(try write("crlf-bad.yaml", text))
        #expect(error.line == 4)
        #expect(error.column == 17)
        #expect(error.keyPath == "districts[0].households")
    }
}

// MARK: Valid edges

@Suite("Unusual but valid scenario files")
struct ValidEdgeScenarioTests {
    @Test func areaCodesQuotedAndUnquoted() throws {
        let scenario = try ScenarioLoader.load(text: """
            carecap: 1
            supply:
              "533103": {households: 100, household_population: 300}
              533102: {households: 100, household_population: 250}
            districts:
              - {id: a, area: "533103", households: 10}
              - {id: b, area: 533102, households: 10}
            """, file: "codes.yaml")
        #expect(scenario.supply.map(\.code) == ["533103", "533102"])
        #expect(scenario.districts.map(\.area) == ["533103", "533102"])
    }

    @Test func oneFacilityAsANumber() throws {
        let scenario = try ScenarioLoader.load(text: """
            carecap: 1
            districts:
              - id: a
                households: 1000
                elder_care_rooms_m2: 320
            """, file: "one.yaml")
        #expect(scenario.districts[0].elderCareRoomsM2 == [320])
    }

    @Test func byteOrderMarkInText() throws {
        let scenario = try ScenarioLoader.load(text: "\u{FEFF}carecap: 1\ndistricts: []\n", file: "bom.yaml")
        #expect(scenario.version == 1)
    }

    @Test func windowsLineEndings() throws {
        let scenario = try ScenarioLoader.load(
            text: "carecap: 1\r\nname: 芒市\r\ndistricts:\r\n  - id: a\r\n    households: 12\r\n", file: "crlf.yaml")
        #expect(scenario.name == "芒市")
        #expect(scenario.districts[0].households == 12)
    }

    @Test func commentOnlyValue() throws {
        let scenario = try ScenarioLoader.load(text: """
            carecap: 1   # schema version
            description: # to be written
            districts:   # none approved yet
              []
            """, file: "comments.yaml")
        #expect(scenario.districts.isEmpty)
    }

    @Test func scheduleOverride() throws {
        let scenario = try ScenarioLoader.load(text: """
            carecap: 1
            overrides:
              district-compliance-rate: {target: {2022: 0.6}}
            districts: []
            """, file: "schedule.yaml")
        let parameter = try #require(scenario.rules.rule("district-compliance-rate")?.parameter("target"))
        #expect(parameter.value == .schedule([.init(2022, 0.6)]))
    }

    @Test func documentMarkersAndSmallAnchors() throws {
        let scenario = try ScenarioLoader.load(text: """
            ---
            carecap: 1
            districts:
              - id: a
                households: 100
                nursery: &n {children: {older: 20}, classes: {older: 1}, carers: 3}
              - id: b
                households: 200
                nursery: *n
            ...
            """, file: "anchors.yaml")
        #expect(scenario.districts.map(\.nursery?.carers) == [3, 3])
    }

    @Test func largestAllowedCountsDoNotOverflow() throws {
        let scenario = try ScenarioLoader.load(text: """
            carecap: 1
            overrides:
              nursery-class-size: {infant_cap: 1000000000, toddler_cap: 1000000000, older_cap: 1000000000, mixed_cap: 1000000000}
            districts:
              - id: a
                households: 1000000000
                nursery:
                  classes: {infant: 1000000000, toddler: 1000000000, older: 1000000000}
            """, file: "max.yaml")
        #expect(scenario.districts[0].nursery?.classes.total == 3_000_000_000)
    }

    @Test func examplesLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["dehong-districts.yaml", "sanya-institutions.yaml"] {
            let scenario = try ScenarioLoader.load(path: root.appendingPathComponent("Scenarios/\(name)").path)
            #expect(!scenario.districts.isEmpty || !scenario.supply.isEmpty)
        }
    }
}
