//! The narrow SQL layer both backends share: parameter values, rows, and a transaction that runs
//! the same statement text on SQLite and PostgreSQL.
//!
//! Statements are written once with PostgreSQL placeholders (`$1`, `$2`…); for SQLite they are
//! rewritten to `?1`, `?2`…, which SQLite binds by number. Values are always bound, never spliced.

use std::error::Error as StdError;
use std::io::Write;

use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use tinhgon_domain::Date;

use crate::StoreError;

/// `$1, $2, …, $n`: the parameter marks of a statement with `n` values.
pub(crate) fn marks(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// A value bound to a statement or read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(v.into())
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(v.into())
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(v.into())
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(v)
    }
}
impl From<Date> for Value {
    fn from(v: Date) -> Self {
        Value::Text(v.to_string())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) if *ty == Type::BOOL => (*i != 0).to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Bytes(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

/// One result row.
#[derive(Clone, Debug, Default)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> &Value {
        self.0.get(i).unwrap_or(&Value::Null)
    }

    pub fn int(&self, i: usize) -> Result<i64, StoreError> {
        match self.get(i) {
            Value::Int(v) => Ok(*v),
            other => Err(StoreError::Corrupt(format!("column {i}: expected an integer, found {other:?}"))),
        }
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.get(i) {
            Value::Null => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    pub fn text(&self, i: usize) -> Result<String, StoreError> {
        match self.get(i) {
            Value::Text(v) => Ok(v.clone()),
            other => Err(StoreError::Corrupt(format!("column {i}: expected text, found {other:?}"))),
        }
    }

    pub fn str(&self, i: usize) -> &str {
        match self.get(i) {
            Value::Text(v) => v,
            _ => "",
        }
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.get(i) {
            Value::Null => Ok(None),
            _ => self.text(i).map(Some),
        }
    }

    pub fn date(&self, i: usize) -> Result<Date, StoreError> {
        Date::parse(self.str(i)).map_err(|e| StoreError::Corrupt(format!("column {i}: {e}")))
    }

    pub fn opt_date(&self, i: usize) -> Result<Option<Date>, StoreError> {
        match self.get(i) {
            Value::Null => Ok(None),
            _ => self.date(i).map(Some),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, StoreError> {
        self.int(i).map(|v| v != 0)
    }
}

/// Rewrites `$N` placeholders to SQLite's `?N`.
pub(crate) fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

fn pg_value(row: &postgres::Row, i: usize) -> Result<Value, StoreError> {
    let ty = row.columns().get(i).map(|c| c.type_().clone()).unwrap_or(Type::TEXT);
    let v = match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| Value::Int(v.into())),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| Value::Int(v.into())),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|v| Value::Int(v.into())),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Bytes),
        _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
    };
    Ok(v.unwrap_or(Value::Null))
}

fn sqlite_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Int(f as i64),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    }
}

/// A borrowed row, for loops over millions of rows that should not allocate per cell.
pub enum RowRef<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl RowRef<'_> {
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self {
            RowRef::Sqlite(r) => Ok(r.get::<_, Option<i64>>(i)?),
            RowRef::Pg(r) => Ok(r.try_get::<_, Option<i64>>(i)?),
        }
    }

    pub fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_int(i)?.ok_or_else(|| StoreError::Corrupt(format!("column {i}: expected an integer, found NULL")))
    }

    /// Text, or "" for NULL.
    pub fn str(&self, i: usize) -> Result<&str, StoreError> {
        Ok(match self {
            RowRef::Sqlite(r) => match r.get_ref(i)? {
                rusqlite::types::ValueRef::Text(t) => {
                    std::str::from_utf8(t).map_err(|e| StoreError::Corrupt(format!("column {i}: {e}")))?
                }
                _ => "",
            },
            RowRef::Pg(r) => r.try_get::<_, Option<&str>>(i)?.unwrap_or(""),
        })
    }

    pub fn date(&self, i: usize) -> Result<Date, StoreError> {
        Date::parse(self.str(i)?).map_err(|e| StoreError::Corrupt(format!("column {i}: {e}")))
    }

    pub fn opt_date(&self, i: usize) -> Result<Option<Date>, StoreError> {
        match self.str(i)? {
            "" => Ok(None),
            s => Date::parse(s).map(Some).map_err(|e| StoreError::Corrupt(format!("column {i}: {e}"))),
        }
    }
}

/// A transaction on either backend.
pub enum Tx<'a> {
    Sqlite(rusqlite::Transaction<'a>),
    Pg(postgres::Transaction<'a>),
}

/// Refuses a text parameter holding a control character, the same on both databases: PostgreSQL
/// cannot store a NUL, and what SQLite took would then not move to PostgreSQL.
pub(crate) fn plain_text(params: &[Value]) -> Result<(), StoreError> {
    for p in params {
        if let Value::Text(t) = p {
            if let Some(c) = tinhgon_domain::text::control_character(t) {
                return Err(StoreError::ControlCharacter(u32::from(c)));
            }
        }
    }
    Ok(())
}

impl Tx<'_> {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Tx::Pg(_))
    }

    /// Runs a statement; returns the number of rows it touched.
    pub fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        plain_text(params)?;
        match self {
            Tx::Sqlite(t) => {
                let mut st = t.prepare_cached(&sqlite_sql(sql))?;
                Ok(st.execute(rusqlite::params_from_iter(params.iter()))? as u64)
            }
            Tx::Pg(t) => {
                let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                Ok(t.execute(sql, &refs)?)
            }
        }
    }

    /// Runs statements with no parameters (schema changes).
    pub fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.execute_batch(sql)?,
            Tx::Pg(t) => t.batch_execute(sql)?,
        }
        Ok(())
    }

    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut out = Vec::new();
        self.for_each(sql, params, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    pub fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    pub fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
        self.query_opt(sql, params)?.ok_or_else(|| StoreError::Corrupt(format!("no row for: {sql}")))
    }

    /// Streams rows to `f` without holding them all (the index loader reads millions).
    pub fn for_each(
        &mut self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        plain_text(params)?;
        match self {
            Tx::Sqlite(t) => {
                let mut st = t.prepare_cached(&sqlite_sql(sql))?;
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
                while let Some(r) = rows.next()? {
                    let mut vals = Vec::with_capacity(n);
                    for i in 0..n {
                        vals.push(sqlite_value(r.get_ref(i)?));
                    }
                    f(Row(vals))?;
                }
            }
            Tx::Pg(t) => {
                let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                let mut it = t.query_raw(sql, refs)?;
                use postgres::fallible_iterator::FallibleIterator;
                while let Some(r) = it.next()? {
                    let mut vals = Vec::with_capacity(r.len());
                    for i in 0..r.len() {
                        vals.push(pg_value(&r, i)?);
                    }
                    f(Row(vals))?;
                }
            }
        }
        Ok(())
    }

    /// Streams borrowed rows to `f`: no allocation per cell. Integer columns must be BIGINT on
    /// PostgreSQL (as all of the schema's are).
    pub fn for_each_ref(
        &mut self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(&RowRef<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        plain_text(params)?;
        match self {
            Tx::Sqlite(t) => {
                let mut st = t.prepare_cached(&sqlite_sql(sql))?;
                let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
                while let Some(r) = rows.next()? {
                    f(&RowRef::Sqlite(r))?;
                }
            }
            Tx::Pg(t) => {
                let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                let mut it = t.query_raw(sql, refs)?;
                use postgres::fallible_iterator::FallibleIterator;
                while let Some(r) = it.next()? {
                    f(&RowRef::Pg(&r))?;
                }
            }
        }
        Ok(())
    }

    /// Inserts many rows fast: a cached prepared statement on SQLite, `COPY` on PostgreSQL.
    pub fn bulk_insert(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: impl IntoIterator<Item = Vec<Value>>,
    ) -> Result<u64, StoreError> {
        let mut n = 0u64;
        match self {
            Tx::Sqlite(t) => {
                let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
                let sql = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), marks.join(", "));
                let mut st = t.prepare_cached(&sql)?;
                for row in rows {
                    st.execute(rusqlite::params_from_iter(row.iter()))?;
                    n += 1;
                }
            }
            Tx::Pg(t) => {
                let sql = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
                let mut w = t.copy_in(&sql)?;
                let mut buf = Vec::with_capacity(1 << 16);
                for row in rows {
                    copy_line(&row, &mut buf);
                    n += 1;
                    if buf.len() > 1 << 16 {
                        w.write_all(&buf).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        buf.clear();
                    }
                }
                w.write_all(&buf).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                w.finish()?;
            }
        }
        Ok(n)
    }
}

/// One line of PostgreSQL's COPY text format.
fn copy_line(row: &[Value], buf: &mut Vec<u8>) {
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            buf.push(b'\t');
        }
        match v {
            Value::Null => buf.extend_from_slice(b"\\N"),
            Value::Int(x) => buf.extend_from_slice(x.to_string().as_bytes()),
            Value::Text(s) => {
                for b in s.bytes() {
                    match b {
                        b'\\' => buf.extend_from_slice(b"\\\\"),
                        b'\t' => buf.extend_from_slice(b"\\t"),
                        b'\n' => buf.extend_from_slice(b"\\n"),
                        b'\r' => buf.extend_from_slice(b"\\r"),
                        b => buf.push(b),
                    }
                }
            }
            Value::Bytes(bytes) => {
                buf.extend_from_slice(b"\\\\x");
                for b in bytes {
                    buf.extend_from_slice(format!("{b:02x}").as_bytes());
                }
            }
        }
    }
    buf.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_lines_escape_what_copy_would_misread() {
        let mut buf = Vec::new();
        copy_line(
            &[Value::Int(7), Value::Null, Value::Text("a\tb\\c\nd".into()), Value::Bytes(vec![0, 255])],
            &mut buf,
        );
        assert_eq!(String::from_utf8_lossy(&buf), "7\t\\N\ta\\tb\\\\c\\nd\t\\\\x00ff\n");
    }

    #[test]
    fn placeholders_become_numbered_sqlite_parameters() {
        assert_eq!(sqlite_sql("SELECT * FROM t WHERE a = $1 AND b = $2"), "SELECT * FROM t WHERE a = ?1 AND b = ?2");
    }
}
