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

/// The top-level modules of the binary crate use each other without a circle: the domain and the
/// store below, then the services, then what HTTP shares, then the API and the pages, then the
/// route table and the command line.
#[test]
fn the_modules_of_the_binary_form_no_circle() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let module = name.trim_end_matches(".rs").to_string();
        if !["lib", "main"].contains(&module.as_str()) {
            modules.push(module);
        }
    }
    let mut uses: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    fn walk(path: &std::path::Path, out: &mut Vec<String>) {
        if path.is_dir() {
            for e in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&e.path(), out);
            }
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(std::fs::read_to_string(path).unwrap_or_default());
        }
    }
    for m in &modules {
        let mut texts = Vec::new();
        let dir = src.join(m);
        walk(if dir.is_dir() { &dir } else { &src }, &mut texts);
        if !dir.is_dir() {
            texts = vec![std::fs::read_to_string(src.join(format!("{m}.rs"))).unwrap_or_default()];
        }
        let code: String = texts
            .iter()
            .flat_map(|t| t.lines())
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for other in &modules {
            if other != m && code.contains(&format!("crate::{other}")) {
                uses.entry(m.clone()).or_default().insert(other.clone());
            }
        }
    }
    // Depth-first search for a circle.
    fn visit(
        m: &str,
        uses: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!("a circle of modules: {:?}", &path[i..]);
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for next in uses.get(m).into_iter().flatten() {
            visit(next, uses, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = Default::default();
    for m in &modules {
        visit(m, &uses, &mut Vec::new(), &mut done);
    }
    assert!(uses.get("routes").is_some_and(|u| u.contains("web") && u.contains("api")), "{uses:?}");
    assert!(!uses.get("services").is_some_and(|u| u.contains("http") || u.contains("web") || u.contains("cli")));
}

/// The module of every source file of a crate (`src/a/b.rs` is `a::b`, `src/a/mod.rs` is `a`, the
/// crate's root is empty), with its code less comments and unit tests.
fn module_files(src: &std::path::Path) -> std::collections::BTreeMap<Vec<String>, String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut out = std::collections::BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap_or(&f).with_extension("");
        let mut module: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
        if module.last().is_some_and(|l| ["mod", "lib", "main"].contains(&l.as_str())) {
            module.pop();
        }
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code: Vec<&str> = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
        out.insert(module, code.join("\n"));
    }
    out
}

/// The paths a file's code names from `crate`, `super` or `self`, a `{…}` group read as one path
/// per item.
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts =
            ["crate::", "super::", "self::"].iter().find(|p| chars[i..].starts_with(&p.chars().collect::<Vec<_>>()));
        let boundary = i == 0 || !(ident(chars[i - 1]) || chars[i - 1] == ':');
        let Some(_) = starts.filter(|_| boundary) else {
            i += 1;
            continue;
        };
        let mut path = Vec::new();
        loop {
            let from = i;
            while i < chars.len() && ident(chars[i]) {
                i += 1;
            }
            path.push(chars[from..i].iter().collect::<String>());
            if !chars[i..].starts_with(&[':', ':']) {
                out.push(path.clone());
                break;
            }
            i += 2;
            if chars.get(i) == Some(&'{') {
                let close = chars[i..].iter().position(|c| *c == '}').map_or(chars.len(), |p| i + p);
                let group: String = chars[i + 1..close].iter().collect();
                for item in group.split(',') {
                    let first = item.trim().split("::").next().unwrap_or("").split(' ').next().unwrap_or("");
                    if !first.is_empty() {
                        out.push(path.iter().cloned().chain([first.to_string()]).collect());
                    }
                }
                i = close;
                break;
            }
        }
    }
    out
}

/// No module of any crate names, through any chain, a module that names it back: the edges are
/// every `crate::`, `super::` and `self::` path to another file's module, but to the module's own
/// ancestors (a child reads its parent's shared items) or its descendants (a parent declares them).
#[test]
fn no_module_anywhere_forms_a_circle() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut edges_seen = 0;
    for krate in ["domain", "store", "tinhgon"] {
        let files = module_files(&root.join(krate).join("src"));
        let mut uses: std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>> =
            Default::default();
        for (module, code) in &files {
            for path in named_paths(code) {
                let mut base = module.clone();
                let mut rest = path.as_slice();
                while let Some((head, tail)) = rest.split_first() {
                    match head.as_str() {
                        "crate" => base.clear(),
                        "super" => {
                            base.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = tail;
                }
                let mut target: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
                while !target.is_empty() && !files.contains_key(&target) {
                    target.pop();
                }
                let related = target.starts_with(module) || module.starts_with(&target);
                if !related {
                    uses.entry(module.clone()).or_default().insert(target);
                }
            }
        }
        edges_seen += uses.values().map(|u| u.len()).sum::<usize>();
        // Depth-first: a module met again on the way down closes a circle.
        fn visit(
            m: &Vec<String>,
            uses: &std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>>,
            path: &mut Vec<Vec<String>>,
            done: &mut std::collections::BTreeSet<Vec<String>>,
        ) {
            if let Some(i) = path.iter().position(|p| p == m) {
                let circle: Vec<String> = path[i..].iter().map(|p| p.join("::")).collect();
                panic!("a circle of modules: {circle:?}");
            }
            if !done.insert(m.clone()) {
                return;
            }
            path.push(m.clone());
            for next in uses.get(m).into_iter().flatten() {
                visit(next, uses, path, done);
            }
            path.pop();
        }
        let mut done = Default::default();
        for m in files.keys() {
            visit(m, &uses, &mut Vec::new(), &mut done);
        }
    }
    assert!(edges_seen > 200, "the reader found too few paths to judge: {edges_seen}");
}

/// The interfaces — the HTTP pieces, the API, the pages, the route table, the command line — call
/// service operations; none of them names the store.
#[test]
fn the_interfaces_leave_the_store_to_the_services() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for top in ["http", "api", "web", "cli"] {
        sources(&src.join(top), &mut files);
    }
    files.push(src.join("routes.rs"));
    assert!(files.len() > 10, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        assert!(!text.contains("tinhgon_store"), "{} uses the store directly", f.display());
    }
}

/// The interfaces ask no role and no reach themselves: every gate is a service function (a
/// page may still ask `may` to decide which buttons to show).
#[test]
fn the_interfaces_check_no_role_and_no_reach_themselves() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for top in ["api", "web", "cli"] {
        sources(&src.join(top), &mut files);
    }
    assert!(files.len() > 30, "{files:?}");
    let gates = [
        "cx.require(",
        "cx().require(",
        ".require(Action",
        "guard.unit(",
        "guard.reaches(",
        "guard.sight(",
        "Error::Forbidden",
        "::may_read(",
        "::may_apply(",
        "::may_set_rules(",
        "guard_unit(",
        "guard_person(",
    ];
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for gate in gates {
            assert!(!text.contains(gate), "{} checks `{gate}` at the edge", f.display());
        }
    }
}

/// The string literals of Rust source, with where each begins and ends (comments, characters and
/// raw strings understood).
fn literals(src: &str) -> Vec<(usize, usize, String)> {
    let b: Vec<char> = src.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == 'r'
            && matches!(b.get(i + 1), Some('#' | '"'))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let start = j + 1;
            let mut end = start;
            while end < b.len() && !(b[end] == '"' && (1..=hashes).all(|h| b.get(end + h) == Some(&'#'))) {
                end += 1;
            }
            out.push((i, end + 1 + hashes, b[start..end.min(b.len())].iter().collect()));
            i = end + 1 + hashes;
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            i += 3;
        } else if c == '\'' && b.get(i + 1) == Some(&'\\') {
            while i < b.len() && !(b[i] == '\'' && i > 0 && b[i - 1] != '\\' && b[i - 1] != '\'') {
                i += 1;
            }
            i += 1;
        } else if c == '"' {
            let mut j = i + 1;
            let mut text = String::new();
            while j < b.len() && b[j] != '"' {
                if b[j] == '\\' {
                    j += 2;
                    continue;
                }
                text.push(b[j]);
                j += 1;
            }
            out.push((i, j + 1, text));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a literal holds an English word (`Admissions`, `the day sent`) rather than a code
/// (`party_cell`, `42.TU`, `BCS`).
fn english(text: &str) -> bool {
    let code = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        && text.contains(['_', '.']);
    let word = text.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        let mut chars = w.chars();
        let rest: String = if w.starts_with(|c: char| c.is_ascii_uppercase()) {
            chars.next();
            chars.collect()
        } else {
            w.to_string()
        };
        rest.len() >= 2 && rest.chars().all(|c| c.is_ascii_lowercase())
    });
    word && !code
}

/// Whether the code between two literals names a field or a path (`title: "…", kind: "…"`,
/// `Role::Admin`) or closes one tuple and opens the next: the literals are then data, not a
/// sentence and its translation. The English half of a pair may follow `en:`.
fn labelled(gap: &str) -> bool {
    let field = gap.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).any(|w| {
        w.len() > 1 && w.ends_with(':') && !w.ends_with("::") && w != "en:" && !w[..w.len() - 1].contains(':')
    });
    let tuples = gap
        .split(')')
        .skip(1)
        .any(|rest| rest.trim_start().strip_prefix(',').is_some_and(|r| r.trim_start().starts_with('(')));
    field || gap.contains("::") || tuples
}

/// The Vietnamese/English pairs of literals in Rust source (comments and tests left out): each
/// with the Vietnamese and the English.
fn sentence_pairs(text: &str) -> Vec<(String, String)> {
    const VI: &str = "ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ";
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let chars: Vec<char> = code.chars().collect();
    let lits = literals(code);
    let mut out = Vec::new();
    for w in lits.windows(2) {
        let [(_, a_end, a), (b_start, b_end, b)] = w else { continue };
        let gap: String = chars[*a_end..*b_start].iter().collect();
        let after: String = chars[*b_end..(*b_end + 40).min(chars.len())].iter().collect();
        if gap.len() <= 200
            && !gap.contains([';', '{', '}'])
            && a.chars().any(|c| VI.contains(c))
            && !b.chars().any(|c| VI.contains(c))
            && english(b)
            && !labelled(&gap)
            && !after.trim_start().starts_with(':')
            && !b.starts_with('/')
        {
            out.push((a.clone(), b.clone()));
        }
    }
    out
}

/// Vietnamese and English written side by side in code — `("Không có…", "There is no…")` — are
/// sentences outside the catalogs: there are none. A message is a catalog key with its values
/// (`Msg`), rendered at the edge.
#[test]
fn no_sentence_pair_is_written_outside_the_catalogs() {
    // The reader finds the shapes pairs were written in, and leaves data alone.
    let sample = r#"
        fn f() {
            Error::field("x", "không có".into(), "there is none".into());
            Error::Conflict { vi: format!("đã ghi {id}"), en: format!("recorded {id}") };
            println!("  {vi} / {en}", vi = "Kết nạp", en = "Admissions");
            json!({"title": "Tổng kết năm", "kind": "tong_ket"});
            ("admin", "Quản trị hệ thống", Role::Admin, None);
            ("Chi bộ X", "party_cell");
            ("BCSĐ", "BCS");
        }
    "#;
    let found = sentence_pairs(sample);
    assert_eq!(found.len(), 3, "{found:?}");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in ["domain", "store", "tinhgon"] {
        sources(&root.join(krate).join("src"), &mut files);
    }
    assert!(files.len() > 100, "{}", files.len());
    let pairs: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            sentence_pairs(&text).into_iter().map(move |(vi, en)| format!("{}: «{vi}» / «{en}»", f.display()))
        })
        .collect();
    assert!(pairs.is_empty(), "sentences outside the catalogs — write a catalog key:\n{}", pairs.join("\n"));
}

/// Every message of the catalogs is said somewhere: its key is written in the code, or it belongs
/// to a family the code builds the key of (`format!("age-{band}")`, a code list's `<list>-<code>`).
/// The two catalogs hold the same keys (a unit test of `i18n`).
#[test]
fn every_catalog_key_is_used() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in ["domain", "store", "tinhgon"] {
        sources(&root.join(krate).join("src"), &mut files);
    }
    let code: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap_or_default()).collect();
    let mut families: Vec<String> = Vec::new();
    // Keys built at run time: format!("age-{a}").
    for part in code.split("format!(\"").skip(1) {
        let head = part.split(['{', '"']).next().unwrap_or_default();
        if head.ends_with('-') && !head.is_empty() {
            families.push(head.to_string());
        }
    }
    // Code lists: `UnitKind, "unit kind", "unit-kind" {` (its codes on the same line or the next)
    // labels `unit-kind-<code>`, names `list-unit-kind`.
    for line in code.lines() {
        let t = line.trim();
        if let Some(prefix) = t.split_once("\" {").and_then(|(h, _)| h.rsplit_once(", \"")).map(|(_, p)| p) {
            if t.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !prefix.contains(' ') {
                families.push(format!("{prefix}-"));
                families.push(format!("list-{prefix}"));
            }
        }
    }
    assert!(families.len() > 60, "{families:?}");
    let catalog = std::fs::read_to_string(root.join("domain/locales/vi.ftl")).unwrap_or_default();
    let keys: Vec<&str> = catalog
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once(" = ").or_else(|| l.split_once(" =")).map(|(k, _)| k.trim()))
        .collect();
    assert!(keys.len() > 1000, "{}", keys.len());
    let unused: Vec<&&str> = keys
        .iter()
        .filter(|k| !code.contains(&format!("\"{k}\"")) && !families.iter().any(|f| k.starts_with(f.as_str())))
        .collect();
    assert!(unused.is_empty(), "catalog keys no code says: {unused:?}");
}

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// No source file grows past 800 lines: a file that does is split by concept.
#[test]
fn no_source_file_passes_eight_hundred_lines() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 50, "{}", files.len());
    for f in files {
        let lines = std::fs::read_to_string(&f).unwrap_or_default().lines().count();
        assert!(lines <= 800, "{} has {lines} lines", f.display());
    }
}

/// Pages come from templates that escape by construction: no source builds markup in a string.
#[test]
fn no_page_is_built_as_a_string_of_markup() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        // Unit tests may hold markup to compare with.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for pattern in ["format!(\"<", "write!(s, \"<", "push_str(\"<"] {
            assert!(!code.contains(pattern), "{} builds markup by hand ({pattern})", f.display());
        }
        // A hand-called escape, `esc(…)`, and not a name that merely ends in it.
        let hand_escaped = code
            .match_indices("esc(")
            .any(|(i, _)| code[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_')));
        assert!(!hand_escaped, "{} escapes markup by hand (esc)", f.display());
    }
}
