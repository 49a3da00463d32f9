/// Single years of age 0...100, where 100 is the open group 100+.
public enum PopulationLayout {
    public static let openAge = 100
    public static let ageCount = openAge + 1
}
