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
        .library(name: "Scheduler", targets: ["Scheduler"]),
        .library(name: "SundialTesting", targets: ["SundialTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .target(
            name: "RRule",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Workflow",
            dependencies: ["RRule"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Scheduler",
            dependencies: [
                "RRule",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SundialTesting",
            dependencies: ["Scheduler"],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "sundial",
            dependencies: [
                "RRule",
                "Scheduler",
                .product(name: "HeapModule", package: "swift-collections"),
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
            name: "SchedulerTests",
            dependencies: ["Scheduler", "SundialTesting", "RRule"],
            swiftSettings: swiftSettings
        ),
    ]
)
