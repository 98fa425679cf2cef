//! The tasks of a programme, plan or project: assigned to units, with deadlines and a progress in
//! per cent, rolled up the task tree by the method the programme chose — equal weights, weights,
//! or a value set by hand (rule 46: the roll-up must be explicit) — and the overlapping
//! instructions two documents in force give the same unit on the same subject.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;
use crate::date::Date;
use crate::text::fold;

code_list! {
    /// How the progress of a task with sub-tasks, or of a unit, is counted from its parts.
    Rollup, "roll-up method", "roll-up-method" { Equal = "equal"; Weighted = "weighted"; Manual = "manual"; }

    /// Where a task stands.
    TaskStatus, "task status", "task-status" { Open = "open"; Doing = "doing"; Done = "done"; }
}

impl TaskStatus {
    /// The status a progress implies.
    pub fn of(progress: u8) -> TaskStatus {
        match progress {
            0 => TaskStatus::Open,
            100.. => TaskStatus::Done,
            _ => TaskStatus::Doing,
        }
    }
}

/// A progress in per cent, 0 to 100.
pub fn percent(value: i64) -> Option<u8> {
    u8::try_from(value).ok().filter(|p| *p <= 100)
}

/// The progress of a whole from its parts, each `(weight, progress)`: the plain mean for equal
/// weights, the weighted mean for weights (the plain mean when every weight is 0), rounded half
/// up; `None` with no parts, or by hand (the value set is the whole's own).
pub fn roll_up(method: Rollup, parts: &[(u32, u8)]) -> Option<u8> {
    if parts.is_empty() {
        return None;
    }
    let (sum, total) = match method {
        Rollup::Manual => return None,
        Rollup::Equal => (parts.iter().map(|(_, p)| u64::from(*p)).sum::<u64>(), parts.len() as u64),
        Rollup::Weighted => {
            let total: u64 = parts.iter().map(|(w, _)| u64::from(*w)).sum();
            if total == 0 {
                return roll_up(Rollup::Equal, parts);
            }
            (parts.iter().map(|(w, p)| u64::from(*w) * u64::from(*p)).sum::<u64>(), total)
        }
    };
    u8::try_from((sum * 2 + total) / (total * 2)).ok()
}

/// A task as the overlap check sees it: the document it belongs to, the unit it is assigned to,
/// its subject, and the period it runs.
#[derive(Clone, Debug)]
pub struct Span<'a> {
    pub document: i64,
    pub unit: &'a str,
    pub subject: &'a str,
    pub from: Date,
    pub to: Date,
}

/// The pairs of tasks (indexes into `tasks`) that two different documents give the same unit on
/// the same subject (compared without case or accents) in periods that overlap.
pub fn overlaps(tasks: &[Span<'_>]) -> Vec<(usize, usize)> {
    let keys: Vec<String> = tasks.iter().map(|t| fold(t.subject.trim())).collect();
    let mut out = Vec::new();
    for (i, a) in tasks.iter().enumerate() {
        for (j, b) in tasks.iter().enumerate().skip(i + 1) {
            let same = a.unit == b.unit && a.document != b.document && keys.get(i) == keys.get(j);
            if same && !keys.get(i).is_none_or(String::is_empty) && a.from <= b.to && b.from <= a.to {
                out.push((i, j));
            }
        }
    }
    out
}

/// The longest note a progress report keeps, in characters.
pub const NOTE_MAX: usize = 2_000;

/// Why a progress is refused; the edges render it from the catalogs (`progress-*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressRefusal {
    /// No progress was given.
    Missing,
    /// A progress outside 0–100 %.
    OutOfRange(i64),
    /// A note longer than [`NOTE_MAX`].
    NoteTooLong,
    /// The manual method without the progress it sets.
    ManualWithout,
    /// A progress given with a method that computes it.
    NotManual,
}

impl ProgressRefusal {
    /// The field refused and the catalog's key for the reason.
    pub fn field_and_key(&self) -> (&'static str, &'static str) {
        match self {
            ProgressRefusal::Missing => ("progress", "progress-missing"),
            ProgressRefusal::OutOfRange(_) => ("progress", "progress-out-of-range"),
            ProgressRefusal::NoteTooLong => ("note", "progress-note-too-long"),
            ProgressRefusal::ManualWithout => ("progress", "progress-manual-without"),
            ProgressRefusal::NotManual => ("progress", "progress-not-manual"),
        }
    }
}

/// A task's progress as reported: given, within 0–100 %, with a note of at most [`NOTE_MAX`]
/// characters.
pub fn reported(progress: Option<i64>, note: Option<&str>) -> Result<u8, ProgressRefusal> {
    let p = progress.ok_or(ProgressRefusal::Missing)?;
    let p = percent(p).ok_or(ProgressRefusal::OutOfRange(p))?;
    if note.is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(ProgressRefusal::NoteTooLong);
    }
    Ok(p)
}

/// A programme's own progress with its roll-up method: set by hand only with `manual`, and then
/// required, within 0–100 %; `None` for the methods that compute it.
pub fn set_with(method: Rollup, progress: Option<i64>) -> Result<Option<u8>, ProgressRefusal> {
    match (method, progress) {
        (Rollup::Manual, None) => Err(ProgressRefusal::ManualWithout),
        (Rollup::Manual, Some(p)) => percent(p).map(Some).ok_or(ProgressRefusal::OutOfRange(p)),
        (_, Some(_)) => Err(ProgressRefusal::NotManual),
        (_, None) => Ok(None),
    }
}

impl crate::msg::Said for ProgressRefusal {
    fn msg(&self) -> crate::msg::Msg {
        let m = crate::msg::Msg::new(self.field_and_key().1);
        match self {
            ProgressRefusal::OutOfRange(p) => m.int("progress", *p),
            _ => m,
        }
    }
}

/// The longest title of a task, and the longest subject, in characters.
pub const TITLE_MAX: usize = 500;
pub const TOPIC_MAX: usize = 200;

/// Why a task is not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaskError {
    #[error("say what the task is")]
    NoTitle,
    #[error("a task of up to {TITLE_MAX} characters, its subject up to {TOPIC_MAX}")]
    TooLong,
    #[error("give the deadline")]
    NoDeadline,
    #[error("the deadline falls before the start")]
    DeadlineBeforeStart,
    #[error("the deadline falls after the end of the document ({end})")]
    DeadlineAfterEnd { end: Date, sign: Option<String>, kind: crate::directives::document::DocKind },
    #[error("a weight from 0 to 1000")]
    Weight,
}

impl crate::msg::Said for TaskError {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        match self {
            TaskError::NoTitle => Msg::new("programme-say-what-task"),
            TaskError::TooLong => Msg::new("programme-task-up-characters-subject-up"),
            TaskError::NoDeadline => Msg::new("programme-give-deadline"),
            TaskError::DeadlineBeforeStart => Msg::new("programme-deadline-falls-before-start"),
            TaskError::DeadlineAfterEnd { end, sign, kind } => match sign {
                Some(sign) => Msg::new("programme-deadline-after-end").text("document", sign),
                None => Msg::new("programme-deadline-after-end").label("document", *kind),
            }
            .date("end", *end),
            TaskError::Weight => Msg::new("programme-weight-from"),
        }
    }
}

impl TaskError {
    /// The field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            TaskError::NoTitle | TaskError::TooLong => "title",
            TaskError::NoDeadline | TaskError::DeadlineBeforeStart | TaskError::DeadlineAfterEnd { .. } => "deadline",
            TaskError::Weight => "weight",
        }
    }
}

/// A task as drafted, before it is given to its unit.
#[derive(Clone, Debug)]
pub struct TaskDraft<'a> {
    pub title: Option<&'a str>,
    pub topic: Option<&'a str>,
    pub starts_on: Date,
    pub deadline: Option<Date>,
    pub weight: Option<i64>,
}

/// The document a task belongs to, as far as its days go: the day it ends, how it is named.
#[derive(Clone, Debug)]
pub struct Bounds<'a> {
    pub ends: Option<Date>,
    pub sign: Option<&'a str>,
    pub kind: crate::directives::document::DocKind,
}

/// A task taken: its title and subject trimmed, its deadline, its weight (1 by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub title: String,
    pub topic: Option<String>,
    pub deadline: Date,
    pub weight: i64,
}

/// A task needs its title (up to [`TITLE_MAX`] characters, a subject up to [`TOPIC_MAX`]) and a
/// deadline from its start to the end of its document; its weight, from 0 to 1000, counts in a
/// weighted roll-up.
pub fn check_task(t: &TaskDraft<'_>, document: &Bounds<'_>) -> Result<Task, TaskError> {
    let title = t.title.map(str::trim).filter(|x| !x.is_empty()).ok_or(TaskError::NoTitle)?;
    if title.chars().count() > TITLE_MAX || t.topic.is_some_and(|x| x.chars().count() > TOPIC_MAX) {
        return Err(TaskError::TooLong);
    }
    let deadline = t.deadline.ok_or(TaskError::NoDeadline)?;
    if deadline < t.starts_on {
        return Err(TaskError::DeadlineBeforeStart);
    }
    if let Some(end) = document.ends.filter(|end| deadline > *end) {
        return Err(TaskError::DeadlineAfterEnd { end, sign: document.sign.map(str::to_string), kind: document.kind });
    }
    let weight = t.weight.unwrap_or(1);
    if !(0..=1_000).contains(&weight) {
        return Err(TaskError::Weight);
    }
    let topic = t.topic.map(str::trim).filter(|x| !x.is_empty()).map(str::to_string);
    Ok(Task { title: title.to_string(), topic, deadline, weight })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::date::on as d;

    #[test]
    fn progress_rolls_up_by_the_method_chosen() {
        let parts = [(1, 100), (1, 50), (2, 0)];
        assert_eq!(roll_up(Rollup::Equal, &parts), Some(50));
        assert_eq!(roll_up(Rollup::Weighted, &parts), Some(38)); // 150 / 4 = 37,5 → 38
        assert_eq!(roll_up(Rollup::Weighted, &[(0, 40), (0, 61)]), Some(51));
        assert_eq!(roll_up(Rollup::Manual, &parts), None);
        assert_eq!(roll_up(Rollup::Equal, &[]), None);
        assert_eq!((percent(0), percent(100), percent(101), percent(-1)), (Some(0), Some(100), None, None));
        assert_eq!(
            (TaskStatus::of(0), TaskStatus::of(30), TaskStatus::of(100)),
            (TaskStatus::Open, TaskStatus::Doing, TaskStatus::Done)
        );
    }

    #[test]
    fn two_documents_giving_one_unit_the_same_subject_at_once_overlap() {
        let t = |document, unit, subject, from, to| Span { document, unit, subject, from, to };
        let tasks = [
            t(1, "X", "Sắp xếp tổ chức bộ máy", d(2026, 1, 1), d(2026, 6, 30)),
            t(2, "X", "sắp xếp tổ chức bộ máy", d(2026, 6, 1), d(2026, 12, 31)),
            t(2, "Y", "Sắp xếp tổ chức bộ máy", d(2026, 1, 1), d(2026, 12, 31)),
            t(3, "X", "Sắp xếp tổ chức bộ máy", d(2027, 1, 1), d(2027, 6, 30)),
            t(1, "X", "Sắp xếp tổ chức bộ máy", d(2026, 6, 15), d(2026, 7, 15)),
        ];
        assert_eq!(overlaps(&tasks), vec![(0, 1), (1, 4)]);
    }

    #[test]
    fn a_progress_is_reported_within_the_percent_with_a_short_note() {
        assert_eq!(reported(Some(50), Some("nửa chặng")), Ok(50));
        assert_eq!(reported(Some(0), None), Ok(0));
        assert_eq!(reported(Some(100), None), Ok(100));
        assert_eq!(reported(None, None), Err(ProgressRefusal::Missing));
        assert_eq!(reported(Some(101), None), Err(ProgressRefusal::OutOfRange(101)));
        assert_eq!(reported(Some(-1), None), Err(ProgressRefusal::OutOfRange(-1)));
        let long = "đ".repeat(NOTE_MAX + 1);
        assert_eq!(reported(Some(10), Some(&long)), Err(ProgressRefusal::NoteTooLong));
        assert_eq!(reported(Some(10), Some(&long[..NOTE_MAX * 2])), Ok(10), "2,000 characters, not bytes");
    }

    #[test]
    fn a_programme_is_set_by_hand_only_with_the_manual_method() {
        assert_eq!(set_with(Rollup::Manual, Some(40)), Ok(Some(40)));
        assert_eq!(set_with(Rollup::Manual, None), Err(ProgressRefusal::ManualWithout));
        assert_eq!(set_with(Rollup::Manual, Some(150)), Err(ProgressRefusal::OutOfRange(150)));
        assert_eq!(set_with(Rollup::Weighted, Some(40)), Err(ProgressRefusal::NotManual));
        assert_eq!(set_with(Rollup::Equal, None), Ok(None));
        for r in [ProgressRefusal::Missing, ProgressRefusal::NoteTooLong, ProgressRefusal::NotManual] {
            assert!(r.field_and_key().1.starts_with("progress-"), "{r:?}");
        }
    }

    #[test]
    fn a_task_needs_a_title_and_a_deadline_within_its_document() {
        use crate::directives::document::DocKind;
        let start = crate::date::day("2026-01-01");
        let draft = TaskDraft {
            title: Some("  Sắp xếp chi bộ "),
            topic: Some(" "),
            starts_on: start,
            deadline: Some(crate::date::day("2026-06-30")),
            weight: None,
        };
        let open = Bounds { ends: None, sign: Some("05-CTr/TU"), kind: DocKind::Programme };
        assert_eq!(
            check_task(&draft, &open),
            Ok(Task {
                title: "Sắp xếp chi bộ".into(),
                topic: None,
                deadline: crate::date::day("2026-06-30"),
                weight: 1
            })
        );
        assert_eq!(check_task(&TaskDraft { title: Some(" "), ..draft.clone() }, &open), Err(TaskError::NoTitle));
        let long = "x".repeat(TITLE_MAX + 1);
        assert_eq!(check_task(&TaskDraft { title: Some(&long), ..draft.clone() }, &open), Err(TaskError::TooLong));
        assert_eq!(check_task(&TaskDraft { deadline: None, ..draft.clone() }, &open), Err(TaskError::NoDeadline));
        let early = TaskDraft { deadline: Some(crate::date::day("2025-12-31")), ..draft.clone() };
        assert_eq!(check_task(&early, &open), Err(TaskError::DeadlineBeforeStart));
        let ends = Bounds { ends: Some(crate::date::day("2026-03-31")), ..open.clone() };
        let Err(after) = check_task(&draft, &ends) else { panic!("a deadline after the document's end") };
        assert_eq!(after.field(), "deadline");
        assert_eq!(crate::msg::Said::msg(&after).key, "programme-deadline-after-end");
        assert_eq!(check_task(&TaskDraft { weight: Some(1_001), ..draft.clone() }, &open), Err(TaskError::Weight));
        assert_eq!(check_task(&TaskDraft { weight: Some(0), ..draft }, &open).map(|t| t.weight), Ok(0));
    }
}
