import ArgumentParser

@main
struct CareCap: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "carecap", abstract: "Plan elderly-care and childcare capacity for Chinese counties.")
}
