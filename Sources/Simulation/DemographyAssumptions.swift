import Demography
import Foundation
import Results
import Scenario

/// The demographic assumptions of a scenario in words, each with its basis: what `project` writes
/// in its manifest.json and `run` in its manifest (and store), so that a figure can be traced to the
/// reference moment, fertility level and path, mortality, migration, group quarters and households
/// it rests on, and to every area that needed special handling.
package enum DemographyAssumptions {
    package static func list(section: PopulationSection, inputs: ProjectionInputs) -> [RunManifest.Assumption] {
        let adjusted = inputs.calibration.filter(\.tfrAdjusted)
        let adjustedText = adjusted.isEmpty ? "none" : "\(adjusted.count): " + adjusted.map { c in
            "\(c.name) (\(c.key)) \(c.ownTFR.map { String(format: "%.2f", $0) } ?? "–")→\(String(format: "%.2f", c.tfr))"
        }.joined(separator: ", ")
        let adjustedZH = adjusted.isEmpty ? "无" : "\(adjusted.count) 个：" + adjusted.map { c in
            "\(c.name)（\(c.key)）\(c.ownTFR.map { String(format: "%.2f", $0) } ?? "–")→\(String(format: "%.2f", c.tfr))"
        }.joined(separator: "、")
        // Each assumption in both languages from the same values, so that a zh report states it in Chinese.
        let levelZH = section.calibrateToCensus
            ? "按普查0岁人口（× \(section.ageZeroAdjustment)）校准，" + FertilityLevel.stabilisationZH
            : "给定 \(section.tfr ?? 0)"
        return [
            .init("reference", reference(section.reference), zh: referenceZH(section.reference)),
            .init("fertility_level", fertilityLevel(section), zh: levelZH),
            .init("age0_coverage", FertilityLevel.ageZeroCoverage,
                  zh: "普查0岁人口 = 普查时点前12个月（2019年11月–2020年10月）出生并存活至2020年11月1日者，按常住地统计"),
            .init("fertility_path", fertilityPath(section), zh: fertilityPathZH(section)),
            .init("fertility_schedule", schedule(section),
                  zh: section.scheduleTiming == .following ? "随年变化：采用 WPP 2024 各年分年龄生育模式" : "固定：采用 WPP 2024 \(section.baseYear)年分年龄生育模式"),
            .init("sex_ratio_at_birth", section.sexRatioAtBirth.map { "\($0) males per female birth (scenario)" } ?? "WPP 2024 by year",
                  zh: section.sexRatioAtBirth.map { "每名女婴对应 \($0) 名男婴（情景设定）" } ?? "采用 WPP 2024 各年数值"),
            .init("areas_shrunk_or_bounded", adjustedText, zh: adjustedZH),
            .init("mortality", mortality(section), zh: mortalityZH(section)),
            .init("migration", migration(section), zh: migrationZH(section)),
            .init("group_quarters", groupQuarters(section.groupQuarters), zh: groupQuartersZH(section.groupQuarters)),
            .init("households", section.personsPerHousehold.map {
                "family-household size moving linearly from the census's to \($0) persons; households = (population − group quarters) ÷ size"
            } ?? "census family-household size held; households = (population − group quarters) ÷ size",
                  zh: section.personsPerHousehold.map { "家庭户规模由普查值线性变化至 \($0) 人；户数 =（人口 − 集体户人口）÷ 户规模" }
                    ?? "家庭户规模保持普查值；户数 =（人口 − 集体户人口）÷ 户规模"),
        ]
    }

    static func referenceZH(_ reference: PopulationReference) -> String {
        switch reference {
        case .yearEnd: return "各年12月31日（年末）：由相邻两个11月1日普查时点线性插值"
        case .census: return "各年11月1日（普查时点）：预测本身的步长"
        }
    }

    static func fertilityPathZH(_ section: PopulationSection) -> String {
        switch section.tfrPath {
        case .wpp: return "随 WPP 2024：各地水平 × TFR_WPP(t) / TFR_WPP(\(section.baseYear))，2023年前为估计值，此后为中方案"
        case .constant: return "保持不变"
        case let .linear(to, by): return "\(by)年线性变化至 \(to)"
        case let .logistic(to, by): return "\(by)年按逻辑斯蒂曲线变化至 \(to)"
        case let .fitted(history): return "按 \(history.count) 年历史数据拟合逻辑斯蒂曲线"
        }
    }

    static func mortalityZH(_ section: PopulationSection) -> String {
        let offset = section.e0OffsetFile.map { "文件 \($0.written)" }
            ?? (section.e0Offset.isEmpty ? "0" : section.e0Offset.sorted { $0.key < $1.key }.map { "\($0.key)：\($0.value)" }.joined(separator: "、"))
        return "WPP 2024 中位死亡率，按年龄与时期对数线性插值；预期寿命调整 \(offset)"
    }

    static func migrationZH(_ section: PopulationSection) -> String {
        let profile = section.migrationProfile == .wpp ? "WPP 年龄模式" : "标准年龄模式"
        switch section.migration {
        case .none: return "不考虑"
        case let .ratePerThousand(rate): return "每年每千人 \(rate)，\(profile)"
        case let .total(total): return "每地区每年 \(total) 人，\(profile)"
        }
    }

    static func groupQuartersZH(_ source: PopulationSection.GroupQuartersSource) -> String {
        switch source {
        case .none: return "不区分：全部常住人口按家庭户成员预测"
        case let .file(file): return "保持 \(file.written) 所列人数不变；户数 =（人口 − 集体户人口）÷ 普查家庭户规模"
        case .estimated: return "保持基年水平：普查总人口 − 家庭户人口，按15–34岁年龄性别结构超出上级地区的部分优先分配；户数 =（人口 − 集体户人口）÷ 普查家庭户规模"
        }
    }

    package static func reference(_ reference: PopulationReference) -> String {
        switch reference {
        case .yearEnd: return "31 Dec of each year (年末): linear between the 1 Nov census moments of the year and the next, the steps run one year past the horizon"
        case .census: return "1 Nov of each year (普查时点): the projection's own steps"
        }
    }

    package static func fertilityLevel(_ section: PopulationSection) -> String {
        section.calibrateToCensus
            ? "calibrated to census age 0 × \(section.ageZeroAdjustment), " + FertilityLevel.stabilisation
            : "given \(section.tfr ?? 0)"
    }

    package static func fertilityPath(_ section: PopulationSection) -> String {
        switch section.tfrPath {
        case .wpp: return "following WPP 2024: each area's level × TFR_WPP(t) / TFR_WPP(\(section.baseYear)), estimates to 2023 (tfr.tsv), the medium variant after (tfrprojMed.tsv)"
        case .constant: return "constant"
        case let .linear(to, by): return "linear to \(to) by \(by)"
        case let .logistic(to, by): return "logistic to \(to) by \(by)"
        case let .fitted(history): return "logistic fitted to \(history.count) years of history"
        }
    }

    package static func schedule(_ section: PopulationSection) -> String {
        section.scheduleTiming == .following
            ? "following: WPP 2024 percent of TFR by age of each year" : "held: WPP 2024 percent of TFR by age of \(section.baseYear)"
    }

    package static func mortality(_ section: PopulationSection) -> String {
        let offset = section.e0OffsetFile.map { "file \($0.written)" }
            ?? (section.e0Offset.isEmpty ? "0" : section.e0Offset.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        return "WPP 2024 central death rates, log-linear across ages and periods; e0 offset \(offset)"
    }

    package static func migration(_ section: PopulationSection) -> String {
        switch section.migration {
        case .none: return "none"
        case let .ratePerThousand(rate): return "\(rate) per 1,000 a year, \(section.migrationProfile.rawValue) age profile"
        case let .total(total): return "\(total) a year per area, \(section.migrationProfile.rawValue) age profile"
        }
    }

    /// How residents outside family households are treated.
    package static func groupQuarters(_ source: PopulationSection.GroupQuartersSource) -> String {
        switch source {
        case .none: return "none: every resident projected as a household member"
        case let .file(file): return "held constant at the counts of \(file.written) (code, sex, age group); households = (population − group) ÷ census family-household size"
        case .estimated: return "held constant at the base year: census total − family-household population, placed first on the area's excess over its prefecture's (else province's, else nation's) age-sex shares at 15-34, the rest like the area's own ages 5+; only households are projected; households = (population − group) ÷ census family-household size"
        }
    }
}
