//! The office suite that opens what tinhgon writes: LibreOffice, headless, converts a Word file or
//! a workbook to PDF. Skipped with a notice where it is absent, unless TINHGON_REQUIRE_OFFICE=1
//! (as in CI).

use std::process::Command;

use crate::support::TempDir;

fn soffice() -> Option<&'static str> {
    ["/usr/bin/soffice", "/usr/bin/libreoffice"].into_iter().find(|p| std::path::Path::new(p).exists())
}

/// Converts a file of the folder to PDF with LibreOffice and checks the PDF it made.
pub fn converts_to_pdf(dir: &TempDir, name: &str) {
    let Some(office) = soffice() else {
        assert!(
            std::env::var("TINHGON_REQUIRE_OFFICE").map_or(true, |v| v != "1"),
            "TINHGON_REQUIRE_OFFICE=1 but LibreOffice is missing (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"
        );
        eprintln!("LibreOffice is not installed: {name} was not opened by an office suite");
        return;
    };
    // A profile of its own, so that conversions running side by side do not share one.
    let profile = dir.path(&format!("lo-profile-{}", name.replace('.', "-")));
    let out = Command::new(office)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path(""))
        .arg(dir.path(name))
        .output()
        .unwrap_or_else(|e| panic!("{office}: {e}"));
    let pdf = dir.path(&format!("{}.pdf", name.rsplit_once('.').map_or(name, |(stem, _)| stem)));
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "LibreOffice made no PDF of {name} ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        out.status.success() && bytes.starts_with(b"%PDF-") && bytes.len() > 1_000,
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
