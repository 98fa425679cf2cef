//! The README promises what the code does: its code lists and its two commands stay true.

use tinhgon_domain::catalog::{Education, MemberStatus, Ownership, Rank, Sector, StaffCategory, Theory, UnitKind};

fn read(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_readme_lists_every_code_the_files_accept() {
    let readme = read("README.md");
    let mut codes: Vec<&str> = Vec::new();
    codes.extend(UnitKind::ALL.iter().map(|k| k.code()));
    codes.extend(Sector::ALL.iter().map(|k| k.code()));
    codes.extend(Ownership::ALL.iter().map(|k| k.code()));
    codes.extend(MemberStatus::ALL.iter().map(|k| k.code()));
    codes.extend(Rank::ALL.iter().map(|k| k.code()));
    codes.extend(StaffCategory::ALL.iter().map(|k| k.code()));
    codes.extend(Education::ALL.iter().map(|k| k.code()));
    codes.extend(Theory::ALL.iter().map(|k| k.code()));
    for code in codes {
        assert!(readme.contains(&format!("`{code}`")), "README.md does not list the code `{code}`");
    }
    for kind in ["units", "people", "members", "positions", "quotas"] {
        let (required, optional) = tinhgon::services::FileKind::columns(match kind {
            "units" => tinhgon::services::FileKind::Units,
            "people" => tinhgon::services::FileKind::People,
            "members" => tinhgon::services::FileKind::Members,
            "positions" => tinhgon::services::FileKind::Positions,
            _ => tinhgon::services::FileKind::Quotas,
        });
        for col in required.iter().chain(optional) {
            assert!(readme.contains(col), "README.md does not document the {kind} column {col}");
        }
    }
}

#[test]
fn the_first_screen_gives_the_two_commands_and_ci_runs_the_test_one() {
    let readme = read("README.md");
    let first_screen: String = readme.lines().take(25).collect::<Vec<_>>().join("\n");
    assert!(first_screen.contains("demo --fresh --serve"), "{first_screen}");
    assert!(first_screen.contains("./scripts/test"), "{first_screen}");
    let ci = read(".ci/run");
    assert!(ci.contains("scripts/test") && ci.contains("TINHGON_REQUIRE_PG=1"));
    assert!(
        ci.contains("cargo fmt --all -- --check") && ci.contains("clippy --workspace --all-targets -- -D warnings")
    );
}
