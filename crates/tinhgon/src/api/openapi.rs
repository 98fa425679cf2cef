//! The OpenAPI document of the JSON API: every operation, the schema of every body in and out,
//! the problems every operation can answer.

use axum::Json;
use utoipa::OpenApi;

use crate::http as problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tinhgon API",
        description = "Sổ đăng ký bộ máy hệ thống chính trị — the register of the political system's apparatus. Errors are application/problem+json with Vietnamese (title, detail) and English (title_en, detail_en) messages. Dates are ISO yyyy-mm-dd (dd/mm/yyyy is accepted in queries)."
    ),
    paths(
        super::health::health,
        super::register::units::list_units,
        super::register::units::create_unit,
        super::register::units::get_unit,
        super::register::units::unit_children,
        super::register::units::unit_members,
        super::register::units::unit_positions,
        super::register::units::unit_stats,
        super::register::people::list_people,
        super::register::people::create_person,
        super::register::people::get_person,
        super::register::members::create_member,
        super::party::admissions::open_admission,
        super::party::admissions::admission_step,
        super::party::admissions::list_admissions,
        super::party::admissions::get_admission,
        super::party::transfers::send_transfer,
        super::party::transfers::receive_transfer,
        super::party::transfers::list_transfers,
        super::party::stats::party_stats,
        super::party::record::member_record,
        super::party::badges::badges_due,
        super::party::due::work_due,
        super::party::dues::dues_ledger,
        super::party::dues::pay_dues,
        super::party::badges::award_badge,
        super::party::leaving::leave,
        super::party::meetings::create_meeting,
        super::party::meetings::hold_meeting,
        super::party::meetings::get_meeting,
        super::party::meetings::unit_meetings,
        super::party::meetings::meeting_stats,
        super::party::meetings::attach_file,
        super::party::meetings::get_file,
        super::party::meetings::withdraw_file,
        super::directives::documents::create_document,
        super::directives::documents::issue_document,
        super::directives::documents::expire_document,
        super::directives::documents::get_document,
        super::directives::documents::unit_documents,
        super::directives::documents::add_congress,
        super::directives::documents::attach_file,
        super::directives::documents::get_file,
        super::directives::documents::withdraw_file,
        super::directives::documents::document_docx,
        super::directives::tasks::add_task,
        super::directives::tasks::report_task,
        super::directives::tasks::set_rollup,
        super::directives::tasks::document_tasks,
        super::directives::tasks::unit_tasks,
        super::directives::campaigns::launch,
        super::directives::campaigns::add_team,
        super::directives::campaigns::get_campaign,
        super::directives::campaigns::get_report,
        super::directives::campaigns::save_report,
        super::directives::campaigns::aggregate,
        super::directives::campaigns::unit_campaigns,
        super::party::ratings::rate,
        super::party::ratings::unit_ratings,
        super::party::ratings::party_work,
        super::party::cases::open_case,
        super::party::cases::conclude_case,
        super::party::cases::get_case,
        super::party::cases::unit_cases,
        super::party::disciplines::decide,
        super::party::disciplines::announce,
        super::party::disciplines::unit_disciplines
    ),
    components(schemas(
        problem::ProblemBody,
        problem::RowErrorOut,
        super::register::units::UnitOut,
        super::register::units::UnitDetail,
        super::register::units::ChangeOut,
        super::register::people::PersonOut,
        super::register::people::PersonDetail,
        super::register::units::MemberOut,
        super::register::units::PositionOut,
        super::register::people::MembershipOut,
        super::health::Health,
        super::body::Created,
        super::party::ratings::Recorded
    ))
)]
struct ApiDoc;

/// The document as served: every operation with its problems, every answer described, and the
/// arrays of fixed length (a sponsor and the day since, a unit and its figures) said in the words
/// client generators read.
pub fn openapi_document() -> serde_json::Value {
    let mut doc = ApiDoc::openapi();
    with_every_problem(&mut doc);
    let mut value = serde_json::to_value(doc).unwrap_or_default();
    every_answer_described(&mut value);
    fixed_arrays(&mut value);
    tags_by_feature(&mut value);
    code_lists_labelled(&mut value);
    value
}

/// A code list's schema names its codes; each code's label comes from the catalogs, under the
/// list's key (`unit kind` → `unit-kind-<code>`), in Vietnamese as the register's people read it.
fn code_lists_labelled(doc: &mut serde_json::Value) {
    let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) else { return };
    let tr = crate::i18n::Tr::new(crate::i18n::Lang::Vi);
    for schema in schemas.values_mut().filter_map(|s| s.as_object_mut()) {
        let (Some(list), Some(codes)) =
            (schema.get("description").and_then(|d| d.as_str()), schema.get("enum").and_then(|e| e.as_array()))
        else {
            continue;
        };
        let prefix: String = list
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join("-");
        let labels: Vec<String> = codes
            .iter()
            .filter_map(|c| c.as_str())
            .filter_map(|c| {
                let key = format!("{prefix}-{c}");
                crate::i18n::has(&key).then(|| format!("`{c}`: {}", tr.t(&key)))
            })
            .collect();
        if !labels.is_empty() {
            let described = format!("{list} — {}", labels.join("; "));
            schema.insert("description".into(), described.into());
        }
    }
}

/// An operation's tag is its feature folder (`register`, `party`, `directives`; `health`), not
/// the module path the macro saw: generated clients name their packages by tag.
fn tags_by_feature(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else { return };
    for op in paths.values_mut().filter_map(|i| i.as_object_mut()).flat_map(|i| i.values_mut()) {
        let Some(tags) = op.get_mut("tags").and_then(|t| t.as_array_mut()) else { continue };
        for tag in tags.iter_mut() {
            let path = tag.as_str().unwrap_or_default();
            let feature = path.split("::").find(|s| !["super", "crate", "api", ""].contains(s)).unwrap_or("api");
            *tag = feature.into();
        }
    }
}

/// A response without words gets the words of its status: OpenAPI requires a description.
fn every_answer_described(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else { return };
    for op in paths.values_mut().filter_map(|i| i.as_object_mut()).flat_map(|i| i.values_mut()) {
        let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
        for (status, answer) in responses.iter_mut() {
            let Some(answer) = answer.as_object_mut() else { continue };
            if answer.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty) {
                let words = match status.as_str() {
                    "201" => "Recorded / Đã ghi",
                    "204" => "Done; nothing to answer / Đã xong",
                    _ => "The answer / Kết quả",
                };
                answer.insert("description".into(), words.into());
            }
        }
    }
}

/// A tuple is an array of `prefixItems` and `items: false`; generators read the length better as
/// `minItems` and `maxItems`.
fn fixed_arrays(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            let length = m.get("prefixItems").and_then(|p| p.as_array()).map(Vec::len);
            if let (Some(n), Some(serde_json::Value::Bool(false))) = (length, m.get("items")) {
                m.remove("items");
                m.insert("minItems".into(), n.into());
                m.insert("maxItems".into(), n.into());
            }
            m.values_mut().for_each(fixed_arrays);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(fixed_arrays),
        _ => {}
    }
}

/// The problems every operation can answer, whatever its own description lists: a request the
/// server cannot read (400), no credentials (401), a role that may not (403), absent or out of reach
/// (404), a conflict with the register (409), too large (413), not JSON (415), refused content
/// (422), a server error (500) — all `application/problem+json`. The operations name only the
/// answers that say more than these.
fn with_every_problem(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{Content, Ref, RefOr, Response};
    const PROBLEMS: &[(&str, &str)] = &[
        ("400", "The request cannot be read (a bad date, query or body) / yêu cầu không đọc được"),
        ("401", "No session or token / chưa đăng nhập"),
        ("403", "The role may not do this / vai trò không được phép"),
        ("404", "Absent or out of reach / không có hoặc ngoài phạm vi"),
        ("409", "Conflicts with the register as it stands; nothing written / xung đột với sổ đăng ký"),
        ("413", "The body is too large / nội dung quá lớn"),
        ("415", "The body is not application/json / sai kiểu nội dung"),
        ("422", "Refused, naming each field; nothing written / bị từ chối, không ghi gì"),
        ("500", "Server error; nothing written / lỗi máy chủ"),
    ];
    for item in doc.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch];
        for op in operations.into_iter().flatten() {
            for (status, description) in PROBLEMS {
                op.responses.responses.entry((*status).to_string()).or_insert_with(|| {
                    let content = Content::new(Some(Ref::from_schema_name("Problem")));
                    RefOr::T(
                        Response::builder()
                            .description(*description)
                            .content("application/problem+json", content)
                            .build(),
                    )
                });
            }
        }
    }
}

/// The document, built once: it is public, and building it walks every schema.
pub(crate) async fn openapi() -> Json<serde_json::Value> {
    static DOCUMENT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    Json(DOCUMENT.get_or_init(openapi_document).clone())
}
