// swift-tools-version:6.1
import PackageDescription

/// One set of language settings for every target (Swift 6 mode is the default at this tools version).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "sundial",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sundial", targets: ["sundial"]),
        .library(name: "RRule", targets: ["RRule"]),
        .library(name: "Workflow", targets: ["Workflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "RRule",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Workflow",
            dependencies: [
                "RRule",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "sundial",
            dependencies: [
                "RRule",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RRuleTests",
            dependencies: ["RRule"],
            resources: [.copy("Corpus")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WorkflowTests",
            dependencies: ["Workflow", "RRule"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
