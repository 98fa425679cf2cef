//! Tables in files: CSV (UTF-8, comma or semicolon) and XLSX, read into rows of text with their
//! line numbers, and written back in the same shapes.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use tinhgon_domain::msg::Msg;

/// A table read from a file: header names (lower case) and rows with their line numbers.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a file cannot be read as a table.
#[derive(Debug)]
pub enum FileError {
    Io(String, std::io::Error),
    Encoding { line: usize },
    NotXlsx(String),
    Csv { line: usize, message: String },
    Empty,
    MissingColumns(Vec<String>),
    Write(String),
}

impl tinhgon_domain::msg::Said for FileError {
    fn msg(&self) -> Msg {
        match self {
            FileError::Io(p, e) => Msg::new("table-file-io").text("path", p).text("why", e),
            FileError::Encoding { line } => Msg::new("table-file-encoding").text("line", line),
            FileError::NotXlsx(e) => Msg::new("table-file-not-xlsx").text("why", e),
            FileError::Csv { line, message } => Msg::new("table-file-csv").text("line", line).text("why", message),
            FileError::Empty => Msg::new("table-file-empty"),
            FileError::MissingColumns(c) => Msg::new("table-file-missing-columns").text("columns", c.join(", ")),
            FileError::Write(e) => Msg::new("table-file-write").text("why", e),
        }
    }
}

impl FileError {
    pub fn vi(&self) -> String {
        crate::i18n::vi(self)
    }

    pub fn en(&self) -> String {
        crate::i18n::en(self)
    }
}

fn is_xlsx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

pub fn read(path: &Path) -> Result<Table, FileError> {
    let bytes = std::fs::read(path).map_err(|e| FileError::Io(path.display().to_string(), e))?;
    if is_xlsx(path) || bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(&bytes)
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes.iter().take(e.valid_up_to()).filter(|b| **b == b'\n').count() + 1;
        return Err(FileError::Encoding { line });
    }
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let semis = first.iter().filter(|b| **b == b';').count();
    let commas = first.iter().filter(|b| **b == b',').count();
    let delimiter = if semis > commas { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(bytes);
    let mut headers = None;
    let mut rows = Vec::new();
    let (mut counted, mut newlines) = (0usize, 0usize);
    for rec in reader.records() {
        let rec = rec.map_err(|e| FileError::Csv {
            line: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        // The reader's own line count skips blank lines; count newlines up to the record instead.
        // A record's position may be the start of blank lines before it; skip them.
        let mut offset = rec.position().map_or(0, |p| p.byte() as usize);
        while bytes.get(offset).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            offset += 1;
        }
        // Newlines are counted from the previous record on, so that reading stays linear.
        let (from, to) = (counted.min(offset), offset);
        newlines += bytes.get(from..to).unwrap_or_default().iter().filter(|b| **b == b'\n').count();
        counted = counted.max(offset);
        let line = 1 + newlines;
        let cells: Vec<String> = rec.iter().map(|c| from_text(c.trim()).to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match headers {
            None => headers = Some(cells.iter().map(|h| h.to_lowercase()).collect()),
            Some(_) => rows.push((line, cells)),
        }
    }
    Ok(Table { headers: headers.ok_or(FileError::Empty)?, rows })
}

/// Excel's day numbers count from 1899-12-30.
fn excel_date(serial: f64) -> String {
    let days = serial.floor() as i32 - 25_569;
    tinhgon_domain::Date::from_days(days).map_or_else(|| serial.to_string(), |d| d.to_string())
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Table, FileError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| FileError::NotXlsx(e.to_string()))?;
    let range = wb.worksheet_range_at(0).ok_or(FileError::Empty)?.map_err(|e| FileError::NotXlsx(e.to_string()))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut headers = None;
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = first_row as usize + i + 1;
        match headers {
            None => headers = Some(cells.iter().map(|h| h.to_lowercase()).collect()),
            Some(_) => rows.push((line, cells)),
        }
    }
    Ok(Table { headers: headers.ok_or(FileError::Empty)?, rows })
}

impl Table {
    /// Checks that the required columns are there.
    pub fn require(&self, names: &[&str]) -> Result<(), FileError> {
        let missing: Vec<String> =
            names.iter().filter(|n| !self.headers.iter().any(|h| h == *n)).map(|n| (*n).to_string()).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(FileError::MissingColumns(missing))
        }
    }

    pub fn col(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

/// The first characters a spreadsheet program takes for a formula (or that hide one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell as text a spreadsheet program will not run: a cell starting like a formula gets a
/// leading apostrophe, which [`read`] takes off again, so that an export still imports back.
pub fn as_text(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A cell read back: the apostrophe [`as_text`] put before a formula-like start taken off.
fn from_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Writes rows to CSV (UTF-8) or XLSX, by the file's extension.
pub fn write(path: &Path, headers: &[&str], rows: &[Vec<String>]) -> Result<(), FileError> {
    if is_xlsx(path) {
        let mut wb = workbook(headers, rows)?;
        wb.save(path).map_err(|e| FileError::Write(e.to_string()))?;
        return Ok(());
    }
    let mut w = csv::Writer::from_path(path).map_err(|e| FileError::Write(e.to_string()))?;
    w.write_record(headers).map_err(|e| FileError::Write(e.to_string()))?;
    for row in rows {
        w.write_record(row.iter().map(|c| as_text(c).into_owned())).map_err(|e| FileError::Write(e.to_string()))?;
    }
    w.flush().map_err(|e| FileError::Write(e.to_string()))
}

/// One sheet with a bold header row, every cell as text (codes keep their leading zeros).
fn workbook(headers: &[&str], rows: &[Vec<String>]) -> Result<rust_xlsxwriter::Workbook, FileError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let err = |e: rust_xlsxwriter::XlsxError| FileError::Write(e.to_string());
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v).map_err(err)?;
            }
        }
    }
    Ok(wb)
}

/// An XLSX file in memory, for downloads.
pub fn xlsx_bytes(headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, FileError> {
    workbook(headers, rows)?.save_to_buffer().map_err(|e| FileError::Write(e.to_string()))
}

/// Reads a file's bytes as a table (an upload): XLSX if it is a zip, else CSV.
pub fn read_bytes(bytes: Vec<u8>) -> Result<Table, FileError> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(&bytes)
    }
}

/// A figure of a statistical sheet: its label, the count of each column, and the share (a
/// fraction of one, formatted as a percentage) where the count is one of a total.
pub struct Figure {
    pub label: String,
    pub values: Vec<Option<i64>>,
    pub share: Option<f64>,
}

/// One sheet of figures with numbers as numbers: the label, a count per column, the share.
pub fn figures_xlsx(sheet: &str, headers: &[String], rows: &[Figure]) -> Result<Vec<u8>, FileError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| FileError::Write(e.to_string());
    ws.set_name(sheet).map_err(err)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0.00%");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold).map_err(err)?;
    }
    ws.set_column_width(0, 60).map_err(err)?;
    for (r, f) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        ws.write_string(row, 0, &f.label).map_err(err)?;
        for (c, v) in f.values.iter().enumerate() {
            if let Some(v) = v {
                ws.write_number(row, c as u16 + 1, *v as f64).map_err(err)?;
            }
        }
        if let Some(s) = f.share {
            ws.write_number_with_format(row, f.values.len() as u16 + 1, s, &percent).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// A cell of a sheet of a statistical form.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Number(i64),
    Empty,
}

/// One sheet of a statistical form: its name, its column headers, its rows and, when it has one,
/// the label of a row of totals that adds up every column of numbers.
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<String>,
}

/// The column letters of a zero-based column, for a formula.
fn column_name(mut c: u16) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// A workbook of one sheet per form, numbers as numbers; a row of totals is a SUM formula per
/// column of numbers, written with its computed value.
pub fn sheets_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, FileError> {
    let err = |e: rust_xlsxwriter::XlsxError| FileError::Write(e.to_string());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(err)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold).map_err(err)?;
        }
        ws.set_column_width(1, 50).map_err(err)?;
        let mut sums: Vec<Option<i64>> = vec![None; sheet.headers.len()];
        for (r, cells) in sheet.rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (row, col) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(t) => {
                        ws.write_string(row, col, t).map_err(err)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(row, col, *n as f64).map_err(err)?;
                        if let Some(s) = sums.get_mut(c) {
                            *s = Some(s.unwrap_or(0) + n);
                        }
                    }
                    Cell::Empty => {}
                }
            }
        }
        if let Some(label) = &sheet.total {
            let row = sheet.rows.len() as u32 + 1;
            ws.write_string_with_format(row, 0, label, &bold).map_err(err)?;
            for (c, sum) in sums.iter().enumerate() {
                let Some(sum) = sum else { continue };
                let col = column_name(c as u16);
                let formula =
                    rust_xlsxwriter::Formula::new(format!("=SUM({col}2:{col}{row})")).set_result(sum.to_string());
                ws.write_formula_with_format(row, c as u16, formula, &bold).map_err(err)?;
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_formula_like_cell_is_exported_as_text_and_imports_back() {
        let dir = std::env::temp_dir().join(format!("tinhgon-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cells.csv");
        let cells = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "Nguyễn Văn An", "'thường"];
        write(&path, &["a", "b", "c", "d", "e", "f"], &[cells.iter().map(|c| c.to_string()).collect()]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("'=HYPERLINK") && text.contains("'+1") && text.contains("'-2") && text.contains("'@SUM"),
            "{text}"
        );
        assert!(!text.contains(",=") && !text.contains("\n="), "{text}");
        let back = read(&path).unwrap();
        assert_eq!(back.rows[0].1, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    use super::*;

    #[test]
    fn csv_with_semicolons_and_a_bom_reads_with_line_numbers() {
        let t = read_csv(b"\xEF\xBB\xBFCode;Name\n42;H\xC3\xA0 T\xC4\xA9nh\n\n43;X\n")
            .unwrap_or_else(|e| panic!("{}", e.en()));
        assert_eq!(t.headers, ["code", "name"]);
        assert_eq!(t.rows, [(2, vec!["42".to_string(), "Hà Tĩnh".to_string()]), (4, vec!["43".into(), "X".into()])]);
    }

    #[test]
    fn a_cell_across_lines_keeps_the_line_numbers_after_it() {
        let t = read_csv(b"a,b\n1,\"x\ny\"\n\n2,z\n").unwrap_or_else(|e| panic!("{}", e.en()));
        assert_eq!(t.rows, [(2, vec!["1".to_string(), "x\ny".to_string()]), (5, vec!["2".into(), "z".into()])]);
    }

    #[test]
    fn a_non_utf8_file_names_its_first_bad_line() {
        let err = read_csv(b"code,name\n42,ok\n43,H\xE0 T\xECnh\n").err();
        assert!(matches!(err, Some(FileError::Encoding { line: 3 })), "{err:?}");
    }

    #[test]
    fn columns_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(
            (column_name(0), column_name(25), column_name(26), column_name(27)),
            ("A".into(), "Z".into(), "AA".into(), "AB".into())
        );
    }

    #[test]
    fn excel_serial_days_become_iso_dates() {
        assert_eq!(excel_date(43483.0), "2019-01-18");
    }
}
